"""Query parameters shared by the API and the pages, checked before any SQL runs."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Query

from onrecord.query.browse import DEFAULT_LIMIT, MAX_LIMIT, BadQuery, Filters

QUOTE_KINDS = ("direct", "partial", "indirect")
ENTITY_KINDS = ("person", "organisation", "government", "place")
MAX_OFFSET = 1_000_000
MAX_TEXT = 200

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date(name: str, value: str | None) -> str | None:
    """A calendar date as YYYY, YYYY-MM or YYYY-MM-DD; anything else is refused by name."""
    if value is None or value == "":
        return None
    m = _DATE.match(value.strip())
    if not m:
        raise BadQuery(f"{name}: expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got {value[:40]!r}")
    year, month, day = m.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise BadQuery(f"{name}: {value!r} is not a calendar date ({exc})") from exc
    return m.group(0)


def check_text(name: str, value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    if len(value) > MAX_TEXT:
        raise BadQuery(f"{name}: longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadQuery(f"{name}: contains a NUL character")
    return value.strip()


def check_kind(value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise BadQuery(f"kind: expected one of {', '.join(allowed)}, got {value[:40]!r}")
    return value


def _filters(
    speaker: str | None,
    outlet: str | None,
    story: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    limit: int,
    offset: int,
    kinds: tuple[str, ...],
) -> Filters:
    f = Filters(
        speaker=check_text("speaker", speaker),
        outlet=check_text("outlet", outlet),
        story=check_text("story", story),
        since=check_date("since", since),
        until=check_date("until", until),
        kind=check_kind(kind, kinds),
        limit=limit,
        offset=offset,
    )
    if f.since and f.until and f.since > f.until:
        raise BadQuery(f"since ({f.since}) is after until ({f.until})")
    return f


Speaker = Annotated[
    str | None, Query(description="Entity id of the speaker, or the speaker's name as written where unresolved.")
]
Outlet = Annotated[str | None, Query(description="Outlet name exactly as stored, e.g. 'Harbour Herald'.")]
Story = Annotated[str | None, Query(description="Story id.")]
Since = Annotated[str | None, Query(description="First day, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.")]
Until = Annotated[str | None, Query(description="Last day, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Records to skip (use `next` from a response).")]
QuoteKind = Annotated[str | None, Query(description="Quote kind: direct, partial or indirect.")]
EntityKind = Annotated[str | None, Query(description="Entity kind: person, organisation, government or place.")]


def quote_filters(
    speaker: Speaker = None,
    outlet: Outlet = None,
    story: Story = None,
    since: Since = None,
    until: Until = None,
    kind: QuoteKind = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Filters:
    return _filters(speaker, outlet, story, since, until, kind, limit, offset, QUOTE_KINDS)


def entity_filters(
    speaker: Speaker = None,
    outlet: Outlet = None,
    story: Story = None,
    since: Since = None,
    until: Until = None,
    kind: EntityKind = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Filters:
    return _filters(speaker, outlet, story, since, until, kind, limit, offset, ENTITY_KINDS)
