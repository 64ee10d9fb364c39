"""Cross-article stages over the whole store: copies, entities, statements, stories.

`relink` recomputes all of them from the articles and quotes in the store. Every id is
derived from content (article ids, quote ids, folded names), so running it twice, or after
adding nothing new, leaves the store as it was, and adding in two steps gives the record of
adding at once.

Cost of each step, for n articles and q quotes:
- copies: MinHash LSH, linear in n (one query per article);
- speakers: per article, linear in q; roles learned from the articles are looked up by head
  noun and day, so a bare title reads only the titles of its days;
- statements: pairs only within one voice (speaker or government) and the day window; an
  undated quote meets every quote of its voice. A pair of wordings is judged once however
  many reports repeat it, and sentence embeddings are cached in the store;
- stories: article leads compared a day's block at a time against the next STORY_DAYS days
  (numpy products), undated articles against all in bounded blocks: the undated share is the
  one quadratic term, done in numpy.
After an addition only the new articles' neighbourhood is recomputed (link.scope): the
articles within the linking margin of their days, the undated ones, and whatever shares a
group, story or statement with those; `relink(store, config)` recomputes the whole store.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from onrecord.config import Config
from onrecord.link.dedup import find_copies
from onrecord.link.embedder import Embedder
from onrecord.link.roles import learn_roles, record_roles, resolve_by_role
from onrecord.link.statements import link_statements
from onrecord.link.stories import find_stories, keep_what_stories_read, lead
from onrecord.memory import release_memory, trim_heaps
from onrecord.records import Article, Entity, Quote
from onrecord.resolve import SpeakerResolver, load_kb
from onrecord.resolve.names import fold_name, given_names, looks_like_person_name, surname_key
from onrecord.store import Store

SPOKESPERSON_FOR = {  # function -> whose voice it is (a government of the same country, or the UN)
    "government_spokesperson": "country",
    "foreign_ministry_spokesperson": "country",
    "presidential_spokesperson": "country",
    "un_spokesperson": "UN",
    "un_secretary_general": "UN",
}


def relink(store: Store, config: Config, new_articles: list[str] | None = None) -> None:
    """Recompute syndication groups, speaker entities, statements and stories.

    With `new_articles`, only what adding them can change is recomputed, a window of days at
    a time (link.scope); without, the whole store. Two additions are relinked in one pass over
    the store instead, doing the same work once in about the same memory: one that is most of
    a store of at most `config.relink_whole_store_up_to` articles (its windows would overlap,
    each reading its margin), and one whose undated window would read nearly the whole store.
    """
    from onrecord.link.scope import plan_scopes, undated_window_reads_most_of_the_store

    if new_articles is not None and not new_articles:
        return  # nothing was added
    if (
        new_articles is None
        or _most_of_a_small_store(store, config, len(new_articles))
        or undated_window_reads_most_of_the_store(store, new_articles)
    ):
        relink_scope(store, config, None)
        return

    for scope in plan_scopes(store, new_articles, config):
        relink_scope(store, config, scope)
        release_memory()


def _most_of_a_small_store(store: Store, config: Config, new: int) -> bool:
    total = store.article_count()
    return total <= config.relink_whole_store_up_to and 2 * new >= total


def relink_scope(store: Store, config: Config, scope: set[str] | None) -> None:
    """Recompute the links of the articles in a closed scope (None: every article)."""
    if scope is None:
        articles = {a.id: a for a in store.iter_articles(paragraphs=False)}
        quotes = store.all_quotes()
    else:
        articles = {a.id: a for a in store.articles_in(scope)}
        quotes = store.quotes_in(scope)
    embedder = Embedder(store)
    try:
        _relink_articles(store, config, scope, articles, quotes, embedder)
    finally:
        embedder.close()


def _relink_articles(
    store: Store,
    config: Config,
    scope: set[str] | None,
    articles: dict[str, Article],
    quotes: list[Quote],
    embedder: Embedder,
) -> None:
    if len(articles) > 1:  # stories compare the leads of two articles or more
        embedder.ahead([lead(a) for a in articles.values()])
    copies = find_copies(list(articles.values()))
    for a in articles.values():
        a.duplicate_of = copies.duplicate_of.get(a.id)
    resolver = SpeakerResolver(load_kb(tuple(config.kb_paths)))
    resolve_speakers(resolver, articles, quotes)
    one_set_each: dict[frozenset[str], frozenset[str]] = {}

    def voices_of(q: Quote) -> frozenset[str]:
        found = voices(resolver, q, _quote_day(q, articles))
        return one_set_each.setdefault(found, found)  # a window's quotes of one voice share one set

    statements, assignment = link_statements(
        quotes,
        articles,
        voices_of,
        config.statement_window_days,
        embed=embedder,
        ahead=lambda texts: embedder.ahead(texts, first=True),
        texts_read=lambda: _keep_what_stories_read(articles),
    )
    for q in quotes:
        q.statement_id = assignment.get(q.id)
    del assignment  # read once: stories need the memory more
    stories, story_of = find_stories(list(articles.values()), quotes, statements, copies.group_of, embed=embedder)
    used = sorted({q.entity_id for q in quotes if q.entity_id})
    entities = [e for e in (resolver.entity(i) for i in used) if e is not None]
    with store.transaction():
        embedder.flush()
        store.put_links(
            groups=copies.groups,
            duplicate_of=copies.duplicate_of,
            group_of=copies.group_of,
            entities=entities,
            alias_key=fold_name,
            quotes=quotes,
            statements=statements,
            stories=stories,
            story_of=story_of,
            scope=scope,
        )


def _keep_what_stories_read(articles: dict[str, Article]) -> None:
    """Past speakers and statements, only stories read the articles' texts, and only their openings."""
    for a in articles.values():
        keep_what_stories_read(a)
    trim_heaps()  # the texts were large blocks of the heap: give them back before the peak


def resolve_speakers(resolver: SpeakerResolver, articles: dict[str, Article], quotes: list[Quote]) -> None:
    """Set `entity_id` on every quote whose speaker the knowledge base or the corpus can name."""
    by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        by_article.setdefault(q.article_id, []).append(q)
    # Full names first, so that a bare surname in the same article can lean on them; then, with
    # the countries of the people found, the bare roles ("the premier", "FM").
    for article_id in sorted(by_article):
        article = articles.get(article_id)
        day = _published(article)
        group = sorted(by_article[article_id], key=lambda q: (len((q.speaker or "").split()) < 2, q.start))
        neighbours: dict[str, str] = {}
        countries: Counter[str] = Counter()
        for attempt in (1, 2):
            for q in group:
                if attempt == 2 and q.entity_id:
                    continue
                names = [q.speaker or "", q.speaker_mention.text if q.speaker_mention else ""]
                q.entity_id = resolver.resolve(
                    names,
                    q.speaker_kind,
                    _said(q) or day,
                    neighbours,
                    countries=[c for c, _n in sorted(countries.items(), key=lambda x: (-x[1], x[0]))],
                    text=article.text if article and attempt == 2 else "",
                )
                entity = resolver.entity(q.entity_id) if q.entity_id else None
                if entity is None:
                    continue
                if entity.country and entity.source != "corpus":
                    countries[entity.country] += 1
                if entity.kind == "person":
                    for name in [entity.name, *entity.aliases, q.speaker or ""]:
                        if len(name.split()) > 1:
                            neighbours.setdefault(surname_key(name, entity.country), q.entity_id)
                            neighbours.setdefault(surname_key(name), q.entity_id)
    _merge_corpus_people(resolver, quotes)
    _attach_surnames(resolver, articles, quotes)
    learned = learn_roles(resolver, articles, quotes, lambda q: _quote_day(q, articles))
    resolve_by_role(resolver, articles, quotes, learned, lambda q: _quote_day(q, articles))
    record_roles(resolver, learned)


NEARBY_DAYS = 3  # a bare surname looks for its full name in reports of these days around it


def _attach_surnames(resolver: SpeakerResolver, articles: dict[str, Article], quotes: list[Quote]) -> None:
    """A bare surname the article never spells out joins the one person of that surname quoted nearby."""
    seen: dict[str, dict[str, list[date | None]]] = {}  # surname -> entity -> days
    for q in quotes:
        entity = resolver.entity(q.entity_id) if q.entity_id else None
        if entity is None or entity.kind != "person" or len((q.speaker or "").split()) < 2:
            continue
        seen.setdefault(surname_key(entity.name, entity.country), {}).setdefault(entity.id, []).append(
            _quote_day(q, articles)
        )
    for q in quotes:
        if q.entity_id or not q.speaker or len(q.speaker.split()) != 1:
            continue
        day = _quote_day(q, articles)
        near = [
            entity_id
            for entity_id, days in seen.get(surname_key(q.speaker), {}).items()
            if day is None or any(d is None or abs((d - day).days) <= NEARBY_DAYS for d in days)
        ]
        if len(near) == 1:
            q.entity_id = near[0]


def _merge_corpus_people(resolver: SpeakerResolver, quotes: list[Quote]) -> None:
    """Corpus people whose folded names differ only by a spelling (Aleksandr/Alexander) become one.
    The given names are compared, not the whole names: a shared surname made "Jana Lundberg" and
    "Ada Lundberg" close enough to merge. Initials are left out ("John F. Kennedy")."""
    from rapidfuzz import fuzz

    people = [e for e in resolver.corpus.values() if e.kind == "person"]
    by_surname: dict[str, list[Entity]] = {}
    for e in sorted(people, key=lambda e: e.id):
        by_surname.setdefault(surname_key(e.name), []).append(e)
    rename: dict[str, str] = {}
    for same in by_surname.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                first, second = given_names(a.name), given_names(b.name)
                if b.id in rename or not first or not second or first[0] != second[0]:
                    continue
                if fuzz.ratio(first, second) >= 88:
                    rename[b.id] = rename.get(a.id, a.id)
    for q in quotes:
        if q.entity_id in rename:
            q.entity_id = rename[q.entity_id]
    for old, new in rename.items():
        merged = resolver.corpus.pop(old)
        target = resolver.corpus[new]
        target.aliases = list(dict.fromkeys([*target.aliases, *merged.aliases]))
    # The name shown is the fullest spelling the reports use most, whatever order they came in.
    written: dict[str, Counter[str]] = {}
    for q in quotes:
        name = (q.speaker or "").strip()
        if q.entity_id in resolver.corpus and looks_like_person_name(name) and resolver.role_of(name)[0] is None:
            written.setdefault(q.entity_id, Counter())[name] += 1
    for entity_id, names in written.items():
        entity = resolver.corpus[entity_id]
        entity.name = min(names, key=lambda n: (-names[n], -len(n), n))
        entity.aliases = sorted(set(entity.aliases) | set(names))


def voices(resolver: SpeakerResolver, q: Quote, day: date | None) -> frozenset[str]:
    """Whose words a quote can be: its speaker, and the government a spokesperson speaks for."""
    if not q.entity_id:
        return frozenset({"unattributed:" + q.article_id})
    entity = resolver.entity(q.entity_id)
    out = {q.entity_id}
    if entity is None:
        return frozenset(out)
    if entity.kind in ("organisation", "government") and entity.country:
        out.add("voice:" + entity.country)
    on = day.isoformat() if day else None
    for role in entity.roles:
        target = SPOKESPERSON_FOR.get(role.function or "")
        if target and _role_on(role.start, role.end, on):
            out.add("voice:" + (entity.country or "") if target == "country" else "voice:UN")
    return frozenset(out)


def _published(article: Article | None) -> str | None:
    return article.published.value[:10] if article and article.published else None


def _said(q: Quote) -> str | None:
    return q.said_on.value[:10] if q.said_on else None


def _quote_day(q: Quote, articles: dict[str, Article]) -> date | None:
    value = _said(q) or _published(articles.get(q.article_id))
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _role_on(start: str | None, end: str | None, on: str | None) -> bool:
    if on is None:
        return end is None
    return (start or "0000")[: len(on)] <= on and (end is None or end[: len(on)] >= on)


__all__ = ["relink", "relink_scope", "resolve_speakers", "voices", "Embedder"]
