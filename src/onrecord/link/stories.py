"""Stories: the articles about one news event, grouped.

Two articles are about the same event when they are copies of each other, when they report
the same statement, or when they quote a common speaker on the same day (within a day either
way) and read alike (sentence embeddings of title and lead). Articles whose event day is
unknown are not kept apart by the day; they must then read alike more closely.

A story is one event, so its dated articles never span more than a few days, whatever joins
them: an article that reports this week's statement and repeats one of last month's does not
weld the two stories, and neither does an undated article reporting both. Without this bound
such bridges chained a feed's stories into one "story" of years.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

from onrecord.link.unionfind import find, union
from onrecord.records import Article, Quote, Statement, Story

STORY_DAYS = 1  # articles read alike join a story within a day either way
REPORTED_DAYS = 3  # ... and reports of one statement within this many days of each other
SIMILAR_WITH_SPEAKER = 0.55
SIMILAR_WITHOUT_SPEAKER = 0.80
SIMILAR_UNDATED = 0.80
LEAD_CHARS = 250

Embed = Callable[[list[str]], Sequence[Sequence[float]]]  # one vector per text


def find_stories(
    articles: list[Article],
    quotes: list[Quote],
    statements: list[Statement],
    group_of: dict[str, str],
    embed: Embed | None = None,
) -> tuple[list[Story], dict[str, str]]:
    """Stories, and each article's story id."""
    ids = sorted(a.id for a in articles)
    by_id = {a.id: a for a in articles}
    parent = {i: i for i in ids}
    quotes_of: dict[str, list[Quote]] = {}
    for q in quotes:
        quotes_of.setdefault(q.article_id, []).append(q)

    days = {a.id: event_day(a, quotes_of.get(a.id, [])) for a in articles}
    span: dict[str, tuple[date | None, date | None]] = {i: (days[i], days[i]) for i in ids}  # by root

    def join(a: str, b: str, most_days: int | None) -> None:
        """Put a and b in one story unless its dated articles would then span more than `most_days`."""
        ra, rb = find(parent, a), find(parent, b)
        if ra == rb:
            return
        merged = _widen(_widen(span[ra], span[rb][0]), span[rb][1])
        if most_days is not None and merged[0] and merged[1] and (merged[1] - merged[0]).days > most_days:
            return
        union(parent, a, b)
        span[find(parent, a)] = merged

    groups: dict[str, list[str]] = {}
    for article_id, group in group_of.items():
        groups.setdefault(group, []).append(article_id)
    for members in groups.values():
        for other in members[1:]:
            join(members[0], other, None)  # copies are one article, whatever days they give
    for s in statements:
        # read from the ids: a map of every quote id, built anew, was the largest holding of this step
        reporting = sorted({Quote.article_of(i) for i in s.quote_ids})
        for other in reporting[1:]:
            join(reporting[0], other, REPORTED_DAYS)

    speakers = {a.id: {q.entity_id for q in quotes_of.get(a.id, []) if q.entity_id} for a in articles}
    if embed is not None and len(ids) > 1:
        import numpy as np

        matrix = np.asarray(embed([lead(by_id[i]) for i in ids]), dtype="float32")
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
        close = []
        for n, m in _close_pairs(matrix, [days[i] for i in ids]):
            a, b = ids[n], ids[m]
            need = SIMILAR_WITH_SPEAKER if speakers[a] & speakers[b] else SIMILAR_WITHOUT_SPEAKER
            if days[a] is None or days[b] is None:
                need = max(need, SIMILAR_UNDATED)
            similarity = float(matrix[n] @ matrix[m])
            if similarity >= need:
                close.append((-similarity, a, b))
        # Closest pairs first, and a story never stretches beyond the day window: an undated
        # article joins the story it reads most like, it does not bridge two events.
        for _similarity, a, b in sorted(close):
            join(a, b, STORY_DAYS)

    members: dict[str, list[str]] = {}
    for i in ids:
        members.setdefault(find(parent, i), []).append(i)
    stories, story_of = [], {}
    for article_ids in members.values():
        ranked = sorted((by_id[i] for i in article_ids), key=_rank)
        primary = ranked[0]
        known = sorted(d for d in (days[i] for i in article_ids) if d)
        published = sorted(by_id[i].published.value[:10] for i in article_ids if by_id[i].published)
        span = known + [date.fromisoformat(p) for p in published if _is_date(p)]
        story_id = "story-" + hashlib.sha1(primary.id.encode()).hexdigest()[:16]
        stories.append(
            Story(
                id=story_id,
                title=_title(primary),
                start=min(span).isoformat() if span else None,
                end=max(span).isoformat() if span else None,
                article_ids=sorted(article_ids),
            )
        )
        for i in article_ids:
            story_of[i] = story_id
    stories.sort(key=lambda s: s.id)
    return stories, story_of


BLOCK_ROWS = 512  # rows of one similarity product, at most ...
PRODUCT_CELLS = 2_000_000  # ... and its cells: an undated block against 38,400 leads was 150 MB at once
_SLACK = 1e-4  # a product of blocks may round differently from a single dot product


def _close_pairs(matrix, days: list[date | None]):
    """Index pairs (n < m) whose days can meet and whose leads are alike enough to matter.

    Dated articles meet those of the same day or up to STORY_DAYS later, compared a day's block
    at a time; an undated article meets every other, at the stricter SIMILAR_UNDATED. Products of
    blocks keep the cost in numpy, and only pairs over the lowest threshold reach Python.
    """
    import numpy as np

    floor = min(SIMILAR_WITH_SPEAKER, SIMILAR_WITHOUT_SPEAKER) - _SLACK
    by_day: dict[date, list[int]] = {}
    undated: list[int] = []
    for n, day in enumerate(days):
        if day is None:
            undated.append(n)
        else:
            by_day.setdefault(day, []).append(n)
    ordered = sorted(by_day)
    pairs: set[tuple[int, int]] = set()
    for k, day in enumerate(ordered):
        rows = by_day[day]
        later = [n for d in ordered[k + 1 :] if (d - day).days <= STORY_DAYS for n in by_day[d]]
        cols = rows + later
        against = matrix[cols].T  # once per day, not once per block
        step = _rows_at_once(len(cols))
        for lo in range(0, len(rows), step):
            block = rows[lo : lo + step]
            sims = matrix[block] @ against
            for r, c in zip(*np.nonzero(sims >= floor), strict=True):
                n, m = block[r], cols[c]
                if n != m:
                    pairs.add((min(n, m), max(n, m)))
    undated_floor = SIMILAR_UNDATED - _SLACK
    step = _rows_at_once(len(matrix))
    for lo in range(0, len(undated), step):
        block = undated[lo : lo + step]
        sims = matrix[block] @ matrix.T
        for r, c in zip(*np.nonzero(sims >= undated_floor), strict=True):
            n, m = block[r], int(c)
            if n != m:
                pairs.add((min(n, m), max(n, m)))
    return sorted(pairs)


def _rows_at_once(columns: int) -> int:
    """Rows of one similarity product against `columns` leads: memory bounded whatever the store."""
    return max(1, min(BLOCK_ROWS, PRODUCT_CELLS // max(1, columns)))


def event_day(article: Article, quotes: list[Quote]) -> date | None:
    """The day the article's news happened: the commonest said_on of its quotes, else publication."""
    said = Counter(q.said_on.value for q in quotes if q.said_on and _is_date(q.said_on.value))
    if said:
        return date.fromisoformat(min(said, key=lambda d: (-said[d], d)))
    if article.published and _is_date(article.published.value[:10]):
        return date.fromisoformat(article.published.value[:10])
    return None


def _widen(span: tuple[date | None, date | None], day: date | None) -> tuple[date | None, date | None]:
    lo, hi = span
    if day is None:
        return span
    return (day if lo is None or day < lo else lo, day if hi is None or day > hi else hi)


def _near(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= STORY_DAYS


def lead(article: Article) -> str:
    """What an article reads like: its title and opening."""
    return f"{article.title or ''}\n{article.text[:LEAD_CHARS]}".strip()


def keep_what_stories_read(article: Article) -> None:
    """Cut the article's text to what `lead` and a story's title read of it: the opening, and,
    for an article without a title, its first line that is not blank. A relink holds every
    article of its window; past the statements, a full text each is most of what it holds."""
    keep = LEAD_CHARS
    if not (article.title and article.title.strip()):
        end = 0
        for line in article.text.splitlines(keepends=True):
            end += len(line)
            if line.strip():
                break
        keep = max(keep, end)
    if len(article.text) > keep:
        article.text = article.text[:keep]


def _title(article: Article) -> str:
    if article.title and article.title.strip():
        return article.title.strip()
    first = next((line.strip() for line in article.text.splitlines() if line.strip()), article.id)
    return first[:160]


def _rank(article: Article) -> tuple:
    published = article.published.value if article.published else None
    return (article.duplicate_of is not None, published is None, published or "", article.id)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True
