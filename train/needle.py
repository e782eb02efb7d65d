"""Needle in a haystack: retrieve a fact inserted at depth d of a context of L tokens.

The haystack is real filler text; the needle is a sentence with a random 4-digit number,
inserted after the first round(d * filler) filler tokens (d = 0 start, 1 = end); the
question asks for the number and the greedy answer counts as retrieved if it contains it.
Accuracy per (L, d) over several numbers is drawn as the usual heat map (context length on
x, depth on y).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from yisieve.train.sampling import generate

NEEDLE = "The special magic number is {number}."
QUESTION = "\nWhat is the special magic number? The special magic number is"


@dataclass(frozen=True)
class NeedleCell:
    context_tokens: int
    depth: float
    accuracy: float
    trials: int


def haystack_prompt(
    tokenizer, filler_ids: list[int], context_tokens: int, depth: float, number: int
) -> list[int]:
    """`context_tokens` ids in total: filler with the needle at `depth`, then the question."""
    needle = tokenizer.encode(" " + NEEDLE.format(number=number) + " ")
    question = tokenizer.encode(QUESTION)
    room = context_tokens - len(needle) - len(question)
    if room <= 0:
        raise ValueError(f"context {context_tokens} too short for the needle and question")
    if len(filler_ids) < room:
        filler_ids = filler_ids * (room // max(len(filler_ids), 1) + 1)
    filler = filler_ids[:room]
    cut = int(round(depth * room))
    return filler[:cut] + needle + filler[cut:] + question


def run_needle(
    model,
    tokenizer,
    filler_text: str,
    lengths: list[int],
    depths: list[float],
    trials: int = 4,
    seed: int = 0,
) -> list[NeedleCell]:
    filler_ids = tokenizer.encode(filler_text)
    limit = model.config.max_position_embeddings
    cells = []
    rng = np.random.default_rng(seed)
    for length in lengths:
        if length + 6 > limit:
            raise ValueError(f"context {length} + answer exceeds the model's {limit} positions")
        for depth in depths:
            hits = 0
            for _ in range(trials):
                number = int(rng.integers(1000, 10000))
                ids = haystack_prompt(tokenizer, filler_ids, length, depth, number)
                answer = tokenizer.decode(generate(model, ids, 6))
                hits += str(number) in answer.replace(" ", "")
            cells.append(NeedleCell(length, depth, hits / trials, trials))
    return cells


def plot_heatmap(cells: list[NeedleCell], path, title: str = "Needle in a haystack") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap

    lengths = sorted({c.context_tokens for c in cells})
    depths = sorted({c.depth for c in cells})
    grid = np.full((len(depths), len(lengths)), np.nan)
    for cell in cells:
        grid[depths.index(cell.depth), lengths.index(cell.context_tokens)] = cell.accuracy
    # the red -> yellow -> green map of the familiar needle-in-a-haystack plots
    cmap = LinearSegmentedColormap.from_list("needle", ["#F0496E", "#EBB839", "#0CD79F"])
    figure, axis = plt.subplots(figsize=(1.2 + 0.9 * len(lengths), 1 + 0.5 * len(depths)))
    image = axis.imshow(grid, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    axis.set_xticks(range(len(lengths)), [str(n) for n in lengths])
    axis.set_yticks(range(len(depths)), [f"{d:.0%}" for d in depths])
    axis.set_xlabel("context length (tokens)")
    axis.set_ylabel("needle depth")
    for (row, column), value in np.ndenumerate(grid):
        axis.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=8)
    axis.set_title(title)
    figure.colorbar(image, ax=axis, label="retrieval accuracy")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
