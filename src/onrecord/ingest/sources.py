"""Which reader a source needs: a URL, a feed, an OPML list, a WARC file, or a plain file.

The decision uses the URL scheme, then the file name, then the first bytes, so a feed
saved as `.xml` or a WARC without its extension is still read as what it is. Plain
files and directories go to `onrecord.ingest.files.iter_path`.
"""

from __future__ import annotations

import gzip
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from onrecord.config import Config
from onrecord.ingest.feeds import iter_feed, iter_opml, xml_kind
from onrecord.ingest.fetch import ARCHIVE_TYPES, FEED_TYPES, MAX_ARCHIVE_BYTES, PAGE_TYPES, Fetcher
from onrecord.ingest.warc import GZIP_MAGIC, is_warc_name, iter_warc, looks_like_warc
from onrecord.records import Document, Failure

FEED_SUFFIXES = (".rss", ".atom")
OPML_SUFFIXES = (".opml",)
# Names that say what they are; their contents are not sniffed.
PLAIN_SUFFIXES = (".html", ".htm", ".txt", ".text", ".md", ".jsonl", ".ndjson", ".json")
SNIFF_BYTES = 4096


def iter_sources(sources: Iterable[str], config: Config) -> Iterator[Document | Failure]:
    """Every source in turn, sharing one HTTP client (and so one robots.txt cache and per-host pace)."""
    with Fetcher(config) as fetcher:
        for source in sources:
            yield from iter_source(source, config, fetcher=fetcher)


def iter_source(source: str, config: Config, *, fetcher: Fetcher | None = None) -> Iterator[Document | Failure]:
    if fetcher is None:
        with Fetcher(config) as own:
            yield from _route(source, config, own)
        return
    yield from _route(source, config, fetcher)


def claims_file(path: str | Path) -> bool:
    """True for a file this module reads itself (WARC, feed, OPML) rather than as one plain document."""
    return file_kind(Path(path)) is not None


def iter_claimed_file(
    path: str | Path, config: Config, *, fetcher: Fetcher | None = None
) -> Iterator[Document | Failure]:
    """Read a file that `claims_file` said is a WARC, a feed or an OPML list."""
    path = Path(path)
    kind = file_kind(path)
    if kind is None:
        yield Failure(
            str(path), "ingest", "not a WARC, feed or OPML file", "nothing in its name or first bytes says so"
        )
        return
    if fetcher is None:
        with Fetcher(config) as own:
            yield from _iter_file(path, kind, config, own)
        return
    yield from _iter_file(path, kind, config, fetcher)


def file_kind(path: Path) -> str | None:
    """The kind of file: "warc", "feed", "opml", or None for a plain file."""
    name = path.name.lower()
    if is_warc_name(name):
        return "warc"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(OPML_SUFFIXES):
        return "opml"
    if name.endswith(PLAIN_SUFFIXES):
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return None
    if looks_like_warc(head) or (head.startswith(GZIP_MAGIC) and looks_like_warc(_gunzip_head(head))):
        return "warc"
    return xml_kind(head)


def _route(source: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        yield from _iter_url(source, config, fetcher)
        return
    if scheme == "file":
        source = url2pathname(parts.path)
    elif len(scheme) > 1 and "://" in source:
        yield Failure(source, "ingest", "unsupported URL", f"{scheme}: URLs are not fetched (only http and https)")
        return
    path = Path(source)
    kind = file_kind(path) if path.is_file() else None
    if kind is None:
        from onrecord.ingest.files import iter_path

        yield from iter_path(source, config)
        return
    yield from _iter_file(path, kind, config, fetcher)


def _iter_file(path: Path, kind: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    if kind == "warc":
        yield from iter_warc(path, config)
        return
    try:
        size = path.stat().st_size
        if size > config.max_document_bytes:
            yield Failure(
                str(path), "ingest", "too large", f"{size:,} bytes; the limit is {config.max_document_bytes:,}"
            )
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Failure(str(path), "ingest", "not readable", str(exc))
        return
    if kind == "opml":
        yield from iter_opml(raw, str(path), config, fetcher)
    else:
        yield from iter_feed(raw, str(path), config, fetcher)


def _iter_url(url: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    if is_warc_name(urlsplit(url).path):
        yield from _iter_warc_url(url, config, fetcher)
        return
    got = fetcher.fetch(url, accept=PAGE_TYPES | FEED_TYPES)
    if isinstance(got, Failure):
        yield got
        return
    kind = xml_kind(got.body[:SNIFF_BYTES])  # feeds are often served as text/html or text/plain
    if kind == "opml":
        yield from iter_opml(got.body, got.final_url, config, fetcher)
    elif kind == "feed" or got.media_type in FEED_TYPES - {"application/xml", "text/xml"}:
        yield from iter_feed(got.body, got.final_url, config, fetcher)
    elif got.media_type in PAGE_TYPES:
        yield got.document()
    else:
        yield Failure(url, "ingest", "not a page or feed", f"{got.media_type} that is neither RSS, Atom nor OPML")


def _iter_warc_url(url: str, config: Config, fetcher: Fetcher) -> Iterator[Document | Failure]:
    suffix = ".warc.gz" if urlsplit(url).path.lower().endswith(".gz") else ".warc"
    with tempfile.NamedTemporaryFile(prefix="onrecord-", suffix=suffix) as spool:
        got = fetcher.fetch(url, accept=ARCHIVE_TYPES, sink=spool, limit=MAX_ARCHIVE_BYTES)
        if isinstance(got, Failure):
            yield got
            return
        spool.flush()
        for item in iter_warc(spool.name, config):
            if isinstance(item, Failure):  # name the archive by its URL, not the spool file
                item.uri = item.uri.replace(spool.name, url, 1)
            elif item.hints.get("source"):
                item.hints["source"] = item.hints["source"].replace(spool.name, url, 1)
            yield item


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except (zlib.error, gzip.BadGzipFile):
        return b""
