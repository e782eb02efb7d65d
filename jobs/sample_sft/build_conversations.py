"""Builds the sample SFT conversations from real reference text (not run by tests).

English: WikiText-2 validation and test articles (Wikipedia Good/Featured
articles): "What is TITLE?" answered by the article's first sentence(s), and a follow-up
turn about a section answered by that section's first sentence. Chinese: the Chinese
Wikipedia sample of TencentPretrain: "X是什么？" answered by the definitional first
sentence "X是……。". Every answer is text written by the
articles' authors; only the questions are templated.

    .venv/bin/python jobs/sample_sft/build_conversations.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM = "You are a helpful assistant. Answer from what you know, briefly."
_DETOKENIZE = [
    (" @-@ ", "-"),
    (" @,@ ", ","),
    (" @.@ ", "."),
    (" , ", ", "),
    (" . ", ". "),
    (" ; ", "; "),
    (" : ", ": "),
    (" 's", "'s"),
    ("( ", "("),
    (" )", ")"),
    (" n't", "n't"),
    (" %", "%"),
]


def detokenize(text: str) -> str:
    text = f" {text.strip()} "
    for old, new in _DETOKENIZE:
        text = text.replace(old, new)
    text = re.sub(r' " (.*?) " ', r' "\1" ', text)
    return re.sub(r"\s+([.,;:!?])", r"\1", text).strip()


def first_sentences(paragraph: str, count: int = 1, limit: int = 320) -> str | None:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", detokenize(paragraph))
    text = ""
    for sentence in sentences[:count]:
        if len(text) + len(sentence) > limit:
            break
        text = f"{text} {sentence}".strip()
    if not text or "<unk>" in text or len(text) < 40:
        return None
    return text


def wikitext_articles(path: Path):
    """(title, lead paragraph, [(section, first paragraph)]) per article."""
    title: str | None = None
    lead: str | None = None
    sections: list[tuple[str, str]] = []
    section: str | None = None
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        stripped = line.strip()
        heading = re.fullmatch(r"((?:= )+)(.+?)((?: =)+)", stripped)
        level = heading.group(1).count("=") if heading else 0
        if heading and level == 1:
            if title and lead:
                yield title, lead, sections
            title, lead, sections, section = detokenize(heading.group(2)), None, [], None
        elif heading and level == 2:
            section = detokenize(heading.group(2))
        elif stripped and not heading and title:
            if section is None and lead is None:
                lead = stripped
            elif section is not None and (not sections or sections[-1][0] != section):
                sections.append((section, stripped))
    if title and lead:
        yield title, lead, sections


def english_conversations(path: Path, rng: random.Random) -> list[dict]:
    out = []
    for title, lead, sections in wikitext_articles(path):
        answer = first_sentences(lead, 2)
        if not answer:
            continue
        question = rng.choice(
            [f"What is {title}?", f"Tell me about {title}.", f"Who or what is {title}?"]
        )
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ]
        out.append({"messages": messages, "source": f"wikitext-2/{path.name}", "title": title})
        for section, paragraph in sections[:3]:
            reply = first_sentences(paragraph)
            if reply:
                follow = messages[1:] + [
                    {"role": "user", "content": f"What about the {section.lower()} of {title}?"},
                    {"role": "assistant", "content": reply},
                ]
                out.append(
                    {"messages": follow, "source": f"wikitext-2/{path.name}", "title": title}
                )
    return out


def drop_empty_parentheses(text: str) -> str:
    """The dump dropped foreign-script names, leaving "（）", "（，）" or "（德语：）"."""

    def keep(match: re.Match) -> str:
        inside = match.group(1)
        if not re.search(r"\w", inside) or inside.rstrip().endswith(("：", ":")):
            return ""
        return match.group()

    return re.sub(r"[（(]([^（）()]*)[）)]", keep, text)


def chinese_conversations(path: Path, limit: int) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        sentence = line.strip().split("。", 1)[0]
        before = sentence.split("是", 1)[0]
        if " " in before:  # "TITLE (DISAMBIGUATION) TEXT": keep the text
            sentence = sentence[before.rfind(" ") + 1 :]
        sentence = drop_empty_parentheses(sentence)
        if "是" not in sentence or not 12 <= len(sentence) <= 120:
            continue
        subject = re.sub(r"（[^）]*）|\([^)]*\)", "", sentence.split("是", 1)[0]).strip()
        if not 2 <= len(subject) <= 16 or re.search(r"[，,、：]", subject):
            continue
        messages = [
            {"role": "user", "content": f"{subject}是什么？"},
            {"role": "assistant", "content": sentence + "。"},
        ]
        out.append({"messages": messages, "source": "zhwiki_sampled.txt", "title": subject})
        if len(out) >= limit:
            break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(HERE.parents[1] / ".." / "shared" / "data"))
    parser.add_argument("--zh", type=int, default=240, help="Chinese conversations")
    args = parser.parse_args()
    data = Path(args.data)
    rng = random.Random(0)
    english = [
        conversation
        for name in ("valid.txt", "test.txt")
        for conversation in english_conversations(data / "reference/en/wikitext-2" / name, rng)
    ]
    chinese = chinese_conversations(
        data / "reference/zh/tencentpretrain/zhwiki_sampled.txt", args.zh
    )
    conversations = english + chinese
    rng.shuffle(conversations)
    cut = len(conversations) // 10
    for name, part in (("validation", conversations[:cut]), ("train", conversations[cut:])):
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as stream:
            for record in part:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(english)} en + {len(chinese)} zh conversations; validation {cut}")


if __name__ == "__main__":
    main()
