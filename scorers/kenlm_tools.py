"""KenLM's command-line trainer and binarizer (`lmplz`, `build_binary`), found and run.

They are not on PyPI as binaries; `make setup` builds them from the kenlm sdist into the
virtual environment's bin folder, which is searched first (the venv need not be activated).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


class KenLMToolMissing(RuntimeError):
    """lmplz or build_binary is not installed."""


def find_tool(name: str) -> str:
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which(name)
    if not found:
        raise KenLMToolMissing(
            f"KenLM's {name} was not found (looked in {beside_python.parent} and PATH); "
            "`make setup` builds it from the kenlm sdist"
        )
    return found


def run_lmplz(
    pieces_file: Path,
    arpa_file: Path,
    order: int = 5,
    prune: tuple[int, ...] = (0, 0, 1),
    discount_fallback: bool = False,
    memory: str | None = None,
) -> None:
    """lmplz -o ORDER --prune ...; CCNet trains 5-grams and prunes singletons above bigrams.

    Sorting memory defaults to 30x the input, at least 256 MB: lmplz's own default (80% of
    RAM) is a multi-second allocation even for a tiny corpus, and unfair on a shared machine.
    """
    if memory is None:
        memory = f"{max(256, 30 * pieces_file.stat().st_size // 2**20)}M"
    command = [find_tool("lmplz"), "-o", str(order), "-S", memory, "-T", str(arpa_file.parent)]
    if prune:
        command += ["--prune", *map(str, prune)]
    if discount_fallback:  # tiny corpora lack the counts-of-counts Kneser-Ney needs
        command.append("--discount_fallback")
    with open(pieces_file, "rb") as source, open(arpa_file, "wb") as sink:
        result = subprocess.run(command, stdin=source, stdout=sink, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise RuntimeError(f"lmplz failed: {result.stderr.decode(errors='replace')[-2000:]}")


def run_build_binary(arpa_file: Path, binary_file: Path, quantize_bits: int = 8) -> None:
    """Trie with 8-bit quantized probabilities and backoffs: about 4x smaller than probing."""
    command = [
        find_tool("build_binary"),
        "-q", str(quantize_bits), "-b", str(quantize_bits), "-a", "22",
        "trie", str(arpa_file), str(binary_file),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"build_binary failed: {result.stderr.decode(errors='replace')[-2000:]}")
