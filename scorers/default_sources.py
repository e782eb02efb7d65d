"""Turning the shared third-party corpora into the training files of the default models.

Used only by `scorers/models/build_defaults.py` (never at run or test time): each function
reads one source in its own format (wikitext's tokenized articles, People's Daily `word/tag`
lines, COLD and Davidson CSVs...) and returns plain documents.
"""

from __future__ import annotations

import ast
import csv
import gzip
import json
import re
from pathlib import Path

from yisieve.scorers.held_out import is_held_out

_WIKITEXT_HEADING = re.compile(r"^ = (?!=)(.+?) = $")
_WIKITEXT_FIXES = [
    (re.compile(r" @([-,.])@ "), r"\1"),
    (re.compile(r" <unk>(?=\s)"), ""),
    (re.compile(r" ([,.;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'d|'ll|'m)\b"), r"\1"),
]


def detokenize_wikitext(line: str) -> str:
    """wikitext-2 is Moses-tokenized (`word , word @-@ word`); restore running text."""
    for pattern, replacement in _WIKITEXT_FIXES:
        line = pattern.sub(replacement, line)
    return line.strip()


def wikitext_sections(path: Path) -> list[str]:
    """One document per `= = Section = =` of every article, paragraphs kept as lines."""
    docs: list[str] = []
    current: list[str] = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("="):  # article or section heading: close the running section
            if current:
                docs.append("\n".join(current))
            title = line.strip("= ").strip()
            current = [detokenize_wikitext(f" {title} ")]
            continue
        current.append(detokenize_wikitext(f" {line} "))
    if current:
        docs.append("\n".join(current))
    return [doc for doc in docs if len(doc) >= 200]


def one_doc_per_line(path: Path, min_chars: int = 50) -> list[str]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if len(line.strip()) >= min_chars]


def peoples_daily(path: Path, lines_per_doc: int = 8) -> list[str]:
    """People's Daily 1998-01, `word/tag` tokens: tags stripped, every 8 paragraphs one doc."""
    paragraphs = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        words = [token.rsplit("/", 1)[0] for token in raw.split()]
        text = "".join(words).strip("[]")
        text = re.sub(r"\[|\]\w*", "", text)
        if len(text) >= 10:
            paragraphs.append(text)
    return [
        "\n".join(paragraphs[i : i + lines_per_doc])
        for i in range(0, len(paragraphs), lines_per_doc)
    ]


def dolma_crawl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def chinese_web_text(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["raw_content"] for line in handle if line.strip()]


def cold(path: Path) -> tuple[list[str], list[str]]:
    """(offensive, safe) comments of a COLD split (label 1 = offensive)."""
    positive: list[str] = []
    negative: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            (positive if row["label"].strip() == "1" else negative).append(row["TEXT"])
    return positive, negative


def davidson(path: Path, held_out: bool, fraction: float = 0.2):
    """(hate or offensive, neither) tweets on one side of our own hash split of the file."""
    positive: list[str] = []
    negative: list[str] = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tweet = row["tweet"]
            if is_held_out(tweet, fraction, salt="davidson") != held_out:
                continue
            (negative if row["class"].strip() == "2" else positive).append(tweet)
    return positive, negative


def write_jsonl(texts: list[str], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as sink:
        for text in texts:
            sink.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return path


def roots_flagged_words(path: Path, lang: str) -> list[str]:
    """A language's list from BigScience ac_dc/flagged_words.py, read with `ast` (not run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lists: dict[str, list[str]] = {}
    table = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if isinstance(node.value, ast.List):
                lists[name] = ast.literal_eval(node.value)
            elif isinstance(node.value, ast.Dict):
                table = node.value
    if table is None:
        raise KeyError(f"no language table in {path}")
    for key, value in zip(table.keys, table.values, strict=True):
        if key is None or ast.literal_eval(key) != lang:
            continue
        if isinstance(value, ast.Name):
            return lists[value.id]
        if isinstance(value, ast.BinOp) and isinstance(value.left, ast.Name):
            return lists[value.left.id] + ast.literal_eval(value.right)
        return ast.literal_eval(value)
    raise KeyError(f"no flagged-word list for {lang!r} in {path}")
