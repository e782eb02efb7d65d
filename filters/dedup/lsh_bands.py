"""LSH banding: a signature cut into `bands` bands of `rows` values; two documents become
candidates when any band is equal. P(candidate | Jaccard s) = 1 - (1 - s^rows)^bands.

Defaults follow FineWeb/datatrove, 14 bands x 8 rows = 112 hashes (threshold about 0.72).
Or the split is derived from a target threshold by minimizing the weighted false-positive
and false-negative areas under that curve (datasketch's `_optimal_param`, text-dedup's way).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

DEFAULT_BANDS = 14
DEFAULT_ROWS = 8


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Chance that two documents of this Jaccard similarity share at least one band."""
    return 1.0 - (1.0 - similarity**rows) ** bands


def _area(bands: int, rows: int, low: float, high: float, points: int = 201) -> float:
    grid = np.linspace(low, high, points)
    values = 1.0 - (1.0 - grid**rows) ** bands
    return float(np.trapezoid(values, grid))


def false_positive_area(threshold: float, bands: int, rows: int) -> float:
    return _area(bands, rows, 0.0, threshold)


def false_negative_area(threshold: float, bands: int, rows: int) -> float:
    return (1.0 - threshold) - _area(bands, rows, threshold, 1.0)


def bands_for_threshold(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """(bands, rows) with bands*rows <= num_perm minimizing the weighted FP + FN areas."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    best, best_error = (1, 1), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            error = fp_weight * false_positive_area(
                threshold, bands, rows
            ) + fn_weight * false_negative_area(threshold, bands, rows)
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


@dataclass(frozen=True)
class LshBands:
    """Cuts signatures into band keys; equal keys put two documents in one bucket."""

    bands: int = DEFAULT_BANDS
    rows: int = DEFAULT_ROWS

    def __post_init__(self) -> None:
        if self.bands < 1 or self.rows < 1:
            raise ValueError("bands and rows must be positive")

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    def keys(self, signature: np.ndarray) -> list[bytes]:
        """One key per band: the band index and a 128-bit digest of its rows."""
        if len(signature) < self.num_perm:
            raise ValueError(f"signature has {len(signature)} values, bands need {self.num_perm}")
        raw = np.ascontiguousarray(signature[: self.num_perm], dtype="<u4").tobytes()
        width = 4 * self.rows
        return [
            band.to_bytes(2, "big")
            + hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=14).digest()
            for band in range(self.bands)
        ]
