"""Which articles a relink after an addition must recompute: the new ones' neighbourhood.

Every cross-article link is bounded in time: two reports are one statement only within
`statement_window_days`, a bare surname looks `NEARBY_DAYS` around it, a story spans
`STORY_DAYS`. So the articles an addition can change are the new ones, the articles
published (or quoting words said) within a margin of their days, and, because an undated
quote may be one statement with a report of any day, the undated articles quoting the same
speakers; new undated articles are relinked last, with every undated article and every
article quoting their speakers. The scope is then closed once: every article sharing a
syndication group, a story or a statement with one in it joins it, so the records replaced
are exactly the ones recomputed.

What a scope leaves out: an old undated article that reads like a new dated one but quotes
nobody it quotes does not join its story until a relink of everything (`relink(store,
config)`, or `onrecord relink`).

A large addition is relinked in windows of WINDOW_ARTICLES new articles, in day order, so
the memory a relink needs follows the size of a window and its margin, not of the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from onrecord.config import Config
from onrecord.store import Store

WINDOW_ARTICLES = 5000  # new articles relinked together, in day order


def margin_days(config: Config) -> int:
    from onrecord.link import NEARBY_DAYS
    from onrecord.link.stories import STORY_DAYS

    return config.statement_window_days + NEARBY_DAYS + STORY_DAYS + 1


def plan_scopes(
    store: Store, new_articles: list[str], config: Config, window: int = WINDOW_ARTICLES
) -> Iterator[set[str]]:
    """The scopes to relink after adding `new_articles`, oldest days first; undated ones last."""
    days = store.article_days(sorted(new_articles))
    dated = sorted((d, a) for a, d in days.items() if d and _parse(d))
    undated = sorted(a for a, d in days.items() if not d or not _parse(d))
    margin = timedelta(days=margin_days(config))
    undated_articles = store.undated_article_ids()
    for i in range(0, len(dated), window):
        part = dated[i : i + window]
        first, last = _parse(part[0][0]), _parse(part[-1][0])
        assert first is not None and last is not None
        new = [a for _d, a in part]
        scope = set(new) | store.article_ids_between((first - margin).isoformat(), (last + margin).isoformat())
        # an undated report can be one statement with these only if it quotes the same people
        scope |= undated_articles & store.article_ids_quoting_speakers_of(new)
        yield scope | store.article_ids_linked_to(scope)
    if undated:
        scope = set(undated) | undated_articles | store.article_ids_quoting_speakers_of(undated)
        yield scope | store.article_ids_linked_to(scope)


def _parse(day: str) -> date | None:
    try:
        return date.fromisoformat(day[:10])
    except ValueError:
        return None
