"""Reading gold files: JSON Lines, one annotated article a line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


class GoldError(ValueError):
    """A gold file cannot be used; the message names the file, the line and the reason."""


@dataclass(slots=True)
class GoldQuote:
    text: str
    speaker: str | None = None
    statement: str | None = None
    said_on: str | None = None


@dataclass(slots=True)
class GoldArticle:
    id: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    story: str | None = None
    source: str = ""  # "file.jsonl#L3"
    # sha256 of the line's bytes: the id the pipeline gives the document made from it.
    document_id: str = ""


def load_gold(paths: list[str | Path]) -> list[GoldArticle]:
    articles: list[GoldArticle] = []
    seen: dict[str, str] = {}
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise GoldError(f"gold file {p}: no such file")
        raw = p.read_bytes()
        # Split as JSONL ingestion does, so line hashes equal document ids (the run also
        # falls back to the id the ingestion keeps as a hint).
        for number, line in enumerate(raw.split(b"\n"), start=1):
            line = line.rstrip(b"\r")
            if not line.strip():
                continue
            where = f"{p}#L{number}"
            article = _parse_line(line, where)
            if article.id in seen:
                raise GoldError(f"{where}: id {article.id!r} already used at {seen[article.id]}")
            seen[article.id] = where
            articles.append(article)
    return articles


def _parse_line(line: bytes, where: str) -> GoldArticle:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldError(f"{where}: not valid JSON ({exc})") from exc
    if not isinstance(record, dict):
        raise GoldError(f"{where}: not a JSON object")
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise GoldError(f"{where}: no 'id'")
    if not isinstance(record.get("text"), str):
        raise GoldError(f"{where}: no 'text'")
    quotes_raw = record.get("quotes") or []
    if not isinstance(quotes_raw, list):
        raise GoldError(f"{where}: 'quotes' is not a list")
    quotes = []
    for i, q in enumerate(quotes_raw):
        if not isinstance(q, dict) or not isinstance(q.get("text"), str):
            raise GoldError(f"{where}: quote {i} has no 'text'")
        quotes.append(GoldQuote(q["text"], _opt(q.get("speaker")), _opt(q.get("statement")), _opt(q.get("said_on"))))
    return GoldArticle(
        id=record["id"],
        text=record["text"],
        quotes=quotes,
        url=_opt(record.get("url")),
        outlet=_opt(record.get("outlet")),
        published=_opt(record.get("published")),
        story=_opt(record.get("story")),
        source=where,
        document_id=hashlib.sha256(line).hexdigest(),
    )


def _opt(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
