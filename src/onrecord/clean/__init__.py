"""Documents in, Articles out: main text, junk removed (kept for audit), metadata."""

from __future__ import annotations

from onrecord.config import Config
from onrecord.records import Article, Document, Failure


def clean_document(doc: Document, config: Config) -> Article | Failure:
    text = doc.raw.decode("utf-8", errors="replace").strip()
    if not text:
        return Failure(doc.uri, "clean", "empty", "the document has no text", doc.id)
    return Article(id=doc.id[:16], document_id=doc.id, text=text, url=doc.hints.get("url"))
