"""Words in quotation marks that nobody said: names, titles, labels and scare quotes.

`a programme called "Green Roads"`, `the so-called "smart border"`, `the "Belt and
Road Initiative"`, `a ‘border war’ threat`. A short fragment with no reporting clause
anywhere around it is a scare quote too; that test needs the attribution, so it is
made where both are known (`is_scare_quote`).
"""

from __future__ import annotations

import re

from onrecord.analyse import Paragraph
from onrecord.attribute.cues import LABEL_WORDS
from onrecord.attribute.marks import QuoteSpan

# Nouns that say when, not what: `said it was "good for both sides" today`.
_WHEN = frozenset("today tonight yesterday tomorrow morning afternoon evening night week month year".split())
SCARE_QUOTE_WORDS = 3  # a quoted fragment this short with no reporting clause is a scare quote


def is_scare_quote(text: str, q: QuoteSpan, reported: bool) -> bool:
    """Nobody is reported as saying it, and it is short or it is a Title Case name of a work."""
    if reported:
        return False
    words = text[q.start : q.end].split()
    return len(words) <= SCARE_QUOTE_WORDS or (len(words) <= 8 and _title_case(words))


def _title_case(words: list[str]) -> bool:
    if re.search(r"[,.!?;:]$", words[-1]):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


_SMALL_WORDS = frozenset("of and the for in on to a an at by with or from".split())


def labelled(text: str, q: QuoteSpan, para: Paragraph) -> bool:
    """A name, title or label in quotation marks rather than words someone said."""
    content = text[q.start : q.end]
    words = content.split()
    prefix = text[max(0, q.open_mark - 40) : q.open_mark].lower().split()
    if prefix and prefix[-1].strip(",:") in LABEL_WORDS and len(words) <= 6:
        return True
    terminal = re.search(r"[,.!?;:]$", content)
    # the "Belt and Road Initiative": a short Title Case name after a determiner or possessive
    if (
        prefix
        and (prefix[-1] in ("the", "a", "an", "its", "his", "her", "their", "our") or prefix[-1].endswith(("'s", "’s")))
        and 2 <= len(words) <= 6
        and not terminal
        and _title_case(words)
    ):
        return True
    close = q.close_mark if q.close_mark is not None else q.end
    if len(words) <= 3 and not terminal and re.match(r" [a-z]", text[close + 1 : close + 3]):
        doc = para.doc
        inside = [t for t in doc if q.start <= para.start + t.idx < q.end]
        following = [t for t in doc if para.start + t.idx == close + 2]
        if (
            inside
            and following
            and following[0].pos_ == "NOUN"
            and following[0].lower_ not in _WHEN
            and inside[-1].pos_ in ("NOUN", "ADJ", "PROPN")
        ):
            return True  # the ‘civil war’ threat
    return False
