"""Generated PII values of each type, and the sentences that carry them into real documents.

Values follow the real formats (NANP and E.164 numbering, MIIT mobile prefixes, GB 11643 IDs
with their check character, Luhn-valid card numbers of real issuer ranges, mod-97 IBANs) and
the way web pages write them (grouped, bracketed, +country code). Seeded: same set every run.
"""

from __future__ import annotations

import ipaddress
import random
import string
from dataclasses import dataclass

import phonenumbers

# Family -> entity types counted as a correct detection (all phones share `<PHONE>`).
EXPECTED = {
    "email": {"EMAIL_ADDRESS"},
    "phone": {"PHONE_NUMBER"},
    "ip": {"IP_ADDRESS"},
    "credit_card": {"CREDIT_CARD"},
    "iban": {"IBAN_CODE"},
    "cn_mobile": {"CN_MOBILE", "PHONE_NUMBER"},
    "cn_landline": {"CN_LANDLINE", "PHONE_NUMBER"},
    "cn_id": {"CN_RESIDENT_ID"},
}

GIVEN = ["john", "mary", "wei", "li.na", "zhang_wei", "a.smith", "k.mueller", "xiaoming", "j.doe"]
DOMAINS = [
    "gmail.com", "163.com", "qq.com", "outlook.com", "company.co.uk", "sina.com.cn",
    "uni-heidelberg.de", "mail.ru", "yahoo.co.jp", "proton.me", "cs.stanford.edu",
]  # fmt: skip


def email(rng: random.Random) -> str:
    local = rng.choice(GIVEN) + rng.choice(["", str(rng.randint(1, 9999)), ".work", "+news"])
    return f"{local}@{rng.choice(DOMAINS)}"


def nanp_phone(rng: random.Random) -> str:
    area, exchange, line = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
    a, e, n = f"{area}", f"{exchange}", f"{line:04d}"
    return rng.choice(
        [f"{a}{e}{n}", f"({a})-{e}-{n}", f"({a}) {e} {n}", f"{a}-{e}-{n}", f"{a}.{e}.{n}",
         f"+1 {a} {e} {n}", f"+1-{a}-{e}-{n}", f"1-800-{e}-{n}", f"+1 ({a}) {e}-{n}"]
    )  # fmt: skip


def international_phone(rng: random.Random) -> str:
    region = rng.choice(["GB", "DE", "FR", "JP", "AU", "IN", "BR", "ES", "IT", "NL"])
    example = phonenumbers.example_number(region)
    national = str(example.national_number)
    for _ in range(50):
        digits = national[:3] + "".join(rng.choice(string.digits) for _ in national[3:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            break
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone(rng: random.Random) -> str:
    return nanp_phone(rng) if rng.random() < 0.7 else international_phone(rng)


def ip(rng: random.Random) -> str:
    if rng.random() < 0.7:
        while True:
            address = ipaddress.IPv4Address(rng.getrandbits(32))
            if address.is_global:
                return str(address)
    address = ipaddress.IPv6Address((0x2400 << 112) | rng.getrandbits(100))
    return address.exploded if rng.random() < 0.3 else address.compressed


def cn_mobile(rng: random.Random) -> str:
    prefix = rng.choice(["13", "15", "17", "18", "19"]) + str(rng.randint(0, 9))
    body = "".join(rng.choice(string.digits) for _ in range(8))
    number = prefix + body
    grouped = f"{number[:3]} {number[3:7]} {number[7:]}"
    dashed = f"{number[:3]}-{number[3:7]}-{number[7:]}"
    return rng.choice([number, grouped, dashed, f"+86 {number}", f"+86-{number}", f"0086 {number}"])


def cn_landline(rng: random.Random) -> str:
    area = rng.choice(["010", "021", "020", "022", "0755", "0571", "028", "027", "0512", "0531"])
    local = str(rng.randint(2, 8)) + "".join(
        rng.choice(string.digits) for _ in range(7 if len(area) == 3 else rng.choice([6, 7]))
    )
    return rng.choice(
        [f"{area}-{local}", f"({area}){local}", f"（{area}）{local}", f"({area}) {local}"]
    )


def gb11643_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def cn_id(rng: random.Random) -> str:
    area = rng.choice(
        ["110105", "310104", "440305", "510107", "320106", "330106", "420102", "610113"]
    )
    born = f"{rng.randint(1950, 2012)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = area + born + f"{rng.randint(0, 999):03d}"
    return first17 + gb11643_check(first17)


def luhn_complete(partial: str) -> str:
    for digit in string.digits:
        candidate = partial + digit
        total = 0
        for i, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if i % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def credit_card(rng: random.Random) -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15),
                                 ("37", 15), ("6011", 16), ("62", 16), ("3528", 16)])  # fmt: skip
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    number = luhn_complete(body)
    if rng.random() < 0.4:
        return number
    sep = rng.choice([" ", "-"])
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


IBAN_BBAN = {  # country: BBAN layout (n digits, a upper letters, c alphanumerics), ISO 13616
    "DE": "18n", "GB": "4a14n", "FR": "10n11c2n", "NL": "4a10n", "ES": "20n", "IT": "1a10n12c",
    "BE": "12n", "CH": "5n12c", "AT": "16n", "PL": "24n",
}  # fmt: skip


def iban(rng: random.Random) -> str:
    country = rng.choice(sorted(IBAN_BBAN))
    bban, count = "", ""
    for char in IBAN_BBAN[country]:
        if char.isdigit():
            count += char
            continue
        pool = {"n": string.digits, "a": string.ascii_uppercase,
                "c": string.digits + string.ascii_uppercase}[char]  # fmt: skip
        bban += "".join(rng.choice(pool) for _ in range(int(count)))
        count = ""
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    compact = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if rng.random() < 0.5:
        return compact
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


GENERATORS = {
    "email": email, "phone": phone, "ip": ip, "credit_card": credit_card, "iban": iban,
    "cn_mobile": cn_mobile, "cn_landline": cn_landline, "cn_id": cn_id,
}  # fmt: skip

# Chinese text runs on without spaces: each sentence ends in punctuation or a line break, as
# on real pages (a value glued to following ASCII text would be ambiguous for anyone).
TEMPLATES = {
    "en": {
        "email": [
            "For questions, email {v} and we will reply.",
            "Contact: {v}",
            "Send your application to {v} before Friday.",
        ],
        "phone": [
            "You can reach the office at {v} during business hours.",
            "Call {v} for tickets.",
            "Phone: {v}",
            "For reservations call us on {v}.",
        ],
        "ip": ["Requests from {v} were blocked by the firewall.", "The server at {v} went down."],
        "credit_card": ["The card number {v} was charged twice.", "Card: {v}, expires 09/27."],
        "iban": ["Please transfer the fee to IBAN {v}.", "Bank account: {v} (Berlin branch)."],
        "cn_mobile": ["His mobile in Shanghai is {v}.", "WeChat and phone: {v}"],
        "cn_landline": ["The Beijing office number is {v}.", "Tel. {v}"],
        "cn_id": ["Her resident ID number {v} was on the form.", "ID: {v}"],
    },
    "zh": {
        "email": ["如有疑问请发送邮件至{v}。", "邮箱{v}。", "投稿邮箱：{v}，欢迎来稿。"],
        "phone": ["美国办事处电话：{v}。", "海外客户请拨打{v}。", "联系电话{v}，"],
        "ip": ["服务器IP地址为{v}，请勿攻击。", "来自{v}的访问已被拦截。"],
        "credit_card": ["银行卡号{v}，请核对后付款。", "信用卡：{v}。"],
        "iban": ["境外汇款账号（IBAN）：{v}。", "IBAN {v}\n"],
        "cn_mobile": ["联系人张先生，手机{v}。", "咨询热线：{v}\n", "电话{v}（微信同号）"],
        "cn_landline": ["办公电话{v}，传真同号。", "总机：{v}。"],
        "cn_id": ["身份证号码{v}的考生请注意。", "身份证：{v}；"],
    },
}


@dataclass(frozen=True)
class Inserted:
    family: str
    value: str
    start: int
    end: int


def insert_pii(text: str, lang: str, families: list[str], rng: random.Random):
    """The document with one templated sentence per family placed at paragraph or sentence
    boundaries, and where each value now sits."""
    enders = ("\n", "。", ". ", "！", "？") if lang == "zh" else ("\n", ". ")
    cuts = sorted({i + len(e) for e in enders for i in _find_all(text, e)} | {0, len(text)})
    chosen = sorted(rng.sample(cuts, min(len(families), len(cuts))))
    pieces, inserted, offset, last = [], [], 0, 0
    for cut, family in zip(chosen, families, strict=False):
        value = GENERATORS[family](rng)
        sentence = rng.choice(TEMPLATES[lang][family])
        before, _, _ = sentence.partition("{v}")
        joiner = "" if lang == "zh" else " "
        chunk = text[last:cut]
        addition = (
            f"{joiner}{sentence.format(v=value)}{joiner}"
            if lang != "zh"
            else sentence.format(v=value)
        )
        start = offset + len(chunk) + len(joiner if lang != "zh" else "") + len(before)
        pieces.extend([chunk, addition])
        inserted.append(Inserted(family, value, start, start + len(value)))
        offset += len(chunk) + len(addition)
        last = cut
    pieces.append(text[last:])
    return "".join(pieces), inserted


def _find_all(text: str, needle: str):
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _wrong_check_id(rng: random.Random) -> str:
    valid = cn_id(rng)
    return valid[:17] + rng.choice([c for c in "0123456789X" if c != valid[17]])


def _bad_luhn_card(rng: random.Random) -> str:
    number = luhn_complete("4" + _digits(rng, 14))
    return number[:15] + str((int(number[15]) + rng.randint(1, 9)) % 10)


def _bad_iban(rng: random.Random) -> str:
    valid = iban(rng).replace(" ", "")
    return valid[:2] + f"{(int(valid[2:4]) + rng.randint(1, 40)) % 97 + 2:02d}" + valid[4:]


# Look-alikes that must stay unmasked: (kind, generator, en template, zh template).
NEAR_MISSES = [
    ("order number", lambda r: str(r.randint(2, 9)) + _digits(r, 9),
     "Your order number {v} has shipped.", "订单号{v}已发货。"),
    ("long order id", lambda r: "2021" + _digits(r, 14), "Tracking ID {v}.", "运单号：{v}。"),
    ("ISBN-13", lambda r: f"978-{r.randint(0, 9)}-{_digits(r, 3)}-{_digits(r, 5)}-"
     f"{r.randint(0, 9)}", "ISBN {v} (paperback).", "ISBN {v}。"),
    ("date and time", lambda r: f"20{r.randint(10, 24)}-{r.randint(1, 12):02d}-"
     f"{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:"
     f"{r.randint(0, 59):02d}",
     "Posted {v} by the editor.", "发布时间：{v}。"),
    ("version string", lambda r: f"{r.randint(1, 12)}.{r.randint(0, 9)}.{r.randint(0, 20)}."
     f"{r.randint(0, 99)}", "Upgrade to version {v} now.", "请升级到版本{v}。"),
    ("11 digits, not a mobile", lambda r: "1" + r.choice("012") + _digits(r, 9),
     "Reference {v} applies.", "编号{v}。"),
    ("CN ID, wrong check", _wrong_check_id, "Form no. {v} was filed.", "证件{v}无效。"),
    ("card-like, bad Luhn", _bad_luhn_card, "Serial {v} printed.", "序列号{v}。"),
    ("IBAN-like, bad check", _bad_iban, "Code {v} on file.", "代码{v}。"),
    ("price", lambda r: f"{r.randint(1, 999)},{_digits(r, 3)},{_digits(r, 3)}.{_digits(r, 2)}",
     "Revenue was ${v} last year.", "营收为{v}元。"),
    ("coordinates", lambda r: f"{r.uniform(-80, 80):.4f}, {r.uniform(-170, 170):.4f}",
     "Located at {v} on the map.", "坐标{v}。"),
]  # fmt: skip


def insert_near_miss(text: str, lang: str, rng: random.Random):
    """The document with one look-alike sentence appended to a random boundary."""
    kind, make, en, zh = rng.choice(NEAR_MISSES)
    value = make(rng)
    template = zh if lang == "zh" else en
    before = template.partition("{v}")[0]
    cut = text.rfind("\n", 0, rng.randint(0, len(text))) + 1
    sentence = template.format(v=value) + ("" if lang == "zh" else " ")
    start = cut + len(before)
    return text[:cut] + sentence + text[cut:], Inserted(kind, value, start, start + len(value))
