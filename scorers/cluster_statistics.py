"""Per-cluster statistics, as mergeable summaries (a Beam CombineFn folds them; no Beam here).

A `ClusterObservation` is what one document contributes; `ClusterSummary` adds them up:
size, tokens, language mix, every numeric signal's mean and a bounded sample of its values
(for quantiles), frequent terms and a few example documents. Samples are chosen by the smallest
hash of the document id, so every runner and every merge order picks the same ones.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from yisieve.filters.heuristics.punctuation import TERMINAL_PUNCTUATION
from yisieve.scorers.embeddings import lexical_features
from yisieve.scorers.text_units import HAN

VALUE_SAMPLE = 256  # values kept per signal and cluster for quantiles (bottom-k by id hash)
TERMS_KEPT = 400  # term counts kept per cluster between merges
DOC_TERMS = 30  # a document contributes its 30 most frequent terms
EXAMPLES = 5
SNIPPET_CHARS = 300
_HAN_CHAR = re.compile(f"[{HAN}]")
_WORD = re.compile(r"\S+")
_CLOSERS = "\"')]}»”’」』"


def id_hash(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big")


def token_count(text: str) -> int:
    """Words for space-separated scripts plus one per Han character: a tokenizer-free count."""
    han = len(_HAN_CHAR.findall(text))
    return han + len(_WORD.findall(_HAN_CHAR.sub(" ", text)))


def prose_share(text: str) -> float:
    """Share of the characters that sit in lines ending in terminal punctuation.

    The cluster's own quality signal when no scorer annotated the documents: edited prose ends
    its lines in sentences (C4, FineWeb's line-punctuation rules); link farms, keyword lists,
    gambling portals and chat fragments mostly do not.
    """
    total = ended = 0
    for line in text.splitlines():
        stripped = line.strip().rstrip(_CLOSERS) or line.strip()
        if not stripped:
            continue
        total += len(stripped)
        if stripped.endswith(TERMINAL_PUNCTUATION):
            ended += len(stripped)
    return ended / total if total else 0.0


@dataclass
class ClusterObservation:
    cluster: int
    doc_id: str
    lang: str
    tokens: int
    distance: float
    signals: dict[str, float]
    terms: dict[str, int]
    url: str | None
    snippet: str


def observe(
    cluster: int,
    distance: float,
    doc_id: str,
    text: str,
    lang: str | None,
    url: str | None,
    annotations: dict,
    signal_names: tuple[str, ...],
) -> ClusterObservation:
    signals = {"cluster.prose": prose_share(text)}
    for name in signal_names:
        value = annotations.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            signals[name] = float(value)
    terms = Counter(term for term in lexical_features(text[:5000]) if len(term) > 1)
    return ClusterObservation(
        cluster=cluster,
        doc_id=doc_id,
        lang=lang or "unknown",
        tokens=token_count(text),
        distance=distance,
        signals=signals,
        terms=dict(terms.most_common(DOC_TERMS)),
        url=url,
        snippet=" ".join(text[:SNIPPET_CHARS].split()),
    )


@dataclass
class SignalSummary:
    count: int = 0
    total: float = 0.0
    sample: list[tuple[int, float]] = field(default_factory=list)  # (id hash, value)

    def add(self, key: int, value: float) -> None:
        self.count += 1
        self.total += value
        self.sample.append((key, value))
        if len(self.sample) > 2 * VALUE_SAMPLE:
            self.sample = sorted(self.sample)[:VALUE_SAMPLE]

    def merge(self, other: SignalSummary) -> None:
        self.count += other.count
        self.total += other.total
        self.sample = sorted(self.sample + other.sample)[:VALUE_SAMPLE]

    def describe(self) -> dict:
        values = np.array([value for _, value in sorted(self.sample)[:VALUE_SAMPLE]])
        p10, p50, p90 = np.quantile(values, [0.1, 0.5, 0.9]) if len(values) else [None] * 3
        return {
            "count": self.count,
            "mean": round(self.total / self.count, 4) if self.count else None,
            "p10": _round(p10),
            "p50": _round(p50),
            "p90": _round(p90),
        }


@dataclass
class ClusterSummary:
    cluster: int = -1
    size: int = 0
    tokens: int = 0
    distance_total: float = 0.0
    langs: Counter = field(default_factory=Counter)
    signals: dict[str, SignalSummary] = field(default_factory=dict)
    terms: Counter = field(default_factory=Counter)
    examples: list[tuple[int, str, str | None, str]] = field(default_factory=list)

    def add(self, seen: ClusterObservation) -> ClusterSummary:
        key = id_hash(seen.doc_id)
        self.cluster = seen.cluster
        self.size += 1
        self.tokens += seen.tokens
        self.distance_total += seen.distance
        self.langs[seen.lang] += 1
        for name, value in seen.signals.items():
            self.signals.setdefault(name, SignalSummary()).add(key, value)
        self.terms.update(seen.terms)
        if len(self.terms) > 4 * TERMS_KEPT:
            self.terms = Counter(dict(self.terms.most_common(TERMS_KEPT)))
        self.examples = sorted(self.examples + [(key, seen.doc_id, seen.url, seen.snippet)])[
            :EXAMPLES
        ]
        return self

    def merge(self, other: ClusterSummary) -> ClusterSummary:
        if other.size == 0:
            return self
        self.cluster = other.cluster if self.size == 0 else self.cluster
        self.size += other.size
        self.tokens += other.tokens
        self.distance_total += other.distance_total
        self.langs.update(other.langs)
        for name, summary in other.signals.items():
            self.signals.setdefault(name, SignalSummary()).merge(summary)
        self.terms.update(other.terms)
        self.terms = Counter(dict(self.terms.most_common(TERMS_KEPT)))
        self.examples = sorted(self.examples + other.examples)[:EXAMPLES]
        return self

    def signal_mean(self, name: str) -> tuple[float | None, float]:
        """(mean, coverage): the signal's mean over members that carry it, and their share."""
        summary = self.signals.get(name)
        if summary is None or summary.count == 0:
            return None, 0.0
        return summary.total / summary.count, summary.count / max(self.size, 1)

    def describe(self) -> dict:
        return {
            "id": self.cluster,
            "size": self.size,
            "tokens": self.tokens,
            "mean_distance": round(self.distance_total / self.size, 4) if self.size else None,
            "languages": dict(self.langs.most_common()),
            "signals": {name: s.describe() for name, s in sorted(self.signals.items())},
            "examples": [
                {"id": doc_id, "url": url, "snippet": snippet}
                for _, doc_id, url, snippet in self.examples
            ],
        }


def distinctive_terms(summaries: list[ClusterSummary], top: int = 12) -> dict[int, list[str]]:
    """Per cluster, terms most over-represented against the whole corpus (count x log lift)."""
    corpus: Counter[str] = Counter()
    for summary in summaries:
        corpus.update(summary.terms)
    grand = sum(corpus.values()) or 1
    result = {}
    for summary in summaries:
        own = sum(summary.terms.values()) or 1
        scored = [
            (count * np.log((count / own) / (corpus[term] / grand)), term)
            for term, count in summary.terms.items()
            if count >= 2
        ]
        result[summary.cluster] = [term for score, term in sorted(scored, reverse=True)[:top]]
    return result


def _round(value) -> float | None:
    return None if value is None else round(float(value), 4)
