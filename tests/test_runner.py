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


# Run in a fresh process: a worker forked from one that already holds PyTorch (this test
# process, once another test has loaded it) inherits it.
_WORKERS_WITHOUT_PYTORCH = """
import sys
from onrecord.config import Config
from onrecord.pipeline import process_document
from onrecord.records import Document
from onrecord.runner import LocalRunner

def analysed(doc, config):
    done = process_document(doc, config)
    return len(done.quotes), done.failure is None, sys.modules.get("torch") is not None

leaders = ["Ana Kovac", "Jonas Berg", "Mira Lund", "Ola Haugen"]
said = "\u201cWe will be back at the table in May,\u201d the union leader {} said on Monday."
docs = [
    Document.from_bytes(said.format(n).encode(), "test:" + n, "text/plain", "2026-05-04T00:00:00+00:00")
    for n in leaders
]
runner = LocalRunner(2)
try:
    print(sorted(set(runner.map(analysed, docs, Config()))))
finally:
    runner.close()
"""


def test_workers_analyse_documents_without_loading_pytorch():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WORKERS_WITHOUT_PYTORCH], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    # one quotation found in each document (spaCy ran), no failure, and no PyTorch in any worker
    assert done.stdout.strip() == "[(1, True, False)]"
