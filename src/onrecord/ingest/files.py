"""Files and directories on disk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from onrecord.config import Config
from onrecord.records import Document, Failure


def iter_path(source: str, config: Config) -> Iterator[Document | Failure]:
    path = Path(source)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from iter_path(str(child), config)
        return
    if not path.exists():
        yield Failure(source, "ingest", "not found", "no such file or directory")
        return
    raw = path.read_bytes()
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        from onrecord.ingest.jsonl import iter_jsonl

        yield from iter_jsonl(raw, str(path), config)
        return
    now = datetime.now(UTC).isoformat(timespec="seconds")
    media = "text/html" if path.suffix.lower() in {".html", ".htm"} else "text/plain"
    yield Document.from_bytes(raw, str(path), media, now)
