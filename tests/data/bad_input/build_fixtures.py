"""Rebuild the bad-input fixtures in tests/data/bad_input/ from the shared real-data folder.

Every reader and stage must survive the inputs real crawls contain (docs/architecture.md):
truncated gzip members, clipped records, old WARC versions, revisit records, undeclared or
non-UTF-8 charsets, binary payloads, empty documents, malformed JSONL and bad configs. These
fixtures are cut from real files so that tests meet the real shapes of those faults; they are
committed because the shared folder does not exist where the tests run. Where a record has to be
synthesised (charset variants, a lying Content-Type) its payload is still real text or real
bytes. The build is deterministic: fixed WARC dates and record ids, gzip without timestamps.

Usage (from the repository root):
    python tests/data/bad_input/build_fixtures.py [--shared ../shared/data] [--pdf PATH]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import importlib.metadata
import importlib.util
import io
import json
import shutil
import sys
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
OUT = Path(__file__).resolve().parent

WARCFILE = "crawl/resiliparse-warcfile.warc.gz"
CLIPPED = "crawl/resiliparse-clipped.warc.gz"
CLUEWEB_QUIRK = "crawl/resiliparse-clueweb-quirk.warc.gz"
PYWB_IANA = "crawl/pywb-iana.warc.gz"
UKWA_GOVUK = "crawl/ukwa-BL-20140325121225068-govuk.warc.gz"
DOLMA_JSONL = "cc_text/dolma-CC-MAIN-20190717121559-20190717143559-00140.jsonl.gz"
ZHWIKI_TXT = "reference/zh/tencentpretrain/zhwiki_sampled.txt"
UDHR_ZIP = "reference/en/nltk_data/udhr2.zip"

# truncated_tail: members 0..7 of warcfile.warc.gz intact, then half of member 8 (a text/html
# response), so a reader must keep 8 good records and report the ninth.
TRUNCATED_INTACT_MEMBERS = 8
# old_version: warcinfo + the first four WARC/0.18 responses of the ClueWeb09 sample.
OLD_VERSION_MEMBERS = 5
# revisits: three runs of the iana.org capture, each a page, its scripts and the revisit
# records a later visit wrote for the stylesheets and scripts (half-open member ranges).
REVISIT_MEMBER_RANGES: tuple[tuple[int, int], ...] = ((0, 5), (21, 31), (43, 53))
# binary_payloads: a PNG logo and a JPEG photo from the data.gov.uk crawl (members of that file).
UKWA_PNG_MEMBER = 34
UKWA_JPEG_MEMBER = 73

# No PDF exists in the shared crawls, so the PDF payload is a real PDF file shipped in the
# matplotlib wheel (its "home" toolbar icon, written by matplotlib's PDF backend). Pinned by
# hash so that a rebuild is byte-identical or fails loudly.
MATPLOTLIB_PDF = "mpl-data/images/home.pdf"
MATPLOTLIB_PDF_SHA256 = "7b47b4a48f9746d3e6bd4096d954ca2f50de62ed69bcf99451e4528046d69a29"

# Fixed WARC-Date for the records this script writes itself (warcio would use "now").
WRITTEN_WARC_DATE = "2024-01-01T00:00:00Z"
FIXTURE_HOST = "https://example.org"

# dolma document ids (from the first 300 lines of the dolma WET JSONL) used by the JSONL
# fixtures; chosen by reading them: short, real, and in more than one language.
EMPTY_DOCS_GOOD_IDS = ("qntw3b7jsctgzweowrcsfxcbwassx4if", "b26i4hgwicxcmbvok4j6cbh7nvckcss7")
EMPTY_DOCS_EMPTY_IDS = ("zof2fmrn6g2psv6dlllnp4ps6ilef4sv", "imgszf7gcjrmacecmmopgkaguze6mkvi")
EMPTY_DOCS_WHITESPACE_ID = "fqsbpvekjm6yt2smevi645zwqk2mawbe"
EMPTY_DOCS_NO_TEXT_ID = "x5jwjaxrr2v6ebveriapcokb7cispfbg"
MALFORMED_GOOD_IDS = (
    "ehhwpnolnmrjwr53lpcgycx4gxvvxyay",
    "fdye5cogdol7tdx73cso7gjbpjeeckhi",
    "s5chsljgmpchrhvarcsptyzpsicubohh",
)
MALFORMED_CUT_ID = "bx4qrmisuwrp7npdy2fpoxigsvfwmoin"
MALFORMED_LIST_ID = "c6m3tzhqbbwhe6rqk4ne6gonquju7nif"

BAD_CONFIG_YAML = """\
# A config whose only parameter is misspelt ("min_charz" for "min_chars"). Loading it must fail
# with a clear error that names the unknown key, before any data is read.
stages:
  length:
    min_charz: 10
"""


# ---------------------------------------------------------------------------------------------
# gzip-per-record WARC members


def gzip_member_spans(data: bytes) -> list[tuple[int, int]]:
    """Return (start, end) byte offsets of each complete gzip member in `data`.

    WARC.gz files are one gzip member per record, so cutting at member boundaries keeps the
    records byte-identical to the published file (digests and all).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(data):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(data[start:])
        if not inflater.eof:
            raise ValueError(f"gzip member at offset {start} is truncated")
        end = len(data) - len(inflater.unused_data)
        spans.append((start, end))
        start = end
    return spans


def read_members(path: Path) -> list[bytes]:
    """Split a gzip-per-record WARC into its members (raw compressed bytes)."""
    data = path.read_bytes()
    return [data[start:end] for start, end in gzip_member_spans(data)]


def warc_protocol_of(member: bytes) -> str:
    """The WARC version line of a single-member record (e.g. 'WARC/0.18')."""
    record = next(iter(ArchiveIterator(io.BytesIO(member))))
    return record.rec_headers.protocol


# ---------------------------------------------------------------------------------------------
# WARC fixtures cut from real files


def build_truncated_tail(shared: Path) -> None:
    """Intact real records followed by a response whose gzip member stops half way."""
    members = read_members(shared / WARCFILE)
    last = members[TRUNCATED_INTACT_MEMBERS]
    data = b"".join(members[:TRUNCATED_INTACT_MEMBERS]) + last[: len(last) // 2]
    (OUT / "truncated_tail.warc.gz").write_bytes(data)


def build_clipped(shared: Path) -> None:
    """Resiliparse's clipped record: Content-Length promises more than the file holds."""
    shutil.copyfile(shared / CLIPPED, OUT / "clipped.warc.gz")


def build_old_version(shared: Path) -> None:
    """The first records of a ClueWeb09 WARC/0.18 file, byte-identical gzip members."""
    members = read_members(shared / CLUEWEB_QUIRK)[:OLD_VERSION_MEMBERS]
    if any(warc_protocol_of(m) != "WARC/0.18" for m in members):
        raise ValueError("expected WARC/0.18 records in the ClueWeb09 sample")
    (OUT / "old_version.warc.gz").write_bytes(b"".join(members))


def build_revisits(shared: Path) -> None:
    """Responses, requests and revisit records from a pywb capture of iana.org."""
    members = read_members(shared / PYWB_IANA)
    picked = [m for start, end in REVISIT_MEMBER_RANGES for m in members[start:end]]
    (OUT / "revisits.warc.gz").write_bytes(b"".join(picked))


# ---------------------------------------------------------------------------------------------
# WARC records written here (real payloads, synthetic envelopes)


def record_id_for(url: str) -> str:
    """A stable WARC-Record-ID derived from the URL, so rebuilds are byte-identical."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"


def write_warcinfo(writer: WARCWriter, filename: str, description: str) -> None:
    """Open a written fixture with a warcinfo record, as real crawler output does."""
    fields = "software: yisieve tests/data/bad_input/build_fixtures.py\r\n"
    fields += f"description: {description}\r\n"
    payload = fields.encode("utf-8")
    record = writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Date": WRITTEN_WARC_DATE,
            "WARC-Record-ID": record_id_for(f"warcinfo:{filename}"),
            "WARC-Filename": filename,
        },
    )
    writer.write_record(record)


def write_response(writer: WARCWriter, url: str, content_type: str, body: bytes) -> None:
    """Write one HTTP 200 response record carrying `body` under the given Content-Type."""
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": WRITTEN_WARC_DATE, "WARC-Record-ID": record_id_for(url)},
    )
    writer.write_record(record)


@dataclass(frozen=True)
class CharsetPage:
    """One non-UTF-8 page: real text, the codec its bytes use, and where the charset is said."""

    lang: str
    codec: str  # Python codec that produced the bytes
    label: str  # the charset label a server or author would write
    variant: str  # "http-header", "meta" or "undeclared"
    meta_style: str  # "charset" (<meta charset>) or "http-equiv"
    title: str
    paragraphs: tuple[str, ...]

    @property
    def url(self) -> str:
        """A documentation-domain URL naming language, charset and where it is declared."""
        return f"{FIXTURE_HOST}/non-utf8/{self.lang}-{self.label.lower()}-{self.variant}.html"


def meta_tag(page: CharsetPage) -> str:
    """The in-document charset declaration, only for the 'meta' variant."""
    if page.variant != "meta":
        return ""
    if page.meta_style == "http-equiv":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={page.label}">\n'
    return f'<meta charset="{page.label}">\n'


def page_html(page: CharsetPage) -> str:
    """A plain article page around the real text, with the charset only where the variant says."""
    paragraphs = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in page.paragraphs)
    title = html.escape(page.title, quote=False)
    return (
        f'<!DOCTYPE html>\n<html lang="{page.lang}">\n<head>\n{meta_tag(page)}'
        f"<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n{paragraphs}\n"
        "</body>\n</html>\n"
    )


def http_content_type(page: CharsetPage) -> str:
    """The HTTP Content-Type: with a charset parameter only for the 'http-header' variant."""
    if page.variant == "http-header":
        return f"text/html; charset={page.label}"
    return "text/html"


def distinctive_substring(page: CharsetPage, length: int = 24) -> str:
    """A run of body text rich in non-ASCII characters that only a correct decode reproduces.

    Of all `length`-character windows that start at a word, the first with the most non-ASCII
    characters wins, so that a mis-decoded page (mojibake, replacement characters) cannot match.
    """
    best, best_score = "", 0
    for paragraph in page.paragraphs:
        for start, char in enumerate(paragraph):
            if char.isspace() or (start > 0 and not paragraph[start - 1].isspace()):
                continue
            window = paragraph[start : start + length].strip()
            score = sum(ord(c) > 127 for c in window)
            if score > best_score:
                best, best_score = window, score
    if best_score < 2:
        raise ValueError(f"no window with enough non-ASCII text for {page.url}")
    return best


def encodable_zhwiki_docs(path: Path, count: int) -> list[str]:
    """The first `count` Chinese Wikipedia documents of 300..1200 chars that GBK can encode."""
    docs: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            text = line.strip()
            if 300 <= len(text) <= 1200 and can_encode(text, "gbk"):
                docs.append(text)
                if len(docs) == count:
                    return docs
    raise ValueError(f"{path}: fewer than {count} GBK-encodable documents")


def can_encode(text: str, codec: str) -> bool:
    """Whether `text` survives `codec` without loss (strict)."""
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def udhr_chunks(zip_path: Path, member: str, count: int, min_chars: int = 600) -> list[list[str]]:
    """Split one UDHR translation into `count` consecutive chunks of whole paragraphs."""
    with zipfile.ZipFile(zip_path) as archive:
        text = archive.read(member).decode("utf-8")
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    chunks: list[list[str]] = []
    current: list[str] = []
    for paragraph in paragraphs:
        current.append(paragraph)
        if sum(len(p) for p in current) >= min_chars:
            chunks.append(current)
            current = []
            if len(chunks) == count:
                return chunks
    raise ValueError(f"{member}: not enough text for {count} chunks")


def first_sentence(text: str, limit: int = 40) -> str:
    """A short title: the text up to the first full stop, capped at `limit` characters."""
    for stop in ("。", ". "):
        if stop in text:
            text = text.split(stop, 1)[0]
    return text[:limit]


# Where the charset is declared: only in the HTTP header, only in a <meta> tag, or nowhere.
VARIANTS: tuple[str, ...] = ("http-header", "meta", "undeclared")


def pages_in(
    lang: str, codec: str, label: str, meta_style: str, docs: list[tuple[str, tuple[str, ...]]]
) -> list[CharsetPage]:
    """One page per declaration variant, each with its own (title, paragraphs) document."""
    return [
        CharsetPage(lang, codec, label, variant, meta_style, title, paragraphs)
        for variant, (title, paragraphs) in zip(VARIANTS, docs, strict=True)
    ]


def charset_pages(shared: Path) -> list[CharsetPage]:
    """Nine pages: zh as GBK, ja as Shift_JIS, de as Latin-1, each declared three ways."""
    zh_docs = [(first_sentence(d), (d,)) for d in encodable_zhwiki_docs(shared / ZHWIKI_TXT, 3)]
    ja_docs = [(c[0], tuple(c[1:])) for c in udhr_chunks(shared / UDHR_ZIP, "udhr2/jpn.txt", 3)]
    de_docs = [(c[0], tuple(c[1:])) for c in udhr_chunks(shared / UDHR_ZIP, "udhr2/deu.txt", 3)]
    # Japanese pages declare Shift_JIS the old way (http-equiv), as most such pages did. The
    # German text is all within Latin-1, so ISO-8859-1 and windows-1252 give the same bytes.
    return (
        pages_in("zh", "gbk", "GBK", "charset", zh_docs)
        + pages_in("ja", "shift_jis", "Shift_JIS", "http-equiv", ja_docs)
        + pages_in("de", "latin-1", "ISO-8859-1", "charset", de_docs)
    )


def build_non_utf8(shared: Path) -> None:
    """Write the charset fixture and its sidecar of substrings a correct decode must yield."""
    pages = charset_pages(shared)
    expected: dict[str, str] = {}
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    write_warcinfo(writer, "non_utf8.warc.gz", "real text in GBK, Shift_JIS and ISO-8859-1")
    for page in pages:
        body = page_html(page).encode(page.codec)
        write_response(writer, page.url, http_content_type(page), body)
        expected[page.url] = distinctive_substring(page)
    if len(set(expected.values())) != len(expected):
        raise ValueError("distinctive substrings are not distinct")
    (OUT / "non_utf8.warc.gz").write_bytes(buffer.getvalue())
    sidecar = json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    (OUT / "non_utf8.expected.json").write_text(sidecar, encoding="utf-8")


def matplotlib_pdf_path() -> Path:
    """Where the installed matplotlib keeps its PDF toolbar icon (without importing it)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("matplotlib is not installed; pass --pdf PATH")
    return Path(next(iter(spec.submodule_search_locations))) / MATPLOTLIB_PDF


def read_pinned_pdf(path: Path) -> bytes:
    """Read the PDF and refuse one that differs from the pinned file (rebuilds stay identical)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != MATPLOTLIB_PDF_SHA256:
        raise ValueError(f"{path}: sha256 {digest}, expected {MATPLOTLIB_PDF_SHA256}")
    return data


def http_payload(member: bytes) -> bytes:
    """The HTTP body of a single-member response record."""
    record = next(iter(ArchiveIterator(io.BytesIO(member))))
    return record.content_stream().read()


def build_binary_payloads(shared: Path, pdf_path: Path) -> None:
    """Real image responses, a real PDF, and PNG bytes served as text/html."""
    members = read_members(shared / UKWA_GOVUK)
    png_member, jpeg_member = members[UKWA_PNG_MEMBER], members[UKWA_JPEG_MEMBER]
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    write_warcinfo(writer, "binary_payloads.warc.gz", "image, PDF and mislabelled binary bodies")
    buffer.write(png_member)
    buffer.write(jpeg_member)
    write_response(
        writer, f"{FIXTURE_HOST}/binary/home.pdf", "application/pdf", read_pinned_pdf(pdf_path)
    )
    write_response(
        writer,
        f"{FIXTURE_HOST}/binary/png-served-as-text-html.html",
        "text/html",
        http_payload(png_member),
    )
    (OUT / "binary_payloads.warc.gz").write_bytes(buffer.getvalue())


# ---------------------------------------------------------------------------------------------
# JSONL and config fixtures


def dolma_docs_by_id(shared: Path) -> dict[str, dict]:
    """All dolma WET documents keyed by id (the file holds a few hundred)."""
    with gzip.open(shared / DOLMA_JSONL, "rt", encoding="utf-8") as handle:
        docs = (json.loads(line) for line in handle)
        return {doc["id"]: doc for doc in docs}


def jsonl_line(doc: object) -> str:
    """One JSON Lines record, UTF-8 kept readable."""
    return json.dumps(doc, ensure_ascii=False) + "\n"


def empty_docs_lines(docs: dict[str, dict]) -> Iterator[str]:
    """Good, empty, whitespace-only and text-less documents, interleaved."""
    good_a, good_b = (docs[i] for i in EMPTY_DOCS_GOOD_IDS)
    empty_a, empty_b = (docs[i] for i in EMPTY_DOCS_EMPTY_IDS)
    whitespace = {**docs[EMPTY_DOCS_WHITESPACE_ID], "text": " \n\t\u3000\n  "}
    no_text = {k: v for k, v in docs[EMPTY_DOCS_NO_TEXT_ID].items() if k != "text"}
    for doc in (good_a, empty_a, whitespace, no_text, good_b, empty_b):
        yield jsonl_line(doc)


def build_empty_docs(docs: dict[str, dict]) -> None:
    """Documents with nothing to clean: they must be rejected with a reason, not crash."""
    (OUT / "empty_docs.jsonl").write_text("".join(empty_docs_lines(docs)), encoding="utf-8")


def malformed_lines(docs: dict[str, dict]) -> Iterator[str]:
    """Good lines around a line cut mid-JSON, a blank line and a JSON array."""
    good_a, good_b, good_c = (docs[i] for i in MALFORMED_GOOD_IDS)
    whole = jsonl_line(docs[MALFORMED_CUT_ID]).rstrip("\n")
    listed = docs[MALFORMED_LIST_ID]
    yield jsonl_line(good_a)
    yield whole[: len(whole) // 2] + "\n"
    yield jsonl_line(good_b)
    yield "\n"
    yield jsonl_line([listed["id"], listed["metadata"]["url"], listed["text"][:80]])
    yield jsonl_line(good_c)


def build_malformed(docs: dict[str, dict]) -> None:
    """A JSONL file a tolerant reader must get three good documents out of."""
    (OUT / "malformed.jsonl").write_text("".join(malformed_lines(docs)), encoding="utf-8")


def build_bad_config() -> None:
    """A config with an unknown key, for the load-time validation."""
    (OUT / "bad_config.yaml").write_text(BAD_CONFIG_YAML, encoding="utf-8")


def copy_licenses(shared: Path) -> None:
    """Licence texts for the sources whose licence file is available locally."""
    folder = OUT / "LICENSES"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(shared / "crawl/resiliparse.LICENSE", folder / "chatnoir-resiliparse.LICENSE")
    shutil.copyfile(shared / "crawl/dolma.LICENSE", folder / "allenai-dolma.LICENSE")
    shutil.copyfile(
        shared / "reference/zh/tencentpretrain/LICENSE", folder / "Tencent-TencentPretrain.LICENSE"
    )
    (folder / "matplotlib.LICENSE").write_text(matplotlib_own_license(), encoding="utf-8")


def matplotlib_own_license() -> str:
    """matplotlib's own licence agreements, without the notices of fonts it bundles."""
    text = importlib.metadata.distribution("matplotlib").read_text("LICENSE") or ""
    own = text.split("\n----\n", 1)[0]
    return own.rstrip("\n") + "\n"


def build_all(shared: Path, pdf_path: Path) -> None:
    """Rebuild every fixture."""
    build_truncated_tail(shared)
    build_clipped(shared)
    build_old_version(shared)
    build_revisits(shared)
    build_non_utf8(shared)
    build_binary_payloads(shared, pdf_path)
    docs = dolma_docs_by_id(shared)
    build_empty_docs(docs)
    build_malformed(docs)
    build_bad_config()
    copy_licenses(shared)


def main(argv: list[str] | None = None) -> int:
    """Parse options, rebuild, and list each fixture with its size and sha256."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data folder")
    parser.add_argument("--pdf", type=Path, default=None, help="matplotlib's home.pdf")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"shared data folder not found: {args.shared}", file=sys.stderr)
        return 2
    build_all(args.shared, args.pdf or matplotlib_pdf_path())
    for path in sorted(p for p in OUT.iterdir() if p.is_file() and p.suffix != ".py"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path.stat().st_size:>8}  {digest}  {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
