"""The data flow, end to end: sources → documents → articles → quotes → the store.

`process_document` is the whole per-document path (clean, analyse, attribute, date) as
one pure function of a Document; runners decide where it runs (this process, a local
pool, a Ray cluster). `add` streams sources through it in batches, writes each batch
in one transaction, then runs the cross-article stages over the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from onrecord.config import Config
from onrecord.records import Article, Document, Failure, Quote
from onrecord.store import Store


@dataclass(slots=True)
class Processed:
    """What the per-document path made of one document."""

    document: Document
    article: Article | None = None
    quotes: list[Quote] = field(default_factory=list)
    failure: Failure | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, where it ran


@dataclass(slots=True)
class AddReport:
    seen: int = 0  # documents read from the sources
    new_articles: int = 0
    added: list[str] = field(default_factory=list)  # ids of the articles stored by this run
    unchanged: int = 0  # already in the store: nothing was done
    failed: list[Failure] = field(default_factory=list)
    quotes: int = 0
    # Where the time went: per-document stages summed over workers, the driver's own steps as wall time.
    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @property
    def ok(self) -> bool:
        return not self.failed


def process_document(doc: Document, config: Config) -> Processed:
    """Clean, analyse, attribute and date one document. Never raises for bad input.

    The whole path runs under `config.document_time_budget_s`; a document that takes
    longer becomes a failure naming the stage it was in, and the run goes on.
    """
    from onrecord.attribute import extract_quotes
    from onrecord.budget import BudgetExceeded, time_budget
    from onrecord.clean import clean_document
    from onrecord.when import date_quotes

    clock = time.perf_counter
    stage = "clean"
    load_models()
    try:
        with time_budget(config.document_time_budget_s):
            t0 = clock()
            cleaned = clean_document(doc, config)
            t1 = clock()
            if isinstance(cleaned, Failure):
                return Processed(doc, failure=cleaned, seconds={"clean": t1 - t0})
            stage = "attribute"
            quotes = extract_quotes(cleaned)
            t2 = clock()
            stage = "said_on"
            date_quotes(cleaned, quotes)
            t3 = clock()
        return Processed(
            doc, article=cleaned, quotes=quotes, seconds={"clean": t1 - t0, "attribute": t2 - t1, "said_on": t3 - t2}
        )
    except BudgetExceeded as exc:
        detail = f"the {stage} stage was still running {exc}; set document_time_budget_s to allow more"
        return Processed(doc, failure=Failure(doc.uri, stage, "time budget exceeded", detail, doc.id))
    except Exception as exc:  # a bug must not stop the run; it becomes a recorded reason
        reason = Failure(doc.uri, "process", "internal error", f"{type(exc).__name__}: {exc}", doc.id)
        return Processed(doc, failure=reason)


# Read once per process before any real document: it takes every path that loads a model or
# a library on first use (the language model, the language identifier, the date parser).
_FIRST_WORDS = (
    "Ports reopen after the strike\n\n"
    "Union leader Tomas Brenn said on Monday that the strike was over and that the port would open on Tuesday. "
    "\u201cWe have what we came for,\u201d Brenn told reporters at the gate, according to the port authority."
)


@lru_cache(maxsize=1)
def load_models() -> None:
    """Load what every document needs, once per process, outside any document's time budget:
    the budget is for a page that takes too long, and on a busy machine loading the language
    model in a new worker took longer than the budget and failed whichever document came first."""
    from onrecord.attribute import extract_quotes
    from onrecord.clean import clean_document
    from onrecord.when import date_quotes

    doc = Document.from_bytes(_FIRST_WORDS.encode(), "onrecord:first-words", "text/plain", "2000-01-01T00:00:00+00:00")
    cleaned = clean_document(doc, Config())
    if not isinstance(cleaned, Failure):
        date_quotes(cleaned, extract_quotes(cleaned))


def add(
    sources: Iterable[str],
    store: Store,
    config: Config | None = None,
    *,
    on_progress: Callable[[int], None] | None = None,
    runner=None,
    relink: bool = True,
) -> AddReport:
    """Ingest every source into the store; idempotent; bad input becomes a recorded failure."""
    from onrecord.ingest import iter_documents
    from onrecord.runner import LocalRunner

    config = config or Config()
    owned_runner = runner is None
    runner = runner or LocalRunner(config.workers)
    report = AddReport()
    try:
        documents = _timed_iter(iter_documents(sources, config), report, "ingest")
        _add_batches(documents, store, config, runner, report, on_progress)
    finally:
        if owned_runner:
            runner.close()
    if relink:
        from onrecord.link import relink as relink_store

        t0 = time.perf_counter()
        relink_store(store, config, report.added)
        report.timed("relink", time.perf_counter() - t0)
    return report


def _timed_iter(items: Iterable, report: AddReport, stage: str) -> Iterator:
    """The items, with the time spent producing them added to `report` under `stage`."""
    it = iter(items)
    clock = time.perf_counter
    while True:
        t0 = clock()
        try:
            item = next(it)
        except StopIteration:
            report.timed(stage, clock() - t0)
            return
        report.timed(stage, clock() - t0)
        yield item


def _add_batches(items, store: Store, config: Config, runner, report: AddReport, on_progress) -> None:
    for batch in _batches(items, config.batch_size):
        pending: list[Document] = []
        pending_ids: set[str] = set()
        checking = time.perf_counter()
        with store.transaction():
            for item in batch:
                report.seen += 1
                if isinstance(item, Failure):
                    store.record_failure(item)
                    report.failed.append(item)
                    continue
                if item.id in pending_ids or (store.has_document(item.id) and _already_processed(store, item)):
                    store.put_document(item)  # remembers a new URI for known bytes
                    report.unchanged += 1
                    continue
                pending_ids.add(item.id)
                pending.append(item)
        clock = time.perf_counter
        report.timed("store_writes", clock() - checking)
        results = runner.map(process_document, pending, config)
        writing = 0.0
        t0 = clock()
        with store.transaction():
            for done in results:
                t1 = clock()
                write_processed(store, done, report)
                writing += clock() - t1
                for stage, seconds in done.seconds.items():
                    report.timed(stage, seconds)
            committing = clock()
        t2 = clock()
        writing += t2 - committing
        report.timed("store_writes", writing)
        report.timed("processing_wall", (t2 - t0) - writing)  # waiting for the runner's results
        if on_progress:
            on_progress(len(batch))


def write_processed(store: Store, done: Processed, report: AddReport) -> None:
    store.put_document(done.document)
    if done.failure is not None:
        store.record_failure(done.failure)
        report.failed.append(done.failure)
        return
    assert done.article is not None
    store.clear_failures(done.document.uri)
    store.put_article(done.article)
    store.put_quotes(done.article.id, done.quotes)
    report.new_articles += 1
    report.added.append(done.article.id)
    report.quotes += len(done.quotes)


# Failures that say nothing about the document itself: running again may succeed.
RETRIED_FAILURES = ("time budget exceeded", "internal error")


def _already_processed(store: Store, doc: Document) -> bool:
    marks = ",".join("?" * len(RETRIED_FAILURES))
    return bool(
        store.scalar("SELECT 1 FROM articles WHERE document_id = ?", (doc.id,))
        or store.scalar(
            f"SELECT 1 FROM failures WHERE document_id = ? AND reason NOT IN ({marks})",  # noqa: S608 (placeholders only)
            (doc.id, *RETRIED_FAILURES),
        )
    )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
