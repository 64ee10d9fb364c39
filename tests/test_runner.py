"""The local runner: per-document work in this process, or in a pool of worker processes."""

from __future__ import annotations

import os

from onrecord.runner import LocalRunner


def _pid(_item, config=None) -> int:
    return os.getpid()


def test_a_lone_document_goes_to_the_workers_once_they_run():
    runner = LocalRunner(2)
    try:
        assert list(runner.map(_pid, [1], None)) == [os.getpid()]  # no workers yet: done here
        assert os.getpid() not in set(runner.map(_pid, [1, 2, 3, 4], None))
        # the last, lone document of a run: the workers take it, this process loads no models
        assert list(runner.map(_pid, [5], None)) != [os.getpid()]
    finally:
        runner.close()


def test_one_job_does_everything_in_this_process():
    runner = LocalRunner(1)
    assert set(runner.map(_pid, [1, 2, 3], None)) == {os.getpid()}
    runner.close()


def _process_in_worker(doc, config):
    import sys

    from onrecord.pipeline import process_document

    done = process_document(doc, config)
    return len(done.quotes), done.failure, sys.modules.get("torch") is not None


def test_workers_analyse_documents_without_loading_pytorch():
    from onrecord.config import Config
    from onrecord.records import Document

    leaders = ["Ana Kovac", "Jonas Berg", "Mira Lund", "Ola Haugen"]
    docs = [
        Document.from_bytes(
            f"\u201cWe will be back at the table in May,\u201d the union leader {name} said on Monday.".encode(),
            f"test:{name}",
            "text/plain",
            "2026-05-04T00:00:00+00:00",
        )
        for name in leaders
    ]
    runner = LocalRunner(2)
    try:
        results = list(runner.map(_process_in_worker, docs, Config()))
    finally:
        runner.close()
    assert [failure for _quotes, failure, _torch in results] == [None] * 4
    assert all(quotes == 1 for quotes, _failure, _torch in results)  # spaCy ran and found the quotation
    assert not any(torch for _quotes, _failure, torch in results)
