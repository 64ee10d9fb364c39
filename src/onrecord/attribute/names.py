"""Who is who inside one article: people, their roles, and the bodies that speak.

An article names a person in full once ("Russian Foreign Minister Sergey Lavrov") and
then by surname, title, role or pronoun ("Lavrov", "Mr Lavrov", "the Russian foreign
minister", "Russia's top diplomat", "he"). `Cast` collects the people named in the
article with the roles the article gives them (titles before the name, appositions
after it), keeps a timeline of who was the subject of each sentence, and resolves a
speaker mention to the fullest name the article gives, or to an organisation or
government named the way a reader would name it in full.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from onrecord.attribute.places import country_of, country_of_seat, demonym

TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam madame mme herr frau
    president vice prime premier minister chancellor secretary general deputy foreign state defence defense
    interior finance chief spokesman spokeswoman spokesperson ambassador envoy senator governor mayor king
    queen prince princess emir sheikh pope cardinal colonel captain admiral lieutenant commander marshal
    judge justice excellency hon honourable honorable mp acting former first top senior his her
    speaker leader head director chairman chairwoman chair counsellor councillor counselor pm fm
    """.split()
)

# Nouns that name a role a person holds.
ROLE_HEADS = frozenset(
    """
    minister president premier chancellor spokesman spokeswoman spokesperson secretary ambassador envoy diplomat
    official governor mayor leader chief head speaker senator king queen prince princess commander director
    chairman chairwoman chair adviser advisor representative negotiator lawmaker legislator mp correspondent
    analyst expert source officer aide emir sheikh pope prosecutor judge lawyer attorney ceo executive founder
    candidate activist general pm fm diplomat envoy counsellor councillor monarch ruler dictator opponent
    economist professor researcher scientist doctor observer commentator insider member manager
    """.split()
)

# A body that speaks, and whether it is a government or another organisation.
GOVERNMENT_WORDS = frozenset("government administration cabinet authorities presidency regime".split())
BODY_WORDS = (
    frozenset(
        """
    ministry office department agency council commission embassy kremlin parliament army military police
    party court tribunal committee secretariat company corporation bank union organisation organization
    foundation institute university federation association alliance nato un eu bureau service services
    command mission consulate house group
    """.split()
    )
    | GOVERNMENT_WORDS
)
# Words that qualify a body ("foreign ministry", "Foreign and Expatriates Ministry").
BODY_QUALIFIERS = frozenset(
    """
    foreign external affairs defence defense interior home justice finance economy trade information culture
    health education energy environment security federal national central state presidential royal
    expatriates and of for the emergency situations
    """.split()
)

PRONOUNS_MALE = frozenset({"he", "him", "his"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers"})
PRONOUNS_PLURAL = frozenset({"they", "them", "we", "us"})
PRONOUNS_THING = frozenset({"it"})
RELATIVES = frozenset({"who", "which", "that", "whom"})

FEMALE_MARKERS = frozenset("mrs ms miss madam madame mme spokeswoman chairwoman queen princess lady dame".split())
MALE_MARKERS = frozenset("mr sir lord spokesman chairman king prince herr".split())

INDEFINITE = frozenset("a an some one another several many two three unnamed anonymous any".split())
# Modifiers that do not change which person a role names.
SOFT_MODIFIERS = frozenset(
    "top senior new current sitting outgoing incoming then the this that its their his her our chief".split()
)

_ROLE_PHRASES = [
    (("top", "diplomat"), ("foreign", "minister")),
    (("foreign", "secretary"), ("foreign", "minister")),
    (("secretary", "of", "state"), ("foreign", "minister")),
    (("minister", "of", "foreign", "affairs"), ("foreign", "minister")),
    (("minister", "for", "foreign", "affairs"), ("foreign", "minister")),
    (("foreign", "affairs", "minister"), ("foreign", "minister")),
    (("external", "affairs", "minister"), ("foreign", "minister")),
    (("fm",), ("foreign", "minister")),
    (("head", "of", "state"), ("president",)),
    (("head", "of", "government"), ("prime", "minister")),
    (("pm",), ("prime", "minister")),
    (("premier",), ("prime", "minister")),
    (("secretary", "general"), ("secretary-general",)),
    (("secy", "gen"), ("secretary-general",)),
    (("sec", "gen"), ("secretary-general",)),
    (("un", "chief"), ("un", "secretary-general")),
    (("un", "head"), ("un", "secretary-general")),
    (("spokesman",), ("spokesperson",)),
    (("spokeswoman",), ("spokesperson",)),
    (("envoy",), ("ambassador",)),
]
# A role that several offices answer to.
_ROLE_FAMILY = {"leader": {"president", "minister", "chancellor", "leader", "king", "emir", "ruler"}}

_WORD = re.compile(r"[A-Za-z][\w'’.-]*|\d+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def norm_role(tokens: list[str]) -> list[str]:
    """Lower-cased role words with synonyms unified and countries tagged: "Russia's top diplomat"."""
    low = []
    for t in tokens:
        t = t.lower().replace("’", "'")
        t = re.sub(r"'s$", "", t).strip(".")
        if t in ("'", "", "-", "the", "a", "an"):
            continue
        low.extend(p for p in re.split(r"-(?=general)", t) if p)
    countries: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(low):
        for n in (3, 2, 1):
            c = country_of(" ".join(low[i : i + n])) if i + n <= len(low) else None
            if c:
                countries.append(f"country:{c}")
                i += n
                break
        else:
            rest.append(low[i])
            i += 1
    out: list[str] = []
    i = 0
    while i < len(rest):
        for pattern, repl in _ROLE_PHRASES:
            n = len(pattern)
            if tuple(rest[i : i + n]) == pattern:
                out.extend(repl)
                i += n
                break
        else:
            out.append(rest[i])
            i += 1
    return countries + out


def role_head(role: list[str]) -> str | None:
    for t in reversed(role):
        base = t.split("-")[-1] if t.startswith("secretary-") else t
        if t in ROLE_HEADS or base in ROLE_HEADS or t == "secretary-general":
            return t
    return None


def role_matches(mention: list[str], phrase: list[str]) -> bool:
    """Whether a role mention ("the Russian foreign minister") fits a role the article gave someone."""
    head = role_head(mention)
    if head is None or not phrase:
        return False
    family = _ROLE_FAMILY.get(head, {head})
    if role_head(phrase) not in family:
        return False
    held = set(phrase)
    for m in mention:
        if m == head or m in SOFT_MODIFIERS or m in ("of", "to", "for", "in", "and"):
            continue
        if m.startswith("country:"):
            countries = {h for h in held if h.startswith("country:")}
            if countries and m not in countries:
                return False
            continue
        if m not in held:
            return False
    for marker in ("deputy", "vice", "former", "acting"):
        if marker in held and marker not in mention:
            return False
    return True


@dataclass(slots=True)
class Person:
    name: str
    tokens: list[str]
    roles: list[list[str]] = field(default_factory=list)
    gender: str | None = None
    first: int = 0

    def key(self) -> tuple[str, ...]:
        return tuple(self.tokens)


@dataclass(slots=True)
class Anonymous:
    """Someone the article describes but never names ("a top French diplomat")."""

    role: list[str]
    gender: str | None = None


@dataclass(slots=True)
class Organisation:
    name: str
    kind: str  # "organisation" or "government"


Entity = Person | Anonymous | Organisation


def clean_person_name(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip()).strip(" ,.;:")
    toks = text.split()
    while len(toks) > 1 and toks[0].lower().strip(".") in TITLES:
        toks = toks[1:]
    while len(toks) > 1 and country_of(toks[0]) and toks[0][0].isupper() and toks[1][0].isupper():
        toks = toks[1:]  # "Russian President Vladimir Putin" when the title was read as part of the name
    return " ".join(toks)


def person_after_role(words: list[str]) -> str | None:
    """The name in "Opposition deputy Lukas Brenn": a role word in lower case, then a full name.

    The recogniser sometimes reads such a phrase as an organisation; a phrase naming no
    body (ministry, party, ...) and ending in a capitalised name after a role is a person.
    """
    if any(w.lower() in BODY_WORDS for w in words):
        return None
    for i, word in enumerate(words[:-2]):
        if word.islower() and (word in ROLE_HEADS or word in TITLES):
            tail = words[i + 1 :]
            if all(t[:1].isupper() and t.isalpha() for t in tail) and is_person_name(" ".join(tail)):
                return " ".join(tail)
    return None


def is_person_name(name: str) -> bool:
    """Not a place, not a title: what the recogniser calls a person sometimes is neither."""
    toks = name.split()
    if not toks or country_of(name) or country_of_seat(name):
        return False
    if toks[-1].lower().strip(".") in TITLES or toks[-1].lower() in ROLE_HEADS:
        return False
    return not all(country_of(t) or t.lower() in TITLES for t in toks)


def name_key(name: str) -> list[str]:
    return [t.lower().strip(".") for t in re.split(r"[\s-]+", name.replace("’", "'")) if t.strip(".")]


class Cast:
    """The people and bodies of one article, and who was talked about when."""

    def __init__(self, text: str):
        self.text = text
        self.people: list[Person] = []
        self.timeline: list[tuple[int, Entity, bool]] = []  # (offset, who, as a subject)
        self.countries: Counter[str] = Counter()
        self.country_mentions: list[tuple[int, str]] = []
        self.organisations: list[tuple[int, Organisation]] = []  # bodies resolved from mentions
        self.named_organisations: list[tuple[int, Organisation]] = []  # as the recogniser found them
        self.statement_makers: list[tuple[int, Entity]] = []
        self.described: list[tuple[int, list[str], Entity]] = []  # role-described mentions

    # -- people ---------------------------------------------------------------

    def add_person(self, name: str, pos: int, roles: list[list[str]] = (), gender: str | None = None) -> Person | None:
        name = clean_person_name(name)
        key = name_key(name)
        if not key or not name[:1].isupper() or not is_person_name(name):
            return None
        person = self.person_named(name, pos, create=False)
        if person is None:
            person = Person(name, key, first=pos)
            self.people.append(person)
        elif len(key) > len(person.tokens) and set(person.tokens) <= set(key):
            person.name, person.tokens = name, key
        for r in roles:
            if r and role_head(r) and r not in person.roles:
                person.roles.append(r)
        if gender and person.gender is None:
            person.gender = gender
        return person

    def person_named(self, name: str, pos: int = 0, create: bool = True) -> Person | None:
        key = name_key(clean_person_name(name))
        if not key:
            return None
        matches = [p for p in self.people if set(key) <= set(p.tokens) or set(p.tokens) <= set(key)]
        if not matches:
            return self.add_person(name, pos) if create else None
        if len(matches) > 1:
            # the same surname for two people: the one talked about most recently
            recent = {id(e): i for i, (_, e, _) in enumerate(self.timeline) if isinstance(e, Person)}
            matches.sort(key=lambda p: (recent.get(id(p), -1), len(p.tokens)))
        best = matches[-1]
        if len(key) > len(best.tokens) and set(best.tokens) <= set(key):
            best.name, best.tokens = clean_person_name(name), key
        return best

    def person_by_role(self, role: list[str], pos: int, gender: str | None = None) -> Person | None:
        """The person the article gave this role: the latest one before `pos`, else the next one after."""
        fits = [p for p in self.people if any(role_matches(role, r) for r in p.roles) and _gender_ok(p.gender, gender)]
        if not fits:
            return None
        last_seen: dict[int, int] = {}
        for off, e, _ in self.timeline:
            if isinstance(e, Person) and off <= pos:
                last_seen[id(e)] = off
        # a role given with the same country outranks one given without any
        wanted = {r for r in role if r.startswith("country:")}
        if wanted:
            exact = [p for p in fits if any(wanted <= set(r) for r in p.roles)]
            fits = exact or fits
        before = [p for p in fits if id(p) in last_seen or p.first <= pos]
        if before:
            return max(before, key=lambda p: last_seen.get(id(p), p.first))
        return min(fits, key=lambda p: p.first)

    def unroled_person(self, pos: int) -> Person | None:
        """For a role nobody was given: the person without a known role talked about most."""
        counts: Counter[int] = Counter(id(e) for off, e, _ in self.timeline if isinstance(e, Person) and not e.roles)
        if not counts:
            return None
        top = counts.most_common(2)
        if len(top) > 1 and top[0][1] == top[1][1]:
            return None
        ident = top[0][0]
        return next(p for p in self.people if id(p) == ident)

    # -- discourse ------------------------------------------------------------

    def mention(self, pos: int, who: Entity | None, subject: bool) -> None:
        if who is not None:
            self.timeline.append((pos, who, subject))
            if len(self.timeline) > 1 and self.timeline[-2][0] > pos:
                self.timeline.sort(key=lambda t: t[0])

    def recent(self, pos: int, gender: str | None = None, plural: bool = False) -> Entity | None:
        """Who a pronoun at `pos` most likely points back to."""
        for want_subject in (True, False):
            for off, who, subj in reversed(self.timeline):
                if off >= pos or (want_subject and not subj):
                    continue
                if plural:
                    if isinstance(who, Organisation) or (isinstance(who, Anonymous) and _plural(who.role)):
                        return who
                    continue
                if isinstance(who, Organisation):
                    continue
                if isinstance(who, Anonymous) and _plural(who.role):
                    continue
                if _gender_ok(who.gender, gender):
                    return who
        return None

    def described_as(self, role: list[str], pos: int) -> Entity | None:
        """The last someone the article described with this role ("a source in the ministry" -> "the source")."""
        head = role_head(role)
        for off, r, who in reversed(self.described):
            if off < pos and role_head(r) == head:
                return who
        return None

    def recent_organisation(self, pos: int, body: str | None = None) -> Organisation | None:
        for off, org in reversed(self.organisations):
            if off < pos and (body is None or body in org.name.lower()):
                return org
        return None

    # -- countries and bodies -------------------------------------------------

    def note_country(self, pos: int, country: str) -> None:
        self.countries[country] += 1
        self.country_mentions.append((pos, country))

    def context_country(self, pos: int) -> str | None:
        """The country a bare "the government" or "the country's" most likely means."""
        recent = [c for off, c in self.country_mentions if off < pos and pos - off < 600]
        if recent:
            return Counter(recent[-4:]).most_common(1)[0][0] if len(set(recent[-4:])) > 1 else recent[-1]
        if self.countries:
            return self.countries.most_common(1)[0][0]
        return None

    def organisation(self, mention: str, pos: int) -> Organisation | None:
        """A body named in a mention, in full: "China's foreign ministry" -> "Chinese Foreign Ministry"."""
        toks = words(mention)
        low = [t.lower().replace("’", "'") for t in toks]
        base = [re.sub(r"'s$", "", t) for t in low]
        country = None
        body_idx = [i for i, t in enumerate(base) if t in BODY_WORDS]
        for i, t in enumerate(base):
            if t == "country" and i + 1 < len(low) and low[i].endswith("'s"):
                country = self.context_country(pos)
            elif toks[i][:1].isupper():
                c = country_of(t)
                for n in (3, 2):
                    c = c or country_of(" ".join(base[i : i + n]))
                if c:
                    country = country or c
        if not body_idx:
            whole = " ".join(t for t in toks if t.lower() != "the")
            c = country_of(whole) or country_of_seat(whole)
            if c:
                self.note_country(pos, c)
                return Organisation(f"{demonym(c)} government", "government")
            return None
        # the body: qualifiers before the last body word, and "of Foreign Affairs" after it
        end = body_idx[-1]
        start = end
        while (
            start > 0
            and (base[start - 1] in BODY_QUALIFIERS or base[start - 1] in BODY_WORDS)
            and base[start - 1] != "the"
        ):
            start -= 1
        while start < end and base[start] in ("and", "of", "for"):
            start += 1
        if toks[end][:1].isupper():
            # a proper name: "White House", "Federal Security Service"
            while (
                start > 0
                and toks[start - 1][:1].isupper()
                and not country_of(base[start - 1])
                and base[start - 1] not in ("the", "a", "an", "this", "that")
            ):
                start -= 1
        tail = end + 1
        while tail + 1 < len(base) and base[tail] in ("of", "for") and base[tail + 1] in BODY_QUALIFIERS:
            tail += 1
            while tail < len(base) and base[tail] in BODY_QUALIFIERS and base[tail] not in ("of", "the"):
                tail += 1
        body_words = toks[start:tail]
        body_low = [w.lower() for w in body_words]
        kind = "government" if body_low[-1] in GOVERNMENT_WORDS else "organisation"
        capitalised = any(w[:1].isupper() for w in body_words) or kind == "government"
        if kind == "government":
            body = " ".join(body_low)
        else:
            body = " ".join(w if w.lower() in ("and", "of", "for") else w[:1].upper() + w[1:] for w in body_words)
        if body_low == ["kremlin"]:
            return Organisation("Kremlin", "government")
        if country is None and body_low[-1] in ("ministry", "government", "office", "department", "embassy"):
            earlier = self.recent_organisation(pos, body_low[-1])
            if earlier is not None and (len(body_low) == 1 or " ".join(body_low) in earlier.name.lower()):
                return earlier
            if not capitalised and not any(w in ("the",) for w in low[:1]):
                return None  # "a ministry official": no body is named
            country = self.context_country(pos)
        if country is None:
            return Organisation(body, kind) if capitalised else None
        org = Organisation(f"{demonym(country)} {body}", kind)
        self.organisations.append((pos, org))
        return org


def _plural(role: list[str]) -> bool:
    return bool(role) and role[-1].endswith("s") and not role[-1].endswith("ss")


def _gender_ok(have: str | None, want: str | None) -> bool:
    return have is None or want is None or have == want


def gender_of(words_: list[str]) -> str | None:
    low = {w.lower().strip(".") for w in words_}
    if low & FEMALE_MARKERS:
        return "f"
    if low & MALE_MARKERS:
        return "m"
    return None


def speaker_name(who: Entity | None) -> tuple[str | None, str | None]:
    """(canonical name, kind) of a speaker; someone unnamed is (None, "person")."""
    if isinstance(who, Person):
        return who.name, "person"
    if isinstance(who, Organisation):
        return who.name, who.kind
    if isinstance(who, Anonymous):
        return None, "person"
    return None, None
