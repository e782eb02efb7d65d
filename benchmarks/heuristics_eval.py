"""Evaluate LID and the heuristic rules on real data (not part of the tests).

Reports, with the default config:
- LID accuracy on the en and zh sides of TED en-zh sentence pairs (Tatoeba-style);
- per rule, the fraction of reference documents (Wikipedia, news) it would reject — these are
  good documents, so the fractions should be near 0 — against the fraction of raw Common Crawl
  documents (cc_text/) it rejects, per language (the language LID gives the crawl document).
  Reference documents are judged as stored (zh: one document per line) and with zh line breaks
  restored (zhwiki's extractor lines put back, People's Daily paragraphs added).

    .venv/bin/python benchmarks/heuristics_eval.py [--data ../shared/data] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heuristics_corpora import (  # noqa: E402
    DEFAULT_DATA,
    crawl_documents,
    parallel_sentences,
    reference_documents,
)
from yisieve.filters.heuristics.config import HeuristicConfig  # noqa: E402
from yisieve.filters.heuristics.heuristic_stage import heuristic_rewrites, heuristic_rules  # noqa: E402
from yisieve.filters.lid import FastTextLanguageId, LidConfig  # noqa: E402
from yisieve.filters.stage import _EditedDocument  # noqa: E402


def rule_failures(text: str, url: str | None, lang: str, rules, rewrites) -> list[str]:
    """Every rule that would reject the document (not only the first), after the rewrites."""
    view = _EditedDocument(text, url, lang, {})
    for rewrite in rewrites:
        view.text, _ = rewrite.rewrite(view)
    failed = []
    for rule in rules:
        reason = rule.decide(rule.measure(view), view)
        if reason:
            failed.append(reason)
    return failed


def lid_accuracy(lid: FastTextLanguageId, data: Path, limit: int) -> dict:
    result = {}
    for lang, sentences in parallel_sentences(data, limit).items():
        predicted = lid._predict([s.replace("\n", " ") for s in sentences])
        correct = sum(label == lang for label, _ in predicted)
        kept = sum(label == lang and score >= lid.languages[lang] for label, score in predicted)
        result[lang] = {
            "sentences": len(sentences),
            "accuracy": round(correct / len(sentences), 4),
            "kept_at_threshold": round(kept / len(sentences), 4),
        }
    return result


def judge_corpus(docs, lid, rules, rewrites) -> dict:
    """{lang: {'documents', 'lid_rejected', 'rejected', 'by_rule': {rule: fraction}}}."""
    counts: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    lid_rejected: Counter = Counter()
    rejected: Counter = Counter()
    corpus_totals: Counter = Counter()
    corpus_rejected: Counter = Counter()
    texts = [text for _, _, text, _ in docs]
    measures = lid.measure_batch([_EditedDocument(t, None, None, {}) for t in texts])
    for (corpus, url, text, lang), lid_measures in zip(docs, measures, strict=True):
        lang = lang or str(lid_measures["lang"])
        if lang not in ("en", "zh"):
            continue
        totals[lang] += 1
        corpus_totals[lang, corpus] += 1
        if lid.decide(lid_measures, None):
            lid_rejected[lang] += 1
        failed = rule_failures(text, url, lang, rules, rewrites)
        if failed:
            rejected[lang] += 1
            corpus_rejected[lang, corpus] += 1
        counts[lang].update(failed)
    return {
        lang: {
            "documents": totals[lang],
            "lid_rejected": round(lid_rejected[lang] / totals[lang], 4),
            "heuristic_rejected": round(rejected[lang] / totals[lang], 4),
            "heuristic_rejected_by_corpus": {
                corpus: f"{corpus_rejected[lang, corpus]}/{n}"
                for (lang_, corpus), n in sorted(corpus_totals.items())
                if lang_ == lang
            },
            "by_rule": {
                reason: round(n / totals[lang], 4) for reason, n in counts[lang].most_common()
            },
        }
        for lang in sorted(totals)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    lid_config = LidConfig()
    lid = FastTextLanguageId(lid_config.languages)
    lid.setup()
    config = HeuristicConfig()
    rules, rewrites = heuristic_rules(config), heuristic_rewrites(config)
    for step in (*rules, *rewrites):
        step.setup()

    reference_docs, restored_docs = (
        [
            (name, None, text, lang)
            for lang, docs in reference_documents(args.data, restore).items()
            for name, text in docs
        ]
        for restore in (False, True)
    )
    crawl_docs = [
        (name, url, text, None) for name, url, text in crawl_documents(args.data) if text.strip()
    ]
    report = {
        "lid_sentences": lid_accuracy(lid, args.data, args.sentences),
        "reference": judge_corpus(reference_docs, lid, rules, rewrites),
        "reference_lines_restored": judge_corpus(restored_docs, lid, rules, rewrites),
        "crawl": judge_corpus(crawl_docs, lid, rules, rewrites),
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
