"""A binary fastText classifier: the shape shared by the quality and safety scorers.

Labels are `__label__positive` (wiki-like; offensive; the category) and `__label__negative`.
Models are quantized (`.ftz`) so a bundled default weighs hundreds of kilobytes, not hundreds
of megabytes (fastText's default 2M hash buckets x 100 dims is 800 MB of float32).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from yisieve.scorers.model_files import load_checked
from yisieve.scorers.text_units import classifier_line

POSITIVE = "__label__positive"
NEGATIVE = "__label__negative"


@dataclass(frozen=True)
class FastTextSettings:
    """Training settings; defaults sized for corpora of thousands of documents."""

    epoch: int = 25
    lr: float = 0.05
    word_ngrams: int = 2  # on Han text, character bigrams
    dim: int = 32
    bucket: int = 200_000
    min_count: int = 1
    max_tokens: int = 1000  # under fastText's 1024-token line limit (MAX_LINE_SIZE)
    quantize_cutoff: int = 100_000  # keep the 100k most useful rows after quantization


class FastTextBinaryClassifier:
    """P(positive) for texts, from a fastText model file; loads once, predicts in batches."""

    def __init__(self, path: str | Path, what: str, max_tokens: int = 1000) -> None:
        import fasttext

        fasttext.FastText.eprint = lambda *args, **kwargs: None  # silence load warnings
        self.path = path
        self.max_tokens = max_tokens
        self.model = load_checked(path, what, fasttext.load_model)
        if POSITIVE not in self.model.get_labels():
            raise ValueError(f"{what} model {path} has no {POSITIVE} label")

    def positive_probability(self, texts: Sequence[str]) -> list[float]:
        lines = [classifier_line(text, self.max_tokens) for text in texts]
        labels, probs = self.model.predict(lines, k=2)
        scores = []
        for label_row, prob_row in zip(labels, probs, strict=True):
            score = dict(zip(label_row, np.asarray(prob_row, dtype=float), strict=True))
            if POSITIVE in score:
                scores.append(float(min(1.0, score[POSITIVE])))
            else:  # one label only when k exceeds the labels seen: then it is the negative
                scores.append(float(1.0 - min(1.0, score.get(NEGATIVE, 1.0))))
        return scores


def train_binary_classifier(
    positives: Sequence[str],
    negatives: Sequence[str],
    output: Path,
    settings: FastTextSettings = FastTextSettings(),
    seed: int = 0,
) -> Path:
    """Train, quantize and save; classes are balanced by repeating the smaller one."""
    import fasttext

    rng = np.random.default_rng(seed)
    pos = [f"{POSITIVE} {classifier_line(t, settings.max_tokens)}" for t in positives]
    neg = [f"{NEGATIVE} {classifier_line(t, settings.max_tokens)}" for t in negatives]
    if not pos or not neg:
        raise ValueError("training needs at least one positive and one negative document")
    small, large = (pos, neg) if len(pos) < len(neg) else (neg, pos)
    repeats = max(1, round(len(large) / len(small)))
    lines = large + small * repeats
    rng.shuffle(lines)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        train_path = f.name
    try:
        model = _train_and_quantize(fasttext, train_path, settings, seed)
        model.save_model(str(output))
    finally:
        Path(train_path).unlink(missing_ok=True)
    return output


def _train_and_quantize(fasttext, train_path: str, settings: FastTextSettings, seed: int):
    """Trains and quantizes. fastText's SGD now and then diverges ("Encountered NaN") on long,
    repeated lines; halving the learning rate and retrying is fastText's own advice for that
    error. Divergence can also leave NaN rows that training does not report and that only a
    later norm or dot product meets (quantizing ranks rows by norm; predicting takes dot
    products), so the weights are checked and quantized inside the retry."""
    lr = settings.lr
    for _ in range(4):
        try:
            model = fasttext.train_supervised(
                input=train_path,
                epoch=settings.epoch,
                lr=lr,
                wordNgrams=settings.word_ngrams,
                dim=settings.dim,
                bucket=settings.bucket,
                minCount=settings.min_count,
                loss="softmax",
                thread=1,  # deterministic given the line order
                seed=seed,
                verbose=0,
            )
            _check_finite(model)
            _quantize(model, train_path, settings)
            return model
        except RuntimeError as error:
            if "NaN" not in str(error):
                raise
            lr /= 2
    raise RuntimeError(f"fastText training diverged even at learning rate {lr * 2}")


def _check_finite(model) -> None:
    for weights in (model.get_input_matrix(), model.get_output_matrix()):
        if not np.isfinite(weights).all():
            raise RuntimeError("Encountered NaN in the trained weights")


def _quantize(model, train_path: str, settings: FastTextSettings) -> None:
    words = len(model.get_words())
    if words > 50:  # quantizing a tiny vocabulary has nothing to prune (and may fail)
        model.quantize(
            input=train_path,
            qnorm=True,
            retrain=False,
            cutoff=min(settings.quantize_cutoff, words),
            verbose=0,
        )
