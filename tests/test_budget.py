"""The per-document time budget: a document that takes too long is a recorded failure, not a stuck run."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from onrecord.budget import BudgetExceeded, time_budget
from onrecord.config import Config
from onrecord.pipeline import add, process_document
from onrecord.records import Document
from onrecord.runner import LocalRunner
from onrecord.store import open_store

TEXT = (
    "Harbour strike ends after talks\n\n"
    "Union leader Tomas Brenn said on Monday that the strike was over. "
    "\u201cWe have what we came for, and the port opens tomorrow,\u201d Brenn told reporters at the gate.\n\n"
    "The port authority said ships would be unloaded in the order they arrived."
)


def test_budget_interrupts_python_work_that_runs_too_long():
    started = time.monotonic()
    with pytest.raises(BudgetExceeded), time_budget(0.2) as enforced:
        assert enforced is True
        while True:
            sum(range(1000))
    assert time.monotonic() - started < 5


def test_budget_leaves_quick_work_alone_and_disarms_after():
    with time_budget(5) as enforced:
        total = sum(range(1000))
    assert enforced and total == 499500
    time.sleep(0.05)  # a timer left armed would fire here


def test_budget_outside_the_main_thread_says_it_is_not_enforced():
    seen = []

    def work():
        with time_budget(0.01) as enforced:
            seen.append(enforced)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [False]


def test_a_document_past_its_budget_is_a_failure_naming_the_stage():
    doc = Document.from_bytes(TEXT.encode(), "slow.txt", "text/plain", "2026-01-01T00:00:00+00:00")
    done = process_document(doc, Config(document_time_budget_s=0.000001))
    assert done.article is None
    assert done.failure is not None
    assert done.failure.reason == "time budget exceeded"
    assert done.failure.stage in {"clean", "attribute", "said_on"}
    assert done.failure.stage in done.failure.detail

    fine = process_document(doc, Config(document_time_budget_s=120))
    assert fine.failure is None and fine.article is not None and fine.quotes


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_run_goes_on_and_a_larger_budget_retries(tmp_path, jobs):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(TEXT.replace("Monday", ["Monday", "Tuesday", "Friday"][n]), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "store.db"
    with open_store(db) as store:
        tight = add([str(folder)], store, Config(document_time_budget_s=0.000001), runner=LocalRunner(jobs))
        assert tight.new_articles == 0
        assert sorted(f.reason for f in tight.failed) == ["empty"] + ["time budget exceeded"] * 3
        assert store.counts()["articles"] == 0

        # The same input with room to work: the timed-out documents are tried again, the empty file is not.
        roomy = add([str(folder)], store, Config(document_time_budget_s=120), runner=LocalRunner(jobs))
        assert roomy.new_articles == 3
        assert [f.reason for f in roomy.failed] == ["empty"]
        assert store.counts()["articles"] == 3
        assert [f.reason for f in store.failures()] == ["empty"]


def test_loading_the_models_is_not_charged_to_the_first_document():
    """A new worker loads the language model on its first document; on a busy machine that took
    longer than the budget, and the document failed for no fault of its own. A fresh process,
    as a new worker is, with a budget shorter than loading the models takes anywhere."""
    script = (
        "import sys\n"
        "from onrecord.config import Config\n"
        "from onrecord.pipeline import process_document\n"
        "from onrecord.records import Document\n"
        "doc = Document.from_bytes(sys.stdin.read().encode(), 'first.txt', 'text/plain', '2026-01-01T00:00:00+00:00')\n"
        "done = process_document(doc, Config(document_time_budget_s=0.5))\n"
        "print(done.failure.reason if done.failure else len(done.quotes))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], input=TEXT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().isdigit() and int(out.stdout) >= 1, out.stdout + out.stderr  # quotes, not a failure
