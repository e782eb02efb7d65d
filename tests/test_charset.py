"""Charset detection on the encodings and lies real crawls contain."""

import codecs

import pytest

from yisieve.filters.charset import DecodedPage, decode_html, normalize_label

ZH = (
    "经过一年多的施工，位于城市东部的滨河公园于本周六正式重新开放。"
    "改造后的公园新增了两公里长的滨水步道、一座儿童游乐场和多处供老年人休息的凉亭。"
    "公园管理处负责人介绍，这次改造保留了园内原有的大部分树木，并在河岸种植了本地水生植物。"
)
JA = (
    "東京都は今年の夏、記録的な猛暑に見舞われました。気象庁によると、七月の平均気温は"
    "観測史上最も高く、熱中症で病院に運ばれた人の数も過去最多となりました。専門家は、"
    "こまめな水分補給と冷房の適切な使用を呼びかけています。"
)
KO = (
    "서울시는 올해 봄부터 한강 공원에 새로운 자전거 도로를 개통했습니다. 시민들은 주말마다 "
    "가족과 함께 공원을 찾아 산책과 운동을 즐기고 있으며, 시는 앞으로 휴게 시설을 더 늘릴 "
    "계획이라고 밝혔습니다."
)
RU = (
    "В субботу в городском парке открылась новая библиотека. Жители района пришли на "
    "открытие целыми семьями, а дети участвовали в конкурсе рисунков и читали стихи."
)
DE = "Die „Bürgerinitiative“ kritisiert die Kosten von 2 Mio. € – die Stadt weist das zurück."


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Test</title></head>"
        f"<body><h1>Nachrichten</h1><p>{body}</p></body></html>"
    )


def meta_charset(label: str) -> str:
    return f'<meta charset="{label}">'


def meta_http_equiv(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


def assert_decoded(result: DecodedPage, text: str, encoding: str, source: str) -> None:
    assert text in result.html
    assert "\ufffd" not in result.html
    assert result.encoding == encoding
    assert result.detected_from == source


class TestDeclaredCharsets:
    def test_gbk_declared_in_header(self):
        payload = page(ZH).encode("gbk")
        assert_decoded(decode_html(payload, "text/html; charset=GBK"), ZH, "gb18030", "http-header")

    def test_gb2312_label_decodes_gbk_only_characters(self):
        # 镕 and 堃 are in GBK but not in GB2312; pages labelled gb2312 use them all the time
        text = ZH + "朱镕基、王堃"
        payload = page(text, meta_charset("gb2312")).encode("gbk")
        assert_decoded(decode_html(payload), text, "gb18030", "meta")

    def test_shift_jis_label_decodes_microsoft_extensions(self):
        text = JA + "①髙島屋"  # NEC/IBM extensions: cp932, not JIS X 0208
        payload = page(text, meta_http_equiv("Shift_JIS")).encode("cp932")
        assert_decoded(decode_html(payload), text, "cp932", "meta")

    def test_euc_kr_label_decodes_uhc_syllables(self):
        text = KO + "갂"  # outside KS X 1001, present in cp949 (UHC)
        payload = page(text).encode("cp949")
        assert_decoded(
            decode_html(payload, "text/html; charset=euc-kr"), text, "cp949", "http-header"
        )

    @pytest.mark.parametrize("label", ["ISO-8859-1", "latin1", "us-ascii", "ascii"])
    def test_latin1_and_ascii_labels_mean_windows_1252(self, label):
        payload = page(DE).encode("cp1252")  # „ “ € – live in 0x80-0x9f
        assert_decoded(
            decode_html(payload, f"text/html; charset={label}"), DE, "cp1252", "http-header"
        )

    def test_header_wins_over_meta(self):
        payload = page(RU, meta_charset("koi8-r")).encode("cp1251")
        result = decode_html(payload, "text/html; charset=windows-1251")
        assert_decoded(result, RU, "cp1251", "http-header")

    @pytest.mark.parametrize(
        "header",
        [
            'text/html; charset="gbk"',
            "text/html; charset='gbk'",
            "TEXT/HTML; CHARSET=GBK",
            "text/html;charset=gbk;foo=bar",
        ],
    )
    def test_header_spellings(self, header):
        assert decode_html(page(ZH).encode("gbk"), header).detected_from == "http-header"


class TestLies:
    def test_utf8_page_behind_latin1_header(self):
        text = "Crème brûlée, naïve façade, Ærøskøbing"
        result = decode_html(page(text).encode("utf-8"), "text/html; charset=ISO-8859-1")
        assert_decoded(result, text, "utf-8", "content")

    def test_declared_utf8_that_fails_falls_back_to_detection(self):
        payload = page(ZH * 2, meta_charset("utf-8")).encode("gbk")
        assert_decoded(decode_html(payload), ZH, "gb18030", "content")

    def test_gbk_page_behind_default_latin1_header(self):
        payload = page(ZH * 2).encode("gbk")
        result = decode_html(payload, "text/html; charset=iso-8859-1")
        assert_decoded(result, ZH, "gb18030", "content")

    def test_meta_beats_latin1_header_when_the_bytes_agree(self):
        payload = page(RU * 2, meta_http_equiv("windows-1251")).encode("cp1251")
        result = decode_html(payload, "text/html; charset=iso-8859-1")
        assert_decoded(result, RU, "cp1251", "meta")

    @pytest.mark.parametrize("label", ["x-made-up", "utf-7", ""])
    def test_unknown_labels_are_ignored(self, label):
        payload = page(ZH * 2, meta_charset(label)).encode("gbk")
        assert_decoded(
            decode_html(payload, f"text/html; charset={label}"), ZH, "gb18030", "content"
        )

    def test_utf16_meta_on_ascii_compatible_page_means_utf8(self):
        text = "Ærøskøbing"
        result = decode_html(page(text, meta_charset("utf-16")).encode("utf-8"))
        assert_decoded(result, text, "utf-8", "meta")

    def test_utf16_header_on_ascii_page_is_not_trusted(self):
        result = decode_html(page("plain text").encode("ascii"), "text/html; charset=utf-16")
        assert "plain text" in result.html


class TestByteOrderMarks:
    def test_utf8_bom_overrides_lying_header(self):
        payload = codecs.BOM_UTF8 + page(ZH).encode("utf-8")
        result = decode_html(payload, "text/html; charset=gbk")
        assert_decoded(result, ZH, "utf-8", "bom")
        assert result.html.startswith("<!DOCTYPE")

    @pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
    def test_utf16_boms(self, codec):
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        result = decode_html(bom + page(JA).encode(codec))
        assert_decoded(result, JA, codec, "bom")
        assert result.html.startswith("<!DOCTYPE")


class TestUndeclared:
    @pytest.mark.parametrize(
        ("text", "codec", "expected"),
        [
            (ZH, "gbk", "gb18030"),
            (ZH, "gb18030", "gb18030"),
            (JA, "shift_jis", "cp932"),
            (JA, "euc_jp", "euc_jp"),
            (KO, "euc_kr", "cp949"),
            (RU, "cp1251", "cp1251"),
            (ZH + JA + KO, "utf-8", "utf-8"),
        ],
    )
    def test_detected_from_content(self, text, codec, expected):
        result = decode_html(page(text * 2).encode(codec))
        assert_decoded(result, text, expected, "content")

    def test_ascii_page_is_utf8(self):
        result = decode_html(page("Just ASCII.").encode("ascii"))
        assert_decoded(result, "Just ASCII.", "utf-8", "content")

    def test_meta_beyond_the_prescan_window_is_not_read(self):
        filler = "<!-- " + "x" * 5000 + " -->"
        payload = page(ZH * 2, filler + meta_charset("utf-8")).encode("gbk")
        assert decode_html(payload).encoding == "gb18030"


class TestDamagedPayloads:
    def test_record_clipped_inside_a_character_keeps_its_encoding(self):
        payload = page(ZH).encode("utf-8")
        clipped = payload[: payload.index("公园".encode()) + 1]  # first byte of 公
        result = decode_html(clipped)
        assert result.encoding == "utf-8"
        assert result.detected_from == "content"
        assert result.html.endswith("滨河")

    def test_one_bad_byte_does_not_ruin_a_gbk_page(self):
        payload = page(ZH).encode("gbk").replace(b"<p>", b"<p>\xff", 1)
        result = decode_html(payload, "text/html; charset=gbk")
        assert result.detected_from == "fallback"
        assert result.encoding == "gb18030"
        assert ZH in result.html
        assert result.html.count("\ufffd") == 1

    @pytest.mark.parametrize("payload", [b"", b"\x00\x00\x00", b"\xff\xfe", bytes(range(256))])
    def test_garbage_never_raises(self, payload):
        assert isinstance(decode_html(payload, "garbage; charset=???").html, str)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("Shift_JIS", "cp932"),
        ("x-sjis", "cp932"),
        ("euc-kr", "cp949"),
        ("big5", "big5hkscs"),
        (b"UTF-8", "utf-8"),
        (" utf8 ", "utf-8"),
        ("x-unknown", None),
        ("utf-7", None),
        (None, None),
    ],
)
def test_normalize_label(label, codec):
    assert normalize_label(label) == codec
