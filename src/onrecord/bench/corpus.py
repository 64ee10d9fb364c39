"""A deterministic synthetic news corpus, recombined from a seed corpus.

Pieces are harvested from the seed articles by the cleaner itself: prose paragraphs, quote
paragraphs, headlines, and the junk it removed (error headers, disclaimers, field lines...).
`build_corpus` then composes new articles from them with a seeded RNG: a header, a headline,
paragraphs in a new order, near-copies of paragraphs (re-worded quote marks, a dropped
sentence), repeated paragraphs, sometimes the whole article twice, and footer junk. The same
seed corpus, size and seed give byte-identical documents, so runs compare.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.records import Document

_RETRIEVED = "2026-01-01T00:00:00+00:00"
_HEADERS = [
    "ID :\n{n}\n{weekday}, {mm:02d}/{dd:02d}/{yyyy} - 10:{mm:02d}\nAuther :",
    "404\nSorry!!\nError! We're sorry, but the page you were looking for doesn't exist.",
    "Source: {agency} | {yyyy}-{mm:02d}-{dd:02d} 08:{dd:02d}:11 | Editor: desk",
    "Published: {mon} {dd}, {yyyy} 11:{mm:02d} AM",
    " date {yyyy}-{mm:02d}-{dd:02d}",
]
_FOOTERS = [
    "Read more",
    "Comments\nNo comment",
    "Leave a Comment",
    "Back to Top Close",
    "Most Viewed\n\nHarbour ferry fares to rise in spring\n\nCity marathon route announced",
    "{digits}",
]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_QUOTE_STYLES = [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’")]


@dataclass(slots=True)
class Pieces:
    """What a seed corpus is made of, sorted by kind."""

    titles: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # paragraphs with quotation marks
    junk: list[str] = field(default_factory=list)  # text the cleaner removed
    agencies: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.prose) + len(self.quotes)


def harvest(seed_dir: str | Path) -> Pieces:
    """Cut the seed corpus into pieces with the cleaner (files that fail to clean are skipped)."""
    from onrecord.clean import clean_document
    from onrecord.clean.blocks import has_quote
    from onrecord.config import Config
    from onrecord.ingest import iter_documents

    config = Config(languages=())
    pieces = Pieces()
    for doc in iter_documents([str(seed_dir)], config):
        if not isinstance(doc, Document):
            continue
        article = clean_document(doc, config)
        if not hasattr(article, "text"):
            continue
        if article.title:
            pieces.titles.append(article.title)
        if article.dateline and article.dateline.agency:
            pieces.agencies.append(article.dateline.agency)
        for start, end in article.paragraphs:
            paragraph = article.text[start:end]
            if paragraph == article.title:
                continue
            (pieces.quotes if has_quote(paragraph) else pieces.prose).append(paragraph)
        pieces.junk.extend(r.text for r in article.removed if len(r.text) < 600 and r.reason != "repeated paragraph")
    for name in ("titles", "prose", "quotes", "junk", "agencies"):
        setattr(pieces, name, sorted(set(getattr(pieces, name))))
    if not pieces.prose and not pieces.quotes:
        raise ValueError(f"no article text found in {seed_dir}")
    pieces.titles = pieces.titles or ["Ministers meet again"]
    pieces.agencies = pieces.agencies or ["Wire"]
    return pieces


def build_corpus(seed_dir: str | Path, articles: int, seed: int = 0, html_share: float = 0.2) -> Iterator[Document]:
    """`articles` documents composed from the seed corpus; deterministic in (seed corpus, articles, seed)."""
    pieces = harvest(seed_dir)
    rng = random.Random(seed)
    for n in range(articles):
        as_html = rng.random() < html_share
        title, paragraphs, header, footer = compose(pieces, rng, n)
        if as_html:
            raw = to_html(title, paragraphs, footer).encode()
            yield Document.from_bytes(raw, f"bench:{seed}/{n}.html", "text/html", _RETRIEVED)
        else:
            text = "\n\n".join(p for p in [header, title, *paragraphs, footer] if p)
            yield Document.from_bytes(text.encode(), f"bench:{seed}/{n}.txt", "text/plain", _RETRIEVED)


def compose(pieces: Pieces, rng: random.Random, n: int) -> tuple[str, list[str], str, str]:
    """One article: (headline, paragraphs, header junk, footer junk)."""
    fill = {
        "n": 100000 + n,
        "yyyy": rng.randint(2012, 2025),
        "mm": rng.randint(1, 12),
        "dd": rng.randint(1, 28),
        "agency": rng.choice(pieces.agencies),
        "digits": "".join(rng.choice("0123456789") for _ in range(rng.randint(20, 44))),
    }
    fill["mon"] = _MONTHS[fill["mm"] - 1]
    fill["weekday"] = _WEEKDAYS[(fill["dd"] + fill["mm"]) % 7]
    header = rng.choice(_HEADERS).format(**fill) if rng.random() < 0.6 else ""
    footer = rng.choice(_FOOTERS).format(**fill) if rng.random() < 0.6 else ""
    if pieces.junk and rng.random() < 0.3:
        footer = "\n\n".join(filter(None, [footer, rng.choice(pieces.junk)]))
    pool = pieces.prose + pieces.quotes
    body = [rng.choice(pool) for _ in range(rng.randint(4, 12))]
    body = [near_copy(p, rng) if rng.random() < 0.25 else p for p in body]
    if rng.random() < 0.3:  # a pasted repeat of a few paragraphs
        start = rng.randrange(len(body))
        body += body[start : start + rng.randint(1, 4)]
    title = rng.choice(pieces.titles)
    if rng.random() < 0.1:  # the whole article twice, the copy with its own header line
        body = body + ["Back to Top Close", title, *body]
    return title, body, header, footer


def near_copy(paragraph: str, rng: random.Random) -> str:
    """The same paragraph as another outlet prints it: other quote marks, or a sentence dropped."""
    if rng.random() < 0.5:
        opening, closing = rng.choice(_QUOTE_STYLES)
        out, open_next = [], True
        for ch in paragraph:
            if ch in '"“”«»„':
                out.append(opening if open_next else closing)
                open_next = not open_next
            else:
                out.append(ch)
        return "".join(out)
    sentences = paragraph.split(". ")
    if len(sentences) > 1:
        del sentences[rng.randrange(len(sentences))]
    return ". ".join(sentences)


def to_html(title: str, paragraphs: list[str], footer: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    foot = "".join(f"<p>{html.escape(line)}</p>" for line in footer.splitlines() if line.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        f"<aside>{foot}</aside><footer><p>All rights reserved.</p></footer></body></html>"
    )
