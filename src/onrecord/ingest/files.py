"""Files and directories on disk.

Each file is judged before it is read whole: its size from the file system, its kind from its
first bytes. A file that cannot become a document yields a Failure naming it and the reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from onrecord.config import Config
from onrecord.ingest.sniff import HEAD_BYTES, Binary, sniff
from onrecord.records import Document, Failure


def iter_path(source: str, config: Config) -> Iterator[Document | Failure]:
    path = Path(source)
    if path.is_dir():
        yield from _iter_dir(path, config)
        return
    if not path.exists():
        detail = "a broken symbolic link" if path.is_symlink() else "no such file or directory"
        yield Failure(source, "ingest", "not found", detail)
        return
    yield from iter_file(path, config)


def _iter_dir(root: Path, config: Config) -> Iterator[Document | Failure]:
    problems: list[OSError] = []
    found: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=problems.append):
        dirs.sort()
        found.extend(Path(folder) / name for name in names)
    for error in problems:
        yield Failure(str(error.filename or root), "ingest", "unreadable", _os_reason(error))
    for child in sorted(found):
        yield from iter_file(child, config)


def iter_file(path: Path, config: Config) -> Iterator[Document | Failure]:
    uri = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield Failure(
            uri, "ingest", "not found" if isinstance(exc, FileNotFoundError) else "unreadable", _os_reason(exc)
        )
        return
    if not stat.S_ISREG(info.st_mode):
        yield Failure(uri, "ingest", "not a regular file", "a device, pipe or socket, not a file")
        return
    if info.st_size == 0:
        yield Failure(uri, "ingest", "empty", "the file is 0 bytes")
        return
    from onrecord.ingest.sources import claims_file, iter_claimed_file

    if claims_file(path):  # WARC, RSS/Atom, OPML: many documents per file, each read by its own reader
        yield from iter_claimed_file(path, config)
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
            try:
                media = sniff(head, path.suffix)
            except Binary as exc:
                if info.st_size > config.max_document_bytes:
                    yield Failure(uri, "ingest", "too large", _too_large(info.st_size, config))
                else:
                    yield Failure(uri, "ingest", "binary", f"not text: {exc}")
                return
            if media == "application/jsonl":
                from onrecord.ingest.jsonl import iter_jsonl_lines

                yield from iter_jsonl_lines(_lines(head, handle), uri, config)
                return
            if info.st_size > config.max_document_bytes:
                yield Failure(uri, "ingest", "too large", _too_large(info.st_size, config))
                return
            raw = head + handle.read()
    except OSError as exc:
        yield Failure(uri, "ingest", "unreadable", _os_reason(exc))
        return
    if not raw.strip():
        yield Failure(uri, "ingest", "empty", "the file holds only whitespace")
        return
    yield Document.from_bytes(raw, uri, media, now())


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _lines(head: bytes, handle) -> Iterator[bytes]:
    """The file's lines, the sniffed head included, read as a stream."""
    *complete, pending = head.split(b"\n")
    yield from complete
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        *complete, pending = (pending + chunk).split(b"\n")
        yield from complete
    if pending:
        yield pending


def _too_large(size: int, config: Config) -> str:
    return f"{size:,} bytes; the limit is {config.max_document_bytes:,} (max_document_bytes)"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)
