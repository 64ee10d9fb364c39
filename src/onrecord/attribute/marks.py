"""Finding the spans of text enclosed in quotation marks.

Quote marks in scraped news are a mess: straight and curly marks mixed in one quote,
apostrophes that look like single quotes (don't, Russia's, '90s, the countries' ...),
German „…“ and French «…» styles, quotes nested in quotes, multi-paragraph quotes
whose opening mark is repeated on each paragraph while only the last one closes, and
stray marks left by the scraper. Marks are classified as opening or closing from the
characters around them and matched with a stack per paragraph; only the outermost
pair is a quotation (inner pairs are words the speaker was quoting). A paragraph that
ends with an unclosed mark either continues into the next paragraph (which then opens
with a mark) or had a stray mark, which is ignored so the rest of the paragraph is
still read correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE, SINGLE, GUILLEMET = "double", "single", "guillemet"
_FAMILY = {'"': DOUBLE, "“": DOUBLE, "”": DOUBLE, "„": DOUBLE, "'": SINGLE, "‘": SINGLE, "’": SINGLE}
_FAMILY.update({"«": GUILLEMET, "»": GUILLEMET, "‹": SINGLE, "›": SINGLE})
MARKS = frozenset(_FAMILY)
_OPENING_CONTEXT = set("([{—–-/:;") | MARKS
_CLOSING_CONTEXT = set(".,;:!?)]}—–-…") | MARKS
_TRUNCATED_END = re.compile(r"(?:\[\s*…\s*\]|\[\s*\.\.\.\s*\]|…|\.\.\.)\s*$")
_DECADE = re.compile(r"\d\d?s?\b")


@dataclass(slots=True)
class QuoteSpan:
    start: int  # quoted words, marks excluded
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # None for the non-final paragraphs of a multi-paragraph quote
    paragraph: int  # index into the paragraph list
    chain: int | None = None  # shared by the paragraphs of one multi-paragraph quote
    complete: bool = True  # False when the closing mark was never found


@dataclass(slots=True)
class _Open:
    pos: int
    char: str
    family: str


def _is_space(c: str) -> bool:
    return c == "" or c.isspace()


def _role(text: str, i: int, stack: list[_Open], lo: int, hi: int) -> str | None:
    """'open', 'close' or None (an apostrophe, an inch mark, or noise)."""
    c = text[i]
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    fam = _FAMILY[c]
    has_open = any(o.family == fam for o in stack)
    opens_ok = _is_space(prev) or prev in _OPENING_CONTEXT
    closes_ok = _is_space(nxt) or nxt in _CLOSING_CONTEXT
    if c in "“„«‹":
        if c == "“" and stack and stack[-1].char == "„":
            return "close"  # German „…“
        if c == "“" and has_open and not opens_ok and closes_ok:
            return "close"  # “…“ typed with one key
        return "open"
    if c in "”»›":
        if has_open:
            return "close"
        if opens_ok and not _is_space(nxt):
            return "open"  # ”…” typed with one key
        return None
    if c == "‘":
        if prev.isalnum() and nxt.isalnum():
            return None
        if _DECADE.match(text, i + 1) and not has_open:
            return None  # ‘90s
        return "open"
    if c == "’":
        if prev.isalnum() and nxt.isalnum():
            return None  # don’t, Russia’s
        if has_open and closes_ok and not _looks_possessive(text, i, hi):
            return "close"
        if not has_open and opens_ok and nxt.isalpha():
            return "open"
        return None
    if c == "'":
        if prev.isalnum() and nxt.isalnum():
            return None
        if opens_ok and not _is_space(nxt):
            if _DECADE.match(text, i + 1):
                return None  # '90s
            return "open"
        if has_open and not _is_space(prev) and closes_ok and not _looks_possessive(text, i, hi):
            return "close"
        return None  # Jones' car, a stray mark
    # straight double quote
    if prev.isdigit() and not has_open:
        return None  # 12" (inches)
    if opens_ok and not closes_ok:
        return "open"
    if closes_ok and not opens_ok:
        return "close" if has_open else None
    return "close" if has_open else "open"


def _looks_possessive(text: str, i: int, hi: int) -> bool:
    """`the members’ votes`: a plural possessive, when a later mark can close the quote."""
    if i == 0 or text[i - 1] not in "sS":
        return False
    m = re.match(r" [a-z]", text[i + 1 : i + 3])
    if not m:
        return False
    rest = text[i + 1 : hi]
    return bool(re.search(r"[^\s]['’](?=[\s.,;:!?]|$)", rest))


def _scan(
    text: str, lo: int, hi: int, ignore: set[int], stack: list[_Open]
) -> tuple[list[tuple[int, int]], list[_Open]]:
    """Outermost (open, close) mark pairs in text[lo:hi], and what is still open at the end."""
    pairs: list[tuple[int, int]] = []
    for i in range(lo, hi):
        c = text[i]
        if c not in MARKS or i in ignore:
            continue
        role = _role(text, i, stack, lo, hi)
        if role == "open":
            stack.append(_Open(i, c, _FAMILY[c]))
        elif role == "close":
            fam = _FAMILY[c]
            if c == "“":
                fam = DOUBLE
            for k in range(len(stack) - 1, -1, -1):
                if stack[k].family == fam:
                    if k == 0:
                        pairs.append((stack[0].pos, i))
                    del stack[k:]
                    break
    return pairs, stack


def _opens_paragraph(text: str, lo: int, hi: int, family: str) -> int | None:
    i = lo
    while i < hi and text[i].isspace():
        i += 1
    if i < hi and text[i] in MARKS and _FAMILY[text[i]] == family and _role(text, i, [], lo, hi) == "open":
        return i
    return None


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _is_tail(text: str, paragraphs: list[tuple[int, int]], after: int) -> bool:
    """Nothing but short scraps (buttons, 'Read more') follows paragraph `after`."""
    return all(e - s < 60 for s, e in paragraphs[after + 1 :])


MAX_STRAY_MARKS = 32  # stray marks dropped, one re-reading each, before a paragraph is taken as it is


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """The outermost quotations of the text, one span per paragraph of a multi-paragraph quote."""
    out: list[QuoteSpan] = []
    chain: list[QuoteSpan] = []  # segments of a multi-paragraph quote still open
    family = ""
    chain_id = 0
    for pi, (lo, hi) in enumerate(paragraphs):
        nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
        chain_open = _opens_paragraph(text, lo, hi, family) if chain else None
        if chain and chain_open is None:
            out.extend(_close_chain(text, chain, paragraphs, pi - 1))
            chain = []
        ignore: set[int] = set()
        while True:
            stack = [_Open(chain_open, text[chain_open], family)] if chain_open is not None else []
            pairs, left = _scan(text, lo, hi, ignore | ({chain_open} if chain_open is not None else set()), stack)
            if not left or left[0].pos == chain_open:
                break
            if nxt is not None and _opens_paragraph(text, nxt[0], nxt[1], left[0].family) is not None:
                break
            if len(ignore) >= MAX_STRAY_MARKS:
                break  # a wall of marks, not prose: each re-reading would cost the whole paragraph again
            ignore.add(left[0].pos)  # a stray mark: read the paragraph again without it
        if chain_open is not None:
            if pairs and pairs[0][0] == chain_open:
                o, c = pairs.pop(0)
                s, e = _content(text, o + 1, c)
                chain.append(QuoteSpan(s, e, o, c, pi, chain[0].chain))
                out.extend(chain)
                chain = []
            else:  # open through the whole paragraph
                s, e = _content(text, chain_open + 1, hi)
                chain.append(QuoteSpan(s, e, chain_open, None, pi, chain[0].chain, complete=False))
                if nxt is None or _opens_paragraph(text, nxt[0], nxt[1], family) is None:
                    out.extend(_close_chain(text, chain, paragraphs, pi))
                    chain = []
                continue
        for o, c in pairs:
            s, e = _content(text, o + 1, c)
            out.append(QuoteSpan(s, e, o, c, pi))
        if left:
            chain_id += 1
            family = left[0].family
            s, e = _content(text, left[0].pos + 1, hi)
            chain = [QuoteSpan(s, e, left[0].pos, None, pi, chain_id, complete=False)]
    if chain:
        out.extend(_close_chain(text, chain, paragraphs, len(paragraphs) - 1))
    out.sort(key=lambda q: q.start)
    return [q for q in out if q.end > q.start]


def _close_chain(text: str, chain: list[QuoteSpan], paragraphs: list[tuple[int, int]], last: int) -> list[QuoteSpan]:
    """A multi-paragraph quote whose closing mark never came.

    At the end of the text it was cut off (not a quotation we can vouch for); before
    more narrative, the writer dropped the final mark, and each paragraph stands.
    """
    if len(chain) < 2 or _is_tail(text, paragraphs, last):
        return []
    tail = chain[-1]
    if _TRUNCATED_END.search(text[tail.start : tail.end]):
        return []
    for q in chain:
        q.complete = False
    return chain
