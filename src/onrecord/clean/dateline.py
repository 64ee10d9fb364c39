"""The dateline that opens a wire story: place, date and agency as written.

"MOSCOW, January 14. /TASS/.", "MOSCOW, Jan. 16 (Xinhua) --", "Muscat,(ST)-", "(MENAFN)",
"BEIJING, Sept. 11 --". The dateline stays in the article text (the sentence after it must
stay exactly as printed); it is recorded beside the text.
"""

from __future__ import annotations

import re

from onrecord.clean.blocks import Block
from onrecord.clean.dates import MONTH
from onrecord.records import Dateline

_PLACE = r"[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,3}"
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}"
_DATE = rf"(?i:{MONTH})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?"
_AGENCY = r"[A-Z][A-Za-z&.\-]*(?:\s+[A-Za-z&.\-]+){0,3}"
_DASH = r"(?:--|—|–|-|:)"

_FORMS = [
    # MOSCOW, January 14. /TASS/.
    re.compile(rf"^(?P<place>{_PLACE}),\s*(?P<date>{_DATE})\.?\s*/(?P<agency>{_AGENCY})/\.?(?=\s)"),
    # MOSCOW, Jan. 16 (Xinhua) --   |   Muscat,(ST)-   |   WASHINGTON (Reuters) -
    re.compile(
        rf"^(?P<place>{_PLACE}(?:,\s*{_PLACE})?)\s*,?\s*(?:(?P<date>{_DATE})\s*)?\((?P<agency>{_AGENCY})\)\s*{_DASH}(?=\s)",
    ),
    # (MENAFN) Russia has ...
    re.compile(rf"^\((?P<agency>{_AGENCY})\)(?=\s)"),
    # BEIJING, Sept. 11 --   |   NEW DELHI —
    re.compile(rf"^(?P<place>{_CAPS_PLACE})\s*,?\s*(?:(?P<date>{_DATE})\s*)?{_DASH}(?=\s)"),
]


def find_dateline(blocks: list[Block], look_at: int = 4) -> Dateline | None:
    """A dateline at the start of one of the first few kept paragraphs."""
    kept = [b for b in blocks if b.kept][:look_at]
    for block in kept:
        dateline = parse_dateline(block.text)
        if dateline:
            return dateline
    return None


def parse_dateline(text: str) -> Dateline | None:
    for form in _FORMS:
        m = form.match(text)
        if not m:
            continue
        groups = m.groupdict()
        place = (groups.get("place") or "").strip() or None
        if place and form is _FORMS[1] and not _looks_like_place(place):
            continue
        return Dateline(
            place=place,
            agency=(groups.get("agency") or "").strip() or None,
            date_text=(groups.get("date") or "").strip() or None,
            text=m.group(0).strip(),
        )
    return None


def _looks_like_place(place: str) -> bool:
    # "President Lee (centre) -" is a caption, not a dateline: a place is a name of at most three words.
    return len(place.replace(",", " ").split()) <= 4
