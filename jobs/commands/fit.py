"""`yisieve fit ppl|quality|coherence|safety`: train a scorer model, write it with its manifest.

Every fit holds out part of its data (or takes an explicit evaluation set), prints the held-out
metrics and records them, the exact command, the input files (sha256, documents), their
provenance and licence in `manifest.json` beside the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yisieve.scorers.model_files import MANIFEST_NAME, MODELS_DIR, write_manifest
from yisieve.scorers.training_texts import TrainingDataError, describe_sources, read_all

DESCRIPTION = """\
Train the models of the learned scorers from your own files (JSONL/Parquet records with a text
field, or .txt with one document per line):
  ppl        SentencePiece + KenLM 5-gram per language (CCNet perplexity); needs lmplz
  quality    fastText "reference-like" classifier per language (positives vs negatives)
  safety     fastText classifier for a harmful-content category (toxic, political, ...)
  coherence  IDF table of the lexical block encoder, measured on real vs spliced documents
The model and manifest.json go to --output (default: the bundled folder under scorers/models/).
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fit",
        help="train a scorer model (ppl, quality, coherence, safety) with its manifest",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = parser.add_subparsers(dest="scorer", metavar="SCORER", required=True)

    ppl = _common(kinds.add_parser("ppl", help="KenLM perplexity model for one language"))
    ppl.add_argument("--lang", required=True, help="language code, e.g. en, zh")
    ppl.add_argument(
        "--reference",
        action="append",
        required=True,
        metavar="FILE",
        help="reference text (Wikipedia, news); repeatable",
    )
    ppl.add_argument(
        "--crawl",
        action="append",
        default=[],
        metavar="FILE",
        help="raw crawl text, only to measure (held-out pairs); repeatable",
    )
    ppl.add_argument("--vocab-size", type=int, default=8000)
    ppl.add_argument("--order", type=int, default=5)
    ppl.add_argument(
        "--prune",
        type=int,
        nargs="*",
        default=[0, 0, 1],
        metavar="N",
        help="lmplz --prune thresholds per order (default 0 0 1: drop singleton 3+-grams)",
    )
    ppl.add_argument(
        "--discount-fallback",
        action="store_true",
        help="let lmplz train on tiny corpora (fixed discounts)",
    )
    ppl.set_defaults(handler=fit_ppl, held_out=0.1)

    quality = _common(kinds.add_parser("quality", help="reference-likeness classifier"))
    quality.add_argument("--lang", required=True)
    _positive_negative(quality)
    quality.set_defaults(handler=fit_quality, held_out=0.2)

    safety = _common(kinds.add_parser("safety", help="harmful-content classifier, one category"))
    safety.add_argument("--category", required=True, help="e.g. toxic, adult, political")
    safety.add_argument("--lang", required=True)
    _positive_negative(safety)
    safety.add_argument("--eval-positive", action="append", default=[], metavar="FILE")
    safety.add_argument("--eval-negative", action="append", default=[], metavar="FILE")
    safety.set_defaults(handler=fit_safety, held_out=0.2)

    coherence = _common(kinds.add_parser("coherence", help="coherence scorer's IDF table"))
    coherence.add_argument(
        "--documents",
        action="append",
        required=True,
        metavar="FILE",
        help="real documents of any language, for the IDF; repeatable",
    )
    coherence.add_argument(
        "--eval",
        action="append",
        default=[],
        metavar="LANG=FILE",
        help="held-out real documents to splice and measure on",
    )
    coherence.set_defaults(handler=fit_coherence, held_out=0.0)


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--output", "-o", metavar="DIR", help="model folder (default: bundled)")
    parser.add_argument("--text-field", default="text", help="JSONL/Parquet text field")
    parser.add_argument(
        "--held-out",
        type=float,
        dest="held_out_fraction",
        default=None,
        help="share of the data held out for the metrics",
    )
    parser.add_argument(
        "--licence",
        default="see data_sources",
        help="licence of the trained model (follows its data)",
    )
    parser.add_argument(
        "--provenance",
        metavar="JSON",
        help="JSON file: list of {source, path, commit, licence} entries",
    )
    return parser


def _positive_negative(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--positive", action="append", required=True, metavar="FILE")
    parser.add_argument("--negative", action="append", required=True, metavar="FILE")
    parser.add_argument("--epoch", type=int, default=25)
    parser.add_argument("--dim", type=int, default=32)


def _held_out(args) -> float:
    return args.held_out if args.held_out_fraction is None else args.held_out_fraction


def _sources(args, *roles: tuple[str, list[str]]) -> list[dict]:
    sources = [e for role, paths in roles for e in describe_sources(paths, role, args.text_field)]
    if args.provenance:
        sources += json.loads(Path(args.provenance).read_text(encoding="utf-8"))
    return sources


_NOT_OPTIONS = {"command", "scorer", "handler", "accepts_extra", "extra", "held_out", "log_level"}


def command_line(args) -> list[str]:
    """The fit command as parsed (every option spelled out), for the manifest."""
    words = ["fit", args.scorer]
    for key, value in vars(args).items():
        if key in _NOT_OPTIONS or value is None or value is False or value == []:
            continue
        flag = "--" + key.replace("_", "-")
        if flag == "--held-out-fraction":
            flag = "--held-out"
        if value is True:
            words.append(flag)
        elif isinstance(value, list | tuple) and key == "prune":
            words += [flag, *map(str, value)]
        elif isinstance(value, list | tuple):
            for item in value:
                words += [flag, str(item)]
        else:
            words += [flag, str(value)]
    return words


def _finish(args, out_dir: Path, files: list[Path], sources, metrics, settings) -> int:
    manifest = write_manifest(
        out_dir, files, sources, metrics, args.licence, settings, command_line(args)
    )
    print(f"yisieve fit {args.scorer}: wrote {', '.join(str(f) for f in files)}")
    print(f"manifest: {manifest}")
    print("held-out metrics:")
    for key, value in metrics.items():
        print(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")
    return 0


def _output_folder(path: Path) -> Path:
    """The model folder, without the manifest of a model about to be replaced (its sha256
    would no longer match, and loading the new model checks it)."""
    path.mkdir(parents=True, exist_ok=True)
    (path / MANIFEST_NAME).unlink(missing_ok=True)
    return path


def _guarded(handler):
    def run(args) -> int:
        try:
            return handler(args)
        except (TrainingDataError, ValueError, RuntimeError, FileNotFoundError) as error:
            print(f"yisieve fit {args.scorer}: error: {error}", file=sys.stderr)
            return 2

    return run


@_guarded
def fit_ppl(args) -> int:
    from yisieve.scorers.perplexity_fit import (
        KENLM_FILE,
        SENTENCEPIECE_FILE,
        PerplexitySettings,
        fit_perplexity,
    )

    out_dir = _output_folder(Path(args.output or MODELS_DIR / "ppl" / args.lang))
    settings = PerplexitySettings(
        vocab_size=args.vocab_size,
        order=args.order,
        prune=tuple(args.prune),
        discount_fallback=args.discount_fallback,
        character_coverage=0.9995 if args.lang in ("zh", "ja", "ko") else 1.0,
    )
    reference = read_all(args.reference, args.text_field)
    crawl = read_all(args.crawl, args.text_field) if args.crawl else []
    metrics = fit_perplexity(reference, out_dir, settings, crawl, _held_out(args))
    sources = _sources(args, ("reference", args.reference), ("crawl_eval", args.crawl))
    files = [out_dir / SENTENCEPIECE_FILE, out_dir / KENLM_FILE]
    return _finish(args, out_dir, files, sources, metrics, settings.__dict__ | {"lang": args.lang})


def _fit_classifier(args, out_dir: Path, model_name: str, evaluation=None) -> int:
    from yisieve.scorers.classifier_fit import fit_binary_scorer
    from yisieve.scorers.fasttext_classifier import FastTextSettings

    settings = FastTextSettings(epoch=args.epoch, dim=args.dim)
    positives = read_all(args.positive, args.text_field)
    negatives = read_all(args.negative, args.text_field)
    eval_pos, eval_neg = evaluation or (None, None)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = out_dir / model_name
    groups = (
        {Path(p).name: read_all([p], args.text_field) for p in args.negative}
        if len(args.negative) > 1 and not evaluation
        else None
    )
    metrics = fit_binary_scorer(
        positives, negatives, model, settings, _held_out(args), eval_pos, eval_neg, groups
    )
    roles = [("positive", args.positive), ("negative", args.negative)]
    if evaluation:
        roles += [("eval_positive", args.eval_positive), ("eval_negative", args.eval_negative)]
    sources = _sources(args, *roles)
    return _finish(
        args, out_dir, [model], sources, metrics, settings.__dict__ | {"lang": args.lang}
    )


@_guarded
def fit_quality(args) -> int:
    from yisieve.scorers.quality import MODEL_FILE

    out_dir = _output_folder(Path(args.output or MODELS_DIR / "quality" / args.lang))
    return _fit_classifier(args, out_dir, MODEL_FILE)


@_guarded
def fit_safety(args) -> int:
    from yisieve.scorers.safety import MODEL_FILE

    default = MODELS_DIR / "safety" / f"{args.category}-{args.lang}"
    out_dir = _output_folder(Path(args.output or default))
    evaluation = None
    if args.eval_positive or args.eval_negative:
        if not (args.eval_positive and args.eval_negative):
            raise ValueError("--eval-positive and --eval-negative go together")
        evaluation = (
            read_all(args.eval_positive, args.text_field),
            read_all(args.eval_negative, args.text_field),
        )
    return _fit_classifier(args, out_dir, MODEL_FILE, evaluation)


@_guarded
def fit_coherence(args) -> int:
    from yisieve.scorers.coherence import CoherenceSettings
    from yisieve.scorers.coherence_fit import coherence_auc
    from yisieve.scorers.embeddings import IDF_FILE, HashedTfidfEncoder, fit_idf, save_idf

    out_dir = _output_folder(Path(args.output or MODELS_DIR / "coherence"))
    out_dir.mkdir(parents=True, exist_ok=True)
    evaluations = {}
    for item in args.eval:
        lang, sep, path = item.partition("=")
        if not sep:
            raise ValueError(f"--eval expects LANG=FILE, got {item!r}")
        evaluations[lang] = read_all([path], args.text_field)
    held = {text for texts in evaluations.values() for text in texts}
    documents = [t for t in read_all(args.documents, args.text_field) if t not in held]
    idf_file = save_idf(fit_idf(documents), out_dir / IDF_FILE)
    settings = CoherenceSettings()
    encoder = HashedTfidfEncoder(idf_file)
    metrics: dict[str, float] = {"idf_documents": len(documents)}
    for lang, texts in evaluations.items():
        for key, value in coherence_auc(encoder, texts, settings).items():
            metrics[f"{lang}.{key}"] = value
    sources = _sources(
        args, ("idf", args.documents), *(("eval", [p.partition("=")[2]]) for p in args.eval)
    )
    return _finish(args, out_dir, [idf_file], sources, metrics, settings.__dict__)
