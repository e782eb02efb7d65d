"""Connected components by alternating large-star and small-star steps (Kiveris et al.,
"Connected Components in MapReduce and Beyond", SoCC 2014).

Each step only needs one node and its neighbour list, so it maps onto one GroupByKey round and
no worker ever holds more than one node's neighbourhood (the wall every peer hit by collecting
all edges for a union-find). Alternating the two steps turns every component into a
star whose centre is the component's smallest node; the paper proves O(log^2 n) rounds, and in
practice the count tracks the log of the component diameter (benchmarks/results/dedup.md).

Node labels must be totally ordered; hashing ids first gives the random order the analysis
assumes. Edges are (smaller, larger) pairs with no self-loops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar


class Ordered(Protocol):
    """A node label: totally ordered (and hashable, as every label here is)."""

    def __lt__(self, other: Any, /) -> bool: ...
    def __gt__(self, other: Any, /) -> bool: ...


Node = TypeVar("Node", bound=Ordered)


def large_star(node: Node, neighbours: Iterable[Node]) -> tuple[list[tuple[Node, Node]], int]:
    """Connect every strictly larger neighbour to the smallest node of the neighbourhood.

    Returns the new edges and how many of them differ from the edges they replace.
    """
    neighbours = set(neighbours)
    smallest = min(neighbours | {node})
    larger = [v for v in neighbours if v > node]
    edges = [(smallest, v) for v in larger]
    changed = len(larger) if smallest != node else 0
    return edges, changed


def small_star(node: Node, smaller: Iterable[Node]) -> tuple[list[tuple[Node, Node]], int]:
    """Connect the node and its smaller neighbours to the smallest of them.

    `smaller` are the neighbours below `node` (the map side sends each edge to its larger end).
    """
    smaller = set(smaller)
    if not smaller:
        return [], 0
    smallest = min(smaller)
    edges = [(smallest, v) for v in smaller | {node} if v != smallest]
    return edges, len(smaller) - 1


def large_star_round(edges: Iterable[tuple[Node, Node]]) -> tuple[set, int]:
    """One in-memory large-star round (the reference the Beam rounds are tested against)."""
    adjacency: dict = {}
    for u, v in edges:
        adjacency.setdefault(u, set()).add(v)
        adjacency.setdefault(v, set()).add(u)
    return _star_round(adjacency, large_star)


def small_star_round(edges: Iterable[tuple[Node, Node]]) -> tuple[set, int]:
    smaller: dict = {}
    for u, v in edges:
        low, high = min(u, v), max(u, v)
        smaller.setdefault(high, set()).add(low)
    return _star_round(smaller, small_star)


def _star_round(neighbourhoods: dict, star: Callable) -> tuple[set, int]:
    """Every node's star step on its neighbourhood: the union of new edges, and the changes."""
    result: set = set()
    changed = 0
    for node, neighbours in neighbourhoods.items():
        new_edges, n = star(node, neighbours)
        result.update(new_edges)
        changed += n
    return result, changed


def star_rounds(edges: Iterable[tuple[Node, Node]], max_rounds: int) -> Iterator[tuple[set, int]]:
    """Alternating rounds in memory: yields (edges, changes) after each large+small pair."""
    current = {(min(u, v), max(u, v)) for u, v in edges if u != v}
    for _ in range(max_rounds):
        current, changed_large = large_star_round(current)
        current, changed_small = small_star_round(current)
        yield current, changed_large + changed_small


def components_in_memory(edges: Iterable[tuple[Node, Node]], max_rounds: int = 64) -> dict:
    """{node: component root} by iterating to convergence (for tests and benchmarks)."""
    final: set = set()
    for current, changed in star_rounds(edges, max_rounds):
        final = current
        if changed == 0:
            break
    roots = {}
    for root, leaf in final:
        roots[leaf] = root
        roots.setdefault(root, root)
    return roots
