"""When the words were said: `said_on` for each quote, from the article's own evidence.

A reader works out the day from the words around the quote ("said Monday", "on Nov. 7",
"yesterday"), read against the day the article was published, or from the dateline
("MOSCOW, Jan. 16 (Xinhua) --") when the sentence says nothing else. Vague spans
("last week", "recently") make the day unknown, and unknown is never filled by a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from onrecord.records import Article, DateEvidence, Quote

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?:19|20)\d\d)?"
# "Nov. 7", "November 7, 2025", "7 November", "7th of November 2025", "2019-01-14"
EXPLICIT = re.compile(
    rf"\b(?:{_MONTHS}\s+{_DAY}\b{_YEAR}|{_DAY}\s+(?:of\s+)?{_MONTHS}{_YEAR}\b|(?:19|20)\d\d-[01]\d-[0-3]\d)",
    re.IGNORECASE,
)
WEEKDAY = re.compile(
    r"\b(?:(?:earlier|late|early)\s+(?:on\s+)?|on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b",
    re.IGNORECASE,
)
RELATIVE = re.compile(
    r"\b(yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+(?:today|in\s+the\s+day)"
    r"|on\s+the\s+same\s+day)\b",
    re.IGNORECASE,
)
# Spans that name no single day: their presence means "unknown", not "fall back to the dateline".
VAGUE = re.compile(
    r"\b(?:last|past|previous|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|weekend)\b"
    r"|\b(?:recently|days\s+ago|weeks\s+ago|months\s+ago|in\s+recent\s+(?:days|weeks|months))\b"
    r"|\b(?:a\s+few|several|two|three)\s+days\s+(?:ago|earlier|before)\b",
    re.IGNORECASE,
)
DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'\-]{{1,40}},\s*(?:[A-Z][A-Za-z .'\-]{{1,30}},\s*)?(?P<date>{_MONTHS}\s+{_DAY}{_YEAR})"
    r"\s*(?:\.|\(|/|,|-|–|—)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'A-Z(])")


def date_quotes(article: Article, quotes: list[Quote]) -> None:
    """Fill `said_on` where the article lets a reader work it out; leave it unknown otherwise."""
    published = _iso(article.published.value) if article.published else None
    reading = DayReading(article, quotes, published)
    for quote in quotes:
        if quote.said_on is None:
            quote.said_on = reading.said_on(quote)


@dataclass(slots=True)
class Anchor:
    """A day expression in the narrative (never inside quotation marks)."""

    start: int
    words: str
    day: date | None  # None: the words name no single day ("last week")

    @property
    def vague(self) -> bool:
        return self.day is None


class DayReading:
    """The day expressions of one article, read once, consulted for each of its quotes."""

    def __init__(self, article: Article, quotes: list[Quote], published: date | None):
        self.text = article.text
        self.published = published
        self.dateline = dateline_date(article, published)
        masked = _mask_quoted(article.text, quotes)
        self.sentences = _sentences(masked)
        self.paragraphs = article.paragraphs or _lines(article.text)
        self.anchors = [a for s, e in self.sentences for a in _anchors(masked, s, e, published, article.text)]

    def said_on(self, quote: Quote) -> DateEvidence | None:
        # 1. the sentence the quote stands in (its attribution: "said Monday", "on Nov. 7")
        lo, hi = self._sentence_span(quote.start, quote.end)
        local = [a for a in self.anchors if lo <= a.start < hi]
        if local:
            best = min(local, key=lambda a: min(abs(a.start - quote.start), abs(a.start - quote.end)))
            return self._evidence(best)
        # 2. an earlier sentence of the same paragraph: 'X said on Monday ... "Y," he added.'
        p_lo = self._paragraph_start(quote.start)
        earlier = [a for a in self.anchors if p_lo <= a.start < lo]
        if earlier:
            return self._evidence(earlier[-1])
        # 3. the same speaker dated elsewhere in the article ("Wen Jiabao said Monday ..." in the lead)
        speaker_anchor = self._speaker_anchor(quote)
        if speaker_anchor is not None:
            return self._evidence(speaker_anchor)
        # 4. the dateline: the day the report was filed from where it was said
        if self.dateline is not None:
            return self.dateline
        # 5. the latest day the narrative set before the quote, if it is a day of this news
        before = [a for a in self.anchors if a.start < quote.start and not a.vague and self._recent(a.day)]
        if before:
            return self._evidence(before[-1])
        return None

    def _evidence(self, anchor: Anchor) -> DateEvidence | None:
        if anchor.day is None:
            return None
        base = f" (published {self.published.isoformat()})" if self.published else ""
        return DateEvidence(anchor.day.isoformat(), f'"{anchor.words.strip()}"{base}')

    def _speaker_anchor(self, quote: Quote) -> Anchor | None:
        names = [quote.speaker or "", quote.speaker_mention.text if quote.speaker_mention else ""]
        keys = {n.split()[-1] for n in names if n and n.split() and n.split()[-1][:1].isupper()}
        keys = {k.strip(".,;:'’") for k in keys if len(k) > 2}
        if not keys:
            return None
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(keys)) + r")\b")
        for s, e in self.sentences:
            if not pattern.search(self.text, s, e):
                continue
            for a in self.anchors:
                if s <= a.start < e and not a.vague and self._recent(a.day):
                    return a
        return None

    def _recent(self, day: date | None) -> bool:
        # A day far from publication is background ("On November 14, 2018, ... met"), not this news.
        if day is None or self.published is None:
            return day is not None
        return -1 <= (self.published - day).days <= RECENT_DAYS

    def _sentence_span(self, start: int, end: int) -> tuple[int, int]:
        lo, hi = start, end
        for s, e in self.sentences:
            if s < end and e > start:
                lo, hi = min(lo, s), max(hi, e)
        return lo, hi

    def _paragraph_start(self, pos: int) -> int:
        for s, e in self.paragraphs:
            if s <= pos < e:
                return s
        return self.text.rfind("\n", 0, pos) + 1


RECENT_DAYS = 7
MIN_SENTENCE_WORDS = 5


def _anchors(masked: str, lo: int, hi: int, published: date | None, text: str) -> list[Anchor]:
    found: list[Anchor] = []
    taken: list[tuple[int, int]] = []
    chunk = masked[lo:hi]
    if len(re.findall(r"[A-Za-z]{2,}", text[lo:hi])) < MIN_SENTENCE_WORDS:
        return []  # a bare stamp ("July 13, 2022 02:55 pm", "date 2021-09-17") dates the page, not the words
    for kind, pattern in (("vague", VAGUE), ("explicit", EXPLICIT), ("relative", RELATIVE), ("weekday", WEEKDAY)):
        for m in pattern.finditer(chunk):
            s, e = lo + m.start(), lo + m.end()
            if any(s < te and e > ts for ts, te in taken):
                continue
            taken.append((s, e))
            day = None if kind == "vague" else _resolve(kind, m.group(0), published)
            if kind != "vague" and day is None:
                continue
            found.append(Anchor(s, m.group(0), day))
    return sorted(found, key=lambda a: a.start)


_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»")


def _mask_quoted(text: str, quotes: list[Quote]) -> str:
    """The text with quoted words blanked out, offsets unchanged: "Today" in a quote is the speaker's."""
    chars = list(text)
    spans = [(q.start, q.end) for q in quotes] + [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _sentences(masked: str) -> list[tuple[int, int]]:
    out = []
    for s, e in _lines(masked):
        pos = s
        for m in _SENTENCE_END.finditer(masked, s, e):
            out.append((pos, m.start() + 1))
            pos = m.end()
        out.append((pos, e))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def dateline_date(article: Article, published: date | None) -> DateEvidence | None:
    """The dateline's day ("MOSCOW, Jan. 16 (Xinhua) --"), read in the year of publication."""
    candidates = []
    if article.dateline is not None:
        candidates += [article.dateline.date_text or "", article.dateline.text or ""]
    candidates += [article.text[s:e] for s, e in (article.paragraphs or [])[:6]]
    if not article.paragraphs:
        candidates += article.text.split("\n")[:12]
    for candidate in candidates:
        m = DATELINE.match(candidate) or (EXPLICIT.fullmatch(candidate.strip()) if candidate else None)
        if not m:
            continue
        words = m.group("date") if "date" in (m.re.groupindex or {}) else m.group(0)
        day = _explicit_day(words, published)
        if day is not None:
            return DateEvidence(day.isoformat(), f'dateline "{candidate.strip()[:60]}"')
    return None


def _resolve(kind: str, words: str, published: date | None) -> date | None:
    try:
        return _resolve_day(kind, words, published)
    except OverflowError:  # a day before 0001-01-01 or after 9999-12-31 is no day at all: unknown
        return None


def _resolve_day(kind: str, words: str, published: date | None) -> date | None:
    if kind == "explicit":
        return _explicit_day(words, published)
    if published is None:
        return None  # a weekday or "yesterday" means nothing without the day it was written
    if kind == "weekday":
        # Done by hand rather than with dateparser: news usage is "the most recent such day on or
        # before publication" (an article of Monday saying "said Monday" means that very day),
        # while dateparser's past preference moves a same-named day back a week.
        # The day after publication is allowed too: a report dated Friday in London can tell of
        # "Saturday" in Canberra, a few hours later by the clock but a day ahead by the calendar.
        wanted = WEEKDAYS.index(WEEKDAY.search(words).group(1).lower())
        back = (published.weekday() - wanted) % 7
        return published + timedelta(days=1) if back == 6 else published - timedelta(days=back)
    lowered = words.lower()
    if lowered.startswith("yesterday"):
        return published - timedelta(days=1)
    return published


def _explicit_day(words: str, published: date | None) -> date | None:
    """An explicit day, read with dateparser relative to publication (a missing year = the latest such day)."""
    has_year = re.search(r"(?:19|20)\d\d", words) is not None
    if not has_year and published is None:
        return None  # "Jan. 16" of which year: unknown
    parsed = _dateparser_parse(words.strip(" ,."), published.isoformat() if published else None)
    if parsed is None:
        return None
    if not has_year and published is not None and parsed > published:
        try:
            parsed = parsed.replace(year=parsed.year - 1)
        except ValueError:
            return None
    return parsed


@lru_cache(maxsize=4096)
def _dateparser_parse(words: str, base: str | None) -> date | None:
    import warnings
    from datetime import datetime

    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "MDY"}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(words, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
