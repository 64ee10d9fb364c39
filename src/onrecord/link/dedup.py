"""Copies: articles that are the same report (syndicated, aggregated, pasted) form one group.

Candidates come from MinHash LSH over word shingles (datasketch's MinHash and its banding
parameters) and are confirmed on the exact shingle sets: an aggregator's copy wrapped in
error-page headers and legal notices still holds nearly all of the original's shingles, so
containment (shared shingles over the smaller set) is the test, not Jaccard. The primary
report of a group is chosen from evidence, and the evidence is written down in `why`.

Memory: a shingle is kept as its 32-bit hash (the one MinHash is fed) in one sorted array
per article, and the bands are matched by sorting one column of keys at a time, rather than
in datasketch's MinHashLSH, whose index holds a Python set per band per article: at 20,000
articles that index and the shingle strings took 670 MB, these arrays take a tenth of it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

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
    import numpy as np

    usable: list[Article] = []
    shingles: list[np.ndarray] = []
    for a in sorted(articles, key=lambda a: a.id):
        hashes = shingle_hashes(a.text)
        if len(hashes) >= MIN_SHINGLES:
            usable.append(a)
            shingles.append(hashes)
    parent = {a.id: a.id for a in usable}
    if usable:
        signatures = np.vstack([_signature(h) for h in shingles])
        for n, m in _band_pairs(signatures):
            if containment(shingles[n], shingles[m]) >= MIN_CONTAINMENT:
                union(parent, usable[n].id, usable[m].id)
    del shingles
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


def containment(a, b) -> float:
    """Shared shingles over the smaller set; `a` and `b` are sorted arrays of distinct hashes."""
    import numpy as np

    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def shingle_hashes(text: str):
    """The text's distinct word shingles as sorted 32-bit hashes (datasketch's sha1_hash32)."""
    import numpy as np
    from datasketch.hashfunc import sha1_hash32

    words = re.findall(r"\w+", text.casefold())
    found = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(0, len(words) - SHINGLE_WORDS + 1))}
    return np.unique(np.fromiter((sha1_hash32(s.encode("utf-8")) for s in found), dtype=np.uint32, count=len(found)))


@lru_cache(maxsize=1)
def _minhash_parameters():
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    template = MinHash(num_perm=NUM_PERM, seed=1)
    return template.permutations, template.scheme, lsh.hashranges


def _signature(hashes):
    """The MinHash of a shingle set, fed the hashes it would compute itself."""
    from datasketch import MinHash

    permutations, scheme, _ranges = _minhash_parameters()
    mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=permutations, scheme=scheme)
    mh.update_batch(hashes.tolist())
    return mh.hashvalues


def _band_pairs(signatures):
    """Index pairs (n < m) whose signatures agree on a whole band: the pairs MinHashLSH would
    return, found by sorting each band's keys instead of holding an index of sets."""
    import numpy as np

    _permutations, _scheme, ranges = _minhash_parameters()
    count = len(signatures)
    found = []
    for lo, hi in ranges:
        band = np.ascontiguousarray(signatures[:, lo:hi]).view(np.dtype((np.void, signatures.itemsize * (hi - lo))))
        _keys, key_of = np.unique(band.ravel(), return_inverse=True)
        order = np.argsort(key_of, kind="stable")
        sorted_keys = key_of[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], len(order)]
        shared = ends - starts > 1
        for start, end in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
            members = np.sort(order[start:end]).astype(np.int64)
            first, second = np.triu_indices(end - start, k=1)
            found.append(members[first] * count + members[second])
    if not found:
        return []
    codes = np.unique(np.concatenate(found))
    return zip((codes // count).tolist(), (codes % count).tolist(), strict=True)


def _same_outlet(outlet: str, credit: str) -> bool:
    a = re.sub(r"[^a-z0-9]", "", outlet.casefold())
    b = re.sub(r"[^a-z0-9]", "", credit.casefold())
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _label(a: Article) -> str:
    return a.outlet or a.url or a.id
