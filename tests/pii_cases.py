"""PII test cases per recognizer: (text, expected masked substrings). Shared by the recognizer,
prefilter and scrubber tests. Near-misses expect nothing."""

from __future__ import annotations

# Payment card numbers are the networks' published test numbers; the resident ID
# 11010519491231002X is the GB 11643 worked example; IBANs are the ECBS/Wikipedia examples.
POSITIVES: dict[str, list[tuple[str, list[str]]]] = {
    "EmailAddressRecognizer": [
        ("write to jane.doe@gmail.com today", ["jane.doe@gmail.com"]),
        ("邮箱zhangwei@example.cn联系我们", ["zhangwei@example.cn"]),
        ('<a href="mailto:bob+news@mail.company.co.uk">', ["bob+news@mail.company.co.uk"]),
        ("https://site.com/contact?to=alice_w@foo.org&x=1", ["alice_w@foo.org"]),
        ("联系：13812345678@qq.com。", ["13812345678@qq.com"]),
    ],
    "NanpPhoneRecognizer": [
        ("Call me at 2831823829.", ["2831823829"]),
        ("Office (283)-182-3829 or", ["(283)-182-3829"]),
        ("Office (283) 182 3829 or", ["(283) 182 3829"]),
        ("dial +1 212 555 0123 now", ["+1 212 555 0123"]),
        ("fax: 283-182-3829", ["283-182-3829"]),
        ("toll free 1-800-555-0199.", ["1-800-555-0199"]),
        ("美国办公室电话283.182.3829。", ["283.182.3829"]),
    ],
    "InternationalPhoneRecognizer": [
        ("London office +44 20 7946 0958.", ["+44 20 7946 0958"]),
        ("Berlin: +49 30 12345678", ["+49 30 12345678"]),
        ("Paris +33 1 42 68 53 00 (standard)", ["+33 1 42 68 53 00"]),
    ],
    "IpAddressRecognizer": [
        ("resolver 8.8.8.8 answered", ["8.8.8.8"]),
        ("IP地址：202.96.128.86。", ["202.96.128.86"]),
        ("host 2001:4860:4860::8888 is up", ["2001:4860:4860::8888"]),
        (
            "v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 end",
            ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"],
        ),
        ("from 83.12.210.4, port 22", ["83.12.210.4"]),
    ],
    "PaymentCardRecognizer": [
        ("visa 4111 1111 1111 1111 exp", ["4111 1111 1111 1111"]),
        ("mc 5555-5555-5555-4444.", ["5555-5555-5555-4444"]),
        ("amex 378282246310005", ["378282246310005"]),
        ("卡号6200000000000005，请核对", ["6200000000000005"]),
        (
            "discover 6011111111111117 jcb 3530111333300000",
            ["6011111111111117", "3530111333300000"],
        ),
    ],
    "IbanCodeRecognizer": [
        ("IBAN DE89 3704 0044 0532 0130 00 BANK", ["DE89 3704 0044 0532 0130 00"]),
        ("pay GB82WEST12345698765432.", ["GB82WEST12345698765432"]),
        ("FR1420041010050500013M02606", ["FR1420041010050500013M02606"]),
        ("账号：NL91ABNA0417164300。", ["NL91ABNA0417164300"]),
    ],
    "CnMobileRecognizer": [
        ("手机13812345678，随时联系", ["13812345678"]),
        ("mobile +86 13912345678.", ["+86 13912345678"]),
        ("电话：+86-139-1234-5678。", ["+86-139-1234-5678"]),
        ("手机：138 1234 5678。", ["138 1234 5678"]),
        ("拨打0086 15812345678", ["0086 15812345678"]),
    ],
    "CnLandlineRecognizer": [
        ("电话010-12345678，传真", ["010-12345678"]),
        ("（0755）1234567", ["（0755）1234567"]),
        ("总机：021-87654321转123。", ["021-87654321转123"]),
        ("Tel (0571) 8765 4321", ["(0571) 8765 4321"]),
    ],
    "CnResidentIdRecognizer": [
        ("身份证号11010519491231002X。", ["11010519491231002X"]),
        ("ID 11010519491231002x,", ["11010519491231002x"]),
        ("证件号码：440308199901011234", ["440308199901011234"]),
        ("320106198506120021号", ["320106198506120021"]),
    ],
}

NEAR_MISSES: dict[str, list[str]] = {
    "EmailAddressRecognizer": [
        "ssh git@localhost",
        "retina icon@2x.png",
        "follow @yisieve on social",
        "name@domain.notarealsuffix",
    ],
    "NanpPhoneRecognizer": [
        "Order number 2831823829 shipped",
        "ISBN 0-306-40615-2",
        "on 2019-07-17 at 12:30:45",
        "Windows 10.0.19041.1",
        "12345678901",
        "population 1,234,567,890",
        "ISBN 978-3-16-148410-0",
        "pages 996 997 998 999 1000 1001 1002",
    ],
    "InternationalPhoneRecognizer": ["score +12 today", "+1 234", "total +100000 points"],
    "IpAddressRecognizer": [
        "version 1.2.3.4",
        "v1.2.3.4 released",
        "256.1.1.1",
        "1.2.3.4.5",
        "at 12:30:45",
        "std::vector a::b",
        "pi is 3.14159",
        "Python 3.11.4",
    ],
    "PaymentCardRecognizer": [
        "4111 1111 1111 1112",
        "1234567812345678",
        "order 9876543210123456",
        "0000000000000000",
        "tracking 1Z999AA10123456784",
        "4201021957120537416",
        "facebook.com/pages/p/388213067901331",
        "https://shop.test/item?id=4111111111111111",
    ],
    "IbanCodeRecognizer": [
        "DE89 3704 0044 0532 0130 01",
        "XX12 3456 7890 1234",
        "ISBN 978-3-16-148410-0",
    ],
    "CnMobileRecognizer": [
        "编号12345678901",
        "10086123456",
        "138123456789",
        "订单号2021138123456789",
        "10012345678",
        "金额13812345678.50元",
    ],
    "CnLandlineRecognizer": [
        "2019-07-17",
        "01012345678",
        "0123-4567890",
        "010-1234",
        "(855)-333-3830",
        "(212) 555 0123",
    ],
    "CnResidentIdRecognizer": [
        "110105194912310021",
        "11010519491332002X",
        "910105194912310023",
        "订单110105194912310021",
        "1101051949123100",
    ],
}
