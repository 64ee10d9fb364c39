"""The data flow, end to end: sources → documents → articles → quotes → the store.

`process_document` is the whole per-document path (clean, analyse, attribute, date) as
one pure function of a Document; runners decide where it runs (this process, a local
pool, a Ray cluster). `add` streams sources through it in batches, writes each batch
in one transaction, then runs the cross-article stages over the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class AddReport:
    seen: int = 0  # documents read from the sources
    new_articles: int = 0
    unchanged: int = 0  # already in the store: nothing was done
    failed: list[Failure] = field(default_factory=list)
    quotes: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def process_document(doc: Document, config: Config) -> Processed:
    """Clean, analyse, attribute and date one document. Never raises for bad input."""
    from onrecord.attribute import extract_quotes
    from onrecord.clean import clean_document
    from onrecord.when import date_quotes

    try:
        cleaned = clean_document(doc, config)
        if isinstance(cleaned, Failure):
            return Processed(doc, failure=cleaned)
        quotes = extract_quotes(cleaned)
        date_quotes(cleaned, quotes)
        return Processed(doc, article=cleaned, quotes=quotes)
    except Exception as exc:  # a bug must not stop the run; it becomes a recorded reason
        reason = Failure(doc.uri, "process", "internal error", f"{type(exc).__name__}: {exc}", doc.id)
        return Processed(doc, failure=reason)


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
        _add_batches(iter_documents(sources, config), store, config, runner, report, on_progress)
    finally:
        if owned_runner:
            runner.close()
    if relink:
        from onrecord.link import relink as relink_store

        relink_store(store, config)
    return report


def _add_batches(items, store: Store, config: Config, runner, report: AddReport, on_progress) -> None:
    for batch in _batches(items, config.batch_size):
        pending: list[Document] = []
        pending_ids: set[str] = set()
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
        results = runner.map(process_document, pending, config)
        with store.transaction():
            for done in results:
                write_processed(store, done, report)
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
    report.quotes += len(done.quotes)


def _already_processed(store: Store, doc: Document) -> bool:
    return bool(
        store.scalar("SELECT 1 FROM articles WHERE document_id = ?", (doc.id,))
        or store.scalar("SELECT 1 FROM failures WHERE document_id = ?", (doc.id,))
    )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
