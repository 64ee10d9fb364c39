"""JSON Lines: one article per line, with `text` or `html`, and optional url, title, published, outlet, id.

Each line becomes its own Document (raw bytes = the line), so one bad line is one
recorded failure and re-adding the file changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from onrecord.config import Config
from onrecord.records import Document, Failure

HINT_FIELDS = ("id", "url", "title", "published", "outlet", "language", "byline")


def iter_jsonl(raw: bytes, uri: str, config: Config) -> Iterator[Document | Failure]:
    yield from iter_jsonl_lines(raw.splitlines(), uri, config)


def iter_jsonl_lines(lines: Iterable[bytes], uri: str, config: Config) -> Iterator[Document | Failure]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for number, line in enumerate(lines, start=1):
        where = f"{uri}#L{number}"
        line = line.rstrip(b"\r")
        if not line.strip():
            continue
        if len(line) > config.max_document_bytes:
            limit = f"{len(line):,} bytes; the limit is {config.max_document_bytes:,} (max_document_bytes)"
            yield Failure(where, "ingest", "too large", limit)
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Failure(where, "ingest", "not valid JSON", str(exc))
            continue
        if not isinstance(record, dict):
            yield Failure(where, "ingest", "not a JSON object", f"line holds a {type(record).__name__}")
            continue
        body_field = (
            "text" if isinstance(record.get("text"), str) else "html" if isinstance(record.get("html"), str) else None
        )
        if body_field is None:
            yield Failure(where, "ingest", "no article text", "the object has neither 'text' nor 'html'")
            continue
        hints = {k: _as_text(record.get(k)) for k in HINT_FIELDS if record.get(k) is not None}
        hints["body"] = body_field
        yield Document.from_bytes(line, where, "application/json", now, hints)


class NoBody(ValueError):
    """A JSON document with no article text in it."""


def body_of(doc: Document) -> tuple[str, str]:
    """The article body of a JSONL document and its kind ("text" or "html")."""
    try:
        record = json.loads(doc.raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NoBody(f"not valid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise NoBody(f"the line holds a {type(record).__name__}, not an object")
    field = doc.hints.get("body") or ("text" if "text" in record else "html")
    body = record.get(field)
    if not isinstance(body, str):
        raise NoBody(f"the object has no '{field}' text")
    return body, field


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)
