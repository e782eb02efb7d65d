"""WARC reading: speed and robustness of fastwarc and warcio on real crawl files.

Every reader does what the crawl reader needs: iterate all records, parse the HTTP headers of
HTTP records, read the payload with transfer and content encodings removed, and flag a record
whose payload is shorter than its headers declare (clipped). Per file it reports the records
read, whether the library raised (and after how many records), the records flagged clipped,
and how many payloads differ from warcio's (warcio decodes chunked bodies and falls back to
the raw bytes when a header lies, so it serves as the reference; the README says which side
was right where they differ). Each file is also read cut at 60% of its bytes, as an
interrupted download leaves it, for robustness only.

Speed is CPU time in one process (per core, independent of machine load), in records/s and
compressed MB/s; each file is re-read until it has accumulated --min-seconds of CPU.

    .venv/bin/python benchmarks/read_throughput.py --output /tmp/read_throughput.json
"""

from __future__ import annotations

import argparse
import io
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

from fastwarc.warc import ArchiveIterator as FastWarcIterator
from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.statusandheaders import StatusAndHeadersParser

from yisieve.pipeline.io.http_body import decode_http_body

DEFAULT_CRAWL = Path("/work/shared/data/crawl")
CUT_FRACTION = 0.6
REFERENCE = "warcio"
_HTTP_HEAD = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False)

Source = bytes  # a whole (compressed) WARC file, read into memory once
Payload = tuple[bytes, bool]  # payload, clipped (fewer bytes than the record declares)


def read_warcio(data: Source) -> Iterator[Payload]:
    """warcio's content_stream: de-chunks and decompresses, tolerating lying headers."""
    for record in WarcioIterator(io.BytesIO(data)):
        payload = record.content_stream().read()
        yield payload, getattr(record.raw_stream, "limit", 0) > 0


def fastwarc_reader(**options: object) -> Callable[[Source], Iterator[Payload]]:
    def read(data: Source) -> Iterator[Payload]:
        for record in FastWarcIterator(io.BytesIO(data), parse_http=True, **options):
            payload = record.reader.read()
            yield payload, record.reader.tell() < record.content_length

    return read


def read_fastwarc_with_warcio_http(data: Source) -> Iterator[Payload]:
    """fastwarc only splits records; warcio's tolerant code parses the HTTP head (bare-LF
    lines of old crawlers) and removes transfer and content encodings."""
    for record in FastWarcIterator(io.BytesIO(data), parse_http=False):
        block = record.reader.read()
        clipped = len(block) < record.content_length
        if not record.headers.get("Content-Type", "").startswith("application/http"):
            yield block, clipped
            continue
        stream = io.BytesIO(block)
        http = _HTTP_HEAD.parse(stream)
        transfer, content = (
            http.get_header("Transfer-Encoding"),
            http.get_header("Content-Encoding"),
        )
        yield decode_http_body(stream.read(), transfer, content), clipped


READERS: dict[str, Callable[[Source], Iterator[Payload]]] = {
    "fastwarc": fastwarc_reader(),
    "fastwarc quirks": fastwarc_reader(quirks_mode=True),
    "fastwarc quirks+decode": fastwarc_reader(quirks_mode=True, auto_decode="all"),
    "fastwarc+warcio-http": read_fastwarc_with_warcio_http,
    "warcio": read_warcio,
}


@dataclass
class FileResult:
    records: int = 0
    payload_bytes: int = 0
    error: str | None = None
    clipped: int = 0
    differing_payloads: int = 0
    cut_records: int = 0
    cut_error: str | None = None
    cut_clipped: int = 0  # flagged by the reader
    cut_partial: int = 0  # payloads that differ from the same record read from the whole file
    cpu_s: float = 0.0
    passes: int = 0
    records_per_s: float = 0.0
    mb_per_s: float = 0.0


@dataclass
class ReaderTotals:
    records: int = 0
    compressed_bytes: int = 0
    cpu_s: float = 0.0
    files_raising: list[str] = field(default_factory=list)
    files_differing: list[str] = field(default_factory=list)


def read_all(
    reader: Callable[[Source], Iterator[Payload]], data: Source
) -> tuple[list[Payload], str | None]:
    """Payloads read before the library gave up, and its error if it did."""
    payloads: list[Payload] = []
    try:
        payloads.extend(reader(data))
    except Exception as error:  # what a reader raises is the measurement
        return payloads, f"{type(error).__name__}: {error}"[:120]
    return payloads, None


def time_reader(
    reader: Callable[[Source], Iterator[Payload]], data: Source, min_s: float
) -> tuple[float, int]:
    """Re-read the file until min_s of CPU has accumulated; returns (cpu seconds, passes)."""
    spent, passes = 0.0, 0
    while spent < min_s:
        start = time.process_time()
        read_all(reader, data)
        spent += time.process_time() - start
        passes += 1
    return spent, passes


def count_differences(payloads: list[Payload], reference: list[Payload]) -> int:
    """Records whose payload differs, plus records only one side produced."""
    differing = sum(a[0] != b[0] for a, b in zip(payloads, reference, strict=False))
    return differing + abs(len(payloads) - len(reference))


def measure_file(path: Path, min_s: float) -> dict[str, FileResult]:
    data = path.read_bytes()
    cut = data[: int(len(data) * CUT_FRACTION)]
    reference, _ = read_all(READERS[REFERENCE], data)
    results = {}
    for name, reader in READERS.items():
        payloads, error = read_all(reader, data)
        cut_payloads, cut_error = read_all(reader, cut)
        cpu_s, passes = time_reader(reader, data, min_s)
        results[name] = FileResult(
            records=len(payloads),
            payload_bytes=sum(len(payload) for payload, _ in payloads),
            error=error,
            clipped=sum(clipped for _, clipped in payloads),
            differing_payloads=count_differences(payloads, reference),
            cut_records=len(cut_payloads),
            cut_error=cut_error,
            cut_clipped=sum(clipped for _, clipped in cut_payloads),
            cut_partial=count_differences(cut_payloads, payloads[: len(cut_payloads)]),
            cpu_s=cpu_s,
            passes=passes,
            records_per_s=len(payloads) * passes / cpu_s,
            mb_per_s=len(data) * passes / 1e6 / cpu_s,
        )
    return results


def crawl_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".warc" in p.name and p.name.endswith(".gz"))


def print_robustness(per_file: dict[str, dict[str, FileResult]]) -> None:
    """One cell per file and reader: records read, 'c' records flagged clipped, 'd' payloads
    unlike warcio's ('p' for a cut file: payloads cut short), '!' the library raised."""
    header = f"{'file':40} " + " ".join(f"{n[:22]:>22}" for n in READERS)
    print(f"records read (c: flagged clipped, d: payload differs from {REFERENCE}, !: raised)")
    print(header)
    for file, results in per_file.items():
        cells = [
            _cell(r.records, r.clipped, "d", r.differing_payloads, r.error)
            for r in results.values()
        ]
        print(f"{file[:40]:40} " + " ".join(cells))
    print(f"\ncut at {CUT_FRACTION:.0%} of the file (p: payloads cut short, flagged or not)")
    print(header)
    for file, results in per_file.items():
        cells = [
            _cell(r.cut_records, r.cut_clipped, "p", r.cut_partial, r.cut_error)
            for r in results.values()
        ]
        print(f"{file[:40]:40} " + " ".join(cells))
    print("\nerrors:")
    for file, results in per_file.items():
        for name, r in results.items():
            for label, error, count in (
                ("", r.error, r.records),
                ("cut ", r.cut_error, r.cut_records),
            ):
                if error:
                    print(f"  {file} [{label}{name}] after {count} records: {error}")


def _cell(records: int, clipped: int, mark: str, count: int, error: str | None) -> str:
    cell = f"{records}" + (f" c{clipped}" if clipped else "") + (f" {mark}{count}" if count else "")
    return f"{cell + (' !' if error else ''):>22}"


def print_file_speed(per_file: dict[str, dict[str, FileResult]]) -> None:
    print("\ncompressed MB/s per core, per file ('-': the reader raised)")
    print(f"{'file':40} " + " ".join(f"{n[:22]:>22}" for n in READERS))
    for file, results in per_file.items():
        cells = [f"{'-' if r.error else f'{r.mb_per_s:.1f}':>22}" for r in results.values()]
        print(f"{file[:40]:40} " + " ".join(cells))


def print_speed(totals: dict[str, ReaderTotals], timed_files: list[str]) -> None:
    print(f"\nspeed per core over the {len(timed_files)} files every reader reads to the end")
    print(f"{'reader':24} {'records/s':>10} {'MB/s':>7} {'raised on':>10} {'differs on':>10}")
    for name, t in totals.items():
        print(
            f"{name:24} {t.records / t.cpu_s:10.0f} {t.compressed_bytes / 1e6 / t.cpu_s:7.1f} "
            f"{len(t.files_raising):>7} files {len(t.files_differing):>7} files"
        )


def files_read_by_all(per_file: dict[str, dict[str, FileResult]]) -> list[str]:
    """Speed compares like with like: a reader that gives up early would look fast."""
    return [f for f, results in per_file.items() if not any(r.error for r in results.values())]


def summarize(
    per_file: dict[str, dict[str, FileResult]], sizes: dict[str, int], timed_files: list[str]
) -> dict[str, ReaderTotals]:
    totals = {name: ReaderTotals() for name in READERS}
    for file, results in per_file.items():
        for name, r in results.items():
            t = totals[name]
            if file in timed_files:
                t.records += r.records * r.passes
                t.compressed_bytes += sizes[file] * r.passes
                t.cpu_s += r.cpu_s
            if r.error:
                t.files_raising.append(file)
            if r.differing_payloads:
                t.files_differing.append(file)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=DEFAULT_CRAWL, help="folder of WARC files")
    parser.add_argument("--min-seconds", type=float, default=0.3, help="CPU time per file/reader")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    files = crawl_files(args.crawl)
    per_file = {p.name: measure_file(p, args.min_seconds) for p in files}
    sizes = {p.name: p.stat().st_size for p in files}
    print_robustness(per_file)
    print_file_speed(per_file)
    timed_files = files_read_by_all(per_file)
    totals = summarize(per_file, sizes, timed_files)
    print_speed(totals, timed_files)
    if args.output:
        report = {
            "files": {f: {n: asdict(r) for n, r in res.items()} for f, res in per_file.items()},
            "sizes": sizes,
            "timed_files": timed_files,
            "totals": {n: asdict(t) for n, t in totals.items()},
            "versions": {lib: version(lib) for lib in ("fastwarc", "warcio")},
        }
        args.output.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
