"""Training metrics: one JSON object per line, and the loss curve as a PNG at the end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class MetricsLog:
    """Appends records to OUT/metrics.jsonl (kept across resumes; records carry their step)."""

    def __init__(self, path: str | Path, enabled: bool = True) -> None:
        self.path = Path(path)
        self.enabled = enabled

    def write(self, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        with self.path.open("a") as stream:
            stream.write(json.dumps(record) + "\n")

    def records(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line]


def plot_loss_curve(records: list[dict[str, Any]], path: str | Path) -> Path:
    """Train and validation loss against step (matplotlib Agg: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    latest: dict[tuple[str, int], float] = {}  # a resumed run may log a step twice: keep last
    for record in records:
        if "loss" in record:
            latest[("train", record["step"])] = record["loss"]
        if "val_loss" in record:
            latest[("val", record["step"])] = record["val_loss"]
    figure, axis = plt.subplots(figsize=(7, 4))
    for kind, style in (("train", "-"), ("val", "o-")):
        points = sorted((step, value) for (k, step), value in latest.items() if k == kind)
        if points:
            steps, values = zip(*points, strict=True)
            axis.plot(steps, values, style, label=f"{kind} loss", markersize=3)
    axis.set_xlabel("step")
    axis.set_ylabel("cross-entropy (nats/token)")
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return Path(path)
