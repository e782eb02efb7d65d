"""PRC resident identity numbers (GB 11643-1999): 18 characters with an ISO 7064 check digit.

Layout: 6-digit administrative division code, 8-digit birth date (YYYYMMDD), 3-digit sequence,
check character. The check character is sum(digit_i * 2^(17-i) mod 11) mapped through
"10X98765432" (GB 11643-1999 §7); a number with a wrong check character is not an ID.
"""

from __future__ import annotations

import datetime

# GB 11643-1999: weights are 2^(17-i) mod 11 for positions i = 0..16.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# Province-level codes start with 1..8 (GB/T 2260); 9 is unused, 0 does not exist.
PROVINCE_FIRST_DIGITS = "12345678"


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def is_valid_birth_date(yyyymmdd: str) -> bool:
    try:
        born = datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def is_resident_id(candidate: str) -> bool:
    """18 characters, a real division prefix and birth date, and the right check character."""
    if len(candidate) != 18 or not candidate[:17].isdigit():
        return False
    if candidate[0] not in PROVINCE_FIRST_DIGITS or not is_valid_birth_date(candidate[6:14]):
        return False
    return check_character(candidate[:17]) == candidate[17].upper()
