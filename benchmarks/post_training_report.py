"""Markdown tables from a `benchmarks/post_training_e2e.sh` output folder.

.venv/bin/python benchmarks/post_training_report.py /tmp/yi-post
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def last_json(path: Path) -> dict:
    text = path.read_text()
    return json.loads(text[text.index("\n{") + 1 :] if not text.startswith("{") else text)


def main(out: Path) -> None:
    pre = last_json(out / "pretrain.json")
    sft = last_json(out / "sft.json")
    print("## Pretrain -> SFT\n")
    print(
        f"- pretrain: {pre['parameters']:,} parameters, {pre['step']} steps, "
        f"val loss {pre['val_loss']:.3f} (unigram entropy {pre['unigram_entropy']:.3f})"
    )
    print(
        f"- SFT: {sft['conversations']} conversations packed into {sft['rows']} rows, "
        f"{sft['step']} steps, NEFTune alpha {sft['neftune_alpha']}, validation loss on "
        f"assistant tokens {sft['val_loss_before']:.3f} -> {sft['val_loss']:.3f}\n"
    )
    print("## GGUF read-back (max relative Frobenius error per tensor type)\n")
    print("| file | tensors | per type |\n|---|---|---|")
    for kind in ("f16", "q8_0", "q4_0"):
        data = last_json(out / f"export_gguf_{kind}.json")
        worst = ", ".join(f"{k} {v:.4%}" for k, v in data["max_relative_error_by_type"].items())
        print(f"| model-{kind}.gguf | {data['tensors']} | {worst} |")
    for name, label in (("trained", "trained model"), ("random", "random-init larger model")):
        data = json.loads((out / f"quant_delta_{name}.json").read_text())
        print(
            f"\n## Quantization delta: {label} ({data['windows']} windows x "
            f"{data['sequence_length']} tokens)\n"
        )
        print("| weights | loss | perplexity | rel. loss change | rel. ppl change |")
        print("|---|---|---|---|---|")
        for row in data["rows"]:
            print(
                f"| {row['weights']} | {row['loss']:.5f} | {row['perplexity']:.3f} | "
                f"{row['relative_loss_change']:+.3%} | {row['relative_perplexity_change']:+.3%} |"
            )
    print("\n## ICL linear-regression probe\n")
    print("| weights | shots | exact match | mean abs error | parsed |\n|---|---|---|---|---|")
    for row in json.loads((out / "icl.json").read_text())["rows"]:
        print(
            f"| {row['weights']} | {row['shots']} | {row['exact_match']:.2f} | "
            f"{row['mean_abs_error']:.2f} | {row['parsed']:.2f} |"
        )
    needle = json.loads((out / "needle.json").read_text())["cells"]
    lengths = sorted({c["context_tokens"] for c in needle})
    depths = sorted({c["depth"] for c in needle})
    print("\n## Needle in a haystack (accuracy)\n")
    print("| depth \\ L | " + " | ".join(map(str, lengths)) + " |")
    print("|---" * (len(lengths) + 1) + "|")
    for depth in depths:
        cells = {c["context_tokens"]: c["accuracy"] for c in needle if c["depth"] == depth}
        print(f"| {depth:.0%} | " + " | ".join(f"{cells[n]:.2f}" for n in lengths) + " |")
    up = last_json(out / "upscale.json")
    print("\n## Depth up-scaling\n")
    sims = ", ".join(f"{s:.4f}" for s in up["per_layer_cosine_similarity"])
    print(f"- per-layer cos(input, output): {sims}")
    print(
        f"- duplicated block {up['duplicated_block']}: layers {up['layers']}, parameters "
        f"{up['parameters'][0]:,} -> {up['parameters'][1]:,}"
    )
    print(
        f"- validation loss right after duplication: {up['val_loss_before']:.4f} -> "
        f"{up['val_loss_after']:.4f} ({up['val_loss_relative_change']:+.2%})"
    )
    long = last_json(out / "longctx.json")
    print(
        f"\n## Long-context continuation\n\n- from the up-scaled model, rope theta "
        f"{long['rope_theta']:g}, windows of {long['sequence_length']} tokens, long-document "
        f"token share {long.get('long_document_token_share', 0):.2f}, {long['step']} steps: "
        f"train loss {long['loss']:.3f}; val loss at the new theta and length "
        f"{long.get('val_loss_before') or float('nan'):.3f} before -> "
        f"{long['val_loss']:.3f} after"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/yi-post"))
