"""Roles learned from the articles, and the unnamed speakers they identify.

News names a person's office once ("speaker Mahinda Yapa Abeywardena", "Steffen Seibert, the
government's spokesman") and later, or in another outlet's report of the same event, quotes
the office alone ("the Speaker of Parliament said"). Each title written beside a resolved
person's name becomes a role of that person, dated by the article; a quote whose speaker is
only such an office then goes to the one person holding a matching title in the same article,
or else in reports of the days around it. No knowledge base is needed, and where two people
fit, nobody is chosen.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from onrecord.records import Article, Entity, Quote, Role
from onrecord.resolve import SpeakerResolver
from onrecord.resolve.names import country_template, fold_text

ROLE_DAYS = 2  # a title learned in one report names the office in reports this many days around it
ROLE_SPAN = timedelta(days=ROLE_DAYS)
MAX_TITLE_WORDS = 7
# The nouns that head a title. Words for anyone ("official", "source", "aide") are left out: a
# "senior official" quoted in one report is not shown to be the one named in another.
ROLE_HEADS = {
    "speaker",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "premier",
    "chancellor",
    "secretary",
    "secretary-general",
    "chief",
    "head",
    "director",
    "director-general",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "governor",
    "mayor",
    "ambassador",
    "envoy",
    "commissioner",
    "leader",
    "king",
    "queen",
    "prince",
    "emir",
    "sultan",
    "senator",
    "commander",
    "adviser",
    "advisor",
    "prosecutor",
    "attorney-general",
    "representative",
    "coordinator",
    "rapporteur",
    "ceo",
    "founder",
}
TITLE_WORDS = {"of", "for", "senior", "deputy", "vice", "acting", "interim", "chief", "top", "government", "state"}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "former", "then"}
PRONOUNS = {"he", "she"}
_TITLE_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0," + str(MAX_TITLE_WORDS - 1) + r"})\s*,?\s*$")
_TITLE_AFTER = re.compile(r"^\s*,\s+((?:the|a|an)\s+[^,.;:\"“”()]{3,90}?)\s*(?:[,.;:)]|\s+(?:said|says|told)\b)")
_BREAK_WORDS = {"said", "says", "told", "and", "but", "that", "with", "by", "to", "from", "for", "when", "as"}


@dataclass(slots=True, frozen=True)
class Title:
    head: str
    modifiers: frozenset[str]
    country: str | None

    def fits(self, other: Title) -> bool:
        """Two titles can be one office: the same head noun, one's modifiers inside the other's,
        no two different countries ("the Speaker of Parliament" fits "speaker")."""
        if self.head != other.head:
            return False
        if self.country and other.country and self.country != other.country:
            return False
        return self.modifiers <= other.modifiers or other.modifiers <= self.modifiers


@dataclass(slots=True)
class LearnedRole:
    entity_id: str
    title: Title
    text: str
    article_id: str
    day: date | None


def title_of(text: str, places: dict[str, str]) -> Title | None:
    """The office a phrase names, or None when it names none ("the company", "officials")."""
    template = country_template(text, places)
    words = [w for w in template.split() if w not in DETERMINERS and w != "s"]
    codes = {w[1:-1].upper() for w in words if w.startswith("<")}
    words = [w for w in words if not w.startswith("<")]
    if not words or len(words) > MAX_TITLE_WORDS:
        return None
    # "head of the Y agency", "Speaker of Parliament": the head comes before "of"
    if "of" in words:
        at = words.index("of")
        if at == 0:
            return None
        head, modifiers = words[at - 1], words[: at - 1] + words[at + 1 :]
    else:
        head, modifiers = words[-1], words[:-1]
    if head not in ROLE_HEADS:
        return None
    return Title(
        head,
        frozenset(w for w in modifiers if w not in {"of", "for", "and"}),
        next(iter(codes), None) if len(codes) == 1 else None,
    )


def learn_roles(
    resolver: SpeakerResolver, articles: dict[str, Article], quotes: list[Quote], day_of
) -> list[LearnedRole]:
    """Titles written beside the names of the people quoted, one per article and title."""
    places = resolver.kb.place_index
    vocabulary = title_vocabulary(resolver)
    learned: dict[tuple[str, str, Title], LearnedRole] = {}
    names_by_article: dict[str, dict[str, str]] = {}  # article -> written name -> entity
    for q in quotes:
        entity = resolver.entity(q.entity_id) if q.entity_id else None
        if entity is None or entity.kind != "person":
            continue
        names = names_by_article.setdefault(q.article_id, {})
        for name in {q.speaker or "", entity.name}:
            if len(name.split()) > 1:
                names.setdefault(name, entity.id)
        mention = q.speaker_mention.text if q.speaker_mention else ""
        if q.speaker and q.speaker in mention:
            before = mention[: mention.index(q.speaker)].strip(" ,")
            _keep(learned, entity.id, before, q.article_id, day_of(q), places)
    for article_id, names in names_by_article.items():
        article = articles.get(article_id)
        if article is None:
            continue
        text = article.text
        for name, entity_id in names.items():
            for m in re.finditer(re.escape(name), text):
                day = _article_day(article)
                before = _title_before(text[max(0, m.start() - 120) : m.start()], vocabulary)
                if before:
                    _keep(learned, entity_id, before, article_id, day, places)
                after = _TITLE_AFTER.match(text[m.end() : m.end() + 120])
                if after:
                    _keep(learned, entity_id, after.group(1), article_id, day, places)
    return sorted(learned.values(), key=lambda r: (r.entity_id, r.article_id, r.text))


def title_vocabulary(resolver: SpeakerResolver) -> set[str]:
    """Lowercase words that can stand in a title: the heads, and the words of the known role phrases."""
    words = set(ROLE_HEADS) | TITLE_WORDS
    for noun in resolver.kb.role_nouns:
        words.update(fold_text(noun).split())
    for nouns in resolver.kb.role_nouns_by_country.values():
        for noun in nouns:
            words.update(fold_text(noun).split())
    return words - {"s", "the", "a", "an", "and"}


def _title_before(window: str, vocabulary: set[str]) -> str | None:
    """The title written right before a name: "speaker", "Chancellor Angela Merkel's spokesman,".

    Read back from the name while the words are capitalised or words of titles; any other
    word ("telling", "came", "confirms") belongs to the sentence and ends the title.
    """
    window = re.split(r"[.;:!?\"“”()\n]|\s[-–—]\s", window)[-1]
    m = _TITLE_BEFORE.search(window)
    if not m:
        return None
    words = m.group(1).split()
    kept: list[str] = []
    for word in reversed(words):
        folded = fold_text(word)
        if not (word[:1].isupper() or folded in vocabulary):
            break
        kept.insert(0, word)
    while kept and fold_text(kept[0]) in {"of", "for", "and", "the"}:
        kept.pop(0)
    return " ".join(kept) or None


def _keep(learned, entity_id: str, text: str, article_id: str, day: date | None, places) -> None:
    title = title_of(text, places) if text else None
    if title is None:
        return
    learned.setdefault((entity_id, article_id, title), LearnedRole(entity_id, title, text.strip(" ,"), article_id, day))


def record_roles(resolver: SpeakerResolver, learned: list[LearnedRole]) -> None:
    """The learned titles as roles of the corpus people, one per title, spanning the days seen.
    People of the knowledge base keep their curated roles."""
    spans: dict[tuple[str, str], list] = {}
    for role in learned:
        entity = resolver.corpus.get(role.entity_id)
        if entity is None:
            continue
        key = (role.entity_id, fold_text(role.text))
        day = role.day.isoformat() if role.day else None
        span = spans.setdefault(key, [role.text, role.title.country, day, day])
        if day:
            span[2] = min(filter(None, [span[2], day]))
            span[3] = max(filter(None, [span[3], day]))
    for (entity_id, _key), (text, country, start, end) in sorted(spans.items()):
        entity: Entity = resolver.corpus[entity_id]
        organisation = resolver.kb.countries[country].name if country in resolver.kb.countries else None
        role = Role(text, organisation, start, end, None)
        if role not in entity.roles:
            entity.roles.append(role)


def resolve_by_role(
    resolver: SpeakerResolver,
    articles: dict[str, Article],
    quotes: list[Quote],
    learned: list[LearnedRole],
    day_of,
) -> None:
    """An unresolved speaker named only by an office goes to the one person known to hold it nearby."""
    places = resolver.kb.place_index
    context = _Context(resolver, articles, quotes)
    # by head noun, dated ones in day order, so a quote reads only the roles of its days
    by_head: dict[str, list[LearnedRole]] = {}
    in_article: dict[tuple[str, str], list[LearnedRole]] = {}
    for r in learned:
        in_article.setdefault((r.article_id, r.title.head), []).append(r)
        if r.day is not None:
            by_head.setdefault(r.title.head, []).append(r)
    days_of = {}
    for head, roles in by_head.items():
        roles.sort(key=lambda r: r.day)
        days_of[head] = [r.day for r in roles]
    for q in quotes:
        if q.entity_id:
            continue
        mention = (q.speaker_mention.text if q.speaker_mention else "") or q.speaker or ""
        title = title_of(mention, places)
        if title is None:
            continue
        day = day_of(q)
        here = in_article.get((q.article_id, title.head), [])
        same_article = {r.entity_id for r in here if title.fits(r.title)}
        if len(same_article) == 1:
            q.entity_id = same_article.pop()
            continue
        if same_article or day is None:
            continue
        nearby: dict[str, set[str]] = {}
        roles, days = by_head.get(title.head, []), days_of.get(title.head, [])
        window = roles[bisect_left(days, day - ROLE_SPAN) : bisect_right(days, day + ROLE_SPAN)]
        for r in window:
            if title.fits(r.title):
                nearby.setdefault(r.entity_id, set()).add(r.article_id)
        if len(nearby) != 1:
            continue
        ((entity_id, sources),) = nearby.items()
        # another report counts only when it is about the same affairs: a person or a country
        # both articles name
        if any(context.related(q.article_id, other) for other in sorted(sources)):
            q.entity_id = entity_id
    _follow_pronouns(resolver, quotes)


class _Context:
    """What an article is about, worked out only for the articles a match needs."""

    def __init__(self, resolver: SpeakerResolver, articles: dict[str, Article], quotes: list[Quote]):
        self.resolver = resolver
        self.articles = articles
        self.people: dict[str, set[str]] = {}  # article -> full names of the people it quotes
        for q in quotes:
            entity = resolver.entity(q.entity_id) if q.entity_id else None
            if entity is not None and entity.kind == "person" and len(entity.name.split()) > 1:
                self.people.setdefault(q.article_id, set()).add(entity.name)
        self._countries: dict[str, set[str]] = {}

    def countries(self, article_id: str) -> set[str]:
        if article_id not in self._countries:
            article = self.articles.get(article_id)
            self._countries[article_id] = self.resolver.countries_named(article.text) if article else set()
        return self._countries[article_id]

    def related(self, a: str, b: str) -> bool:
        if a == b:
            return True
        text_a = self.articles[a].text if a in self.articles else ""
        text_b = self.articles[b].text if b in self.articles else ""
        if any(name in text_a for name in self.people.get(b, ())) or any(
            name in text_b for name in self.people.get(a, ())
        ):
            return True
        return bool(self.countries(a) & self.countries(b))


def _follow_pronouns(resolver: SpeakerResolver, quotes: list[Quote]) -> None:
    """'"...," he said' right after a quote of an office the attribution could not name is that
    office's holder once it is known: the extractor's own rule, that a pronoun means whoever was
    just quoted, applied where it had no name to carry."""
    by_article: dict[str, list[Quote]] = {}
    for q in quotes:
        by_article.setdefault(q.article_id, []).append(q)
    for group in by_article.values():
        group.sort(key=lambda q: q.start)
        for before, q in zip(group, group[1:], strict=False):
            mention = fold_text(q.speaker_mention.text) if q.speaker_mention else ""
            if q.entity_id or q.speaker or mention not in PRONOUNS:
                continue
            if before.speaker is not None or before.speaker_mention is None or not before.entity_id:
                continue
            entity = resolver.entity(before.entity_id)
            if entity is not None and entity.kind == "person":
                q.entity_id = before.entity_id


def _article_day(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.published.value[:10]) if article.published else None
    except ValueError:
        return None
