"""Bounded bundles for `--runner multiprocess`: worker memory that does not grow with the corpus.

Beam's FnApiRunner (2.77) hands each of its N workers one bundle per stage holding 1/N of the
stage's input, and a grouped input (after a GroupByKey) travels as one message per worker. A
worker therefore holds a share of the corpus proportional to its size at every shuffle: at 100k
documents the dedup stage's pass-through joins raised a worker's resident memory by ~180 MiB,
four times the 25k figure (benchmarks/results/dedup.md).

`BoundedBundleRunner` keeps the FnApiRunner's scheduling and cuts every parallel stage input into
pieces of at most `max_bundle_bytes` (at element boundaries: a grouped key's values stay one
element), then runs the pieces as separate bundles, at most one per worker at a time, the way
Dataflow and Flink feed their workers bounded bundles. A worker then holds one piece (plus the
largest single element, e.g. one shard's rows) whatever the corpus size.

The runner process still buffers every PCollection: on this runner it plays the shuffle service.
The override touches FnApiRunner's private bundle-manager hook, so apache-beam is pinned.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

from apache_beam.coders.coder_impl import CoderImpl, create_InputStream
from apache_beam.metrics import monitoring_infos
from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners.portability.fn_api_runner import fn_runner

DEFAULT_MAX_BUNDLE_MB = 16


def split_encoded(chunk: bytes, coder: CoderImpl, max_bytes: int) -> Iterator[bytes]:
    """Cuts a stream of encoded elements into runs of whole elements of ~`max_bytes` each."""
    if len(chunk) <= max_bytes:
        yield chunk
        return
    stream = create_InputStream(chunk)
    start = 0
    while stream.size() > 0:
        coder.decode_from_stream(stream, True)
        end = len(chunk) - stream.size()
        if end - start >= max_bytes:
            yield chunk[start:end]
            start = end
    if start < len(chunk):
        yield chunk[start:]


def group_chunks(chunks: Iterable[bytes], max_bytes: int) -> Iterator[list[bytes]]:
    """Consecutive chunks gathered into groups of at most `max_bytes` (a larger chunk alone)."""
    group: list[bytes] = []
    size = 0
    for chunk in chunks:
        if group and size + len(chunk) > max_bytes:
            yield group
            group, size = [], 0
        group.append(chunk)
        size += len(chunk)
    if group:
        yield group


class BoundedBundleManager(fn_runner.ParallelBundleManager):
    """Runs one stage input as many bundles of bounded size, `num_workers` at a time."""

    def __init__(self, *args, max_bundle_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bundle_bytes = max_bundle_bytes

    def process_bundle(
        self,
        inputs,
        expected_outputs,
        fired_timers,
        expected_output_timers,
        dry_run: bool = False,
    ):
        pieces = self._pieces(inputs)
        timers = [fired_timers] + [{}] * (len(pieces) - 1)  # timers go with the first piece

        def execute(index: int):
            manager = fn_runner.BundleManager(
                self.bundle_context_manager,
                self._progress_frequency,
                cache_token_generator=self._cache_token_generator,
            )
            return manager.process_bundle(
                pieces[index],  # type: ignore[arg-type]  # Beam writes any iterable of chunks
                expected_outputs,
                timers[index],
                expected_output_timers,
                dry_run,
            )

        with ThreadPoolExecutor(max_workers=self._num_workers) as pool:
            results = list(pool.map(execute, range(len(pieces))))
        return _merge(results)

    def _pieces(self, inputs: Mapping) -> list[dict[str, list[bytes]]]:
        """Beam's per-worker parts of every input, each cut into bounded pieces (one bundle
        each), so a stage still spreads over all workers and no bundle exceeds the limit."""
        names = list(inputs)
        pieces = []
        for name, buffer in inputs.items():
            coder = self.bundle_context_manager.get_input_coder_impl(name)
            for part in buffer.partition(self._num_workers):
                chunks = chain.from_iterable(
                    split_encoded(chunk, coder, self.max_bundle_bytes) for chunk in part
                )
                for group in group_chunks(chunks, self.max_bundle_bytes):
                    pieces.append({other: group if other == name else [] for other in names})
        return pieces or [{name: [] for name in names}]


def _merge(results: Sequence) -> tuple:
    """One response for the stage: every piece's metrics, the first error, all split results."""
    responses = [response for response, _ in results]
    merged = beam_fn_api_pb2.InstructionResponse(
        process_bundle=beam_fn_api_pb2.ProcessBundleResponse(
            monitoring_infos=monitoring_infos.consolidate(
                chain.from_iterable(r.process_bundle.monitoring_infos for r in responses)
            )
        ),
        error=next((r.error for r in responses if r.error), ""),
    )
    return merged, [split for _, splits in results for split in splits]


class BoundedBundleRunner(fn_runner.FnApiRunner):
    """FnApiRunner whose parallel stages run in bundles of at most `max_bundle_bytes`."""

    def __init__(self, *args, max_bundle_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bundle_bytes = max_bundle_bytes

    def _get_bundle_manager(self, bundle_context_manager):
        manager = super()._get_bundle_manager(bundle_context_manager)
        if type(manager) is not fn_runner.ParallelBundleManager:
            return manager  # one worker, or a stateful stage: Beam's own manager
        return BoundedBundleManager(
            bundle_context_manager,
            self._progress_frequency,
            cache_token_generator=manager._cache_token_generator,
            max_bundle_bytes=self.max_bundle_bytes,
        )
