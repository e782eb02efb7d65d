"""The PII rewrite and stage: placeholders, counts, idempotence, safe-list, density, offline."""

from __future__ import annotations

import pickle
import socket
from types import SimpleNamespace

import pytest
import yaml

from tests.pii_cases import POSITIVES
from yisieve.filters.pii.anonymize import PiiScrubber
from yisieve.filters.pii.config import PiiConfig, PiiDensityConfig
from yisieve.filters.pii.engine import PiiEngineError
from yisieve.filters.pii.offline_suffixes import offline_extractor
from yisieve.filters.pii.prefilter import may_contain_pii
from yisieve.filters.pii.stage import pii_stage
from yisieve.pipeline.config import DEFAULT_CONFIG, ConfigError, load_config
from yisieve.pipeline.stage_registry import STAGES

MIXED_EN = (
    "Contact Jane at jane.doe@gmail.com or call (283) 182 3829. Our server 83.12.210.4 "
    "logged card 4111 1111 1111 1111 and IBAN DE89 3704 0044 0532 0130 00."
)
MIXED_ZH = "联系人张伟，手机13812345678，邮箱zhangwei@example.cn，身份证号11010519491231002X。"


def doc(text: str, lang: str | None = "en"):
    return SimpleNamespace(text=text, lang=lang, url=None, annotations={})


@pytest.fixture(scope="module")
def scrubber() -> PiiScrubber:
    built = PiiScrubber(PiiConfig())
    built.setup()
    return built


def test_typed_placeholders_and_counts_en(scrubber):
    text, measures = scrubber.rewrite(doc(MIXED_EN))
    assert text == (
        "Contact Jane at <EMAIL> or call <PHONE>. Our server <IP_ADDRESS> "
        "logged card <CREDIT_CARD> and IBAN <IBAN>."
    )
    assert measures["email"] == measures["phone"] == measures["ip_address"] == 1
    assert measures["credit_card"] == measures["iban"] == 1
    assert measures["spans"] == 5 and measures["cn_mobile"] == 0


def test_typed_placeholders_and_counts_zh(scrubber):
    text, measures = scrubber.rewrite(doc(MIXED_ZH, "zh"))
    assert text == "联系人张伟，手机<PHONE>，邮箱<EMAIL>，身份证号<CN_ID>。"
    assert (measures["cn_mobile"], measures["email"], measures["cn_id"]) == (1, 1, 1)


@pytest.mark.parametrize("text", [MIXED_EN, MIXED_ZH])
def test_scrubbing_is_idempotent(scrubber, text):
    once, _ = scrubber.rewrite(doc(text))
    twice, measures = scrubber.rewrite(doc(once))
    assert twice == once
    assert measures["spans"] == 0


def test_other_languages_use_the_fallback_recognizers(scrubber):
    text, measures = scrubber.rewrite(doc("Schreiben Sie an max@beispiel.de.", "de"))
    assert text == "Schreiben Sie an <EMAIL>." and measures["email"] == 1
    assert scrubber.rewrite(doc("mail max@beispiel.de", None))[0] == "mail <EMAIL>"


def test_email_containing_a_mobile_is_one_email(scrubber):
    text, measures = scrubber.rewrite(doc("邮箱13812345678@qq.com", "zh"))
    assert text == "邮箱<EMAIL>"
    assert (measures["email"], measures["cn_mobile"]) == (1, 0)


def test_custom_placeholders():
    custom = PiiScrubber(PiiConfig(placeholders={"EMAIL_ADDRESS": "[email]"}))
    text, _ = custom.rewrite(doc("mail jane.doe@gmail.com or 8.8.4.4"))
    assert text == "mail [email] or <IP_ADDRESS>"


def test_safe_list_defaults_keep_loopback_private_and_example_domains(scrubber):
    text = "localhost 127.0.0.1, router 192.168.1.1, docs 203.0.113.9, user@example.com, ::1"
    assert scrubber.rewrite(doc(text))[0] == text


def test_safe_list_can_be_emptied():
    strict = PiiScrubber(PiiConfig(safe_email_domains=[], safe_ip_networks=[], safe_values=[]))
    text, measures = strict.rewrite(doc("user@example.com at 192.168.1.1"))
    assert text == "<EMAIL> at <IP_ADDRESS>"
    assert measures["spans"] == 2


def test_near_miss_text_is_untouched(scrubber):
    text = (
        "Order #2831823829 shipped on 2019-07-17; ISBN 978-3-16-148410-0; Python 3.11.4; "
        "version 1.2.3.4; 订单号2021138123456789；身份证110105194912310021。"
    )
    assert scrubber.rewrite(doc(text)) == (text, scrubber.rewrite(doc(text))[1])
    assert scrubber.rewrite(doc(text))[1]["spans"] == 0


def test_stage_annotations_and_density_policy():
    stage = pii_stage(PiiConfig(density=PiiDensityConfig(enabled=True, max_spans=2)))
    stage.setup()
    dense, sparse = stage.judge_batch([doc(MIXED_EN), doc("mail jane.doe@gmail.com please")])
    assert dense.reason == "pii.too_dense"
    assert dense.annotations["pii.email"] == 1 and dense.annotations["pii.spans"] == 5
    assert sparse.kept and sparse.text == "mail <EMAIL> please"
    assert sparse.annotations["pii.spans"] == 1
    assert stage.tallies(sparse)["pii.email"] == 1


def test_density_per_thousand_chars():
    config = PiiDensityConfig(enabled=True, max_spans=None, max_spans_per_1k_chars=10)
    stage = pii_stage(PiiConfig(density=config))
    contacts = " ".join(f"user{i}@mail.com" for i in range(5))  # 5 spans in ~75 chars
    prose = "A long paragraph of ordinary prose. " * 40 + "mail jane@mail.com"
    dense, sparse = stage.judge_batch([doc(contacts), doc(prose)])
    assert dense.reason == "pii.too_dense" and sparse.kept


def test_density_off_by_default_keeps_everything():
    verdict = pii_stage(PiiConfig()).judge(doc(MIXED_EN))
    assert verdict.kept and verdict.annotations["pii.spans"] == 5


POSITIVE_TEXTS = [text for cases in POSITIVES.values() for text, _ in cases]


@pytest.mark.parametrize("text", POSITIVE_TEXTS)
def test_prefilter_passes_every_positive(text):
    assert may_contain_pii(text)


@pytest.mark.parametrize(
    "text", ["Plain prose with a year 2019 and 42 apples.", "中文文本，没有联系方式。", ""]
)
def test_prefilter_skips_text_without_candidates(text):
    assert not may_contain_pii(text)


def test_prefilter_off_gives_the_same_result():
    off = PiiScrubber(PiiConfig(prefilter=False))
    for text in (MIXED_EN, MIXED_ZH, "nothing here"):
        assert off.rewrite(doc(text)) == PiiScrubber(PiiConfig()).rewrite(doc(text))


def test_no_network_during_setup_or_analysis(monkeypatch):
    """tldextract must read its bundled snapshot: any connection attempt fails the test."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    offline_extractor.cache_clear()
    fresh = PiiScrubber(PiiConfig())
    fresh.setup()
    text, measures = fresh.rewrite(doc("write to li.na@company.com.cn or ops@mail.co.uk"))
    assert text == "write to <EMAIL> or <EMAIL>" and measures["email"] == 2
    assert attempts == []
    assert offline_extractor().suffix_list_urls == ()


def test_missing_ner_model_is_a_clear_error_not_a_download():
    scrub = PiiScrubber(PiiConfig(ner=True, ner_model="no_such_spacy_model"))
    with pytest.raises(PiiEngineError, match="not installed"):
        scrub.setup()


def test_scrubber_pickles_without_its_engine(scrubber):
    copy = pickle.loads(pickle.dumps(scrubber))
    assert copy.analyzer is None
    assert copy.rewrite(doc("mail jane.doe@gmail.com"))[0] == "mail <EMAIL>"


def test_bad_and_extreme_input(scrubber):
    assert scrubber.rewrite(doc(""))[0] == ""
    digits = "1" * 200_000  # one giant digit run: no match, no catastrophic backtracking
    assert scrubber.rewrite(doc(digits))[0] == digits
    ats = "@" * 50_000 + " a@b.com"
    assert scrubber.rewrite(doc(ats))[0] == "@" * 50_000 + " <EMAIL>"
    surrogate = "mail jane.doe@gmail.com \ud800 end"
    assert scrubber.rewrite(doc(surrogate))[0] == "mail <EMAIL> \ud800 end"


def test_stage_sits_after_heuristic_in_yi_order():
    names = [spec.name for spec in STAGES]
    assert "pii" in names
    for earlier in ("lid", "heuristic"):
        if earlier in names:
            assert names.index(earlier) < names.index("pii")
    for later in ("ppl", "quality", "coherence", "safety", "cluster", "dedup"):
        if later in names:
            assert names.index("pii") < names.index(later)


@pytest.fixture
def pii_only_config(tmp_path):
    """A config file with only this stage set (other stages keep their model defaults)."""
    path = tmp_path / "pii.yaml"
    path.write_text("stages:\n  pii:\n    enabled: true\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("stages.pii.entities=[EMAIL, PHONE_NUMBER]", r"stages\.pii\.entities.*unknown PII"),
        ("stages.pii.safe_ip_networks=[300.1.0.0/16]", r"stages\.pii\.safe_ip_networks"),
        ("stages.pii.fallback_language=de", r"stages\.pii: .*fallback_language 'de'"),
        ("stages.pii.density.max_spans=-1", r"stages\.pii\.density\.max_spans"),
        ("stages.pii.colour=blue", r"stages\.pii\.colour: unknown key"),
        ("stages.pii.placeholders={EMAIL: x}", r"stages\.pii\.placeholders"),
    ],
)
def test_bad_config_is_a_clear_error(pii_only_config, override, message):
    with pytest.raises(ConfigError, match=message):
        load_config(pii_only_config, overrides=[override])


def test_default_config_has_the_pii_section():
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    section = PiiConfig.model_validate(raw["stages"]["pii"])
    assert section.enabled and not section.ner and not section.density.enabled
    assert section.placeholder_for("CN_RESIDENT_ID") == "<CN_ID>"
    assert section.entities == list(PiiConfig().entities)


@pytest.mark.slow
def test_opt_in_ner_masks_person_names_in_english_only():
    spacy = pytest.importorskip("spacy")
    config = PiiConfig(ner=True)
    if not spacy.util.is_package(config.ner_model):
        pytest.skip(f"{config.ner_model} not installed (the optional NER extra)")
    scrub = PiiScrubber(config)
    text, measures = scrub.rewrite(doc("Yesterday John Smith wrote to jane.doe@gmail.com."))
    assert text == "Yesterday <PERSON> wrote to <EMAIL>."
    assert measures["person"] == 1 and measures["email"] == 1
    german = "Gestern schrieb Johann Schmidt an jane.doe@gmail.com."
    assert scrub.rewrite(doc(german, "de"))[0] == "Gestern schrieb Johann Schmidt an <EMAIL>."
