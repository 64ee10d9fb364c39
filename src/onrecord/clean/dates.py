"""Calendar dates as news pages write them: "2019-01-17", "01/15/2019", "Jul 13, 2016", "13.03.2023".

Only full dates (day, month and year) count: "January 14" alone names no year and is left to
the dateline. Parsing is by pattern, not by a general date parser, so that "Monday" or
"2001" in a headline never becomes a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")),
    ("slash", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])")),
    ("dots", re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.])")),
    (
        "mdy",
        re.compile(
            rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
]
TIME = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s*(?:ist|gmt|utc|est|edt|bst|cet|cest|msk|jst|pst|pdt))?\b",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    text: str

    @property
    def iso(self) -> str:
        return self.value.isoformat()


def find_dates(text: str) -> list[FoundDate]:
    """Every full calendar date in `text`, in order of position, overlaps resolved by first match."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _to_date(kind, m)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(FoundDate(value, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda f: f.start)
    return found


def _to_date(kind: str, m: re.Match) -> date | None:
    try:
        year = int(m.group("y"))
        if kind == "slash":
            a, b = int(m.group("a")), int(m.group("b"))
            # month/day/year unless the first number cannot be a month
            month, day = (b, a) if a > 12 else (a, b)
        elif kind in ("mdy", "dmy"):
            month, day = MONTHS[m.group("mon")[:3].lower()], int(m.group("d"))
        else:
            month, day = int(m.group("m")), int(m.group("d"))
        value = date(year, month, day)
    except (ValueError, KeyError):
        return None
    if not 1900 <= value.year <= date.today().year + 1:
        return None
    return value


_URL_PATTERNS = [
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)"),
    re.compile(rf"/(?P<y>(?:19|20)\d\d)/(?P<mon>{MONTH})/(?P<d>\d{{1,2}})(?:/|$)", re.IGNORECASE),
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?=[/_.-]|$)"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?=[/_.-]|$)"),
]


def date_in_url(url: str | None) -> tuple[date, str] | None:
    """A publication date written into a URL path ("/2019/08/27/", "-20190827-"), with the matched part."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE).split("?")[0].split("#")[0]
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(path):
            try:
                month = MONTHS[m.group("mon")[:3].lower()] if "mon" in m.groupdict() else int(m.group("m"))
                value = date(int(m.group("y")), month, int(m.group("d")))
            except (ValueError, KeyError):
                continue
            if 1990 <= value.year <= date.today().year + 1:
                return value, m.group(0).strip("_-")
    return None
