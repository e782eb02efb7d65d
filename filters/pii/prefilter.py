"""One compiled scan that tells whether a document could hold any PII at all.

Most web text has no `@`, no long digit run, no dotted quad and no `hex:hex:`: those documents
skip the analyzer (and its per-recognizer scans) entirely. The scan must never miss what a
recognizer would find: every recognizer's pattern contains one of these alternatives.
"""

from __future__ import annotations

import re

CANDIDATE = re.compile(
    r"@"  # email
    r"|\d(?:[\s().\-/（）]{0,3}\d){6}"  # phones, cards, IDs, IBAN bodies: 7+ digits
    r"|\d\.\d{1,3}\.\d{1,3}\.\d"  # IPv4
    r"|[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:"  # IPv6
)


def may_contain_pii(text: str) -> bool:
    return CANDIDATE.search(text) is not None
