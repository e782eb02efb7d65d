"""Document coherence: do adjacent parts of a document talk about the same thing?

TextTiling (Hearst 1997) on embedded blocks: the document is cut into blocks of a few hundred
characters (at line, then sentence boundaries); at every gap between blocks the similarity of
the `window` blocks before and after is measured. A spliced page, a link farm or a keyword list
has gaps where nothing carries over. `score` is the lowest gap similarity (1.0 for a document
too short to have a gap); `split` cuts the document at gaps below a threshold into coherent parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yisieve.scorers.embeddings import BlockEncoder
from yisieve.scorers.text_units import HAN

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=[.!?])\s+")
_HAN_CHAR = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class CoherenceSettings:
    # ~ one paragraph: enough words for a lexical vector, small enough to see a splice.
    min_block_chars: int = 300
    window: int = 2  # TextTiling's block comparison uses a few blocks on each side
    max_blocks: int = 64  # a document's first 64 blocks (~20k chars) decide its score


@dataclass(frozen=True)
class CoherenceResult:
    score: float
    gaps: tuple[float, ...]
    block_starts: tuple[int, ...]  # character offset of every block in the text


def _weight(text: str) -> int:
    """Characters, a Han character counting as three: it carries about a word's meaning."""
    return len(text) + 2 * len(_HAN_CHAR.findall(text))


def split_blocks(text: str, min_chars: int) -> list[tuple[int, str]]:
    """(offset, block) pairs: lines, long lines cut at sentence ends, merged up to min_chars."""
    pieces: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            if _weight(line) > 2 * min_chars:
                start = 0
                for sentence in _SENTENCE_END.split(line):
                    if sentence:
                        found = line.find(sentence, start)
                        pieces.append((offset + max(found, 0), sentence))
                        start = max(found, 0) + len(sentence)
            else:
                pieces.append((offset, line))
        offset += len(line) + 1
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    current_start, weight = 0, 0
    for start, piece in pieces:
        if not current:
            current_start = start
        current.append(piece)
        weight += _weight(piece)
        if weight >= min_chars:
            blocks.append((current_start, "\n".join(current)))
            current, weight = [], 0
    if current:
        if blocks and weight < min_chars // 2:  # a short tail joins the last block
            last_start, last = blocks[-1]
            blocks[-1] = (last_start, last + "\n" + "\n".join(current))
        else:
            blocks.append((current_start, "\n".join(current)))
    return blocks


def gap_similarities(vectors, window: int) -> list[float]:
    """Cosine similarity of the summed `window` blocks left and right of every gap.

    Works on sparse rows as well as dense ones: the window sums are one product with a
    (gaps x blocks) 0/1 matrix, so a 2^18-wide lexical vector is never densified.
    """
    import scipy.sparse as sp

    blocks = vectors.shape[0]
    gaps = np.arange(1, blocks)
    cols = np.arange(blocks)
    left = (cols[None, :] >= gaps[:, None] - window) & (cols[None, :] < gaps[:, None])
    right = (cols[None, :] >= gaps[:, None]) & (cols[None, :] < gaps[:, None] + window)
    if sp.issparse(vectors):
        lsum = sp.csr_matrix(left.astype(np.float32)) @ vectors
        rsum = sp.csr_matrix(right.astype(np.float32)) @ vectors
        dots = np.asarray(lsum.multiply(rsum).sum(axis=1)).ravel()
        lnorm = np.sqrt(np.asarray(lsum.multiply(lsum).sum(axis=1)).ravel())
        rnorm = np.sqrt(np.asarray(rsum.multiply(rsum).sum(axis=1)).ravel())
    else:
        dense = np.asarray(vectors, dtype=np.float32)
        lsum, rsum = left.astype(np.float32) @ dense, right.astype(np.float32) @ dense
        dots = (lsum * rsum).sum(axis=1)
        lnorm, rnorm = np.linalg.norm(lsum, axis=1), np.linalg.norm(rsum, axis=1)
    norms = lnorm * rnorm
    return [float(d / n) if n > 0 else 0.0 for d, n in zip(dots, norms, strict=True)]


class CoherenceScorer:
    """Scores and splits documents with any `BlockEncoder`."""

    def __init__(self, encoder: BlockEncoder, settings: CoherenceSettings = CoherenceSettings()):
        self.encoder = encoder
        self.settings = settings

    def score_batch(self, texts: Sequence[str]) -> list[CoherenceResult]:
        per_doc = [split_blocks(t, self.settings.min_block_chars)[: self.settings.max_blocks]
                   for t in texts]  # fmt: skip
        flat = [block for blocks in per_doc for _, block in blocks]
        vectors = self.encoder.encode(flat) if flat else np.zeros((0, 0), dtype=np.float32)
        results, row = [], 0
        for blocks in per_doc:
            if len(blocks) < 2:
                results.append(CoherenceResult(1.0, (), tuple(s for s, _ in blocks)))
                row += len(blocks)
                continue
            gaps = gap_similarities(vectors[row : row + len(blocks)], self.settings.window)
            row += len(blocks)
            results.append(CoherenceResult(min(gaps), tuple(gaps), tuple(s for s, _ in blocks)))
        return results

    @staticmethod
    def split_points(result: CoherenceResult, threshold: float) -> list[int]:
        """Character offsets where a new coherent part begins (gaps below the threshold)."""
        return [result.block_starts[i + 1] for i, g in enumerate(result.gaps) if g < threshold]

    def split(self, text: str, threshold: float) -> list[str]:
        (result,) = self.score_batch([text])
        cuts = [0, *self.split_points(result, threshold), len(text)]
        return [
            text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()
        ]


def splice(documents: Sequence[str], min_chars: int) -> str:
    """A synthetic incoherent document: a contiguous third of each source's blocks, in turn."""
    parts = []
    for doc in documents:
        blocks = [block for _, block in split_blocks(doc, min_chars)]
        take = max(1, len(blocks) // len(documents))
        parts.extend(blocks[:take])
    return "\n".join(parts)
