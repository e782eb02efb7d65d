"""Gopher repetition rules (Rae et al. 2021, Table A1; datatrove GopherRepetitionFilter).

Repeated lines, paragraphs and n-grams mark boilerplate, spam and generated text. Fractions
are of the document's characters. n-grams are over the shared word list: whitespace words for
spaced scripts, jieba words for Chinese (5 jieba words ~ 8-10 characters, the scale at which
Gopher's 5..10-gram thresholds were set; character n-grams of the same length would count
every repeated name or term, see benchmarks/results/heuristics.md).
"""

from __future__ import annotations

from collections import Counter

from yisieve.filters.heuristics.text_statistics import TextStatistics, text_statistics
from yisieve.filters.heuristics.thresholded_rule import ThresholdedRule, above, ratio
from yisieve.filters.rule import Measures, TextDocument

TOP_NGRAM_SIZES = (2, 3, 4)
DUP_NGRAM_SIZES = (5, 6, 7, 8, 9, 10)


def duplicate_elements(elements: list[str]) -> tuple[int, int]:
    """(count, characters) of the elements seen before: every repeat after the first."""
    seen: set[str] = set()
    count = chars = 0
    for element in elements:
        if element in seen:
            count += 1
            chars += len(element)
        else:
            seen.add(element)
    return count, chars


def top_ngram_chars(words: list[str], n: int) -> int:
    """Characters of the most frequent n-gram times its count (words' characters)."""
    if len(words) < n:
        return 0
    grams = Counter(zip(*(words[i:] for i in range(n)), strict=False))
    gram, count = grams.most_common(1)[0]
    return sum(map(len, gram)) * count if count > 1 else 0


def duplicate_ngram_chars(words: list[str], sizes: tuple[int, ...]) -> dict[int, int]:
    """Per n: characters of the words covered by repeats (after the first) of an n-gram.

    A word covered by several overlapping repeats counts once. Without a repeated 5-gram there
    is no repeated longer n-gram either, so most documents stop after one Counter.
    """
    result = dict.fromkeys(sizes, 0)
    for n in sorted(sizes):
        if len(words) < n:
            break
        grams = list(zip(*(words[i:] for i in range(n)), strict=False))
        if len(set(grams)) == len(grams):
            break  # no repeated n-gram, hence none of any larger n
        first_seen: dict[tuple[str, ...], int] = {}
        covered = bytearray(len(words))
        for index, gram in enumerate(grams):
            if first_seen.setdefault(gram, index) != index:
                covered[index : index + n] = b"\x01" * n
        result[n] = sum(len(word) for word, hit in zip(words, covered, strict=False) if hit)
    return result


class GopherRepetition(ThresholdedRule):
    """Duplicate lines/paragraphs and top/duplicate n-gram character fractions."""

    name = "gopher_repetition"

    def measure(self, doc: TextDocument) -> Measures:
        return repetition_measures(text_statistics(doc))

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        limit = self.limits(doc)
        checks = [
            ("dup_para", above(measures["dup_para_ratio"], limit.max_dup_para_ratio)),
            (
                "dup_para_chars",
                above(measures["dup_para_char_ratio"], limit.max_dup_para_char_ratio),
            ),
            ("dup_line", above(measures["dup_line_ratio"], limit.max_dup_line_ratio)),
            (
                "dup_line_chars",
                above(measures["dup_line_char_ratio"], limit.max_dup_line_char_ratio),
            ),
        ]
        for n in TOP_NGRAM_SIZES:
            limit_n = getattr(limit, f"max_top_{n}gram_char_ratio")
            checks.append((f"top_{n}gram", above(measures[f"top_{n}gram_char_ratio"], limit_n)))
        for n in DUP_NGRAM_SIZES:
            limit_n = getattr(limit, f"max_dup_{n}gram_char_ratio")
            checks.append((f"dup_{n}gram", above(measures[f"dup_{n}gram_char_ratio"], limit_n)))
        failed = next((reason for reason, hit in checks if hit), None)
        return f"gopher_repetition_{failed}" if failed else None


def repetition_measures(stats: TextStatistics) -> Measures:
    chars = len(stats.text)
    paragraphs = stats.paragraphs
    para_dups, para_dup_chars = duplicate_elements(paragraphs)
    line_dups, line_dup_chars = duplicate_elements(stats.lines)
    measures: Measures = {
        "dup_para_ratio": ratio(para_dups, len(paragraphs)),
        "dup_para_char_ratio": ratio(para_dup_chars, chars),
        "dup_line_ratio": ratio(line_dups, len(stats.lines)),
        "dup_line_char_ratio": ratio(line_dup_chars, chars),
    }
    words = stats.lowered_words
    for n in TOP_NGRAM_SIZES:
        measures[f"top_{n}gram_char_ratio"] = ratio(top_ngram_chars(words, n), chars)
    for n, dup_chars in duplicate_ngram_chars(words, DUP_NGRAM_SIZES).items():
        measures[f"dup_{n}gram_char_ratio"] = ratio(dup_chars, chars)
    return measures
