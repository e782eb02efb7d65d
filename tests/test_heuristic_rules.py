"""Every heuristic rule on hand-made en and zh edge cases, and the stage on real documents."""

from __future__ import annotations

import pytest

from tests.heuristics_helpers import DOCS, EN_PROSE, ZH_PROSE, judge, run_rule, view
from yisieve.filters.heuristics import text_statistics as text_statistics_module
from yisieve.filters.heuristics.c4_lines import C4LineRemoval
from yisieve.filters.heuristics.c4_quality import C4Quality
from yisieve.filters.heuristics.config import HeuristicConfig
from yisieve.filters.heuristics.conversion_markup import ConversionMarkupRemoval
from yisieve.filters.heuristics.fineweb_quality import FineWebQuality
from yisieve.filters.heuristics.gopher_quality import GopherQuality
from yisieve.filters.heuristics.gopher_repetition import (
    GopherRepetition,
    duplicate_elements,
    duplicate_ngram_chars,
    top_ngram_chars,
)
from yisieve.filters.heuristics.punctuation import sentence_units
from yisieve.filters.heuristics.roots_metrics import (
    CharacterRepetition,
    FlaggedWords,
    SpecialCharacters,
    StopWords,
    character_repetition_ratio,
)
from yisieve.filters.heuristics.run_on_lines import RunOnLines
from yisieve.filters.heuristics.text_statistics import text_statistics
from yisieve.filters.heuristics.url_blocklist import UrlBlocklist
from yisieve.filters.heuristics.word_splitting import split_words
from yisieve.pipeline.document import Document

TABLE = HeuristicConfig().thresholds()


def rule(cls):
    built = cls(TABLE)
    built.setup()
    return built


# --- shared statistics -------------------------------------------------------------------------


def test_words_drop_punctuation_and_use_jieba_for_chinese():
    assert split_words("Hello, world -- it costs $5... • yes!", "en") == [
        "Hello",
        "world",
        "it",
        "costs",
        "5",
        "yes",
    ]
    assert split_words("我爱北京天安门。今天天气很好！", "zh") == [
        "我",
        "爱",
        "北京",
        "天安门",
        "今天天气",
        "很",
        "好",
    ]
    assert split_words("，。！？……", "zh") == []
    assert split_words("Python 是一种编程语言。", "zh") == ["Python", "是", "一种", "编程语言"]


def test_full_width_digits_and_letters_are_words_like_their_ascii_forms():
    assert split_words("该火山１９９４年１２月喷发，ＡＢＣ公司报道。", "zh") == split_words(
        "该火山1994年12月喷发，ABC公司报道。", "zh"
    )
    assert split_words("ＡＢＣ １２３ test", "en") == ["ABC", "123", "test"]
    # People's Daily (1998) prints numbers full width: its statistics are those of ASCII print.
    full_width = "火山海拔５４５２米，１９９４年１２月进入活动期，１９９７年６月曾发生较大喷发。"
    ascii_digits = "火山海拔5452米，1994年12月进入活动期，1997年6月曾发生较大喷发。"
    gopher = rule(GopherQuality)
    assert run_rule(gopher, full_width, "zh")[0] == run_rule(gopher, ascii_digits, "zh")[0]
    assert run_rule(gopher, full_width, "zh")[0]["words"] == 18  # not 28 (one word per digit)


def test_statistics_are_computed_once_per_document(monkeypatch):
    calls = []
    real = text_statistics_module.split_words
    monkeypatch.setattr(
        text_statistics_module,
        "split_words",
        lambda text, lang: calls.append(1) or real(text, lang),
    )
    document = view(EN_PROSE)
    for cls in (
        GopherQuality,
        GopherRepetition,
        FineWebQuality,
        RunOnLines,
        FlaggedWords,
        StopWords,
    ):
        built = cls(TABLE)
        built.decide(built.measure(document), document)
    assert len(calls) == 1
    assert text_statistics(document) is text_statistics(document)
    document.text = "changed text"
    assert text_statistics(document).text == "changed text"


def test_frozen_documents_are_measured_without_a_cache():
    document = Document(id="x", text=EN_PROSE, lang="en")
    measures, reason = run_rule(rule(GopherQuality), document.text)
    assert GopherQuality(TABLE).measure(document) == measures
    assert not hasattr(document, "_yisieve_text_statistics")


# --- Gopher quality on Chinese -----------------------------------------------------------------


def test_gopher_quality_on_chinese_uses_jieba_words_and_chinese_stop_words():
    measures, reason = run_rule(rule(GopherQuality), ZH_PROSE * 2, "zh")
    assert reason is None
    assert 1.2 <= measures["mean_word_length"] <= 4.0
    assert measures["gopher_stop_words"] >= 2
    no_function_words = "北京上海广州深圳杭州南京成都重庆武汉西安" * 10
    assert run_rule(rule(GopherQuality), no_function_words, "zh")[1] == "gopher_stopwords"
    # Judged as English (whitespace words), each Chinese line is one "word": too few words.
    assert run_rule(rule(GopherQuality), ZH_PROSE * 2, "en")[1] == "gopher_short_doc"


def test_full_width_ellipsis_lines_count_in_chinese():
    lines = ZH_PROSE.splitlines()
    trailing = "\n".join(line[:-1] + "……" for line in lines)
    measures, reason = run_rule(rule(GopherQuality), trailing * 3, "zh")
    assert measures["ellipsis_lines_ratio"] == 1.0
    assert measures["ellipsis_word_ratio"] > 0.1  # …… is two ellipses per line
    assert reason == "gopher_ellipsis_ratio"
    relaxed = GopherQuality(
        HeuristicConfig(defaults={"max_ellipsis_word_ratio": None}).thresholds()
    )
    assert run_rule(relaxed, trailing * 3, "zh")[1] == "gopher_ellipsis_lines"


# --- Gopher repetition -------------------------------------------------------------------------


def test_repetition_building_blocks():
    assert duplicate_elements(["a", "bb", "a", "bb", "a"]) == (3, 4)
    words = ["a", "b", "c", "a", "b", "c", "a", "b", "c"]
    assert top_ngram_chars(words, 2) == 2 * 3  # "a b" three times, 2 chars each
    assert top_ngram_chars(["a", "b", "c", "d"], 2) == 0  # nothing repeats
    distinct = ["one", "two", "three", "four", "five", "six"]
    assert duplicate_ngram_chars(distinct, (5, 6)) == {5: 0, 6: 0}
    twice = ["alpha", "beta", "gamma", "delta", "epsilon"] * 2
    assert duplicate_ngram_chars(twice, (5, 6)) == {5: 26, 6: 0}


def test_duplicate_lines_and_paragraphs_en_and_zh():
    repeated_en = "\n".join([EN_PROSE.splitlines()[0]] * 4 + EN_PROSE.splitlines())
    assert run_rule(rule(GopherRepetition), repeated_en)[1] == "gopher_repetition_dup_line"
    paragraphs = "\n\n".join([ZH_PROSE] * 3)
    assert run_rule(rule(GopherRepetition), paragraphs, "zh")[1] == "gopher_repetition_dup_para"
    assert run_rule(rule(GopherRepetition), EN_PROSE)[1] is None
    assert run_rule(rule(GopherRepetition), ZH_PROSE, "zh")[1] is None


def test_one_giant_line_of_repeated_phrases():
    spam_en = "buy cheap watches online today " * 400
    measures, reason = run_rule(rule(GopherRepetition), spam_en)
    assert measures["top_2gram_char_ratio"] > 0.2
    assert reason == "gopher_repetition_top_2gram"
    spam_zh = "澳门威尼斯人娱乐城官方网站" * 300
    measures, reason = run_rule(rule(GopherRepetition), spam_zh, "zh")
    assert reason is not None and reason.startswith("gopher_repetition_")


def test_repeated_passage_inside_new_text_is_a_duplicate_ngram():
    sentence = "the committee approved the new budget for the public library after a long debate "
    text = EN_PROSE + (sentence * 3)
    measures, reason = run_rule(rule(GopherRepetition), text)
    assert measures["dup_5gram_char_ratio"] > 0.15
    assert reason.startswith("gopher_repetition_")


# --- C4 lines and page rules -------------------------------------------------------------------


def test_c4_removes_javascript_policy_and_giant_word_lines():
    text = "\n".join(
        [
            "Please enable JavaScript to view this page.",
            EN_PROSE.splitlines()[0],
            "This site uses cookies. Read our Privacy Policy.",
            "本网站使用cookie，请阅读隐私政策。",
            "x" * 1001,
            EN_PROSE.splitlines()[1],
        ]
    )
    new_text, measures = C4LineRemoval().rewrite(view(text))
    assert new_text.splitlines() == EN_PROSE.splitlines()[:2]
    assert measures == {
        "c4_lines_removed": 4,
        "c4_javascript_lines": 1,
        "c4_policy_lines": 2,
        "c4_long_word_lines": 1,
    }


def test_c4_keeps_chinese_paragraphs_that_have_no_spaces():
    paragraph = ZH_PROSE.replace("\n", "") * 20  # > 1000 characters without a space
    new_text, measures = C4LineRemoval().rewrite(view(paragraph, "zh"))
    assert new_text == paragraph
    assert measures["c4_lines_removed"] == 0


def test_c4_page_rules():
    c4 = rule(C4Quality)
    assert run_rule(c4, EN_PROSE + "Lorem ipsum dolor sit amet.")[1] == "c4_lorem_ipsum"
    assert run_rule(c4, EN_PROSE + "function f() { return 1; }")[1] == "c4_curly_bracket"
    assert run_rule(c4, "One sentence only. Two sentences here")[1] == "c4_too_few_sentences"
    measures, reason = run_rule(c4, "第一句。第二句！第三句？", "zh")
    assert measures["c4_sentences"] == 3 and reason is None
    assert run_rule(c4, "pi is 3.14159 and e is 2.71828 roughly")[0]["c4_sentences"] == 0
    disabled = C4Quality(HeuristicConfig(defaults={"drop_curly_bracket": False}).thresholds())
    assert run_rule(disabled, EN_PROSE + "{")[1] is None


def test_wiki_conversion_markup_becomes_the_simplified_reading():
    strip = ConversionMarkupRemoval()
    cases = {
        "-{䝙}-人是传说中的生物。": "䝙人是传说中的生物。",
        "-{zh-hans:舒马赫;zh-hk:舒麦加;zh-tw:舒马赫;}-夺冠。": "舒马赫夺冠。",
        "-{zh-hant:圣荷西; zh-hans:圣荷西; zh-cn:圣何塞}-市": "圣何塞市",  # zh-cn first
        "-{A|zh-hk:苏达宁;zh-hans:索德林;zh-tw:索德灵;}-": "索德林",  # flag A: shown
        "定义-{H|zh-hans:光盘;zh-tw:光碟;}-完毕": "定义完毕",  # flag H: hidden rule
        "空标记-{}-之后": "空标记之后",
    }
    for text, plain in cases.items():
        new_text, measures = strip.rewrite(view(text, "zh"))
        assert new_text == plain and measures["conversion_marks_removed"] == 1
    code = "int main(void) { return 0; }"
    assert strip.rewrite(view(code)) == (code, {"conversion_marks_removed": 0})


def test_conversion_markup_is_stripped_before_the_curly_bracket_rule():
    marked = ZH_PROSE.replace("农民", "-{农民}-")
    assert judge(marked, "zh").reason is None
    assert judge(marked, "zh").annotations["heuristic.conversion_marks_removed"] == 1
    assert judge(marked, "zh", conversion_markup=False).reason == "heuristic.c4_curly_bracket"
    assert judge(ZH_PROSE + "int main(void) { return 0; }", "zh").reason == (
        "heuristic.c4_curly_bracket"
    )


# --- FineWeb -----------------------------------------------------------------------------------


def test_sentence_units_cut_after_sentence_ends_with_their_closing_quotes():
    assert sentence_units("他说：“好。”然后走了！ 关于赵云的描述：") == [
        "他说：“好。”",
        "然后走了！",
        "关于赵云的描述：",
    ]
    assert sentence_units("It is 3.14 now. Yes!") == ["It is 3.14 now.", "Yes!"]
    assert sentence_units("首页 新闻 体育") == ["首页 新闻 体育"]


def test_fineweb_judges_a_one_line_document_on_its_sentences():
    fineweb = rule(FineWebQuality)
    # One line of prose whose last sentence is a list heading (the list was not extracted).
    one_line = ZH_PROSE.replace("\n", "") + "以下为入选名单："
    measures, reason = run_rule(fineweb, one_line, "zh")
    assert measures["terminal_punct_lines_ratio"] == round(5 / 6, 6) and reason is None
    assert run_rule(fineweb, EN_PROSE.replace("\n", " ") + "See also")[1] is None
    # A single line with no sentence end at all still fails, in both languages.
    assert run_rule(fineweb, "首页 新闻中心 关于我们 联系我们 " * 20, "zh")[1] == (
        "fineweb_line_punct"
    )
    assert run_rule(fineweb, "Home About Contact Shop Cart " * 20)[1] == "fineweb_line_punct"
    # Gopher's ellipsis lines too: one line ending "……" is one truncated sentence of many.
    gopher = rule(GopherQuality)
    measures, reason = run_rule(gopher, ZH_PROSE.replace("\n", "") + "要学会感恩……", "zh")
    assert measures["ellipsis_lines_ratio"] == round(1 / 6, 6) and reason is None
    assert run_rule(gopher, ZH_PROSE + "要学会感恩……", "zh")[0]["ellipsis_lines_ratio"] == round(
        1 / 6, 6
    )
    # With line breaks the statistic is FineWeb's: lines, not sentences.
    two_lines = ZH_PROSE.replace("\n", "") + "\n以下为入选名单："
    assert run_rule(fineweb, two_lines, "zh")[0]["terminal_punct_lines_ratio"] == 0.5


def test_fineweb_terminal_punctuation_includes_full_width():
    fineweb = rule(FineWebQuality)
    assert run_rule(fineweb, ZH_PROSE, "zh")[0]["terminal_punct_lines_ratio"] == 1.0
    menu = "\n".join(f"Menu item number {i} for the shop" for i in range(20))
    assert run_rule(fineweb, menu)[1] == "fineweb_line_punct"


def test_fineweb_short_lines_duplicate_lines_and_lists():
    fineweb = rule(FineWebQuality)
    short = "\n".join(["Home.", "About us.", "Contact.", "News."] * 3 + EN_PROSE.splitlines()[:2])
    assert run_rule(fineweb, short)[1] == "fineweb_short_lines"
    duplicated = EN_PROSE + EN_PROSE.splitlines()[0]
    assert run_rule(fineweb, duplicated)[1] == "fineweb_dup_line_chars"
    distinct = list(dict.fromkeys(EN_PROSE.replace(",", "").replace(".", "").split()))
    listing = "\n".join(f"{word}." for word in distinct)
    measures, reason = run_rule(
        FineWebQuality(HeuristicConfig(defaults={"max_short_lines_ratio": None}).thresholds()),
        listing,
    )
    assert measures["newline_word_ratio"] > 0.3 and reason == "fineweb_list"
    # Chinese short lines are measured against 10 characters, not 30.
    assert run_rule(fineweb, ZH_PROSE, "zh")[0]["short_lines_ratio"] == 0.0
    menu = "首页\n新闻中心\n关于我们\n联系我们\n产品展示\n" + ZH_PROSE.splitlines()[0]
    assert run_rule(fineweb, menu, "zh")[1] == "fineweb_short_lines"


# --- Run-on lines ------------------------------------------------------------------------------


def test_run_on_lines_en_and_zh():
    run_on = rule(RunOnLines)
    keywords = " ".join(["cheap flights hotels car rental deals"] * 40)
    assert run_rule(run_on, keywords)[1] == "run_on_lines"
    assert run_rule(run_on, "北京酒店预订特价机票租车优惠" * 60, "zh")[1] == "run_on_lines"
    one_giant_prose_line = EN_PROSE.replace("\n", " ") * 5
    assert run_rule(run_on, one_giant_prose_line)[1] is None
    assert run_rule(run_on, ZH_PROSE.replace("\n", "") * 5, "zh")[1] is None


# --- ROOTS metrics -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_only_punctuation_or_only_digits_is_special_characters(lang):
    special = rule(SpecialCharacters)
    assert run_rule(special, "!!! ??? ... ，。！？ ### ---", lang) == (
        {"special_char_ratio": 1.0},
        "special_characters",
    )
    assert run_rule(special, "1234567890 2024 11 28", lang)[1] == "special_characters"
    assert run_rule(special, ZH_PROSE if lang == "zh" else EN_PROSE, lang)[1] is None


def test_character_repetition_follows_roots():
    # 4 distinct 3-grams "abc","bca","cab" repeated, sqrt(3)=1 -> the top one: 4 of 10 n-grams.
    assert character_repetition_ratio("abcabcabcabc", 3) == pytest.approx(4 / 10)
    assert character_repetition_ratio("abcdefg", 3) == 0.0
    assert character_repetition_ratio("ab", 3) == 0.0
    repeat = rule(CharacterRepetition)
    assert run_rule(repeat, "ha" * 500)[1] == "char_repetition"
    assert run_rule(repeat, "哈哈哈哈" * 200, "zh")[1] == "char_repetition"
    assert run_rule(repeat, EN_PROSE)[1] is None
    assert run_rule(repeat, ZH_PROSE, "zh")[1] is None


def test_flagged_words_en_by_word_and_zh_without_boundaries():
    flagged = rule(FlaggedWords)
    assert run_rule(flagged, EN_PROSE + " porn xxx")[1] == "flagged_words"
    assert (
        run_rule(flagged, EN_PROSE + " an analysis of cumulative data")[0]["flagged_words_ratio"]
        == 0.0
    )
    measures, reason = run_rule(flagged, ZH_PROSE + "免费观看三级片在线", "zh")
    assert measures["flagged_words_ratio"] > 0.001 and reason == "flagged_words"
    assert run_rule(flagged, ZH_PROSE, "zh")[1] is None


def test_stop_word_ratio_en_zh_and_unknown_language():
    stops = rule(StopWords)
    assert run_rule(stops, EN_PROSE)[1] is None
    keywords = " ".join(["cheap", "hotel", "deals", "paris", "london", "rome"] * 20)
    assert run_rule(stops, keywords)[1] == "stop_words"
    assert run_rule(stops, ZH_PROSE, "zh")[1] is None
    assert run_rule(stops, "酒店机票租车旅游攻略景点门票" * 10, "zh")[1] == "stop_words"
    assert run_rule(stops, "Le chat est sur la table.", "fr") == ({"stop_words_ratio": None}, None)


# --- URL ---------------------------------------------------------------------------------------


def test_url_blocklist_shipped_extra_file_and_banned_words(tmp_path):
    extra = tmp_path / "domains.txt"
    extra.write_text("# my list\n*.spam.example\nbad.test\n", encoding="utf-8")
    url = UrlBlocklist([str(extra)])
    url.setup()
    assert run_rule(url, EN_PROSE, url="https://www.pornhub.com/view")[1] == "url_blocklist"
    assert run_rule(url, EN_PROSE, url="http://a.b.spam.example/x")[1] == "url_blocklist"
    assert run_rule(url, EN_PROSE, url="bad.test/page")[1] == "url_blocklist"
    assert (
        run_rule(url, EN_PROSE, url="https://example.com/free-porn-videos")[1] == "url_banned_word"
    )
    assert (
        run_rule(url, EN_PROSE, url="https://example.cn/%E4%B8%89%E7%BA%A7%E7%89%87")[1]
        == "url_banned_word"
    )
    assert run_rule(url, EN_PROSE, url="https://example.com/data-analysis/cumulative")[1] is None
    assert run_rule(url, EN_PROSE, url=None)[1] is None
    assert run_rule(url, EN_PROSE, url="http://[broken")[1] is None
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        UrlBlocklist([str(tmp_path / "missing.txt")])


# --- the whole stage ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,lang",
    [("en_wikipedia", "en"), ("en_news", "en"), ("zh_wikipedia", "zh"), ("zh_news", "zh")],
)
def test_real_reference_documents_pass_every_rule(key, lang):
    verdict = judge(DOCS[key], lang)
    assert verdict.reason is None
    assert verdict.annotations["heuristic.words"] > 50


def test_rejected_documents_still_carry_every_statistic():
    verdict = judge("Click here.", "en")
    assert verdict.reason == "heuristic.gopher_short_doc"
    assert "heuristic.stop_words_ratio" in verdict.annotations
    assert "heuristic.dup_10gram_char_ratio" in verdict.annotations
    spam = judge(DOCS["zh_gambling_spam"], "zh")
    assert spam.annotations["heuristic.terminal_punct_lines_ratio"] < 0.5


@pytest.mark.parametrize(
    "text,lang,reason",
    [
        ("word" * 20_000, "en", "heuristic.gopher_short_doc"),  # one giant line, one word
        (EN_PROSE.replace("\n", " "), "en", None),  # one line of prose
        ("!?.,;:…—" * 300, "en", "heuristic.gopher_short_doc"),  # only punctuation
        ("，。！？、；：" * 300, "zh", "heuristic.gopher_short_doc"),
        ("1234 5678 " * 300, "en", "heuristic.gopher_alpha_words"),  # only digits
        # only dates: full-width digits are number words, as ASCII ones are
        ("２０２４年１１月２８日" * 100, "zh", "heuristic.gopher_alpha_words"),
        ("2024年11月28日" * 100, "zh", "heuristic.gopher_alpha_words"),
        (EN_PROSE + ZH_PROSE, "en", None),  # mixed en/zh judged as en
        (ZH_PROSE + EN_PROSE, "zh", None),  # mixed judged as zh (jieba keeps English words)
        ("", "en", "heuristic.gopher_short_doc"),
        ("\n\n\n", "zh", "heuristic.gopher_short_doc"),
    ],
)
def test_pathological_documents(text, lang, reason):
    assert judge(text, lang).reason == reason


def test_unknown_language_uses_the_defaults():
    french = (
        "Le conseil municipal a voté le budget de la bibliothèque après un long débat.\n"
        "Les habitants ont demandé que les horaires soient élargis pendant les vacances.\n"
        "Plusieurs associations proposent aussi des ateliers pour les enfants du quartier.\n"
        "Le maire espère que les travaux commenceront avant la fin du printemps prochain.\n"
        "Une réunion publique aura lieu mardi soir dans la salle des fêtes de la commune.\n"
    )
    verdict = judge(french, "fr")
    assert verdict.annotations["heuristic.stop_words_ratio"] is None
    assert verdict.reason == "heuristic.gopher_stopwords"  # Gopher's English stop words
    assert judge(french, "fr", defaults={"min_gopher_stop_words": None}).reason is None


def test_a_sentence_closed_inside_brackets_ends_its_line():
    fineweb = rule(FineWebQuality)
    lines = (
        "（内蒙古广播电视大学挂内蒙古现代远程开放教育中心牌子。）\n(This is a note.)\n注：\n(draft)"
    )
    assert run_rule(fineweb, lines, "zh")[0]["terminal_punct_lines_ratio"] == 0.5
