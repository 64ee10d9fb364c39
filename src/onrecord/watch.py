"""Keeping a store current from feeds: fetch each feed on an interval, take only new items.

Each round asks every feed with a conditional GET (ETag / Last-Modified), so an unchanged
feed costs one short answer. Items already taken (by guid, else link) are remembered in
the store (`feed_items`), and an item is marked taken in the same transaction that writes
its article, so a round stopped half-way loses nothing and duplicates nothing. An item
whose page failed for a passing reason (timeout, 5xx) is tried again in later rounds, a
few times, before its failure is taken as final.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from onrecord.config import Config
from onrecord.ingest.feeds import Feed, FeedItem, item_document, parse_feed, parse_opml, resolve_location, xml_kind
from onrecord.ingest.fetch import FEED_TYPES, PAGE_TYPES, TRANSIENT_REASONS, Fetcher
from onrecord.pipeline import AddReport, Processed, process_document, write_processed
from onrecord.records import Document, Failure
from onrecord.store import Store

log = logging.getLogger(__name__)

MAX_ITEM_ATTEMPTS = 3


@dataclass(slots=True)
class FeedReport:
    feed: str
    outcome: str  # "changed", "not modified", or a failure reason
    new_items: int = 0


@dataclass(slots=True)
class RoundReport:
    feeds: list[FeedReport] = field(default_factory=list)
    added: AddReport = field(default_factory=AddReport)

    @property
    def new_items(self) -> int:
        return sum(f.new_items for f in self.feeds)

    def as_dict(self) -> dict:
        return {
            "feeds": len(self.feeds),
            "not_modified": sum(f.outcome == "not modified" for f in self.feeds),
            "new_items": self.new_items,
            "new_articles": self.added.new_articles,
            "unchanged": self.added.unchanged,
            "quotes": self.added.quotes,
            "failed": [{"uri": f.uri, "reason": f.reason, "detail": f.detail} for f in self.added.failed],
        }


def parse_interval(text: str) -> float:
    """Seconds in "30s", "10m", "1h", "1h30m" or a bare number of seconds."""
    import re

    cleaned = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 1}
    parts = re.fullmatch(r"((\d+(\.\d+)?)([smhd]?))+", cleaned)
    if not parts:
        raise ValueError(f"not an interval: {text!r} (write 30s, 10m, 1h)")
    total = sum(float(n) * units[u] for n, _frac, u in re.findall(r"(\d+(\.\d+)?)([smhd]?)", cleaned))
    if total <= 0:
        raise ValueError(f"the interval must be longer than zero: {text!r}")
    return total


def add_documents(
    items: Iterable[Document | Failure],
    store: Store,
    config: Config,
    report: AddReport | None = None,
    *,
    runner=None,
    on_written: Callable[[Document | Failure, Processed | None], None] | None = None,
) -> AddReport:
    """Run documents through the per-document path and write them, one transaction for the lot.

    The same steps as `pipeline.add` for one batch: known bytes already processed are only
    remembered under their new URI; everything else is processed, then written.
    `on_written` runs inside the transaction, so bookkeeping commits with the articles.
    """
    report = report or AddReport()
    items = list(items)
    pending: list[Document] = []
    pending_ids: set[str] = set()
    for item in items:
        report.seen += 1
        if isinstance(item, Document) and item.id not in pending_ids and not _already_processed(store, item):
            pending_ids.add(item.id)
            pending.append(item)
    if runner is not None:
        results = list(runner.map(process_document, pending, config))
    else:
        results = [process_document(doc, config) for doc in pending]
    done_by_id = {done.document.id: done for done in results}
    written: set[str] = set()
    with store.transaction():
        for item in items:
            if isinstance(item, Failure):
                store.record_failure(item)
                report.failed.append(item)
                processed = None
            elif item.id in done_by_id and item.id not in written:
                processed = done_by_id[item.id]
                write_processed(store, processed, report)
                written.add(item.id)
            else:
                store.put_document(item)  # remembers a new URI for known bytes
                report.unchanged += 1
                processed = None
            if on_written is not None:
                on_written(item, processed)
    return report


class Watcher:
    """Rounds over a fixed list of sources (feed URLs, feed files, OPML files or URLs)."""

    def __init__(self, sources: list[str], store: Store, config: Config, *, fetcher: Fetcher | None = None):
        self.sources = sources
        self.store = store
        self.config = config
        self.fetcher = fetcher or Fetcher(config)
        self._owns_fetcher = fetcher is None
        self._runner = None
        self._opml_urls: set[str] = set()  # sources found to be OPML lists when first fetched

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
        if self._owns_fetcher:
            self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one round ---------------------------------------------------------------------

    def round(self) -> RoundReport:
        report = RoundReport()
        queue = self._feed_locations(report)
        asked = set(queue)
        while queue:
            location = queue.pop(0)
            outcome = self._watch_feed(location, report.added)
            if isinstance(outcome, list):  # the URL held an OPML list after all: its feeds join this round
                fresh = [u for u in outcome if u not in asked]
                asked.update(fresh)
                queue.extend(fresh)
                continue
            report.feeds.append(outcome)
        if report.added.new_articles:
            from onrecord.link import relink

            relink(self.store, self.config, report.added.added)
        return report

    def _feed_locations(self, report: RoundReport) -> list[str]:
        """Every feed to ask this round: the sources, with OPML lists expanded (read afresh each round)."""
        locations: list[str] = []
        for source in self.sources:
            if urlsplit(source).scheme in ("http", "https"):
                if source.lower().endswith(".opml") or source in self._opml_urls:
                    locations.extend(self._opml_url(source, report))
                else:
                    locations.append(source)
                continue
            path = Path(source)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                self._record(report, Failure(source, "ingest", "not found", str(exc)))
                continue
            if xml_kind(raw[:4096]) == "opml" or path.suffix.lower() == ".opml":
                urls = parse_opml(raw, source)
                if isinstance(urls, Failure):
                    self._record(report, urls)
                    continue
                locations.extend(resolve_location(u, source) for u in urls)
            else:
                locations.append(source)
        return list(dict.fromkeys(locations))

    def _opml_url(self, url: str, report: RoundReport) -> list[str]:
        got = self.fetcher.fetch(url, accept=FEED_TYPES | PAGE_TYPES)
        if isinstance(got, Failure):
            self._record(report, got)
            return []
        urls = parse_opml(got.body, url)
        if isinstance(urls, Failure):
            self._record(report, urls)
            return []
        return [resolve_location(u, got.final_url) for u in urls]

    def _watch_feed(self, location: str, added: AddReport) -> FeedReport | list[str]:
        """Ask one feed and take its new items; an OPML list found instead gives its feed URLs."""
        state = self._state(location)
        if urlsplit(location).scheme in ("http", "https"):
            got = self.fetcher.fetch(
                location,
                accept=FEED_TYPES | PAGE_TYPES,
                etag=state.get("etag"),
                last_modified=state.get("last_modified"),
            )
            if isinstance(got, Failure):
                self._record_round(added, got, location, state)
                return FeedReport(location, got.reason)
            if got.not_modified:
                self._save_state(
                    location, state.get("title"), state.get("etag"), state.get("last_modified"), "not modified"
                )
                return FeedReport(location, "not modified")
            raw, base, etag, last_modified = got.body, got.final_url, got.etag, got.last_modified
        else:
            try:
                raw = Path(location).read_bytes()
            except OSError as exc:
                failure = Failure(location, "ingest", "not found", str(exc))
                self._record_round(added, failure, location, state)
                return FeedReport(location, failure.reason)
            base, etag, last_modified = location, None, None
        if location in self.sources and xml_kind(raw[:4096]) == "opml":
            urls = parse_opml(raw, location)
            if not isinstance(urls, Failure):
                self._opml_urls.add(location)
                return [resolve_location(u, base) for u in urls]
        feed = parse_feed(raw, base)
        if isinstance(feed, Failure):
            feed.uri = location
            self._record_round(added, feed, location, state)
            return FeedReport(location, feed.reason)
        self.store.clear_failures(location)
        new = self._unseen(location, feed.items)
        retry_later = self._take(location, feed, new, added)
        # With items left to retry, forget the validators so the next round gets the whole feed again.
        keep = not retry_later
        self._save_state(location, feed.title, etag if keep else None, last_modified if keep else None, "changed")
        return FeedReport(location, "changed", len(new))

    def _take(self, location: str, feed: Feed, items: list[FeedItem], added: AddReport) -> bool:
        """Turn new items into articles; True if some failed for a passing reason and will be tried again.

        Items go in batches, each written (and marked taken) before the next is fetched, so
        a long first round that is stopped keeps what it had finished.
        """
        retry_later = False
        size = max(1, self.config.batch_size)
        for begin in range(0, len(items), size):
            retry_later |= self._take_batch(location, feed, items[begin : begin + size], added)
        return retry_later

    def _take_batch(self, location: str, feed: Feed, items: list[FeedItem], added: AddReport) -> bool:
        retry_later = False
        made: list[Document | Failure] = []
        item_of: dict[int, FeedItem] = {}
        attempts = {item.key: self._attempts(location, item.key) + 1 for item in items}
        for item in items:
            result = item_document(item, feed, self.fetcher)
            if isinstance(result, Failure) and result.reason in TRANSIENT_REASONS:
                if attempts[item.key] < MAX_ITEM_ATTEMPTS:
                    retry_later = True
                    with self.store.transaction():
                        self.store.record_failure(result)
                        self._mark(location, item, None, done=False, attempts=attempts[item.key])
                    added.failed.append(result)
                    continue
            made.append(result)
            item_of[id(result)] = item

        def bookkeeping(result: Document | Failure, _processed: Processed | None) -> None:
            item = item_of[id(result)]
            document_id = result.id if isinstance(result, Document) else None
            self._mark(location, item, document_id, done=True, attempts=attempts[item.key])

        if made:
            add_documents(
                made, self.store, self.config, added, runner=self._get_runner(len(made)), on_written=bookkeeping
            )
        return retry_later

    def _get_runner(self, count: int):
        if count < 2 or self.config.workers < 2:
            return None
        if self._runner is None:
            from onrecord.runner import LocalRunner

            self._runner = LocalRunner(self.config.workers)
        return self._runner

    # -- the store's memory of feeds ---------------------------------------------------

    def _state(self, location: str) -> dict:
        row = self.store.db.execute("SELECT * FROM feed_state WHERE feed_url = ?", (location,)).fetchone()
        return dict(row) if row else {}

    def _save_state(
        self, location: str, title: str | None, etag: str | None, last_modified: str | None, outcome: str
    ) -> None:
        from onrecord.store.sqlite import utcnow

        with self.store.transaction():
            self.store.db.execute(
                "INSERT INTO feed_state (feed_url, title, etag, last_modified, last_checked, last_outcome)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(feed_url) DO UPDATE SET title=excluded.title,"
                " etag=excluded.etag, last_modified=excluded.last_modified, last_checked=excluded.last_checked,"
                " last_outcome=excluded.last_outcome",
                (location, title, etag, last_modified, utcnow(), outcome),
            )

    def _unseen(self, location: str, items: list[FeedItem]) -> list[FeedItem]:
        rows = self.store.db.execute(
            "SELECT item_key, link FROM feed_items WHERE feed_url = ? AND done = 1", (location,)
        )
        keys, links = set(), set()
        for key, link in rows:
            keys.add(key)
            if link:
                links.add(link)
        fresh, taken = [], set()
        for item in items:
            if item.key in keys or item.key in taken or (item.link and item.link in links):
                continue
            taken.add(item.key)
            fresh.append(item)
        return fresh

    def _attempts(self, location: str, key: str) -> int:
        value = self.store.scalar(
            "SELECT attempts FROM feed_items WHERE feed_url = ? AND item_key = ?", (location, key)
        )
        return int(value or 0)

    def _mark(self, location: str, item: FeedItem, document_id: str | None, *, done: bool, attempts: int) -> None:
        from onrecord.store.sqlite import utcnow

        self.store.db.execute(
            "INSERT INTO feed_items (feed_url, item_key, link, document_id, attempts, done, first_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(feed_url, item_key) DO UPDATE SET"
            " link=excluded.link, document_id=excluded.document_id, attempts=excluded.attempts, done=excluded.done",
            (location, item.key, item.link, document_id, attempts, int(done), utcnow()),
        )

    def _record(self, report: RoundReport, failure: Failure) -> None:
        with self.store.transaction():
            self.store.record_failure(failure)
        report.added.failed.append(failure)

    def _record_round(self, added: AddReport, failure: Failure, location: str, state: dict) -> None:
        with self.store.transaction():
            self.store.record_failure(failure)
        added.failed.append(failure)
        self._save_state(location, state.get("title"), state.get("etag"), state.get("last_modified"), failure.reason)


def sleep_until_stopped(seconds: float) -> None:
    """Sleep, waking every half second. A signal sent to the process (Ctrl-C, SIGTERM) may be
    taken by any of its threads, and the language model's libraries start some: then a long
    `time.sleep` in the main thread is not cut short, and Python runs the handler only when
    that thread wakes. A watch between rounds once ignored Ctrl-C for its whole hour that way."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 0.5))


def watch(
    sources: list[str],
    store: Store,
    config: Config,
    *,
    every_s: float,
    once: bool = False,
    on_round: Callable[[RoundReport], None] | None = None,
    sleep: Callable[[float], None] = sleep_until_stopped,
) -> None:
    """Run rounds until stopped (KeyboardInterrupt propagates to the caller, after a clean close)."""
    with Watcher(sources, store, config) as watcher:
        while True:
            started = time.monotonic()
            report = watcher.round()
            if on_round is not None:
                on_round(report)
            if once:
                return
            sleep(max(0.0, every_s - (time.monotonic() - started)))


def _already_processed(store: Store, doc: Document) -> bool:
    return bool(
        store.scalar("SELECT 1 FROM articles WHERE document_id = ?", (doc.id,))
        or store.scalar("SELECT 1 FROM failures WHERE document_id = ?", (doc.id,))
    )
