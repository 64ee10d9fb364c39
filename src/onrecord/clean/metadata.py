"""Title, outlet, byline and publication date, each from where a page states it.

The publication date is the article's own: it comes from a structured field, a header or
credit line ("Published: Jul 13, 2016 12:41 AM", "Source: Xinhua | 2019-01-17 00:01:48"), a
date written before the headline ("date 2025-12-29"), or the URL ("/2019/08/27/"). Sentences of
the story are never read for it: "On November 14, 2018, ..." is news, not a publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from onrecord.clean.blocks import Block, is_body, is_sentence, words
from onrecord.clean.dates import TIME, FoundDate, date_in_url, find_dates
from onrecord.records import DateEvidence

_I = re.IGNORECASE
_DATE_LABEL = re.compile(
    r"\b(?:published|updated|last updated|posted|modified|created|date|on|at|ist|gmt|utc|am|pm|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    _I,
)
_DATE_PREFIX = re.compile(r"^(?:date|published|posted|updated)\s*:?\s*(?=\d)", _I)
_SOURCE = re.compile(r"^source\s*:\s*(?P<name>[^|\d:]{2,60}?)\s*(?:\||\d|$)", _I)
_BYLINE = re.compile(r"^by\s*:?\s+(?P<name>[^|]{2,80}?)\s*(?:\||$)", _I)
_EDITOR = re.compile(r"\beditor\s*:", _I)
_BULLETS = "•·*-–—>| \t\xa0"
_AGGREGATOR = re.compile(
    r"(?i:denial of responsibility)!?\s*(?P<name>[A-Z][\w .&'-]{1,40}?) is an automatic aggregator"
)
_SPACED_TIME = re.compile(r"\s*" + TIME.pattern, _I)
_FOLLOWING_TIME = re.compile(r"[\s,|/–-]*" + TIME.pattern, _I)
_SHOUTING = re.compile(r"^[^a-z]*$")


@dataclass(slots=True)
class HeaderFacts:
    """What header and credit lines said about the article."""

    dates: list[DateEvidence] = field(default_factory=list)
    date_only_lines: int = 0
    outlet: str | None = None
    byline: str | None = None


def strip_date_prefix(blocks: list[Block], facts: HeaderFacts) -> None:
    """ "date 2025-12-29 Headline ..." — the date belongs to the page, the rest is the headline."""
    first = next((b for b in blocks if b.kept), None)
    if first is None:
        return
    m = _DATE_PREFIX.match(first.text)
    if not m:
        return
    found = find_dates(first.text[m.end() : m.end() + 40])
    if not found or found[0].start != 0:
        return
    end = m.end() + found[0].end
    time = _SPACED_TIME.match(first.text, end)
    if time:
        end = time.end()
    facts.dates.append(DateEvidence(found[0].iso, f'text "{first.text[:end].strip()}"'))
    if end >= len(first.text):
        first.remove("date line")
    else:
        first.cut_prefix(end, "date prefix")


def read_header_lines(blocks: list[Block], facts: HeaderFacts) -> None:
    """Date, source and byline lines: their facts are kept as metadata and the lines leave the text."""
    in_header = True
    for block in blocks:
        if block.kept and is_body(block.text) and is_sentence(block.text) and not _is_meta_line(block.text):
            in_header = False
        if not block.kept:
            continue
        text = block.text.lstrip(_BULLETS)
        dates = find_dates(text)
        if dates and _is_date_line(text, dates):
            facts.date_only_lines += 1
            if in_header:
                facts.dates.append(DateEvidence(dates[0].iso, f'text "{_evidence(text, dates[0])}"'))
            block.remove("date line")
            continue
        source = _SOURCE.match(text)
        if source and len(words(text)) <= 16:
            if in_header:
                facts.outlet = facts.outlet or source.group("name").strip(" ,|")
                if dates:
                    facts.dates.append(DateEvidence(dates[0].iso, f'text "{_evidence(text, dates[0])}"'))
            block.remove("source line")
            continue
        byline = _BYLINE.match(text)
        if byline and in_header and len(words(text)) <= 16 and not text.rstrip().endswith("."):
            facts.byline = facts.byline or byline.group("name").strip(" ,")
            if dates:
                facts.dates.append(DateEvidence(dates[0].iso, f'text "{_evidence(text, dates[0])}"'))
            block.remove("byline")
            continue
        if in_header and _EDITOR.search(text) and dates and len(words(text)) <= 16:
            facts.dates.append(DateEvidence(dates[0].iso, f'text "{_evidence(text, dates[0])}"'))
            block.remove("date line")


def _is_meta_line(text: str) -> bool:
    return bool(_SOURCE.match(text) or _BYLINE.match(text))


def _is_date_line(text: str, dates: list[FoundDate]) -> bool:
    """Nothing but dates, times and their labels ("Published: Jul 13, 2016 12:41 AM")."""
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = TIME.sub(" ", rest)
    rest = _DATE_LABEL.sub(" ", rest)
    return len(words(rest)) <= 1 and len(words(text)) <= 14


def _evidence(text: str, found: FoundDate) -> str:
    """The line up to the date and the time that follows it: the words the date came from."""
    end = found.end
    m = _FOLLOWING_TIME.match(text, end)
    if m:
        end = m.end()
    return " ".join(text[:end].split())


def published_date(
    facts: HeaderFacts, url: str | None, hint: str | None, html_date: DateEvidence | None
) -> DateEvidence | None:
    """The first of: a structured field, a header line, the URL, the HTML page's metadata."""
    if hint:
        found = find_dates(hint)
        if found:
            return DateEvidence(found[0].iso, 'JSONL field "published"')
    # A page listing many dated items has no single date of its own.
    if facts.dates and facts.date_only_lines < 3:
        return facts.dates[0]
    in_url = date_in_url(url)
    if in_url:
        return DateEvidence(in_url[0].isoformat(), f"URL {in_url[1]}")
    return html_date


def pick_title(blocks: list[Block]) -> Block | None:
    """The first headline-like line before the prose starts."""
    for block in blocks:
        if not block.kept:
            continue
        text = block.text
        if is_body(text) and is_sentence(text):
            return None
        n = len(words(text))
        if 3 <= n <= 30 and not text.rstrip().endswith(".") and not _SHOUTING.match(text):
            if "   " not in text:
                return block
    return None


def outlet_from_text(text: str) -> str | None:
    """An aggregator names itself in its notice ("Denial of responsibility! X is an automatic aggregator")."""
    m = _AGGREGATOR.search(text)
    return m.group("name").strip() if m else None
