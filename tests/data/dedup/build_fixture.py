"""Rebuilds real_docs.jsonl: real English web pages and Chinese Wikipedia articles for the dedup
tests. Reads the shared data folder (not used at test time):

    .venv/bin/python tests/data/dedup/build_fixture.py [../shared/data]
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

EN = "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
ZH = "reference/zh/tencentpretrain/zhwiki_sampled.txt"


def main(data: Path) -> None:
    docs = []
    with gzip.open(data / EN, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = row["text"]
            words = text.split()
            if 300 <= len(words) <= 1500 and words.count("the") >= 10:
                docs.append({"id": f"en-{len(docs):02d}", "lang": "en", "text": text})
            if len(docs) == 16:
                break
    zh = 0
    for line in (data / ZH).read_text(encoding="utf-8").splitlines():
        if 400 <= len(line) <= 3000:
            docs.append({"id": f"zh-{zh:02d}", "lang": "zh", "text": line})
            zh += 1
        if zh == 8:
            break
    out = Path(__file__).with_name("real_docs.jsonl")
    out.write_text("".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
