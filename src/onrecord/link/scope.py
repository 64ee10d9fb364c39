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

Two links do not depend on who is credited: an unattributed quote is one statement with a
report holding its words, and a long verbatim run is one utterance whoever is credited with it
(link.statements). So the articles whose quotes share such words with the scope's join it too:
found by scanning the quotes that could be partners (every undated one for a dated window,
every one for the undated scope) against word n-grams of the scope's quotes.

What a scope leaves out: an old undated article that reads like a new dated one but quotes
nobody it quotes does not join its story until a relink of everything (`relink(store,
config)`, or `onrecord relink`).

A large addition is relinked in windows of WINDOW_ARTICLES new articles, in day order, so
the memory a relink needs follows the size of a window and its margin, not of the store.
Two additions skip the windows and relink the store in one pass (link.relink): one that is
most of a small store (`Config.relink_whole_store_up_to`), whose windows would cover the
store several times over; and one whose undated window would read nearly the whole store
anyway (`undated_window_reads_most_of_the_store`): the undated articles of a feed quote the
people everyone quotes, so that window alone holds as much as one pass, and the dated windows
before it only do the same work a second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from onrecord.config import Config
from onrecord.store import Store

WINDOW_ARTICLES = 5000  # new articles relinked together, in day order
ONE_PASS_SHARE = 0.9  # an undated window reading this share of the store is left to one pass


def margin_days(config: Config) -> int:
    from onrecord.link import NEARBY_DAYS
    from onrecord.link.stories import STORY_DAYS

    return config.statement_window_days + NEARBY_DAYS + STORY_DAYS + 1


def plan_scopes(
    store: Store, new_articles: list[str], config: Config, window: int = WINDOW_ARTICLES
) -> Iterator[set[str]]:
    """The scopes to relink after adding `new_articles`, oldest days first; undated ones last."""
    dated, undated = _by_day(store, new_articles)
    margin = timedelta(days=margin_days(config))
    undated_articles = store.undated_article_ids()
    for i in range(0, len(dated), window):
        part = dated[i : i + window]
        first, last = _parse(part[0][0]), _parse(part[-1][0])
        assert first is not None and last is not None
        new = [a for _d, a in part]
        scope = set(new) | store.article_ids_between((first - margin).isoformat(), (last + margin).isoformat())
        # an undated report can be one statement with these only if it quotes the same people
        scope |= undated_articles & quoting_same_people(store, new)
        scope |= textual_partners(store, scope, undated_articles)
        yield scope | store.article_ids_linked_to(scope)
    if undated:
        scope = _undated_reach(store, undated)
        scope |= textual_partners(store, scope, None)
        yield scope | store.article_ids_linked_to(scope)


def undated_window_reads_most_of_the_store(store: Store, new_articles: list[str]) -> bool:
    """Whether the undated window of this addition would read ONE_PASS_SHARE of the store or
    more: its undated articles, every undated article, and every article quoting their people
    (before its textual partners and links, which only add to it)."""
    _dated, undated = _by_day(store, new_articles)
    return bool(undated) and len(_undated_reach(store, undated)) >= ONE_PASS_SHARE * store.article_count()


def _by_day(store: Store, article_ids: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The articles with a day, as (day, id) in day order, and those without, in id order."""
    days = store.article_days(sorted(article_ids))
    dated = sorted((d, a) for a, d in days.items() if d and _parse(d))
    undated = sorted(a for a, d in days.items() if not d or not _parse(d))
    return dated, undated


def _undated_reach(store: Store, undated: list[str]) -> set[str]:
    """What undated new articles can be one statement with, before words are compared: every
    undated article, and every article quoting someone they quote."""
    return set(undated) | store.undated_article_ids() | quoting_same_people(store, undated)


def quoting_same_people(store: Store, article_ids: list[str]) -> set[str]:
    """Articles quoting someone these articles quote, found by name before any resolution:
    the same surname ("Vladimir V. Putin", "Putin", "President Putin"), or a surname written
    first ("Xi Jinping", "Xi"). Wider than resolution, never narrower, so nothing is missed."""
    from onrecord.resolve.names import fold_token, name_tokens

    def ends(name: str) -> tuple[str, str]:
        tokens = name_tokens(name)
        return (fold_token(tokens[0]), fold_token(tokens[-1])) if tokens else ("", "")

    names = store.speaker_names_in(sorted(article_ids))
    lasts = {ends(n)[1] for n in names} - {""}
    firsts = {ends(n)[0] for n in names} - {""}
    alike = {n for n in store.speaker_names() if (e := ends(n))[1] in lasts | firsts or e[0] in lasts}
    return store.article_ids_quoting_speakers_named(names | alike)


def textual_partners(store: Store, scope: set[str], candidates: set[str] | None) -> set[str]:
    """Candidate articles (None: all) outside the scope with a quote that can be one statement
    with a scope quote by its words alone: a shared run of words where either is unattributed,
    a verbatim run whoever is credited. Word n-grams are kept as hashes, so memory follows the
    scope's quotes, and the candidates are streamed."""
    from onrecord.link.statements import SHORT_WORDS, VERBATIM_WORDS, gram_hashes, normalise

    if candidates is not None:
        candidates = candidates - scope
        if not candidates:
            return set()
    any_run: set[int] = set()
    unattributed_run: set[int] = set()
    verbatim_run: set[int] = set()
    for _article, text, unattributed in store.quote_texts(scope):
        words = normalise(text)
        runs = gram_hashes(words, SHORT_WORDS)
        any_run |= runs
        if unattributed:
            unattributed_run |= runs
        verbatim_run |= gram_hashes(words, VERBATIM_WORDS)
    partners: set[str] = set()
    for article, text, unattributed in store.quote_texts(candidates):
        if article in scope or article in partners:
            continue
        words = normalise(text)
        runs = gram_hashes(words, SHORT_WORDS)
        if (
            not runs.isdisjoint(unattributed_run)
            or (unattributed and not runs.isdisjoint(any_run))
            or not gram_hashes(words, VERBATIM_WORDS).isdisjoint(verbatim_run)
        ):
            partners.add(article)
    return partners


def _parse(day: str) -> date | None:
    try:
        return date.fromisoformat(day[:10])
    except ValueError:
        return None
