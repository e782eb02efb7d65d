"""The stage mechanism: rewrites, then every rule measures; the first failing rule names it."""

from __future__ import annotations

from yisieve.filters.length import DocumentLength
from yisieve.filters.rule import Measures, Rewrite, Rule, TextDocument
from yisieve.filters.stage import DocumentStage
from yisieve.pipeline.document import Document, stable_document_id


class DropLinesWithCookies(Rewrite):
    name = "cookie_lines"

    def rewrite(self, doc: TextDocument) -> tuple[str, Measures]:
        lines = doc.text.split("\n")
        kept = [line for line in lines if "cookie" not in line.lower()]
        return "\n".join(kept), {"lines_removed": len(lines) - len(kept)}


class NeedsWord(Rule):
    name = "needs_word"

    def __init__(self, word: str) -> None:
        self.word = word

    def measure(self, doc: TextDocument) -> Measures:
        return {"has_word": self.word in doc.text}

    def decide(self, measures: Measures, doc: TextDocument) -> str | None:
        return None if measures["has_word"] else self.name


def make_doc(text: str) -> Document:
    return Document(id=stable_document_id("f", 1), text=text)


def stage() -> DocumentStage:
    return DocumentStage(
        "demo",
        rules=[DocumentLength(min_chars=10, max_chars=1000), NeedsWord("river")],
        rewrites=[DropLinesWithCookies()],
    )


def test_rewrites_run_before_rules_and_are_recorded():
    verdict = stage().judge(make_doc("We use cookies.\nThe river runs through the old town."))
    assert verdict.kept
    assert verdict.text == "The river runs through the old town."
    assert verdict.annotations["demo.lines_removed"] == 1
    assert verdict.annotations["demo.chars"] == len(verdict.text)


def test_every_rule_measures_even_after_a_failure():
    verdict = stage().judge(make_doc("tiny"))
    assert verdict.reason == "demo.too_short"
    assert verdict.annotations["demo.has_word"] is False  # measured for re-thresholding


def test_the_first_failing_rule_gives_the_reason():
    verdict = stage().judge(make_doc("A long enough text about mountains and lakes."))
    assert verdict.reason == "demo.needs_word"


def test_batches_give_the_same_verdicts_as_single_documents():
    docs = [make_doc(text) for text in ("", "river " * 5, "x" * 2000, "cookie\nriver banks here")]
    one_by_one = [stage().judge(doc) for doc in docs]
    assert stage().judge_batch(docs) == one_by_one
    assert [verdict.reason for verdict in one_by_one] == [
        "demo.empty",
        None,
        "demo.too_long",
        None,
    ]


def test_document_ids_are_stable_and_evolve_merges_annotations():
    assert stable_document_id("a.warc.gz", 10) == stable_document_id("a.warc.gz", 10)
    assert stable_document_id("a.warc.gz", 10) != stable_document_id("a.warc.gz", 11)
    doc = make_doc("x").evolve(annotations={"a.b": 1})
    doc = doc.evolve(annotations={"c.d": 2}, lang="en")
    assert doc.annotations == {"a.b": 1, "c.d": 2}
    assert doc.lang == "en"
