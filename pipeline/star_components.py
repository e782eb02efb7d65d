"""Connected components as a fixed number of large-star / small-star GroupByKey rounds.

A Beam graph is static, so the rounds are unrolled: `max_rounds` pairs, each two shuffles of
the edge list, never more than one node's neighbourhood on a worker. A round on a graph that
has already converged changes nothing (every node points at its component's smallest node), so
extra rounds cost only a shuffle of the star edges.

Default bound: 20 rounds. Measured on the adversarial case, a path (the largest diameter a
component of n nodes can have) with hashed labels, convergence takes 7 rounds at 100 nodes,
9 at 1k, 12 at 10k and 14 at 100k, about +2.5 rounds per 10x; 20 covers paths of ~10^8 nodes,
while LSH duplicate clusters (near-cliques of diameter 2-3) converge in 2-4 (benchmarks/
results/dedup.md). Each round counts the edges it rewired (`dedup` counters
`minhash.cc_changes.round_NN`); any change in the last round is reported as
`minhash.cc_unconverged_nodes` instead of passing silently. An unconverged run still only
merges documents that are truly connected: its components are parts of the true ones.
"""

from __future__ import annotations

import apache_beam as beam

from yisieve.filters.dedup.connected_components import large_star, small_star
from yisieve.pipeline.counters import counter

# See the module docstring: a 100k-node path needs 14; 20 leaves a margin of ~6 rounds (x1000).
DEFAULT_MAX_ROUNDS = 20
NAMESPACE = "dedup"


class _StarStep(beam.DoFn):
    def __init__(self, step, round_index: int, last: bool) -> None:
        self.step = step
        self.round_index = round_index
        self.last = last

    def setup(self) -> None:
        self.changes = counter(NAMESPACE, f"minhash.cc_changes.round_{self.round_index:02d}")
        self.unconverged = counter(NAMESPACE, "minhash.cc_unconverged_nodes")

    def process(self, element):
        node, neighbours = element
        edges, changed = self.step(node, neighbours)
        if changed:
            self.changes.inc(changed)
            if self.last:
                self.unconverged.inc()
        yield from edges


def _both_directions(edge):
    u, v = edge
    yield (u, v)
    yield (v, u)


def _to_larger_end(edge):
    u, v = edge
    return (v, u) if u < v else (u, v)


class LargeStarSmallStar(beam.PTransform):
    """Edges (u, v), u < v -> (node, component root) for every node that has an edge."""

    def __init__(self, max_rounds: int = DEFAULT_MAX_ROUNDS) -> None:
        super().__init__()
        if max_rounds < 1:
            raise ValueError("max_rounds must be >= 1")
        self.max_rounds = max_rounds

    def expand(self, edges):
        for index in range(1, self.max_rounds + 1):
            last = index == self.max_rounds
            edges = (
                edges
                | f"LargeStarMap{index}" >> beam.FlatMap(_both_directions)
                | f"LargeStarGroup{index}" >> beam.GroupByKey()
                | f"LargeStar{index}" >> beam.ParDo(_StarStep(large_star, index, last))
                | f"SmallStarMap{index}" >> beam.Map(_to_larger_end)
                | f"SmallStarGroup{index}" >> beam.GroupByKey()
                | f"SmallStar{index}" >> beam.ParDo(_StarStep(small_star, index, last))
            )
        return (
            edges
            | "RootOfEachNode"
            >> beam.FlatMap(lambda edge: [(edge[1], edge[0]), (edge[0], edge[0])])
            | "SmallestRoot" >> beam.CombinePerKey(beam.CombineFn.from_callable(min))
        )
