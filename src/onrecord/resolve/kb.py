"""The knowledge base of political actors: the shipped files plus the user's own.

Files (same format for shipped and user data):
- `political_actors.jsonl`: one entity a line: id, name, kind, country, aliases, roles
  (title, organisation, function, start, end);
- `countries.json`: code -> name, official, demonyms, capital, aliases;
- `role_nouns.json`: role noun as written ("top diplomat") -> function ("foreign_minister").
- `role_nouns.json` may also be {"generic": {noun: function}, "by_country": {code: {noun: function or null}}}.
A user file is recognised by its content: a JSON Lines file of entities, or a JSON object
of countries (values with "name") or of role nouns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from onrecord.records import Entity, Role
from onrecord.resolve.names import country_template, fold_name, fold_text, surname_key

SHIPPED = ("political_actors.jsonl", "countries.json", "role_nouns.json")
ENTITY_KINDS = {"person", "organisation", "government", "place"}
# Capitals whose name is just as often another place or a person ("Victoria" is also an
# Australian state and a first name, "Kingston" a dozen towns, "Hamilton" a surname): they stand
# for a government only where the article is otherwise about that country.
AMBIGUOUS_CAPITALS = {
    "victoria",
    "georgetown",
    "kingston",
    "kingstown",
    "hamilton",
    "nassau",
    "san jose",
    "santiago",
    "la paz",
    "sucre",
    "tripoli",
    "male",
    "saint johns",
    "st johns",
    "saint georges",
    "st georges",
    "monrovia",
}
INTERNATIONAL_BODIES = {"UN", "EU", "AFU"}


class KnowledgeBaseError(ValueError):
    """A knowledge-base file cannot be read; the message names the file, the line and the reason."""


@dataclass(slots=True)
class Country:
    code: str
    name: str
    official: str | None = None
    demonyms: list[str] = field(default_factory=list)
    capital: str | None = None
    aliases: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        out = [self.name, *self.aliases, *self.demonyms]
        if self.official:
            out.append(self.official)
        if self.capital:
            out.append(self.capital)
        return [n for n in out if n]


@dataclass(slots=True)
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    role_nouns: dict[str, str] = field(default_factory=dict)  # folded noun -> function
    # Where a noun means something else in one country (a Canadian "premier" heads a province): None.
    role_nouns_by_country: dict[str, dict[str, str | None]] = field(default_factory=dict)
    alias_index: dict[str, set[str]] = field(default_factory=dict)  # folded name -> entity ids
    template_index: dict[str, set[str]] = field(default_factory=dict)  # "<RU> foreign ministry" -> ids
    surname_index: dict[str, set[str]] = field(default_factory=dict)  # folded surname -> person ids
    place_index: dict[str, str] = field(default_factory=dict)  # folded place word(s) -> country code
    # folded ambiguous capital -> country code: kept out of `place_index`, used only with context
    ambiguous_capitals: dict[str, str] = field(default_factory=dict)
    # folded role phrase -> the one country whose press uses it ("chief cabinet secretary": JP)
    role_noun_country: dict[str, str] = field(default_factory=dict)

    def add_entity(self, entity: Entity) -> None:
        self.entities[entity.id] = entity
        for name in {entity.name, *entity.aliases}:
            key = fold_name(name)
            if key:
                self.alias_index.setdefault(key, set()).add(entity.id)
            if entity.kind != "person":
                template = country_template(name, self.place_index)
                if template and "<" in template:
                    self.template_index.setdefault(template, set()).add(entity.id)
            elif len(name.split()) > 1:
                self.surname_index.setdefault(surname_key(name), set()).add(entity.id)

    def add_country(self, country: Country) -> None:
        self.countries[country.code] = country
        for name in country.names():
            key = fold_name(name)
            if not key:
                continue
            if name == country.capital and fold_text(name) in AMBIGUOUS_CAPITALS:
                self.ambiguous_capitals.setdefault(key, country.code)
            else:
                self.place_index.setdefault(key, country.code)

    def reindex(self) -> None:
        """Rebuild the name indexes (country names must be known before organisation templates)."""
        entities = list(self.entities.values())
        self.alias_index, self.template_index, self.surname_index = {}, {}, {}
        for entity in entities:
            self.add_entity(entity)
        self.role_noun_country = self._country_specific_nouns()

    def _country_specific_nouns(self) -> dict[str, str]:
        """Role phrases that name their country by themselves.

        A phrase qualifies when one country alone lists it (with an office), it is more than one
        word, it is not an international body's ("secretary general" is NATO's too), and it is
        either absent from the generic table or holds a word no other country's or generic phrase
        uses, or names an institution of that country ("Kremlin spokesman"). So "chief cabinet
        secretary" means Japan, while "government spokesman", "top diplomat" and "defence
        secretary" stay without a country.
        """
        listed: dict[str, list[tuple[str, str | None]]] = {}
        for code, nouns in self.role_nouns_by_country.items():
            for noun, function in nouns.items():
                listed.setdefault(noun, []).append((code, function))
        word_countries: dict[str, set[str]] = {}
        for noun in self.role_nouns:
            for word in noun.split():
                word_countries.setdefault(word, set()).add("*" + noun)
        for noun, places in listed.items():
            for word in noun.split():
                word_countries.setdefault(word, set()).update(code for code, _f in places)
        out = {}
        for noun, places in listed.items():
            if len(places) != 1 or len(noun.split()) < 2:
                continue
            code, function = places[0]
            if function is None or code in INTERNATIONAL_BODIES:
                continue
            marked = any(word_countries[w] <= {code, "*" + noun} for w in noun.split()) or self._names_institution(
                noun, code
            )
            if noun in self.role_nouns and not marked:
                continue
            out[noun] = code
        return out

    def _names_institution(self, noun: str, code: str) -> bool:
        words = noun.split()
        for size in (1, 2, 3):
            for i in range(len(words) - size + 1):
                for entity_id in self.alias_index.get(" ".join(words[i : i + size]), ()):
                    entity = self.entities[entity_id]
                    if entity.kind != "person" and entity.country == code:
                        return True
        return False

    def office_country(self, role: Role, entity: Entity) -> str | None:
        """The country of an office: its organisation's, else the holder's ("Australia" for
        Charles III as King of Australia, "EU" for a former prime minister's EU post)."""
        if role.organisation:
            key = fold_name(role.organisation)
            code = self.place_index.get(key) or self.ambiguous_capitals.get(key)
            if code:
                return code
        return entity.country

    def governments(self, country: str) -> list[str]:
        return sorted(e.id for e in self.entities.values() if e.kind == "government" and e.country == country)

    def holders(self, function: str, country: str | None, on: str | None) -> list[str]:
        """Who held an office of this function (in this country) on that day."""
        out = []
        for entity in self.entities.values():
            for role in entity.roles:
                if role.function != function or not _in_office(role, on):
                    continue
                if country and self.office_country(role, entity) != country:
                    continue
                out.append(entity.id)
                break
        return sorted(out)

    def role_function(self, noun: str, country: str | None) -> str | None:
        """The function a role noun names in a country ("premier" in China: head_of_government)."""
        local = self.role_nouns_by_country.get(country or "", {})
        if noun in local:
            return local[noun]
        return self.role_nouns.get(noun)

    def knows_role_noun(self, noun: str, country: str | None) -> bool:
        return noun in self.role_nouns or noun in self.role_nouns_by_country.get(country or "", {})


def _in_office(role: Role, on: str | None) -> bool:
    if on is None:
        return role.end is None
    start = (role.start or "0000")[: len(on)]
    end = role.end[: len(on)] if role.end else None
    return start <= on and (end is None or on <= end)


def load_kb(user_paths: tuple[str, ...] = ()) -> KnowledgeBase:
    """The shipped knowledge base extended by the user's files (cached per list of paths)."""
    return _load_kb(tuple(str(p) for p in user_paths))


@lru_cache(maxsize=8)
def _load_kb(user_paths: tuple[str, ...]) -> KnowledgeBase:
    kb = KnowledgeBase()
    entity_batches: list[list[tuple[Entity, frozenset[str]]]] = []
    folder = resources.files("onrecord.data")
    for name in SHIPPED:
        item = folder / name
        if item.is_file():
            _read_into(kb, name, item.read_text(encoding="utf-8"), entity_batches, source="kb")
    for path in user_paths:
        p = Path(path)
        if not p.is_file():
            raise KnowledgeBaseError(f"knowledge-base file {path}: does not exist")
        _read_into(kb, str(p), p.read_text(encoding="utf-8"), entity_batches, source="user")
    for batch in entity_batches:
        for entity, given in batch:
            kb.entities[entity.id] = _merge(kb.entities.get(entity.id), entity, given)
    kb.reindex()
    return kb


def _merge(old: Entity | None, new: Entity, given: frozenset[str]) -> Entity:
    """A later line for a known id corrects it: each field it gives (name, kind, country,
    aliases, roles) replaces the earlier one, so a wrong tenure can be put right; fields it
    leaves out are kept."""
    if old is None:
        return new
    return Entity(
        new.id,
        new.name if "name" in given else old.name,
        new.kind if "kind" in given else old.kind,
        new.country if "country" in given else old.country,
        list(new.aliases) if "aliases" in given else list(old.aliases),
        list(new.roles) if "roles" in given else list(old.roles),
        new.source,
    )


def _read_into(
    kb: KnowledgeBase, where: str, text: str, batches: list[list[tuple[Entity, frozenset[str]]]], source: str
) -> None:
    stripped = text.lstrip()
    if not stripped:
        return
    if where.endswith(".jsonl") or (stripped.startswith("{") and "\n{" in stripped.strip()):
        batches.append(list(_entities(where, text, source)))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KnowledgeBaseError(f"knowledge-base file {where}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"knowledge-base file {where}: expected a JSON object")
    if data and all(isinstance(v, str) for v in data.values()):
        for noun, function in data.items():
            kb.role_nouns[fold_name(noun)] = function
        return
    if set(data) <= {"generic", "by_country"} and all(isinstance(v, dict) for v in data.values()):
        for noun, function in (data.get("generic") or {}).items():
            if isinstance(function, str):
                kb.role_nouns[fold_name(noun)] = function
        for code, nouns in (data.get("by_country") or {}).items():
            if not isinstance(nouns, dict):
                raise KnowledgeBaseError(f"knowledge-base file {where}: role nouns of {code!r} are not an object")
            local = kb.role_nouns_by_country.setdefault(code, {})
            for noun, function in nouns.items():
                local[fold_name(noun)] = function if isinstance(function, str) else None
        return
    for code, value in data.items():
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            raise KnowledgeBaseError(f"knowledge-base file {where}: country {code!r} has no name")
        kb.add_country(
            Country(
                code=code,
                name=value["name"],
                official=value.get("official"),
                demonyms=_strings(value.get("demonyms")),
                capital=value.get("capital"),
                aliases=_strings(value.get("aliases")),
            )
        )


def _entities(where: str, text: str, source: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KnowledgeBaseError(f"knowledge-base file {where} line {number}: not valid JSON ({exc})") from exc
        if not isinstance(record, dict) or not record.get("id") or not record.get("name"):
            raise KnowledgeBaseError(f"knowledge-base file {where} line {number}: an entity needs an id and a name")
        kind = record.get("kind") or "person"
        if kind not in ENTITY_KINDS:
            raise KnowledgeBaseError(f"knowledge-base file {where} line {number}: unknown kind {kind!r}")
        roles = []
        for r in record.get("roles") or []:
            if not isinstance(r, dict) or not r.get("title"):
                raise KnowledgeBaseError(f"knowledge-base file {where} line {number}: a role needs a title")
            roles.append(Role(r["title"], r.get("organisation"), r.get("start"), r.get("end"), r.get("function")))
        entity = Entity(
            id=str(record["id"]),
            name=record["name"],
            kind=kind,
            country=record.get("country"),
            aliases=_strings(record.get("aliases")),
            roles=roles,
            source=source,
        )
        yield entity, frozenset(k for k in ("name", "kind", "country", "aliases", "roles") if k in record)


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
