"""Finds the year of birth in an answer: "1958년이요", "58년생", "천구백오십팔 년", "nineteen fifty-eight"."""

from __future__ import annotations

import re

_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9}
_UNITS = {"십": 10, "백": 100, "천": 1000}
_SINO = re.compile(r"[일이삼사오육륙칠팔구십백천]+(?=\s*년)")
_FULL = re.compile(r"(?<!\d)(19\d\d|20[0-2]\d)(?!\d)")
_SHORT = re.compile(r"(?<!\d)(\d\d)\s*(?:년생|년도|년)")
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_EN = re.compile(r"nineteen[\s-]+(" + "|".join(_EN_TENS) + r")(?:[\s-]+(" + "|".join(_EN_ONES) + r"))?", re.I)


def _sino_number(word: str) -> int | None:
    total, digit = 0, None
    for ch in word:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = None
    total += digit or 0
    return total or None


def _century(two_digits: int, this_year: int) -> int:
    return 2000 + two_digits if 2000 + two_digits <= this_year else 1900 + two_digits


def find_birth_year(text: str, this_year: int = 2026) -> int | None:
    if m := _FULL.search(text):
        return int(m.group(1))
    if m := _SHORT.search(text):
        return _century(int(m.group(1)), this_year)
    if m := _EN.search(text):
        return 1900 + _EN_TENS[m.group(1).lower()] + _EN_ONES.get((m.group(2) or "").lower(), 0)
    if m := _SINO.search(text):
        n = _sino_number(m.group(0))
        if n is None:
            return None
        if n < 100:
            return _century(n, this_year)
        if 1900 <= n <= this_year:
            return n
    return None
