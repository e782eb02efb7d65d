"""Rebuild the bundled sample crawl (jobs/sample_crawl/) from the shared real-data folder.

The demo and the integration tests must run on a user's machine where the shared data folder
does not exist, so the sample is committed to the repository. This script is how it was made:
it copies whole WARC/WET files that are already small, cuts the text corpora to a few hundred
documents and converts them to the input formats the pipeline reads (JSONL.gz, Parquet), and
copies the licences that travel with the data. It is deterministic: the same shared folder and
library versions give byte-identical outputs (gzip members carry no timestamp or file name).

Usage (from the repository root):
    python jobs/sample_crawl/build_sample.py [--shared ../shared/data] [--out jobs/sample_crawl]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parent

# Every input file sits flat in data/, so `yisieve clean --input jobs/sample_crawl/data` reads
# them all (the format comes from the suffix) and nothing else in this folder.
# Small real crawl files copied whole, byte for byte: (path in shared, path in the sample).
WHOLE_FILES: tuple[tuple[str, str], ...] = (
    ("crawl/resiliparse-warcfile.warc.gz", "data/resiliparse-warcfile.warc.gz"),
    ("crawl/dolma-sample-0000.warc.gz", "data/dolma-sample-0000.warc.gz"),
    ("crawl/cc-whirlwind.warc.gz", "data/cc-whirlwind.warc.gz"),
    ("crawl/cc-whirlwind.warc.wet.gz", "data/cc-whirlwind.warc.wet.gz"),
)

# Licence texts that sit beside the sources in the shared folder: (path in shared, name here).
LICENSE_FILES: tuple[tuple[str, str], ...] = (
    ("crawl/resiliparse.LICENSE", "chatnoir-resiliparse.LICENSE"),
    ("crawl/dolma.LICENSE", "allenai-dolma.LICENSE"),
    ("crawl/cc-whirlwind.LICENSE", "commoncrawl-whirlwind-python.LICENSE"),
    ("reference/zh/tencentpretrain/LICENSE", "Tencent-TencentPretrain.LICENSE"),
)

DOLMA_JSONL = "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
CHINESEWEBTEXT_JSONL = "cc_text/ChineseWebText-CC-MAIN-2021-43-cleared1.jsonl"
ZHWIKI_TXT = "reference/zh/tencentpretrain/zhwiki_sampled.txt"
WIKITEXT_VALID = "reference/en/wikitext-2/valid.txt"

# The first 250 dolma documents hold ~10 empty ones and >20 languages (en, es, fr, it, pt, de,
# ja, zh, ...): enough variety for every stage while keeping the file near 400 KB.
DOLMA_DOCS = 250
CHINESEWEBTEXT_DOCS = 60
WIKI_DOCS_PER_LANGUAGE = 40
# zhwiki_sampled.txt has one document per line, and many lines are bare article titles; the
# Parquet file is the "high-quality text survives" example, so it takes real articles only.
ZHWIKI_MIN_CHARS = 200

# wikitext-2 marks each article with a top-level heading line " = Title = " (one "=" each side);
# section headings use "= =" and deeper.
WIKITEXT_ARTICLE_HEADING = re.compile(r"^ = [^=].* = $")


def write_deterministic_gzip(lines: Iterable[bytes], path: Path) -> None:
    """Gzip lines with mtime 0 and no file name so that a rebuild is byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        for line in lines:
            gz.write(line)


def copy_whole_files(shared: Path, out: Path) -> None:
    """Copy the small WARC/WET files unchanged: they are valid as published, cutting adds risk."""
    for source, target in WHOLE_FILES:
        destination = out / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared / source, destination)


def first_raw_lines(path: Path, count: int) -> list[bytes]:
    """Return the first `count` lines of a (possibly gzipped) JSONL file as raw bytes.

    Raw bytes, not re-serialised JSON, so every field and escape stays exactly as published.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    lines: list[bytes] = []
    with opener(path, "rb") as handle:
        for line in handle:
            if len(lines) == count:
                break
            lines.append(line if line.endswith(b"\n") else line + b"\n")
    if len(lines) < count:
        raise ValueError(f"{path} has only {len(lines)} lines, {count} wanted")
    return lines


def build_dolma_jsonl(shared: Path, out: Path) -> Path:
    """Keep the first DOLMA_DOCS Common Crawl WET documents of the dolma test file verbatim."""
    target = out / "data" / "dolma-CC-MAIN-2019-30-00140.head250.jsonl.gz"
    write_deterministic_gzip(first_raw_lines(shared / DOLMA_JSONL, DOLMA_DOCS), target)
    return target


def chinesewebtext_record(raw: dict) -> dict:
    """Map a ChineseWebText record onto the pipeline's JSONL fields (url, text, title, ...).

    `raw_content` becomes `text` (the field the JSONL reader takes); every other field is kept
    under its own name so nothing published is lost.
    """
    record = {"url": raw["url"], "text": raw["raw_content"], "title": raw.get("title")}
    for key, value in raw.items():
        if key not in ("url", "raw_content", "title"):
            record[key] = value
    return record


def build_chinesewebtext_jsonl(shared: Path, out: Path) -> Path:
    """Convert the first CHINESEWEBTEXT_DOCS documents (Chinese CC text, much of it spam)."""
    raw_lines = first_raw_lines(shared / CHINESEWEBTEXT_JSONL, CHINESEWEBTEXT_DOCS)
    records = (chinesewebtext_record(json.loads(line)) for line in raw_lines)
    encoded = (json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)
    target = out / "data" / "ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz"
    write_deterministic_gzip(encoded, target)
    return target


def zhwiki_articles(path: Path, count: int, min_chars: int) -> list[tuple[int, str]]:
    """Return (1-based line number, text) of the first `count` lines with >= min_chars chars."""
    articles: list[tuple[int, str]] = []
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            text = line.strip()
            if len(text) >= min_chars:
                articles.append((line_number, text))
                if len(articles) == count:
                    return articles
    raise ValueError(f"{path} has fewer than {count} documents of {min_chars}+ characters")


def wikitext_articles(path: Path) -> Iterator[tuple[str, str]]:
    """Split wikitext-2 into (title, text) articles at the top-level ` = Title = ` headings.

    The text keeps the corpus's own tokenisation (` @-@ `, `<unk>`, section headings) and only
    drops blank lines and the one-space padding every line carries; the title heading stays as
    the first line, as in the file.
    """
    title: str | None = None
    body: list[str] = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if WIKITEXT_ARTICLE_HEADING.match(line):
                if title is not None:
                    yield title, "\n".join(body)
                title, body = line.strip(" =").strip(), []
            if title is not None and line.strip():
                body.append(line.strip())
    if title is not None:
        yield title, "\n".join(body)


def wiki_table(shared: Path) -> pa.Table:
    """Build the Parquet rows: Chinese Wikipedia first, then English wikitext-2 articles."""
    ids: list[str] = []
    texts: list[str] = []
    sources: list[str] = []
    for line_number, text in zhwiki_articles(
        shared / ZHWIKI_TXT, WIKI_DOCS_PER_LANGUAGE, ZHWIKI_MIN_CHARS
    ):
        ids.append(f"zhwiki_sampled:{line_number}")
        texts.append(text)
        sources.append("tencentpretrain/zhwiki_sampled")
    for index, (_title, text) in enumerate(wikitext_articles(shared / WIKITEXT_VALID)):
        if index == WIKI_DOCS_PER_LANGUAGE:
            break
        ids.append(f"wikitext-2-valid:{index}")
        texts.append(text)
        sources.append("wikitext-2/valid")
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("url", pa.string()),
            ("text", pa.string()),
            ("source_name", pa.string()),
        ]
    )
    columns = [ids, [None] * len(ids), texts, sources]
    return pa.Table.from_arrays([pa.array(c, type=pa.string()) for c in columns], schema=schema)


def build_wiki_parquet(shared: Path, out: Path) -> Path:
    """Write the en+zh encyclopedic text the quality stages should keep, as one Parquet file."""
    target = out / "data" / "wiki-en-zh.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(wiki_table(shared), target, compression="zstd", row_group_size=1000)
    return target


def copy_licenses(shared: Path, out: Path) -> None:
    """Licences travel with the data: copy each source's LICENSE text into LICENSES/."""
    folder = out / "LICENSES"
    folder.mkdir(parents=True, exist_ok=True)
    for source, name in LICENSE_FILES:
        shutil.copyfile(shared / source, folder / name)


def sha256_of(path: Path) -> str:
    """Hex digest used in the summary, to confirm a rebuild is byte-identical."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_all(shared: Path, out: Path) -> list[Path]:
    """Rebuild every sample file and return the data files written."""
    copy_whole_files(shared, out)
    built = [out / target for _source, target in WHOLE_FILES]
    built.append(build_dolma_jsonl(shared, out))
    built.append(build_chinesewebtext_jsonl(shared, out))
    built.append(build_wiki_parquet(shared, out))
    copy_licenses(shared, out)
    return built


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options: where the shared data lives and where the sample goes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="sample crawl folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Rebuild the sample and print each file's size and sha256."""
    args = parse_args(argv)
    if not args.shared.is_dir():
        print(f"shared data folder not found: {args.shared}", file=sys.stderr)
        return 2
    for path in build_all(args.shared, args.out):
        print(f"{path.stat().st_size:>9}  {sha256_of(path)}  {path.relative_to(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
