#!/usr/bin/env bash
# End to end on CPU: sample Wikipedia shards -> tokenizer -> token shards -> pretrain (yi-small)
# -> SFT on jobs/sample_sft -> chat; exports (HF, GGUF f16/q8_0/q4_0, int4) with read-back;
# evaluations (quantization delta, ICL probe, needle heat map); depth up-scaling and a short
# long-context continuation. Results land in $OUT (default /tmp/yi-post).
#   bash benchmarks/post_training_e2e.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/yi-post}
Y=".venv/bin/yisieve"
PRETRAIN_SECONDS=${PRETRAIN_SECONDS:-240}
summary() {  # the JSON summary a command prints last (progress lines may precede it)
  sed -n '/^{/,$p' "$1" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['$2'])"
}
if [ "${KEEP_PRETRAIN:-0}" != 1 ]; then  # KEEP_PRETRAIN=1 reruns the later steps only
  rm -rf "$OUT" && mkdir -p "$OUT/clean/kept"
  cp jobs/sample_crawl/data/wiki-en-zh.parquet "$OUT/clean/kept/part-00000-of-00001.parquet"
  $Y tokenizer train -i "$OUT/clean" -o "$OUT/tokenizer" --vocab-size 4096 \
    --character-coverage 0.995 --threads 2
  $Y tokenize -i "$OUT/clean" -o "$OUT/shards" -t "$OUT/tokenizer" --validation-fraction 0.1
  $Y train pretrain -c jobs/configs/pretrain-tiny.yaml --set data.shards="$OUT/shards" \
    --set run.output="$OUT/pretrain" --set run.max_seconds="$PRETRAIN_SECONDS" \
    --set run.progress=false > "$OUT/pretrain.json"
fi
BASE=$(summary "$OUT/pretrain.json" checkpoint)

$Y sft -c jobs/configs/sft-tiny.yaml --set model.init="$BASE" --set run.output="$OUT/sft" \
  --set run.progress=false > "$OUT/sft.json"
SFT="$OUT/sft/final"
{
  $Y chat --checkpoint "$SFT" --show-prompt --max-new-tokens 48 --message "利丁厄市镇是什么？"
  echo; echo "----"
  $Y chat --checkpoint "$SFT" --show-prompt --max-new-tokens 48 \
    --system "You are a helpful assistant. Answer from what you know, briefly." \
    --message "What is Homarus gammarus?"
  echo; echo "---- base model, same prompt"
  $Y chat --checkpoint "$BASE" --show-prompt --max-new-tokens 48 --message "利丁厄市镇是什么？"
} > "$OUT/chat.txt"

# a longer SFT (500 steps, lr 2e-3): overfits the 256 conversations past ~150 steps, and by
# then answers in the trained form and ends its replies with <|im_end|> by itself
$Y sft -c jobs/configs/sft-tiny.yaml --set model.init="$BASE" --set run.output="$OUT/sft-long" \
  --set run.progress=false --set run.max_steps=500 --set run.max_seconds=900 \
  --set optimizer.lr=2e-3 --set run.eval_interval=50 > "$OUT/sft-long.json"
VALQ=$(head -1 jobs/sample_sft/validation.jsonl | .venv/bin/python -c \
  "import json,sys; print(json.load(sys.stdin)['messages'][-2]['content'])")
for question in "利丁厄市镇是什么？" "马伦廷是什么？" "$VALQ"; do
  $Y chat --checkpoint "$OUT/sft-long/final" --show-prompt --max-new-tokens 96 \
    --message "$question"
  echo "----"
done > "$OUT/chat-long.txt"

$Y export hf --checkpoint "$SFT" -o "$OUT/export/hf" > "$OUT/export_hf.json"
for kind in f16 q8_0 q4_0; do
  $Y export gguf --type $kind --checkpoint "$SFT" -o "$OUT/export/model-$kind.gguf" \
    > "$OUT/export_gguf_$kind.json"
done
$Y export int4 --checkpoint "$SFT" -o "$OUT/export/int4" > "$OUT/export_int4.json"

$Y eval quant-delta --checkpoint "$BASE" --shards "$OUT/shards" --sequence-length 256 \
  --windows 32 --json "$OUT/quant_delta_trained.json" > /dev/null
# a larger random-init model (8 layers, h=512, 1408 = 44 x 32 so every matrix is quantized)
.venv/bin/python - "$OUT" <<'PY'
import sys, torch
from models.checkpoint import save_pretrained
from models.config import preset
from models.model import YiForCausalLM
from train.sft import copy_tokenizer_files
torch.manual_seed(0)
config = preset("yi-small", vocab_size=4096, hidden_size=512, intermediate_size=1408,
                num_hidden_layers=8, num_attention_heads=8, num_key_value_heads=2)
save_pretrained(YiForCausalLM(config), f"{sys.argv[1]}/random-large")
copy_tokenizer_files(f"{sys.argv[1]}/tokenizer", f"{sys.argv[1]}/random-large")
print(config.parameter_count())
PY
$Y eval quant-delta --checkpoint "$OUT/random-large" --shards "$OUT/shards" --sequence-length 256 \
  --windows 16 --json "$OUT/quant_delta_random.json" > /dev/null
$Y eval icl --checkpoint "$BASE" --shots 1,2,4,8,16 --trials 20 --json "$OUT/icl.json" > /dev/null
$Y eval needle --checkpoint "$BASE" --shards "$OUT/shards" --lengths 64,128,192,248 \
  --depths 0,0.25,0.5,0.75,1 --trials 4 --png "$OUT/needle.png" --json "$OUT/needle.json" > /dev/null

$Y upscale --checkpoint "$BASE" --shards "$OUT/shards" -o "$OUT/upscaled" --windows 16 \
  > "$OUT/upscale.json"
rm -rf "$OUT/longctx"  # a fresh continuation (an existing run folder would resume)
$Y continue-pretrain --init "$OUT/upscaled" -c jobs/configs/pretrain-tiny.yaml \
  --set data.shards="$OUT/shards" --set run.output="$OUT/longctx" --set run.max_steps=30 \
  --set run.max_seconds=0 --set run.eval_interval=10 --set run.checkpoint_interval=30 \
  --set optimizer.lr=3e-4 --set optimizer.warmup_steps=0 --set optimizer.schedule=constant \
  --set data.micro_batch_size=4 --set run.progress=false \
  --rope-theta 1e6 --sequence-length 1024 --upsample-long 4 --long-min-tokens 1024 \
  > "$OUT/longctx.json"
echo "done: $OUT"
