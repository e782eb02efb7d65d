r"""Token boundaries that work next to Chinese text.

`\b` is useless beside CJK: Python's `\w` matches Han characters, so there is no word boundary
between `邮箱` and `zhangwei@example.cn`. Every pattern here is bounded by lookarounds on ASCII
letters and digits instead, which treat a Han character like a space.
"""

from __future__ import annotations

# Not preceded / followed by an ASCII letter or digit (CJK, punctuation and spaces are fine).
NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])"
# Digit runs must not continue into a longer number (with or without a decimal point).
NOT_AFTER_NUMBER = r"(?<![0-9A-Za-z+])(?<![0-9][.\-])"
NOT_BEFORE_NUMBER = r"(?![0-9A-Za-z])(?![.\-][0-9])"
