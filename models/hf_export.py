"""HF export: a folder `transformers.AutoModelForCausalLM/AutoTokenizer.from_pretrained` loads.

Weights and config.json come from models/checkpoint.py (already LlamaForCausalLM's layout);
this adds the HF tokenizer (tokenizer.json, from models/tokenizer.py), the ChatML chat
template in tokenizer_config.json, and generation_config.json stopping at <|endoftext|> or
<|im_end|> (the end of a chat reply).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from yisieve.models.chat_template import CHATML_JINJA
from yisieve.models.checkpoint import load_pretrained, save_pretrained
from yisieve.models.config import BOS_TOKEN_ID, EOS_TOKEN_ID, PAD_TOKEN_ID
from yisieve.models.tokenizer import IM_END, MODEL_FILE, SPECIAL_TOKEN_IDS, export_hf_tokenizer

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def export_hf(
    checkpoint: str | Path,
    output: str | Path,
    dtype: str = "float32",
    tokenizer_path: str | Path | None = None,
) -> Path:
    if dtype not in DTYPES:
        raise ValueError(f"dtype {dtype!r} not in {list(DTYPES)}")
    output = Path(output)
    model = load_pretrained(checkpoint)
    save_pretrained(model, output, dtype=DTYPES[dtype])
    tokenizer_model = Path(tokenizer_path or checkpoint)
    if tokenizer_model.is_dir():
        tokenizer_model = tokenizer_model / MODEL_FILE
    export_hf_tokenizer(tokenizer_model, output)
    config_path = output / "tokenizer_config.json"
    tokenizer_config = json.loads(config_path.read_text())
    tokenizer_config["chat_template"] = CHATML_JINJA
    config_path.write_text(json.dumps(tokenizer_config, indent=2, ensure_ascii=False) + "\n")
    generation = {
        "bos_token_id": BOS_TOKEN_ID,
        "eos_token_id": [EOS_TOKEN_ID, SPECIAL_TOKEN_IDS[IM_END]],
        "pad_token_id": PAD_TOKEN_ID,
    }
    (output / "generation_config.json").write_text(json.dumps(generation, indent=2) + "\n")
    return output
