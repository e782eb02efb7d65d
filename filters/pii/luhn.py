"""The Luhn (mod 10) check digit of payment card numbers (ISO/IEC 7812-1, annex B)."""

from __future__ import annotations


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
