"""The one-screen summary printed at the end of a run."""

from __future__ import annotations

from typing import Any


def format_summary(stats: dict[str, Any], output_dir: str) -> str:
    totals = stats["totals"]
    total = max(totals["input"], 1)
    seconds = stats.get("wall_seconds", 0.0)
    lines = [
        f"yisieve clean: {stats.get('runner', '?')} runner, {stats.get('files', '?')} input files,"
        f" {seconds:.1f} s ({totals['input'] / max(seconds, 1e-9):,.0f} docs/s)",
        f"  input     {totals['input']:>9,}",
    ]
    skipped = sum(stats.get("skipped_records", {}).values())
    if skipped:
        lines.append(f"  (not documents, skipped: {skipped:,} warcinfo/request/metadata/revisit)")
    for key in ("kept", "rejected", "errors"):
        lines.append(f"  {key:<9} {totals[key]:>9,}  {100 * totals[key] / total:5.1f}%")
        breakdown = stats.get("rejected_by_reason" if key == "rejected" else "errors_by_kind", {})
        if key == "kept":
            continue
        for reason, count in sorted(breakdown.items(), key=lambda item: -item[1]):
            lines.append(f"      {reason:<44} {count:>9,}")
    tallies = {key: value for key, value in stats.get("tallies", {}).items() if value}
    edits = {key: value for key, value in tallies.items() if not key.startswith("cluster.")}
    if edits:
        lines.append("  edited in place (lines removed, PII masked, ...)")
        for key, count in edits.items():
            lines.append(f"      {key:<44} {count:>9,}")
    clusters = sum(1 for key in tallies if key.startswith("cluster.docs."))
    if clusters:
        lines.append(f"  clusters with kept documents: {clusters} (counts in stats.json tallies)")
    mark = "ok" if totals["balanced"] else "MISMATCH"
    lines.append(f"  accounting: input = kept + rejected + errors ... {mark}")
    lines.append(f"  output: {output_dir}/{{kept,rejected,errors}}/ and stats.json")
    return "\n".join(lines)
