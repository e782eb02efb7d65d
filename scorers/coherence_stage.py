"""The coherence stage: TextTiling-style score of adjacent-block similarity (`coherence.score`).

Every gap below the language's `min_score` is an incoherent boundary: its character offset goes
to `coherence.split_at` (where a coherent part starts) and `coherence.parts` counts the parts,
so a spliced page can be cut into its parts. With `drop_low` a document with such a gap is
dropped (`coherence.block_similarity_low`); without, it is kept with its split points.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from yisieve.filters.config_section import StageSection
from yisieve.filters.rule import Measures, Rule, TextDocument
from yisieve.filters.stage import DocumentStage
from yisieve.scorers.text_units import script_language


class CoherenceConfig(StageSection):
    """`stages.coherence`: encoder, its IDF table and per-language thresholds."""

    encoder: str = Field(
        default="hashed-tfidf",
        description="block encoder: hashed-tfidf (CPU-cheap, en + zh) | minilm (English only)",
    )
    idf: str = Field(
        default="models/coherence/idf.bin",
        description="the hashed-tfidf IDF table (relative to the scorers/ package folder)",
    )
    # scorers/models/coherence/manifest.json: en.real_score_p05, zh.real_score_p05; lexical
    # similarity runs lower on Han bigrams.
    min_score: dict[str, float] = Field(
        default={"en": 0.10, "zh": 0.045},
        description="language -> lowest similarity across a gap; gaps below are split points "
        "(keeps 95% of held-out real documents)",
    )
    default_min_score: float = Field(
        default=0.0, description="the same for other languages (0: annotate only)"
    )
    drop_low: bool = Field(
        default=True,
        description="reject a document with a gap below min_score as "
        "coherence.block_similarity_low; false: keep it with its coherence.split_at offsets",
    )
    min_block_chars: int = Field(
        default=300, gt=0, description="a block (the unit compared) holds at least this many chars"
    )
    window: int = Field(
        default=2, gt=0, description="blocks compared on each side of a gap (TextTiling)"
    )
    batch_size: int = Field(default=32, gt=0, description="documents per encoder call")


class BlockCoherence(Rule):
    """Lowest similarity between the blocks before and after any gap in the document."""

    name = "block_similarity"
    reason = "block_similarity_low"  # a gap between blocks below the language's min_score

    def __init__(self, config: CoherenceConfig) -> None:
        self.config = config

    def setup(self) -> None:
        from yisieve.scorers.coherence import CoherenceScorer, CoherenceSettings
        from yisieve.scorers.embeddings import load_encoder

        settings = CoherenceSettings(self.config.min_block_chars, self.config.window)
        encoder = load_encoder(self.config.encoder, self.config.idf)
        self.scorer = CoherenceScorer(encoder, settings)

    def measure(self, doc: TextDocument) -> Measures:
        return self.measure_batch([doc])[0]

    def threshold(self, doc: TextDocument) -> float:
        lang = doc.lang or script_language(doc.text) or ""
        return self.config.min_score.get(lang, self.config.default_min_score)

    def measure_batch(self, docs: Sequence[TextDocument]) -> list[Measures]:
        results = self.scorer.score_batch([doc.text for doc in docs])
        measures: list[Measures] = []
        for doc, result in zip(docs, results, strict=True):
            cuts = self.scorer.split_points(result, self.threshold(doc))
            measures.append(
                {
                    "score": round(result.score, 4),
                    "blocks": len(result.block_starts),
                    "parts": len(cuts) + 1,
                    "split_at": ",".join(map(str, cuts)),
                }
            )
        return measures

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        score = measures.get("score")
        low = isinstance(score, float) and score < self.threshold(doc)
        return self.reason if low and self.config.drop_low else None


def coherence_stage(config: CoherenceConfig) -> DocumentStage:
    return DocumentStage("coherence", rules=[BlockCoherence(config)], batch_size=config.batch_size)
