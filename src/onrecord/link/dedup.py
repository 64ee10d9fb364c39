"""Copies: articles that are the same report (syndicated, aggregated, pasted) form one group.

Candidates come from MinHash LSH over word shingles (datasketch) and are confirmed on the
exact shingle sets: an aggregator's copy wrapped in error-page headers and legal notices
still holds nearly all of the original's shingles, so containment (shared shingles over the
smaller set) is the test, not Jaccard. The primary report of a group is chosen from evidence,
and the evidence is written down in `why`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from onrecord.link.unionfind import find, union
from onrecord.records import Article, SyndicationGroup

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.3  # loose: candidates only, confirmed below
MIN_CONTAINMENT = 0.8
MIN_SHINGLES = 8  # fewer shingles than this is too little text to call a copy

COPY_MARKS = re.compile(
    r"read (?:the )?original article|denial of responsibility|automatic aggregator|"
    r"originally (?:published|appeared) (?:in|on|at|by)|this (?:article|story) (?:was|first) (?:originally )?"
    r"(?:published|appeared)|republished (?:from|with permission)|the hyperlink to the primary source",
    re.IGNORECASE,
)
CREDIT_LINES = [
    re.compile(r"\bSource:\s*([A-Z][\w.&' -]{1,30}?)(?:\s*[|\n(]|\s+\d|$)", re.MULTILINE),
    re.compile(r"\(([A-Z][A-Za-z]{1,15})\)\s*(?:--|—|–|-)"),
    re.compile(r"/([A-Z]{2,10})/"),
]


@dataclass(slots=True)
class Copies:
    groups: list[SyndicationGroup]
    duplicate_of: dict[str, str]  # article id -> primary id, for every non-primary member
    group_of: dict[str, str]  # article id -> group id


def find_copies(articles: list[Article]) -> Copies:
    from datasketch import MinHash, MinHashLSH

    shingles = {a.id: _shingles(a.text) for a in articles}
    usable = [a for a in sorted(articles, key=lambda a: a.id) if len(shingles[a.id]) >= MIN_SHINGLES]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    parent = {a.id: a.id for a in usable}
    for a in usable:
        mh = MinHash(num_perm=NUM_PERM, seed=1)
        mh.update_batch([s.encode("utf-8") for s in sorted(shingles[a.id])])
        for other in lsh.query(mh):
            if containment(shingles[a.id], shingles[other]) >= MIN_CONTAINMENT:
                union(parent, a.id, other)
        lsh.insert(a.id, mh)
    members: dict[str, list[str]] = {}
    for a in usable:
        members.setdefault(find(parent, a.id), []).append(a.id)
    by_id = {a.id: a for a in articles}
    result = Copies([], {}, {})
    for ids in members.values():
        if len(ids) < 2:
            continue
        group = choose_primary([by_id[i] for i in ids])
        result.groups.append(group)
        for i in ids:
            result.group_of[i] = group.id
            if i != group.primary_id:
                result.duplicate_of[i] = group.primary_id
    result.groups.sort(key=lambda g: g.id)
    return result


def choose_primary(members: list[Article]) -> SyndicationGroup:
    """The original among copies: the outlet others credit, then no copy marks, then the earliest."""
    credited = {c for a in members for c in credits(a)}
    scored = []
    for a in members:
        named = bool(a.outlet) and any(_same_outlet(a.outlet, c) for c in credited)
        marked = bool(COPY_MARKS.search(a.text))
        published = a.published.value if a.published else None
        scored.append(((not named, marked, published is None, published or "", -len(a.text), a.id), a, named, marked))
    scored.sort(key=lambda s: s[0])
    best, named, _marked = scored[0][1], scored[0][2], scored[0][3]
    reasons = []
    if named:
        reasons.append(f"the group credits {best.outlet} (dateline or credit line)")
    copies = [s[1] for s in scored if s[3]]
    if copies:
        reasons.append("marked as copies: " + ", ".join(_label(a) for a in copies))
    others = [s[1].published.value for s in scored[1:] if s[1].published]
    if best.published and (not others or best.published.value <= min(others)):
        reasons.append(f"earliest published ({best.published.value})")
    if not reasons:
        reasons.append("no date or credit tells them apart: the longest text is taken as primary")
    ids = sorted(a.id for a in members)
    group_id = "g-" + hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]
    why = f"{_label(best)} is primary of {len(members)} copies: " + "; ".join(reasons)
    return SyndicationGroup(group_id, ids, best.id, why)


def credits(article: Article) -> list[str]:
    """Agencies the article names as its source: dateline agency, "Source: X", "(Xinhua) --", "/TASS/"."""
    found = []
    if article.dateline and article.dateline.agency:
        found.append(article.dateline.agency)
    head = article.text[:3000]
    for pattern in CREDIT_LINES:
        found += [m.group(1).strip() for m in pattern.finditer(head)]
    return found


def containment(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(0, len(words) - SHINGLE_WORDS + 1))}


def _same_outlet(outlet: str, credit: str) -> bool:
    a = re.sub(r"[^a-z0-9]", "", outlet.casefold())
    b = re.sub(r"[^a-z0-9]", "", credit.casefold())
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _label(a: Article) -> str:
    return a.outlet or a.url or a.id
