"""Documents in, Articles out: main text, junk removed (kept for audit), metadata.

The steps, each in its own module: decode (bytes → text), html (main text of a page),
blocks (the text as spans), junk and repeats (what is not the article), metadata and dateline
(what the page says about the article), language. Kept paragraphs are never edited inside:
the clean text is the kept spans joined by blank lines, so quotes stay exact substrings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onrecord.clean.blocks import Block, has_quote, is_body, is_sentence, split_blocks, words
from onrecord.clean.dateline import find_dateline
from onrecord.clean.decode import Undecodable, decode
from onrecord.clean.junk import classify_lines, cut_footer, drop_strays, trim_edges, trim_inline_junk
from onrecord.clean.metadata import (
    HeaderFacts,
    outlet_from_text,
    pick_title,
    published_date,
    read_header_lines,
    strip_date_prefix,
)
from onrecord.clean.repeats import mark_repeats, trim_doubled
from onrecord.config import Config
from onrecord.records import Article, Dateline, Document, Failure, RemovedSpan

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(slots=True)
class CleanText:
    """The result of cleaning one extracted text, before it becomes an Article."""

    text: str
    paragraphs: list[tuple[int, int]]
    removed: list[RemovedSpan]
    title: str | None
    dateline: Dateline | None
    facts: HeaderFacts = field(default_factory=HeaderFacts)
    has_prose: bool = False


def clean_text(source: str) -> CleanText:
    """Remove what is not the article from extracted text; a pure function of the text."""
    blocks = split_blocks(source)
    facts = HeaderFacts()
    strip_date_prefix(blocks, facts)
    classify_lines(blocks)
    read_header_lines(blocks, facts)
    cut_footer(blocks)
    mark_repeats(blocks)
    trim_doubled(blocks)
    trim_inline_junk(blocks)
    title = pick_title(blocks)
    _drop_before_title(blocks, title)
    trim_edges(blocks, protect=title)
    drop_strays(blocks)
    dateline = find_dateline(blocks)
    kept = [b for b in blocks if b.kept and b.end > b.start]
    parts: list[str] = []
    paragraphs: list[tuple[int, int]] = []
    offset = 0
    for block in kept:
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        parts.append(block.text)
        paragraphs.append((offset, offset + len(block.text)))
        offset += len(block.text)
    removed: list[RemovedSpan] = []
    for block in blocks:
        removed.extend(block.cuts)
        if not block.kept:
            removed.append(RemovedSpan(block.start, block.end, block.text, block.removed or ""))
    removed.sort(key=lambda r: (r.start, r.end))
    return CleanText(
        text=PARAGRAPH_SEPARATOR.join(parts),
        paragraphs=paragraphs,
        removed=removed,
        title=title.text if title is not None and title.kept else None,
        dateline=dateline,
        facts=facts,
        has_prose=any(is_body(b.text) or (is_sentence(b.text) and len(words(b.text)) >= 6) for b in kept),
    )


def _drop_before_title(blocks: list[Block], title: Block | None) -> None:
    """Above the headline only page furniture stands: section labels, weather, breadcrumbs."""
    if title is None:
        return
    for block in blocks:
        if block is title:
            return
        if block.kept and not is_sentence(block.text) and not has_quote(block.text) and len(words(block.text)) <= 8:
            block.remove("page furniture")


def clean_document(doc: Document, config: Config) -> Article | Failure:
    hints = doc.hints
    url = hints.get("url") or (doc.uri if doc.uri.startswith(("http://", "https://")) else None)
    from onrecord.ingest.jsonl import NoBody

    try:
        kind, body = _body(doc)
    except Undecodable as exc:
        return Failure(doc.uri, "clean", "undecodable", str(exc), doc.id)
    except NoBody as exc:
        return Failure(doc.uri, "clean", "no article text", str(exc), doc.id)
    if not body.strip():
        return Failure(doc.uri, "clean", "empty", "the document has no text", doc.id)
    html = None
    if kind == "html":
        from onrecord.clean.html import extract_html

        html = extract_html(body, url)
        if html is None:
            return Failure(doc.uri, "clean", "not an article", "no main text found in the HTML page", doc.id)
        body = html.text
        url = url or html.url
    cleaned = clean_text(body)
    if not cleaned.has_prose:
        detail = f"no paragraph of article prose left after removing {len(cleaned.removed)} span(s) of page furniture"
        return Failure(doc.uri, "clean", "not an article", detail, doc.id)
    from onrecord.clean.language import detect_language

    language = detect_language(cleaned.text) or hints.get("language")
    if language and config.languages and language not in config.languages:
        return Failure(doc.uri, "clean", f"unsupported language: {language}", "", doc.id)
    facts = cleaned.facts
    dateline = cleaned.dateline
    outlet = (
        hints.get("outlet")
        or (html.sitename if html else None)
        or facts.outlet
        or outlet_from_text(body)
        or (dateline.agency if dateline else None)
    )
    return Article(
        id=doc.id[:16],
        document_id=doc.id,
        text=cleaned.text,
        url=url,
        outlet=outlet,
        title=hints.get("title") or (html.title if html else None) or cleaned.title,
        published=published_date(facts, url, hints.get("published"), html.published if html else None),
        dateline=dateline,
        byline=hints.get("byline") or facts.byline or (html.author if html else None),
        language=language,
        paragraphs=cleaned.paragraphs,
        removed=cleaned.removed,
    )


def _body(doc: Document) -> tuple[str, str]:
    """("text" | "html", the decoded body)."""
    if doc.media_type == "application/json":
        from onrecord.ingest.jsonl import body_of

        text, kind = body_of(doc)
        return kind, text
    text, _encoding = decode(doc.raw)
    return ("html" if doc.media_type == "text/html" else "text"), text
