"""Coarse part-of-speech tags from the fine-grained ones, without spaCy's attribute ruler.

The small English model sets `pos_` with an AttributeRuler: a Matcher over about 180
single-token patterns (a tag map, and exceptions keyed by tag and word). Over news text it
costs as much as the dependency parser, though almost every token needs one lookup by its
tag. `FastPos` reads the same patterns out of the model's ruler and applies them from a
table keyed by tag, on the token attributes as integer arrays. As in the ruler, every
matching rule applies in the ruler's order, so a later rule wins. It sets what attribution
reads: POS, and TAG and DEP where the ruler sets them (whitespace tokens); lemmas and
morphology are never read, so they are left unset.
`tests/test_analyse.py` checks that the result equals the ruler's on real text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

FACTORY = "onrecord_fast_pos"
_SET = ("POS", "TAG", "DEP")  # attributes the ruler sets that anything here reads
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3, "ORTH": 4}
_ARRAY = [TAG, LOWER, DEP, IS_SPACE, ORTH]


@dataclass(slots=True)
class _Rule:
    order: int
    # per pattern token: (column, allowed values or None, banned values or None)
    tokens: list[list[tuple[int, frozenset[int] | None, frozenset[int] | None]]]
    index: int
    attrs: dict[str, str]
    first_tags: frozenset[int] | None  # tag hashes the first token must have, when the pattern says


def _values(vocab: Vocab, key: str, value) -> frozenset[int]:
    if key == "IS_SPACE":
        return frozenset({int(bool(value))})
    return frozenset(vocab.strings.add(v) for v in value)


def _test(vocab: Vocab, key: str, spec) -> tuple[int, frozenset[int] | None, frozenset[int] | None]:
    column = _COLUMNS[key]
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            return column, _values(vocab, key, spec["IN"]), None
        if set(spec) == {"NOT_IN"}:
            return column, None, _values(vocab, key, spec["NOT_IN"])
        raise ValueError(f"unsupported pattern operator {spec!r}")
    return column, _values(vocab, key, [spec]), None


def rules_from_ruler(vocab: Vocab, patterns: list[dict]) -> list[_Rule]:
    """The ruler's patterns that set POS, TAG or DEP, as rules in the ruler's order."""
    rules = []
    for order, entry in enumerate(patterns):
        attrs = {k: v for k, v in entry["attrs"].items() if k in _SET}
        if not attrs:
            continue
        for pattern in entry["patterns"]:
            tokens = []
            for spec in pattern:
                unknown = set(spec) - set(_COLUMNS)
                if unknown:
                    raise ValueError(f"unsupported pattern attribute {sorted(unknown)}")
                tokens.append([_test(vocab, k, v) for k, v in spec.items()])
            tags = next((allowed for column, allowed, _ in tokens[0] if column == 0 and allowed), None)
            rules.append(_Rule(order, tokens, entry.get("index", 0), attrs, tags))
    return rules


class FastPos:
    """The attribute ruler's POS/TAG/DEP rules, looked up by tag instead of matched."""

    def __init__(self, vocab: Vocab, patterns: list[dict]):
        self.vocab = vocab
        by_tag: dict[int, list[_Rule]] = {}
        self.general: list[_Rule] = []  # rules whatever the tag
        for rule in rules_from_ruler(vocab, patterns):
            if rule.first_tags is None:
                self.general.append(rule)
            else:
                for tag in rule.first_tags:
                    by_tag.setdefault(tag, []).append(rule)
        # each tag's rules and the general ones, merged once in the ruler's order
        self.by_tag = {tag: sorted([*rules, *self.general], key=lambda r: r.order) for tag, rules in by_tag.items()}
        # What the one-token rules apply depends on the token's row alone, and rows repeat (the
        # same word with the same tag): their answer is kept per row. Longer rules are matched.
        self.longer = {
            tag: [r for r in rules if not _one_token(r)] for tag, rules in [*self.by_tag.items(), (None, self.general)]
        }
        self.by_row: dict[tuple[int, ...], list[tuple[int, dict[str, str]]]] = {}  # row -> (order, attrs)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array(_ARRAY).tolist()
        hits: list[tuple[int, int, dict[str, str]]] = []
        for i, row in enumerate(rows):
            key = tuple(row)
            found = self.by_row.get(key)
            if found is None:
                if len(self.by_row) > _ROWS_KEPT:
                    self.by_row.clear()
                rules = self.by_tag.get(row[0], self.general)
                found = [(r.order, r.attrs) for r in rules if _one_token(r) and _fits(row, r.tokens[0])]
                self.by_row[key] = found
            hits.extend((order, i, attrs) for order, attrs in found)
            for rule in self.longer.get(row[0], self.longer[None]):
                size = len(rule.tokens)
                if i + size <= n and all(_fits(rows[i + k], rule.tokens[k]) for k in range(size)):
                    hits.append((rule.order, i + rule.index, rule.attrs))
        hits.sort(key=lambda h: h[0])
        pos = doc.to_array([POS])
        for _order, at, attrs in hits:
            for key, value in attrs.items():
                if key == "POS":
                    pos[at] = self.vocab.strings.add(value)
                elif key == "TAG":
                    doc[at].tag_ = value
                else:
                    doc[at].dep_ = value
        doc.from_array([POS], np.asarray(pos, dtype="uint64"))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


_ROWS_KEPT = 100_000


def _one_token(rule: _Rule) -> bool:
    return len(rule.tokens) == 1 and rule.index == 0


def _fits(row: list[int], tests) -> bool:
    for column, allowed, banned in tests:
        value = row[column]
        if allowed is not None and value not in allowed:
            return False
        if banned is not None and value in banned:
            return False
    return True


@Language.factory(FACTORY)
def make_fast_pos(nlp: Language, name: str) -> FastPos:
    ruler = nlp.get_pipe("attribute_ruler")
    return FastPos(nlp.vocab, list(ruler.patterns))
