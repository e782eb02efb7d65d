"""Candidate edges from one LSH bucket (documents sharing a band).

Without verification a bucket becomes a star around its first member: the same connectivity
as all pairs with O(m) edges and diameter 2, computed in one streaming pass. With verification
only pairs whose signatures agree on at least `threshold` of their positions (the MinHash
estimate of Jaccard) connect; the bucket's local components are again emitted as stars.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

# Verification compares all pairs of a bucket (m^2 work, m signatures in memory); buckets above
# this size are near-always copies of one template, so they connect unverified (and are counted).
DEFAULT_MAX_VERIFIED_BUCKET = 1000

Node = Any


def _edge(a: Node, b: Node) -> tuple[Node, Node]:
    return (a, b) if a < b else (b, a)


def star_edges(members: Iterable[Node]) -> Iterator[tuple[Node, Node]]:
    """Every member connected to the first one seen (streaming: O(1) memory)."""
    first = None
    for node in members:
        if first is None:
            first = node
        elif node != first:
            yield _edge(first, node)


def verified_edges(
    members: list[tuple[Node, bytes]], threshold: float
) -> Iterator[tuple[Node, Node]]:
    """Stars over the components of the 'estimated Jaccard >= threshold' graph of the bucket."""
    members = sorted(dict(members).items())
    if len(members) < 2:
        return
    signatures = np.stack([np.frombuffer(sig, dtype="<u4") for _, sig in members])
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(members) - 1):
        agree = (signatures[i + 1 :] == signatures[i]).mean(axis=1)
        for offset in np.flatnonzero(agree >= threshold):
            a, b = find(i), find(i + 1 + int(offset))
            if a != b:
                parent[max(a, b)] = min(a, b)
    for i in range(len(members)):
        root = find(i)
        if root != i:
            yield _edge(members[root][0], members[i][0])
