"""WARC and WARC.gz files (web archives, Common Crawl's CC-NEWS): one Document per HTML response.

Only HTTP response records (and resource records) with an HTML or plain-text payload
become documents; request, metadata, warcinfo, revisit and non-HTML records are skipped
quietly and counted in a `WarcStats`. A malformed record becomes a Failure naming the
file and the record's byte offset, and reading resumes at the next record boundary, so
one bad record never costs the rest of a crawl. A truncated gzip member at the end of a
file becomes a final Failure; everything read before it is kept.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from onrecord.config import Config
from onrecord.records import Document, Failure

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
RECORD_TYPES = ("response", "resource")
# A file that keeps failing to resync is not a WARC worth reading record by record.
MAX_FAILURES_PER_FILE = 100
SCAN_CHUNK = 1 << 20


@dataclass(slots=True)
class WarcStats:
    """What a WARC file held besides the documents it gave."""

    documents: int = 0
    failures: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> records skipped quietly


def is_warc_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def looks_like_warc(head: bytes) -> bool:
    """True for an uncompressed WARC; gzip files are judged by `is_warc_name` or after decompression."""
    return head.startswith(WARC_MAGIC)


def iter_warc(path: str | Path, config: Config, stats: WarcStats | None = None) -> Iterator[Document | Failure]:
    path = Path(path)
    stats = stats if stats is not None else WarcStats()
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Failure(str(path), "ingest", "not readable", str(exc))
        return
    with fh:
        yield from _iter_file(fh, str(path), config, stats)
    if stats.skipped:
        log.info("%s: skipped %s", path, dict(stats.skipped))


def _iter_file(fh: BinaryIO, name: str, config: Config, stats: WarcStats) -> Iterator[Document | Failure]:
    gzipped = fh.read(3) == GZIP_MAGIC
    start = 0
    while start is not None:
        if stats.failures >= MAX_FAILURES_PER_FILE:
            yield _failure(stats, name, start, "too many malformed records", "stopped reading the file")
            return
        fh.seek(start)
        start = yield from _iter_from(fh, name, config, stats, gzipped)


def _iter_from(fh: BinaryIO, name: str, config: Config, stats: WarcStats, gzipped: bool):
    """Read records from the current position. Returns where to resume after an error, or None at the end."""
    records = _TrackingIterator(fh)
    pending: Document | Failure | None = None
    pending_offset = 0
    while True:
        errors_before = records.err_count
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its warnings; we record them instead
                record = next(records)
        except StopIteration:
            record = None
        except Exception as exc:  # warcio raises many kinds for a bad record header
            if pending is not None:
                yield pending
            cut_off = records.input_exhausted()  # asked before any seek below moves the file position
            offset = records.offset  # warcio has moved it to (about) the record that failed
            if gzipped:
                offset = _member_start(fh, offset)
            if cut_off:
                yield _failure(stats, name, offset, "truncated file", f"the file ends inside a record: {_short(exc)}")
                return None
            yield _failure(stats, name, offset, "malformed record", _short(exc))
            return _next_boundary(fh, offset + 1, gzipped)
        if pending is not None:
            if records.err_count > errors_before:  # the previous record's Content-Length was wrong
                yield _failure(stats, name, pending_offset, "malformed record", "Content-Length does not match")
            else:
                yield pending
            pending = None
        if record is None:
            if records.truncated:
                offset = _last_member_start(fh, records.offset)
                yield _failure(stats, name, offset, "truncated file", "the last gzip member is incomplete")
            return None
        pending_offset = records.offset
        pending = _document(record, records, name, config, stats)


def _document(record, records, name: str, config: Config, stats: WarcStats) -> Document | Failure | None:
    offset = records.offset
    rec_type = record.rec_type
    if rec_type not in RECORD_TYPES:
        stats.skipped[rec_type or "unknown"] += 1
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if rec_type == "response":
        http = record.http_headers
        if http is None:
            stats.skipped["not HTTP"] += 1
            return None
        status = http.get_statuscode() or ""
        if not status.isdigit():
            return _failure(stats, name, offset, "malformed record", f"HTTP status line {http.statusline!r}")
        if not status.startswith("2"):
            stats.skipped[f"HTTP {status[0]}xx"] += 1
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type, charset = _media_type(content_type)
    if not media_type:
        media_type = _sniff(record.rec_headers.get_header("WARC-Identified-Payload-Type"))
    if media_type not in TEXT_TYPES:
        stats.skipped["not HTML"] += 1
        return None
    try:
        stream = record.content_stream()
        with contextlib.redirect_stderr(io.StringIO()):
            body = stream.read(config.max_document_bytes + 1)
    except Exception as exc:  # a bad chunked or compressed body
        return _failure(stats, name, offset, "malformed record", f"payload cannot be decoded: {_short(exc)}")
    if len(body) > config.max_document_bytes:
        return _failure(stats, name, offset, "too large", f"payload over {config.max_document_bytes} bytes", uri)
    if record.raw_stream.limit > 0:
        reason = "truncated file" if records.input_exhausted() else "malformed record"
        return _failure(stats, name, offset, reason, "the record ends before its Content-Length")
    hints: dict[str, str | None] = {"url": uri or None, "source": f"{name}#offset={offset}"}
    if charset:
        hints["charset"] = charset
    retrieved = _iso(record.rec_headers.get_header("WARC-Date"))
    stats.documents += 1
    return Document.from_bytes(body, uri or f"{name}#offset={offset}", media_type, retrieved, hints)


class _TrackingIterator(ArchiveIterator):
    """An ArchiveIterator that remembers whether the last gzip member ended cleanly."""

    def __init__(self, fh: BinaryIO):
        self._fh_size = _size(fh)
        self.truncated = False
        super().__init__(fh)

    def close(self) -> None:
        reader = self.reader
        if reader is not None and reader.decompressor is not None:
            self.truncated = not reader.decompressor.eof
        super().close()

    def input_exhausted(self) -> bool:
        """True when the file ran out before the record did: a failure now is a cut-off end."""
        reader = self.reader
        if reader is None:
            return True
        if reader.decompressor is not None:  # a gzip member cut off: its end never came
            decompressor = reader.decompressor
            return not decompressor.eof and not decompressor.unused_data and self.fh.tell() >= self._fh_size
        if reader.buff is not None and reader.buff.tell() < reader.buff_size:
            return False
        return self.fh.tell() >= self._fh_size


def _next_boundary(fh: BinaryIO, start: int, gzipped: bool) -> int | None:
    """The offset of the next record start at or after `start`, or None."""
    magic = GZIP_MAGIC if gzipped else b"\n" + WARC_MAGIC
    skip = 0 if gzipped else 1  # the record starts after the newline
    position = start
    tail = b""
    fh.seek(start)
    while True:
        chunk = fh.read(SCAN_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        found = data.find(magic)
        if found >= 0:
            return position - len(tail) + found + skip
        tail = data[-(len(magic) - 1) :]
        position += len(chunk)


def _member_start(fh: BinaryIO, offset: int) -> int:
    """The gzip member start at or just before `offset` (warcio can overshoot it by a byte or two)."""
    begin = max(0, offset - 16)
    fh.seek(begin)
    window = fh.read(offset - begin + len(GZIP_MAGIC))
    found = window.rfind(GZIP_MAGIC)
    return begin + found if found >= 0 else offset


def _last_member_start(fh: BinaryIO, offset: int) -> int:
    """The start of the gzip member that holds `offset` (at most a few record sizes back)."""
    end = offset + len(GZIP_MAGIC)
    for _ in range(64):
        begin = max(0, end - SCAN_CHUNK)
        fh.seek(begin)
        found = fh.read(end - begin).rfind(GZIP_MAGIC, 0, offset - begin + len(GZIP_MAGIC))
        if found >= 0:
            return begin + found
        if begin == 0:
            break
        end = begin + len(GZIP_MAGIC) - 1
    return offset


def _failure(stats: WarcStats, name: str, offset: int, reason: str, detail: str, uri: str = "") -> Failure:
    stats.failures += 1
    where = f"{name}#offset={offset}"
    return Failure(where, "ingest", reason, f"{detail} ({uri})" if uri else detail)


def _media_type(content_type: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in content_type.split(";")]
    media = parts[0].lower()
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
    return media, charset


def _sniff(identified: str | None) -> str:
    return _media_type(identified or "")[0]


def _iso(warc_date: str | None) -> str:
    if not warc_date:
        from datetime import UTC, datetime

        return datetime.now(UTC).isoformat(timespec="seconds")
    return warc_date.replace("Z", "+00:00") if warc_date.endswith("Z") else warc_date


def _size(fh: BinaryIO) -> int:
    here = fh.tell()
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(here)
    return size


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}"
