"""C4 line removal (Raffel et al. 2020; TFDS c4_utils): boilerplate lines go, the page stays.

A rewrite, so it runs before the stage's decisions and the rules judge the cleaned text.
"""

from __future__ import annotations

import re

from yisieve.filters.rule import Measures, Rewrite, TextDocument

# TFDS c4_utils / datatrove C4QualityFilter POLICY_SUBSTRINGS, plus their Chinese equivalents.
POLICY_PHRASES = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
    "隐私政策",
    "隐私权政策",
    "隐私声明",
    "使用条款",
    "服务条款",
    "使用cookie",
)
JAVASCRIPT = "javascript"
# C4's "word" is a whitespace token; Chinese and Japanese write whole paragraphs without spaces,
# so runs of CJK characters (and full-width forms) never make a giant word.
_NOT_WORD_BREAK = r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"


class C4LineRemoval(Rewrite):
    """Drops lines that mention javascript, cookie/privacy/terms notices, or hold a giant word."""

    name = "c4_lines"
    tallied = ("c4_lines_removed", "c4_javascript_lines", "c4_policy_lines", "c4_long_word_lines")

    def __init__(
        self, javascript: bool = True, policy: bool = True, max_word_chars: int | None = 1000
    ) -> None:
        self.javascript = javascript
        self.policy = policy
        self.max_word_chars = max_word_chars
        self._giant_word = None
        if max_word_chars is not None:
            self._giant_word = re.compile(f"{_NOT_WORD_BREAK}{{{max_word_chars + 1},}}")

    def rewrite(self, doc: TextDocument) -> tuple[str, Measures]:
        text = doc.text
        lowered = text.lower()
        javascript = self.javascript and JAVASCRIPT in lowered
        policy = self.policy and any(phrase in lowered for phrase in POLICY_PHRASES)
        giant = self._giant_word is not None and self._giant_word.search(text) is not None
        counts = {"c4_javascript_lines": 0, "c4_policy_lines": 0, "c4_long_word_lines": 0}
        if not (javascript or policy or giant):
            return text, {"c4_lines_removed": 0, **counts}
        kept = []
        for line in text.split("\n"):
            reason = self._line_reason(line, javascript, policy, giant)
            if reason:
                counts[reason] += 1
            else:
                kept.append(line)
        return "\n".join(kept), {"c4_lines_removed": sum(counts.values()), **counts}

    def _line_reason(self, line: str, javascript: bool, policy: bool, giant: bool) -> str | None:
        if giant and self._giant_word is not None and self._giant_word.search(line):
            return "c4_long_word_lines"
        lowered = line.lower() if (javascript or policy) else ""
        if javascript and JAVASCRIPT in lowered:
            return "c4_javascript_lines"
        if policy and any(phrase in lowered for phrase in POLICY_PHRASES):
            return "c4_policy_lines"
        return None
