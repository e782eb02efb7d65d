"""C4 page rules (Raffel et al. 2020; TFDS c4_utils): placeholder text, code, too few sentences."""

from __future__ import annotations

import re

from yisieve.filters.heuristics.thresholded_rule import ThresholdedRule, below
from yisieve.filters.rule import Measures, TextDocument

# A sentence ends at 。！？ (full-width: no space follows in Chinese) or at .!? before a space,
# a closing quote/bracket or the end of the text ("3.14" and "e.g.x" do not end sentences).
SENTENCE_END = re.compile(r"[。！？]+|[.!?]+(?=[\s\"'”’)\]」』]|$)")


class C4Quality(ThresholdedRule):
    """Lorem ipsum and `{` drop the page (C4); so does a page of fewer than 3 sentences."""

    name = "c4"

    def measure(self, doc: TextDocument) -> Measures:
        text = doc.text
        return {
            "c4_sentences": len(SENTENCE_END.findall(text)),
            "c4_lorem_ipsum": "lorem ipsum" in text.lower(),
            "c4_curly_bracket": "{" in text,
        }

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        limit = self.limits(doc)
        if limit.drop_lorem_ipsum and measures["c4_lorem_ipsum"]:
            return "c4_lorem_ipsum"
        if limit.drop_curly_bracket and measures["c4_curly_bracket"]:
            return "c4_curly_bracket"
        if below(measures["c4_sentences"], limit.min_sentences):
            return "c4_too_few_sentences"
        return None
