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
