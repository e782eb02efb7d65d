"""`clusters.json` (centroids + statistics + verdicts) and `clusters.md`, the review page.

clusters.json is also the centroid file a later run assigns against (`--clusters FILE`); a
reviewer edits `drop_clusters` in the config after reading clusters.md.
"""

from __future__ import annotations

import numpy as np

from yisieve.scorers.cluster_judgement import ClusterVerdict
from yisieve.scorers.cluster_statistics import ClusterSummary, distinctive_terms
from yisieve.scorers.kmeans import centroids_to_json


def clusters_document(
    centroids: np.ndarray,
    embedding: dict,
    summaries: list[ClusterSummary],
    verdicts: dict[int, ClusterVerdict],
    settings: dict,
) -> dict:
    terms = distinctive_terms(summaries)
    clusters = []
    for summary in sorted(summaries, key=lambda s: s.cluster):
        entry = summary.describe()
        verdict = verdicts[summary.cluster]
        entry["top_terms"] = terms.get(summary.cluster, [])
        entry["verdict"] = {
            "drop": verdict.drop,
            "signal": verdict.signal,
            "quality": None if verdict.quality is None else round(verdict.quality, 4),
            "why": verdict.why,
        }
        # Documents only reach this stage if earlier stages kept them, so the upstream
        # rejection rate of a cluster's members is not observable here.
        entry["upstream_rejection_rate"] = None
        clusters.append(entry)
    document = centroids_to_json(centroids, embedding)
    document["settings"] = settings
    document["clusters"] = clusters
    document["dropped"] = sorted(c for c, v in verdicts.items() if v.drop)
    return document


def review_page(document: dict) -> str:
    """Markdown: one table of all clusters, then a section per cluster with its examples."""
    settings = document.get("settings", {})
    lines = [
        "# Clusters for review",
        "",
        f"{len(document['clusters'])} clusters; embedding `{document['embedding'].get('model')}`"
        f" (+{document['embedding'].get('lexical_dims', 0)} lexical dims); "
        f"quality signals in order: {', '.join(settings.get('signals', []))}; "
        f"thresholds: {settings.get('thresholds', {})}.",
        "To drop a cluster by hand, add its id to `stages.cluster.drop_clusters` and rerun with"
        " `--set stages.cluster.centroids_path=<this folder>/clusters.json`.",
        "",
        "| id | size | tokens | languages | quality signal | mean | verdict | top terms |",
        "|---:|---:|---:|---|---|---:|---|---|",
    ]
    for c in document["clusters"]:
        v = c["verdict"]
        langs = ", ".join(f"{k} {n}" for k, n in c["languages"].items())
        quality = "" if v["quality"] is None else f"{v['quality']:.3f}"
        verdict = "**drop**" if v["drop"] else "keep"
        terms = _cell(" ".join(c["top_terms"][:8]))
        lines.append(
            f"| {c['id']} | {c['size']} | {c['tokens']} | {langs} | {v['signal'] or '-'} |"
            f" {quality} | {verdict} | {terms} |"
        )
    for c in document["clusters"]:
        lines += ["", f"## Cluster {c['id']} — {c['verdict']['why']}", ""]
        for name, s in c["signals"].items():
            lines.append(
                f"- `{name}`: n={s['count']} mean={s['mean']} p10={s['p10']} p50={s['p50']}"
                f" p90={s['p90']}"
            )
        lines.append(f"- top terms: {' '.join(c['top_terms'])}")
        lines.append("")
        for example in c["examples"]:
            where = example["url"] or example["id"]
            lines.append(f"> `{_cell(where)}` {_cell(example['snippet'])}")
            lines.append(">")
        if lines[-1] == ">":
            lines.pop()
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
