"""datatrove's FastTextClassifierFilter on documents from a JSONL file (run in .venv-peers).

    .venv-peers/bin/python benchmarks/peers/datatrove_fasttext.py MODEL DOCS.jsonl

Prints one JSON line: documents, CPU seconds (process time) and wall seconds of the filter.
"""

import json
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters import FastTextClassifierFilter


def main() -> None:
    model, docs_path = sys.argv[1], sys.argv[2]
    with open(docs_path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    filt = FastTextClassifierFilter(model, keep_labels=("positive", 0.0))
    filt.filter(Document(text="warm up", id="w"))  # loads the model
    cpu, wall = time.process_time(), time.perf_counter()
    kept = sum(1 for doc in docs if filt.filter(doc) is True)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"documents": len(docs), "kept": kept, "cpu_s": cpu, "wall_s": wall}))


if __name__ == "__main__":
    main()
