"""Main-text extraction: quality and speed of each extractor on real labelled pages.

Data: trafilatura's evaluation set (HTML pages plus evaldata.json, which lists per page
snippets that belong to the main text, 'with', and boilerplate, 'without'). Scoring follows
trafilatura's own evaluation: a 'with' snippet found in the output is a true positive, else a
false negative; a 'without' snippet found is a false positive, else a true negative; matching
is whitespace-normalised substring search; a crash counts as a full miss.

Speed is measured in one process over the same decoded pages, in CPU seconds, so docs/s is
per core and does not depend on what else the (shared) machine runs. Decoding is timed once,
apart, since every extractor needs it.

    .venv/bin/python benchmarks/extractor_quality.py --output /tmp/extractor_quality.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yisieve.filters.charset import decode_html  # noqa: E402
from yisieve.filters.html_extraction import (  # noqa: E402
    MainTextExtractor,
    ResiliparseExtractor,
    TrafilaturaExtractor,
)

DEFAULT_DATA = Path("/work/shared/data/labeled/trafilatura-eval/trafilatura-tests-eval.tar.gz")
UNPACK_DIR = Path("/tmp/yisieve-trafilatura-eval")

# The production extractors, plus (on request, it is the slowest) trafilatura with its fallback
# extractors: the configuration trafilatura publishes its own figures for.
EXTRACTORS: dict[str, Callable[[], MainTextExtractor]] = {
    "resiliparse": ResiliparseExtractor,
    "trafilatura": TrafilaturaExtractor,
    "trafilatura-fallback": lambda: TrafilaturaExtractor(name="trafilatura-fallback", fast=False),
}


@dataclass
class Page:
    name: str
    size: int  # bytes on disk
    html: str
    with_snippets: list[str]
    without_snippets: list[str]


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    docs: int = 0
    errors: int = 0
    empty: int = 0
    cpu_s: float = 0.0
    bytes: int = 0

    def metrics(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        return {
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
            "docs_per_s": self.docs / self.cpu_s if self.cpu_s else 0.0,
            "mb_per_s": self.bytes / 1e6 / self.cpu_s if self.cpu_s else 0.0,
        }


def locate_data(path: Path) -> Path:
    """Accept the bundled tarball (unpacked once to /tmp) or an unpacked folder."""
    if path.is_dir():
        return path
    if not (UNPACK_DIR / "tests" / "evaldata.json").exists():
        with tarfile.open(path) as archive:
            archive.extractall(UNPACK_DIR, filter="data")
    return UNPACK_DIR


def load_pages(root: Path, limit: int | None) -> tuple[list[Page], int, float]:
    """Decode every labelled page that the archive holds (some live only in trafilatura's
    download cache); returns the pages, the number of labelled entries and decode CPU time."""
    tests = root / "tests" if (root / "tests").is_dir() else root
    labels = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    pages, decode_s = [], 0.0
    for item in labels.values():
        path = tests / "eval" / item["file"]
        if not path.is_file():
            continue
        payload = path.read_bytes()
        start = time.process_time()
        html = decode_html(payload).html
        decode_s += time.process_time() - start
        pages.append(Page(item["file"], len(payload), html, item["with"], item["without"]))
        if limit and len(pages) >= limit:
            break
    return pages, len(labels), decode_s


def normalize_space(text: str) -> str:
    """Whitespace variants must not cost a match (trafilatura's evaluation does the same)."""
    return re.sub(r"\s+", " ", text).strip()


def score_page(score: Score, page: Page, text: str | None) -> None:
    found = normalize_space(text) if text else ""
    hits = sum(normalize_space(s) in found for s in page.with_snippets) if found else 0
    leaks = sum(normalize_space(s) in found for s in page.without_snippets) if found else 0
    score.tp += hits
    score.fn += len(page.with_snippets) - hits
    score.fp += leaks
    score.tn += len(page.without_snippets) - leaks


def evaluate(extractor: MainTextExtractor, pages: list[Page]) -> Score:
    """Run one extractor over all pages; only the extract call is timed."""
    extractor.extract("<html><body><p>warm-up</p></body></html>")
    score = Score()
    for page in pages:
        start = time.process_time()
        try:
            text = extractor.extract(page.html).text
        except Exception:  # a crash is a full miss, as in trafilatura's evaluation
            text, score.errors = None, score.errors + 1
        score.cpu_s += time.process_time() - start
        score.docs += 1
        score.bytes += page.size
        score.empty += not text
        score_page(score, page, text)
    return score


def print_table(results: dict[str, Score], decode_s: float, pages: list[Page]) -> None:
    header = (
        f"{'extractor':22} {'prec':>6} {'recall':>6} {'F1':>6} {'acc':>6} "
        f"{'docs/s':>7} {'MB/s':>6} {'empty':>5} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, score in results.items():
        m = score.metrics()
        print(
            f"{name:22} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
            f"{m['accuracy']:6.3f} {m['docs_per_s']:7.1f} {m['mb_per_s']:6.2f} "
            f"{score.empty:5d} {score.errors:6d}"
        )
    mb = sum(p.size for p in pages) / 1e6
    speed = f"{len(pages) / decode_s:.0f} docs/s, {mb / decode_s:.1f} MB/s"
    print(f"\ndecoding (filters.charset): {speed} per core")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="tarball or folder")
    parser.add_argument(
        "--extractors", nargs="+", choices=list(EXTRACTORS), default=["resiliparse", "trafilatura"]
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N pages")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    pages, labelled, decode_s = load_pages(locate_data(args.data), args.limit)
    mb = sum(p.size for p in pages) / 1e6
    print(f"{len(pages)} of {labelled} labelled pages present in the archive, {mb:.1f} MB\n")
    results = {name: evaluate(EXTRACTORS[name](), pages) for name in args.extractors}
    print_table(results, decode_s, pages)
    if args.output:
        report = {
            "data": {"pages": len(pages), "labelled": labelled, "source": str(args.data)},
            "decode": {"cpu_s": decode_s, "docs_per_s": len(pages) / decode_s},
            "extractors": {n: {**asdict(s), **s.metrics()} for n, s in results.items()},
            "versions": {lib: version(lib) for lib in ("resiliparse", "trafilatura")},
        }
        args.output.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
