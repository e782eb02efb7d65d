"""The committed sample crawl and bad-input fixtures still have the properties their READMEs claim.

Other tests assert pipeline behaviour on these files (counts of kept, rejected and error
records); if a fixture were rebuilt wrongly or damaged in a checkout, those tests would fail for
the wrong reason. These checks read only files inside the repository.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "data" / "bad_input"
SAMPLE = REPO / "jobs" / "sample_crawl"


def gzip_members(data: bytes) -> tuple[int, bool]:
    """Count complete gzip members and say whether trailing bytes form an incomplete one."""
    complete, start = 0, 0
    while start < len(data):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(data[start:])
        if not inflater.eof:
            return complete, True
        complete += 1
        start = len(data) - len(inflater.unused_data)
    return complete, False


def records(path: Path, limit: int | None = None) -> list[tuple[str, str | None, str, bytes]]:
    """(WARC-Type, target URI, HTTP Content-Type, body) for the first `limit` records."""
    out = []
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            headers = record.http_headers
            content_type = headers.get_header("Content-Type", "") if headers else ""
            uri = record.rec_headers.get_header("WARC-Target-URI")
            out.append((record.rec_type, uri, content_type, record.content_stream().read()))
            if limit is not None and len(out) == limit:
                break
    return out


def type_counts(path: Path) -> Counter:
    """Records per WARC-Type."""
    return Counter(kind for kind, _uri, _ct, _body in records(path))


def test_bad_input_fixtures_are_present_and_tiny() -> None:
    """Fixtures are committed and stay small enough to read in a unit test."""
    names = [
        "truncated_tail.warc.gz", "clipped.warc.gz", "old_version.warc.gz", "revisits.warc.gz",
        "non_utf8.warc.gz", "non_utf8.expected.json", "binary_payloads.warc.gz",
        "empty_docs.jsonl", "malformed.jsonl", "bad_config.yaml", "README.md",
    ]  # fmt: skip
    for name in names:
        assert (BAD / name).is_file(), name
        assert (BAD / name).stat().st_size < 64_000, name


def test_truncated_tail_has_eight_intact_records_then_a_cut_member() -> None:
    """The good records before the cut must stay readable; only the last member is broken."""
    data = (BAD / "truncated_tail.warc.gz").read_bytes()
    assert gzip_members(data) == (8, True)
    intact = records(BAD / "truncated_tail.warc.gz", limit=8)
    assert [kind for kind, *_ in intact] == [
        "warcinfo", "request", "response", "metadata", "request", "response", "metadata",
        "request",
    ]  # fmt: skip
    html = [uri for kind, uri, ct, _ in intact if kind == "response" and "text/html" in ct]
    assert html == ["http://003338.cn/l41/481397.html", "http://01spb.ru/company/"]


def test_clipped_record_is_shorter_than_declared() -> None:
    """The record is clipped, so a reader can tell it from a complete one by its length."""
    data = (BAD / "clipped.warc.gz").read_bytes()
    assert gzip_members(data) == (0, True)
    with open(BAD / "clipped.warc.gz", "rb") as handle:
        record = next(iter(ArchiveIterator(handle)))
        declared = int(record.rec_headers.get_header("Content-Length"))
        assert record.rec_type == "response"
        assert len(record.content_stream().read()) < declared - 1000


def test_old_version_is_warc_0_18() -> None:
    """Every record keeps the old version line the fixture exists for."""
    with open(BAD / "old_version.warc.gz", "rb") as handle:
        protocols = [record.rec_headers.protocol for record in ArchiveIterator(handle)]
    assert protocols == ["WARC/0.18"] * 5
    assert type_counts(BAD / "old_version.warc.gz") == {"warcinfo": 1, "response": 4}


def test_revisits_mix_responses_and_revisits() -> None:
    """Revisits carry no payload; the pages beside them must still become documents."""
    assert gzip_members((BAD / "revisits.warc.gz").read_bytes()) == (25, False)
    found = records(BAD / "revisits.warc.gz")
    assert Counter(kind for kind, *_ in found) == {
        "warcinfo": 1, "response": 6, "request": 12, "revisit": 6,
    }  # fmt: skip
    html = [uri for kind, uri, ct, _ in found if kind == "response" and "text/html" in ct]
    assert html == [
        "http://www.iana.org/",
        "http://www.iana.org/numbers",
        "http://www.iana.org/about",
    ]
    assert all(body == b"" for kind, _u, _c, body in found if kind == "revisit")


NON_UTF8_URL = re.compile(
    r"/[a-z]+-(?P<charset>[a-z0-9_-]+)-(?:http-header|meta|undeclared)\.html$"
)


def charset_label(url: str) -> str:
    """The charset a non_utf8 fixture URL names: .../<lang>-<charset>-<variant>.html."""
    match = NON_UTF8_URL.search(url)
    assert match, url
    return match["charset"]


def test_non_utf8_sidecar_matches_records_and_decodes() -> None:
    """Each page is non-UTF-8, declared where its URL says, and decodes to its sidecar text."""
    expected = json.loads((BAD / "non_utf8.expected.json").read_text(encoding="utf-8"))
    responses = [r for r in records(BAD / "non_utf8.warc.gz") if r[0] == "response"]
    assert [uri for _k, uri, _c, _b in responses] == list(expected)
    assert len(responses) == 9
    for _kind, uri, content_type, body in responses:
        label = charset_label(uri)
        assert label in {"gbk", "shift_jis", "iso-8859-1"}, uri
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert expected[uri] in body.decode(label), uri
        declared_in_header = "charset=" in content_type
        declared_in_meta = b"charset=" in body
        assert declared_in_header == uri.endswith("-http-header.html"), uri
        assert declared_in_meta == uri.endswith("-meta.html"), uri


def test_binary_payloads_are_binary() -> None:
    """Real binary bodies, one of them behind a text/html header."""
    found = records(BAD / "binary_payloads.warc.gz")
    assert [kind for kind, *_ in found] == ["warcinfo"] + ["response"] * 4
    by_type = {ct: body for kind, _uri, ct, body in found if kind == "response"}
    assert by_type["image/png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert by_type["image/jpeg"].startswith(b"\xff\xd8\xff")
    assert by_type["application/pdf"].startswith(b"%PDF-")
    assert by_type["text/html"] == by_type["image/png"]


def jsonl_lines(name: str) -> list[str]:
    """The raw lines of a JSONL fixture, newline stripped."""
    return (BAD / name).read_text(encoding="utf-8").split("\n")[:-1]


def test_empty_docs_cover_each_kind_of_empty() -> None:
    """Empty, whitespace-only and missing text each appear once or more, among good docs."""
    docs = [json.loads(line) for line in jsonl_lines("empty_docs.jsonl")]
    kinds = [
        "missing" if "text" not in d else "empty" if d["text"] == "" else
        "whitespace" if not d["text"].strip() else "good"
        for d in docs
    ]  # fmt: skip
    assert kinds == ["good", "empty", "whitespace", "missing", "good", "empty"]


def test_malformed_jsonl_has_three_good_lines() -> None:
    """Bad lines sit between good ones, so a reader that stops early loses documents."""
    outcomes = []
    for line in jsonl_lines("malformed.jsonl"):
        if not line.strip():
            outcomes.append("blank")
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            outcomes.append("invalid")
            continue
        outcomes.append("object" if isinstance(value, dict) else type(value).__name__)
    assert outcomes == ["object", "invalid", "object", "blank", "list", "object"]


def test_bad_config_has_unknown_key() -> None:
    """The YAML itself is valid; only the key is unknown to the config schema."""
    config = yaml.safe_load((BAD / "bad_config.yaml").read_text(encoding="utf-8"))
    assert config == {"stages": {"length": {"min_charz": 10}}}


SAMPLE_WARC_COUNTS = {
    "data/resiliparse-warcfile.warc.gz": {"warcinfo": 1, "request": 17, "response": 16,
                                          "metadata": 16},
    "data/dolma-sample-0000.warc.gz": {"warcinfo": 1, "request": 22, "response": 22,
                                       "metadata": 1, "resource": 2},
    "data/cc-whirlwind.warc.gz": {"warcinfo": 1, "request": 1, "response": 1, "metadata": 1},
    "data/cc-whirlwind.warc.wet.gz": {"warcinfo": 1, "conversion": 1},
}  # fmt: skip


def test_sample_crawl_is_small_and_licensed() -> None:
    """The demo data stays a few MB and its licences travel with it."""
    data_files = [p for p in SAMPLE.rglob("*") if p.is_file() and "LICENSES" not in p.parts]
    assert sum(p.stat().st_size for p in data_files) < 2_500_000
    assert (SAMPLE / "NOTICE.md").is_file()
    assert len(list((SAMPLE / "LICENSES").glob("*.LICENSE"))) == 4


@pytest.mark.parametrize("name", sorted(SAMPLE_WARC_COUNTS))
def test_sample_crawl_warc_record_counts(name: str) -> None:
    """Record counts by type, as NOTICE.md lists them."""
    assert type_counts(SAMPLE / name) == SAMPLE_WARC_COUNTS[name]


def test_sample_crawl_text_inputs() -> None:
    """Document counts and fields of the JSONL and Parquet inputs, as NOTICE.md lists them."""
    with gzip.open(
        SAMPLE / "data/dolma-CC-MAIN-2019-30-00140.head250.jsonl.gz", "rt", encoding="utf-8"
    ) as f:
        dolma = [json.loads(line) for line in f]
    assert len(dolma) == 250
    assert sum(not d["text"].strip() for d in dolma) == 10
    with gzip.open(SAMPLE / "data/ChineseWebText-CC-MAIN-2021-43-cleared1.head60.jsonl.gz") as f:
        chinese = [json.loads(line) for line in io.TextIOWrapper(f, encoding="utf-8")]
    assert len(chinese) == 60
    assert all({"url", "text", "title"} <= set(d) for d in chinese)
    wiki = pq.read_table(SAMPLE / "data/wiki-en-zh.parquet")
    assert wiki.column_names == ["id", "url", "text", "source_name"]
    assert Counter(wiki.column("source_name").to_pylist()) == {
        "tencentpretrain/zhwiki_sampled": 40, "wikitext-2/valid": 40,
    }  # fmt: skip
    assert wiki.column("url").null_count == 80
