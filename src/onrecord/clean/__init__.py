"""Documents in, Articles out: main text, junk removed (kept for audit), metadata."""

from __future__ import annotations

from onrecord.config import Config
from onrecord.records import Article, Document, Failure


def clean_document(doc: Document, config: Config) -> Article | Failure:
    if doc.media_type == "application/json":
        from onrecord.ingest.jsonl import body_of

        text, _kind = body_of(doc)
    else:
        text = doc.raw.decode("utf-8", errors="replace")
    text = text.strip()
    if not text:
        return Failure(doc.uri, "clean", "empty", "the document has no text", doc.id)
    h = doc.hints
    return Article(
        id=doc.id[:16], document_id=doc.id, text=text, url=h.get("url"), outlet=h.get("outlet"), title=h.get("title")
    )
