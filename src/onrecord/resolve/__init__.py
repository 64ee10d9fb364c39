"""Speakers to entities: knowledge-base aliases, transliteration, role nouns by date, context.

`resolve_name` answers for one name; `SpeakerResolver` does the work for the linker, where the
other speakers of the same article (and of its neighbours) let a bare surname count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from onrecord.records import Entity
from onrecord.resolve.kb import KnowledgeBase, KnowledgeBaseError, load_kb
from onrecord.resolve.names import (
    country_template,
    fold_name,
    fold_text,
    fold_token,
    looks_like_person_name,
    name_tokens,
    slug,
    surname_key,
)

GOVERNMENT_WORDS = {"", "government", "authorities", "administration", "state", "federal government", "officials"}
ORGANISATION_KINDS = {"organisation", "government"}


def resolve_name(name: str, kind: str | None = None, on: str | None = None, kb_paths: Iterable[str] = ()) -> str | None:
    """The knowledge-base entity a name stands for (on a day, for role nouns), or None."""
    if not name or not name.strip():
        return None
    return SpeakerResolver(load_kb(tuple(kb_paths))).lookup(name, kind, on)


@dataclass(slots=True)
class SpeakerResolver:
    kb: KnowledgeBase
    corpus: dict[str, Entity] = field(default_factory=dict)  # entities found in articles, by id

    def entity(self, entity_id: str) -> Entity | None:
        return self.kb.entities.get(entity_id) or self.corpus.get(entity_id)

    # -- one name, no context -------------------------------------------------------------

    def lookup(
        self, name: str, kind: str | None = None, on: str | None = None, context: Iterable[str] = ()
    ) -> str | None:
        """Knowledge-base entity for a name: alias, organisation template, role noun, name inside a title.

        `context`: country codes the article is otherwise about; an ambiguous capital ("Kingston")
        stands for its government only when its country is among them.
        """
        key = fold_name(name)
        if not key:
            return None
        found = self._pick(self.kb.alias_index.get(key, set()), kind, on)
        if found:
            return found
        capital = self._ambiguous_capital(key)
        if capital:
            governments = self.kb.governments(capital) if capital in set(context) else []
            return governments[0] if len(governments) == 1 else None
        template = country_template(name, self.kb.place_index)
        if "<" in template:
            found = self._pick(self.kb.template_index.get(template, set()), kind, on)
            if found:
                return found
            code, rest = _split_template(template)
            if code and rest in GOVERNMENT_WORDS:  # "Beijing", "Sri Lanka": whatever kind was guessed
                governments = self.kb.governments(code)
                if len(governments) == 1:
                    return governments[0]
            if code and kind in (None, "person"):
                function = self._role_function(rest, code)
                if function:
                    holders = self.kb.holders(function, code, on)
                    if len(holders) == 1:
                        return holders[0]
        tokens = name.split()
        # "Russian Foreign Minister Sergey Lavrov": the name after the title
        for size in range(len(tokens) - 1, 1, -1):
            found = self._pick(self.kb.alias_index.get(fold_name(" ".join(tokens[-size:])), set()), kind, on)
            if found:
                return found
        if len(name_tokens(name)) == 1 and kind in (None, "person"):
            people = self.kb.surname_index.get(surname_key(name), set())
            found = self._pick(people, "person", on, unique=True)
            if found:
                return found
        return None

    def _ambiguous_capital(self, key: str) -> str | None:
        """The country of an ambiguous capital named alone or with a government word."""
        words = key.split()
        if words and words[0] == "the":
            words = words[1:]
        for size in range(len(words), 0, -1):
            code = self.kb.ambiguous_capitals.get(" ".join(words[:size]))
            if code and " ".join(words[size:]) in GOVERNMENT_WORDS:
                return code
        return None

    def _role_function(self, words: str, country: str | None) -> str | None:
        return self._role_noun(words, country)[0]

    def _role_noun(self, words: str, country: str | None) -> tuple[str | None, str | None]:
        """(function, the phrase that names it) for the role noun at the end of the words."""
        parts = [w for w in words.split() if w not in {"the", "s"}]
        for i in range(len(parts)):  # "outgoing foreign minister": the noun at the end
            tail = " ".join(parts[i:])
            if self.kb.knows_role_noun(tail, country):
                return self.kb.role_function(tail, country), tail
            own = self.kb.role_noun_country.get(tail) if country is None else None
            if own:
                return self.kb.role_function(tail, own), tail
        return None, None

    def _pick(self, ids: set[str], kind: str | None, on: str | None, unique: bool = False) -> str | None:
        candidates = sorted(ids)
        if kind == "person":
            # the kind guessed from the sentence is a preference, not a filter
            candidates = [i for i in candidates if self.kb.entities[i].kind == "person"] or candidates
        elif kind in ORGANISATION_KINDS:
            candidates = [i for i in candidates if self.kb.entities[i].kind in ORGANISATION_KINDS] or candidates
        if len(candidates) > 1 and on:
            active = [i for i in candidates if any(_active(r.start, r.end, on) for r in self.kb.entities[i].roles)]
            candidates = active or candidates
        if not candidates or (unique and len(candidates) > 1):
            return None
        if len(candidates) > 1:
            return None  # two people of the same name: no guess
        return candidates[0]

    # -- a speaker in its article ---------------------------------------------------------

    def resolve(
        self,
        names: list[str],
        kind: str | None,
        on: str | None,
        neighbours: dict[str, str],
        countries: list[str] | None = None,
        text: str = "",
    ) -> str | None:
        """Entity for a quote's speaker.

        `neighbours`: surname key -> entity of the full names nearby; `countries`: the countries of
        the article's other speakers, most frequent first; `text`: the article, where a bare role
        ("the foreign minister", "PM") is often followed once by the holder's name.
        """
        names = [n for n in dict.fromkeys(n.strip() for n in names if n and n.strip())]
        context = set(countries or [])
        for name in names:
            if self._ambiguous_capital(fold_name(name)) and text:
                context |= self.countries_named(text)
            found = self.lookup(name, kind, on, context)
            if found:
                return found
        for name in names:
            if len(name_tokens(name)) == 1:
                found = neighbours.get(surname_key(name))
                if found:
                    return found
        for name in names:
            function, code = self.role_of(name)
            if function is None:
                continue
            if code:
                holders = self.kb.holders(function, code, on)
                if len(holders) == 1:
                    return holders[0]
            named = self._named_in_text(name, function, text)
            if named:
                found = self.lookup(named, "person", on) or neighbours.get(surname_key(named))
                return found or self._corpus_entity(named, "person")
            # Without a country, the country of the article's other speakers; never without a day,
            # since "the prime minister" of some year is not the one in office now.
            if not code and on:
                for country in countries or []:
                    holders = self.kb.holders(function, country, on)
                    if len(holders) == 1:
                        return holders[0]
        for name in names:
            if self.role_of(name)[0] is None:
                found = self._corpus_entity(name, kind)
                if found:
                    return found
        return None

    def role_of(self, name: str) -> tuple[str | None, str | None]:
        """("foreign_minister", "RU") for "Russia's top diplomat"; (function, None) without a country."""
        code, rest = _split_template(country_template(name, self.kb.place_index))
        if code is None and "<" in rest:
            return None, None
        function, phrase = self._role_noun(rest, code)
        if function and code is None and phrase:
            # "the chief cabinet secretary", "a Kremlin spokesman": the phrase names its country
            code = self.kb.role_noun_country.get(phrase)
            if code:
                function = self.kb.role_function(phrase, code)
        return function, code

    def countries_named(self, text: str) -> set[str]:
        """Countries an article names by name, alias or demonym (not by an ambiguous capital)."""
        tokens = [fold_token(t) for t in fold_text(text).split()]
        found = set()
        for size in (4, 3, 2, 1):
            for i in range(len(tokens) - size + 1):
                code = self.kb.place_index.get(" ".join(tokens[i : i + size]))
                if code:
                    found.add(code)
        return found

    def _named_in_text(self, mention: str, function: str, text: str) -> str | None:
        """The name written right after the role in the article: "Prime Minister Manasseh Sogavare"."""
        if not text:
            return None
        nouns = [re.escape(mention.strip())]
        nouns += [re.escape(n) for n, f in self.kb.role_nouns.items() if f == function and len(n) > 2]
        pattern = re.compile(
            r"\b(?i:" + "|".join(sorted(set(nouns), key=len, reverse=True)) + r")\s+"
            r"((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)"
        )
        found = []
        for m in pattern.finditer(text):
            candidate = m.group(1).strip()
            words = candidate.split()
            if all(w[:1].isupper() for w in words) and looks_like_person_name(candidate):
                found.append(candidate)
        distinct = {fold_name(c) for c in found}
        return found[0] if len(distinct) == 1 else None

    def _corpus_entity(self, name: str, kind: str | None) -> str | None:
        """A speaker the knowledge base does not know: one entity per folded full name."""
        if kind in ORGANISATION_KINDS:
            template = country_template(name, self.kb.place_index)
            if not template or len(template.split()) > 6:
                return None
            entity_id = "corpus-org-" + slug(template)
            country = _split_template(template)[0]
            chosen_kind = kind
        else:
            if not looks_like_person_name(name) or "<" in country_template(name, self.kb.place_index):
                return None  # "Sri Lanka", "Solomon Islands PM": a place or an office, not a name
            if fold_text(name).split()[0] in {"the", "a", "an"}:
                return None  # "The Speaker", "The Spokesman": an office written in capitals
            key = fold_name(name)
            if len(key.split()) < 2:
                return None
            entity_id = "corpus-" + slug(key)
            country, chosen_kind = None, "person"
        existing = self.corpus.get(entity_id)
        if existing is None:
            self.corpus[entity_id] = Entity(entity_id, name.strip(), chosen_kind, country, [name.strip()])
        elif name.strip() not in existing.aliases:
            existing.aliases.append(name.strip())
        return entity_id


def _split_template(template: str) -> tuple[str | None, str]:
    tokens = template.split()
    codes = [t for t in tokens if t.startswith("<") and t.endswith(">")]
    if len(codes) != 1:
        return None, template
    return codes[0][1:-1].upper(), " ".join(t for t in tokens if t != codes[0])


def _active(start: str | None, end: str | None, on: str) -> bool:
    return (start or "0000")[: len(on)] <= on and (end is None or on <= end[: len(on)] or end[: len(on)] >= on)


__all__ = ["KnowledgeBase", "KnowledgeBaseError", "SpeakerResolver", "load_kb", "resolve_name", "fold_text"]
