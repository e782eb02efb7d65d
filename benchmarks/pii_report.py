"""benchmarks/results/pii.md is written by two scripts: each owns one `## ` section."""

from __future__ import annotations

from pathlib import Path

TITLE = "# PII scrubbing: evaluation and speed\n"


def replace_section(path: Path, heading: str, body: str) -> None:
    """Replace (or append) the `## heading` section of the file, keeping the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else TITLE
    marker = f"## {heading}\n"
    start = text.find(marker)
    section = f"{marker}\n{body.rstrip()}\n\n"
    if start == -1:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
