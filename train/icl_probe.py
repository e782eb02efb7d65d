"""The Yi report's in-context-learning probe: infer a linear function from few-shot examples.

Each prompt shows k examples "x1, ..., xn -> y" of y = w1*x1 + ... + wn*xn with small random
integer inputs, then a query "x1, ..., xn ->"; the model's greedy continuation up to the end
of the line is read as an integer. Metrics, per weight vector and number of shots: exact match
and mean |y - y*| (Yi report §7, weight vectors [1, -1] and [1, 1, 1, 1, 1]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from yisieve.train.sampling import generate

YI_WEIGHT_VECTORS = ((1, -1), (1, 1, 1, 1, 1))  # the report's two target functions
_INTEGER = re.compile(r"-?\d+")


def format_example(x: np.ndarray) -> str:
    return ", ".join(str(int(v)) for v in x) + " ->"


def build_prompt(weights, shots: int, rng: np.random.Generator, low: int = 0, high: int = 9):
    """(prompt text, expected y) for one probe question."""
    weights = np.asarray(weights)
    lines = []
    for _ in range(shots):
        x = rng.integers(low, high + 1, len(weights))
        lines.append(f"{format_example(x)} {int(x @ weights)}")
    query = rng.integers(low, high + 1, len(weights))
    return "\n".join(lines + [format_example(query)]), int(query @ weights)


def parse_answer(text: str) -> int | None:
    match = _INTEGER.search(text.split("\n", 1)[0])
    return int(match.group()) if match else None


@dataclass(frozen=True)
class ProbeRow:
    weights: tuple[int, ...]
    shots: int
    trials: int
    exact_match: float
    mean_abs_error: float  # over parsed answers
    parsed: float  # share of answers that were an integer


def run_probe(
    model,
    tokenizer,
    weight_vectors=YI_WEIGHT_VECTORS,
    shots=(1, 2, 4, 8, 16),
    trials: int = 20,
    seed: int = 0,
    max_new_tokens: int = 6,
) -> list[ProbeRow]:
    rows = []
    limit = model.config.max_position_embeddings
    for weights in weight_vectors:
        for k in shots:
            rng = np.random.default_rng([seed, len(weights), k])
            exact, errors, parsed = 0, [], 0
            for _ in range(trials):
                prompt, expected = build_prompt(weights, k, rng)
                ids = tokenizer.encode(prompt + " ")
                if len(ids) + max_new_tokens > limit:
                    ids = ids[-(limit - max_new_tokens) :]
                answer = parse_answer(" " + tokenizer.decode(generate(model, ids, max_new_tokens)))
                if answer is not None:
                    parsed += 1
                    errors.append(abs(answer - expected))
                    exact += answer == expected
            rows.append(
                ProbeRow(
                    tuple(weights),
                    k,
                    trials,
                    exact / trials,
                    float(np.mean(errors)) if errors else float("nan"),
                    parsed / trials,
                )
            )
    return rows
