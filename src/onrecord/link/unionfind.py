"""Union-find over string or integer keys: grouping by "these two belong together"."""

from __future__ import annotations

from collections.abc import Hashable


def find(parent: dict, x: Hashable) -> Hashable:
    while parent[x] != x:
        parent[x] = parent[parent[x]]  # path halving keeps later finds short
        x = parent[x]
    return x


def union(parent: dict, a: Hashable, b: Hashable) -> None:
    """Join the groups of a and b; the smaller key becomes the root, so results are deterministic."""
    ra, rb = find(parent, a), find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
