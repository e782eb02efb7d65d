"""Read + extract throughput of yisieve's reader with each extractor, per core.

Runs the same code the pipeline runs (pipeline.io.warc_records, filters.charset,
filters.html_extraction) over every WARC of a folder, without Beam, and reports documents/s and
compressed MB/s per CPU-second for each extractor, plus the reader alone.

    .venv/bin/python benchmarks/read_extract_throughput.py --crawl ../shared/data/crawl
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from yisieve.filters.charset import decode_html
from yisieve.filters.html_extraction import make_extractor
from yisieve.pipeline.document import RawPage
from yisieve.pipeline.io.warc_records import read_warc_records

LIMIT = 10_000_000


def measure(files: list[Path], extractor_name: str | None) -> dict:
    extractor = make_extractor(extractor_name) if extractor_name else None
    pages = documents = 0
    compressed = sum(path.stat().st_size for path in files)
    start = time.process_time()
    for path in files:
        with open(path, "rb") as stream:
            for item in read_warc_records(stream, path.name, LIMIT):
                if not isinstance(item, RawPage):
                    continue
                pages += 1
                if extractor is None:
                    continue
                decoded = decode_html(item.payload, item.content_type)
                if extractor.extract(decoded.html, item.url).text.strip():
                    documents += 1
    seconds = time.process_time() - start
    return {
        "extractor": extractor_name or "(read only)",
        "html_pages": pages,
        "documents_with_text": documents,
        "cpu_seconds": round(seconds, 3),
        "pages_per_s_per_core": round(pages / seconds, 1),
        "compressed_mb_per_s_per_core": round(compressed / 1e6 / seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawl", default="../shared/data/crawl", help="folder of WARC files")
    parser.add_argument("--output", help="write the rows as JSON here")
    args = parser.parse_args()
    files = sorted(Path(args.crawl).glob("*.warc.gz"))
    rows = [measure(files, name) for name in (None, "resiliparse", "trafilatura")]
    print(f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB compressed")
    print(f"{'extractor':<14}{'pages':>7}{'cpu s':>8}{'pages/s/core':>14}{'MB/s/core':>11}")
    for row in rows:
        print(
            f"{row['extractor']:<14}{row['html_pages']:>7}{row['cpu_seconds']:>8}"
            f"{row['pages_per_s_per_core']:>14}{row['compressed_mb_per_s_per_core']:>11}"
        )
    if args.output:
        Path(args.output).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
