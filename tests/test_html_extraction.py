"""Main-content extraction keeps the article and drops the page furniture, for every extractor."""

import pickle
from pathlib import Path

import pytest

from yisieve.filters.charset import decode_html
from yisieve.filters.html_extraction import (
    DEFAULT_EXTRACTOR,
    ExtractedPage,
    make_extractor,
)

HTML_DIR = Path(__file__).parent / "data" / "html"
EXTRACTORS = ["resiliparse", "trafilatura"]

EN_PARAGRAPHS = [
    "Ten years after the last of two large dams was removed from the Elwha River, biologists "
    "counted more than four thousand Chinook salmon spawning in stretches of water that fish had "
    "not reached for a century.",
    "Researchers now use the Elwha as a reference for other rivers where dam removal is under "
    "discussion.",
]
EN_BOILERPLATE = [
    "Accept all cookies",
    "Subscribe now",
    "Related stories",
    "Five hiking trails",
    "All rights reserved",
    "Terms of use",
    "Great news, I grew up near this river",  # reader comment
]
ZH_PARAGRAPHS = [
    "经过一年多的施工，位于城市东部的滨河公园于本周六正式重新开放。改造后的公园新增了两公里长的"
    "滨水步道、一座儿童游乐场和多处供老年人休息的凉亭。",
    "据了解，滨河公园每天早上六点至晚上十点开放，免费向公众开放，周边还新设了三个公交站点和一处停车场。",
]
ZH_BOILERPLATE = ["财经", "热门推荐", "地铁五号线延长线开工", "版权所有", "广告服务"]


def fixture(name: str) -> str:
    return (HTML_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(params=EXTRACTORS)
def extractor(request):
    return make_extractor(request.param)


def test_english_article_keeps_paragraphs_and_drops_boilerplate(extractor):
    page = extractor.extract(fixture("article_en.html"), url="https://example.org/elwha")
    lines = page.text.split("\n")
    assert lines[lines.index(EN_PARAGRAPHS[0])] == EN_PARAGRAPHS[0]  # one paragraph, one line
    assert any(line.startswith(EN_PARAGRAPHS[1]) for line in lines)
    assert "“We expected recovery to take a generation,”" in page.text  # entities decoded
    for junk in EN_BOILERPLATE:
        assert junk not in page.text


def test_chinese_article_keeps_paragraphs_and_drops_boilerplate(extractor):
    page = extractor.extract(fixture("article_zh.html"))
    for paragraph in ZH_PARAGRAPHS:
        assert paragraph in page.text.split("\n")
    for junk in ZH_BOILERPLATE:
        assert junk not in page.text


def test_paragraphs_are_separated_by_single_newlines(extractor):
    text = extractor.extract(fixture("article_en.html")).text
    assert "\n\n" not in text
    assert all(line == line.strip() and line for line in text.split("\n"))


def test_title_comes_from_the_title_element(extractor):
    page = extractor.extract(fixture("article_zh.html"))
    assert page.title == "城市公园改造完成 市民周末踊跃前往 - 晨报网"


def test_title_whitespace_is_collapsed_and_missing_title_is_none(extractor):
    html = "<html><head><title>\n  Two\n   lines </title></head><body><p>x</p></body></html>"
    assert extractor.extract(html).title == "Two lines"
    assert extractor.extract("<html><body><p>No title here.</p></body></html>").title is None


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html></html>", "<html><head></head><body></body></html>", "<p>" * 5000],
)
def test_pages_without_text_give_empty_text(extractor, html):
    assert extractor.extract(html) == ExtractedPage(text="", title=None)


@pytest.mark.parametrize(
    "html",
    [
        "\x00\x01\x02",
        "<<<>>>",
        "</div></body></html>",
        "<html><body><p>unclosed <b>tags",
        "\ufffd" * 50,
    ],
)
def test_garbage_does_not_crash(extractor, html):
    page = extractor.extract(html)
    assert isinstance(page.text, str)


def test_xhtml_with_xml_encoding_declaration(extractor):
    # lxml refuses str input that carries an encoding declaration; the page is decoded already
    html = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + fixture("article_en.html")
    assert EN_PARAGRAPHS[0] in extractor.extract(html).text


def test_gbk_payload_end_to_end(extractor):
    payload = (
        fixture("article_zh.html").replace('charset="utf-8"', 'charset="gb2312"').encode("gbk")
    )
    page = extractor.extract(decode_html(payload).html)
    assert ZH_PARAGRAPHS[0] in page.text


def test_extractors_pickle_for_beam_workers(extractor):
    clone = pickle.loads(pickle.dumps(extractor))
    assert clone == extractor
    assert (
        clone.extract(fixture("article_en.html")).text
        == extractor.extract(fixture("article_en.html")).text
    )


@pytest.mark.parametrize("name", EXTRACTORS)
def test_make_extractor_names(name):
    assert make_extractor(name).name == name


def test_default_extractor_is_registered():
    assert make_extractor(DEFAULT_EXTRACTOR).name == DEFAULT_EXTRACTOR


def test_unknown_extractor_names_the_choices():
    with pytest.raises(ValueError, match="resiliparse, trafilatura"):
        make_extractor("readability")
