"""PII recall and precision on real en/zh documents with generated PII inserted.

Each document of the reference and Common Crawl corpora (pii_corpora.py) receives four
templated sentences, each carrying one generated value of a random type (pii_generate.py).
The stage's scrubber (default config) then runs on the result:
- recall per type: inserted values whose whole span lies inside one detection of the
  expected type family (all phone kinds share `<PHONE>`);
- precision per type: detections overlapping an inserted value of their family, over all
  detections of that type in the same documents, leaving out those the untouched original
  already had (real contact details of the crawl), which are listed and judged apart.
Separately, the untouched documents are scrubbed and every detection is listed, so what was
masked in reference text (which should hold no PII) can be read and judged.

    .venv/bin/python benchmarks/pii_eval.py [--data ../shared/data] [--per-corpus 400]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from types import SimpleNamespace  # noqa: E402

from pii_corpora import DEFAULT_DATA, load_corpora  # noqa: E402
from pii_generate import EXPECTED, GENERATORS, insert_near_miss, insert_pii  # noqa: E402
from pii_report import replace_section  # noqa: E402

from yisieve.filters.pii.anonymize import PiiScrubber  # noqa: E402
from yisieve.filters.pii.config import PiiConfig  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "pii.md"
FAMILY_OF_ENTITY = {
    "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "IP_ADDRESS": "ip",
    "CREDIT_CARD": "credit_card", "IBAN_CODE": "iban", "CN_MOBILE": "cn_mobile",
    "CN_LANDLINE": "cn_landline", "CN_RESIDENT_ID": "cn_id",
}  # fmt: skip
PER_DOC = 4
# Acceptance targets for recall.
RECALL_TARGET = {"email": 0.99, "ip": 0.99, "cn_mobile": 0.99, "cn_id": 0.99, "phone": 0.95,
                 "cn_landline": 0.95, "credit_card": 0.95, "iban": 0.95}  # fmt: skip


def view(text: str, lang: str):
    return SimpleNamespace(text=text, lang=lang, url=None, annotations={})


def evaluate(docs, scrubber: PiiScrubber, seed: int):
    rng = random.Random(seed)
    families = sorted(GENERATORS)
    inserted_n = Counter()
    recalled = Counter()
    exact = Counter()
    detections = Counter()
    true_detections = Counter()
    misses: dict[tuple[str, str], list[str]] = defaultdict(list)
    false_found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc in docs:
        text, inserted = insert_pii(doc.text, doc.lang, rng.sample(families, PER_DOC), rng)
        found = scrubber.find(text, doc.lang)
        # What the original already held is judged in the untouched-text section, not here.
        before = Counter(
            (r.entity_type, doc.text[r.start : r.end]) for r in scrubber.find(doc.text, doc.lang)
        )
        for item in inserted:
            key = (doc.lang, item.family)
            inserted_n[key] += 1
            covering = [
                r for r in found
                if r.start <= item.start and r.end >= item.end
                and r.entity_type in EXPECTED[item.family]
            ]  # fmt: skip
            if covering:
                recalled[key] += 1
                exact[key] += any(r.start == item.start and r.end == item.end for r in covering)
            else:
                misses[key].append(item.value)
        for r in found:
            if before[(r.entity_type, text[r.start : r.end])] > 0:
                before[(r.entity_type, text[r.start : r.end])] -= 1
                continue
            family = FAMILY_OF_ENTITY[r.entity_type]
            key = (doc.lang, family)
            detections[key] += 1
            hit = any(
                r.start < i.end and r.end > i.start and r.entity_type in EXPECTED[i.family]
                for i in inserted
            )
            if hit:
                true_detections[key] += 1
            else:
                false_found[key].append(f"{text[r.start : r.end]!r} ({doc.corpus})")
    return inserted_n, recalled, exact, detections, true_detections, misses, false_found


def near_misses(docs, scrubber: PiiScrubber, seed: int, rounds: int = 3) -> str:
    """Look-alikes (order numbers, dates, versions, bad checksums ...) inserted into the same
    documents: any detection overlapping one is a false positive."""
    rng = random.Random(seed + 1)
    tried, masked = Counter(), Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _ in range(rounds):
        for doc in docs:
            text, item = insert_near_miss(doc.text, doc.lang, rng)
            key = (doc.lang, item.family)
            tried[key] += 1
            hits = [
                r
                for r in scrubber.find(text, doc.lang)
                if r.start < item.end and r.end > item.start
            ]
            if hits:
                masked[key] += 1
                examples[key].append(f"`{item.value}` as {hits[0].entity_type}")
    lines = [
        "| lang | look-alike | inserted | masked (false positives) | rate |",
        "|---|---|---|---|---|",
    ]
    for key in sorted(tried):
        lines.append(f"| {key[0]} | {key[1]} | {tried[key]} | {masked[key]} | "
                     f"{masked[key] / tried[key]:.4f} |")  # fmt: skip
    total_tried, total_masked = sum(tried.values()), sum(masked.values())
    lines += ["", f"All look-alikes: {total_masked} of {total_tried} masked "
              f"({total_masked / total_tried:.4f})."]  # fmt: skip
    for key, values in sorted(examples.items()):
        lines.append(f"- {key[0]} {key[1]}: " + ", ".join(values[:5]))
    return "\n".join(lines)


def untouched(docs, scrubber: PiiScrubber):
    per_corpus = Counter()
    chars = Counter()
    spans: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        per_corpus[doc.corpus] += 1
        chars[doc.corpus] += len(doc.text)
        for r in scrubber.find(doc.text, doc.lang):
            left = doc.text[max(0, r.start - 30) : r.start].replace("\n", " ")
            right = doc.text[r.end : r.end + 20].replace("\n", " ")
            spans[doc.corpus].append(
                f"{r.entity_type}: `{left}[{doc.text[r.start : r.end]}]{right}`"
            )
    return per_corpus, chars, spans


def render(docs, evaluation, untouched_result, args) -> str:
    inserted_n, recalled, exact, detections, true_detections, misses, false_found = evaluation
    lines = [
        f"Command: `.venv/bin/python benchmarks/pii_eval.py --per-corpus {args.per_corpus} "
        f"--seed {args.seed}` (default stage config: pattern recognizers, prefilter on).",
        "",
        f"Documents: {len(docs)} ("
        + ", ".join(f"{c}: {n}" for c, n in sorted(Counter(d.corpus for d in docs).items()))
        + f"); {PER_DOC} inserted values per document.",
        "",
        "| lang | type | inserted | recall | exact span | detections | precision | target recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(inserted_n):
        lang, family = key
        recall = recalled[key] / inserted_n[key]
        precision = true_detections[key] / detections[key] if detections[key] else 1.0
        lines.append(
            f"| {lang} | {family} | {inserted_n[key]} | {recall:.4f} | "
            f"{exact[key] / inserted_n[key]:.4f} | {detections[key]} | {precision:.4f} | "
            f">= {RECALL_TARGET[family]} {'ok' if recall >= RECALL_TARGET[family] else 'MISSED'} |"
        )
    total_det = sum(detections.values())
    total_true = sum(true_detections.values())
    lines += ["", f"All types: precision {total_true / total_det:.4f} ({total_det} detections, "
              f"{total_det - total_true} not on an inserted value).", ""]  # fmt: skip
    if any(misses.values()):
        lines += ["Missed values (first 5 per type):", ""]
        for key, values in sorted(misses.items()):
            lines.append(f"- {key[0]} {key[1]}: " + ", ".join(f"`{v}`" for v in values[:5]))
        lines.append("")
    if any(false_found.values()):
        lines += ["Detections not on an inserted value (first 5 per type):", ""]
        for key, values in sorted(false_found.items()):
            lines.append(f"- {key[0]} {key[1]}: " + ", ".join(values[:5]))
        lines.append("")
    per_corpus, chars, spans = untouched_result
    lines += [
        "Untouched documents (no insertion): what the scrubber masks.",
        "",
        "| corpus | docs | chars | spans masked | per 1M chars |",
        "|---|---|---|---|---|",
    ]
    for corpus in sorted(per_corpus):
        n = len(spans[corpus])
        lines.append(f"| {corpus} | {per_corpus[corpus]} | {chars[corpus]:,} | {n} | "
                     f"{1e6 * n / max(chars[corpus], 1):.1f} |")  # fmt: skip
    lines.append("")
    for corpus in sorted(spans):
        lines.append(f"- {corpus}:")
        lines += [f"  - {span}" for span in spans[corpus][: args.list_spans]]
    return "\n".join(lines)


def ner_on_reference(docs, sample: int, seed: int) -> str | None:
    """Opt-in NER: PERSON spans masked in untouched English reference and CC text, with a
    random sample to read (each span with its context) for judging false positives."""
    import spacy

    config = PiiConfig(ner=True)
    if not spacy.util.is_package(config.ner_model):
        return None
    scrubber = PiiScrubber(config)
    scrubber.setup()
    rng = random.Random(seed)
    lines = ["| corpus | docs | chars | PERSON spans | per 1k chars |", "|---|---|---|---|---|"]
    found = []
    english = [doc for doc in docs if doc.lang == "en"]
    for corpus in sorted({doc.corpus for doc in english}):
        subset = [doc for doc in english if doc.corpus == corpus]
        chars = sum(len(doc.text) for doc in subset)
        count = 0
        for doc in subset:
            for r in scrubber.find(doc.text, "en"):
                if r.entity_type == "PERSON":
                    count += 1
                    left = doc.text[max(0, r.start - 25) : r.start].replace("\n", " ")
                    right = doc.text[r.end : r.end + 15].replace("\n", " ")
                    found.append(f"{corpus}: `{left}[{doc.text[r.start : r.end]}]{right}`")
        lines.append(
            f"| {corpus} | {len(subset)} | {chars:,} | {count} | {1000 * count / chars:.2f} |"
        )
    lines += ["", f"Random sample of {sample} PERSON spans (judged in the notes below):", ""]
    lines += [
        f"{i + 1}. {span}" for i, span in enumerate(rng.sample(found, min(sample, len(found))))
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-corpus", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20240307)
    parser.add_argument("--list-spans", type=int, default=40)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--ner-sample", type=int, default=50, help="0: skip the NER section")
    args = parser.parse_args()
    docs = load_corpora(args.data, args.per_corpus)
    scrubber = PiiScrubber(PiiConfig())
    scrubber.setup()
    text = render(docs, evaluate(docs, scrubber, args.seed), untouched(docs, scrubber), args)
    replace_section(args.output, "Recall and precision", text)
    print(text)
    looks = near_misses(docs, scrubber, args.seed)
    replace_section(args.output, "Look-alikes inserted into the same documents", looks)
    print(looks)
    ner = ner_on_reference(docs, args.ner_sample, args.seed) if args.ner_sample else None
    if ner:
        replace_section(args.output, "Opt-in NER on untouched text", ner)
        print(ner)


if __name__ == "__main__":
    main()
