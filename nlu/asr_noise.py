"""Transcripts corrupted the way Whisper corrupts Korean, at a chosen character error rate.

Whisper base on Korean phone speech gets 10% (clear read speech) to 30% (spontaneous
speech on a phone line) of the characters wrong. How it gets them wrong was measured on
the 463 shared recordings heard over the phone band (`python scripts/whisper_errors.py`,
CER 0.099): 88% of the wrong syllables are another syllable, 6% are dropped, 6% added.
Of the substituted syllables 70% differ in one jamo (the vowel 45%, the initial 30%, the
final 26%; the frequent pairs below, with how often each was seen either way), 25% in two
and 5% in all three; 5.8 of 100 spaces are missed per 10% CER and 1.8 spaces per 100
syllables added. A model trained and measured on such text does not depend on a perfect
transcript."""

from __future__ import annotations

import random

_BASE, _JUNG, _JONG = 0xAC00, 21, 28
_CHO_LETTERS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG_LETTERS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG_LETTERS = "_ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # _: no final
# Seen at least three times on the shared clips; the plain/tense/aspirated series (2) and
# those below it are plausible and rarer.
_INITIAL_PAIRS = {"ㄴㅇ": 22, "ㄹㅇ": 18, "ㅇㅎ": 17, "ㅁㅇ": 9, "ㄱㄲ": 9, "ㅅㅈ": 5, "ㄱㅇ": 4, "ㅅㅆ": 4,
                  "ㅅㅊ": 4, "ㅈㅉ": 4, "ㄷㅂ": 3, "ㅅㅇ": 3, "ㅂㅇ": 3, "ㄷㅌ": 3, "ㄱㅋ": 2, "ㄷㄸ": 2,
                  "ㅂㅃ": 2, "ㅂㅍ": 2, "ㅈㅊ": 2, "ㄴㄹ": 2}
_VOWEL_PAIRS = {"ㅐㅔ": 25, "ㅗㅜ": 22, "ㅏㅓ": 18, "ㅜㅡ": 14, "ㅓㅗ": 12, "ㅏㅘ": 11, "ㅔㅢ": 10, "ㅓㅡ": 9,
                "ㅟㅣ": 7, "ㅔㅣ": 7, "ㅜㅣ": 6, "ㅢㅣ": 5, "ㅔㅖ": 4, "ㅕㅛ": 4, "ㅑㅕ": 4, "ㅕㅗ": 4, "ㅡㅣ": 4,
                "ㅔㅡ": 3, "ㅔㅕ": 3, "ㅏㅣ": 3, "ㅛㅣ": 3, "ㅙㅚ": 2, "ㅚㅞ": 2, "ㅝㅓ": 2}
_FINAL_PAIRS = {"_ㄱ": 16, "_ㄹ": 15, "ㄴㅇ": 15, "_ㄴ": 10, "_ㅅ": 9, "ㄴㅁ": 9, "_ㅁ": 8, "ㅁㅇ": 6, "ㄱㅇ": 5,
                "_ㅆ": 2, "ㄷㅅ": 2, "ㅂㅁ": 2}
_SLOT_SHARES = (0.30, 0.45, 0.26)  # initial, vowel, final of the one-jamo substitutions
_ADDED = "이에하거저의일는서"  # the syllables Whisper added most often


def _confusions(pairs: dict[str, int], letters: str) -> dict[int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Per jamo index: the indices it is confused with and how often."""
    out: dict[int, tuple[list[int], list[int]]] = {}
    for pair, n in pairs.items():
        a, b = letters.index(pair[0]), letters.index(pair[1])
        for x, y in ((a, b), (b, a)):
            out.setdefault(x, ([], []))[0].append(y)
            out[x][1].append(n)
    return {k: (tuple(v[0]), tuple(v[1])) for k, v in out.items()}


_TABLES = (_confusions(_INITIAL_PAIRS, _CHO_LETTERS), _confusions(_VOWEL_PAIRS, _JUNG_LETTERS),
           _confusions(_FINAL_PAIRS, _JONG_LETTERS))
_SIZES = (len(_CHO_LETTERS), len(_JUNG_LETTERS), len(_JONG_LETTERS))


def is_syllable(ch: str) -> bool:
    return 0xAC00 <= ord(ch) <= 0xD7A3


def jamo(ch: str) -> tuple[int, int, int]:
    """A syllable's initial, vowel and final (0: none) as indices."""
    code = ord(ch) - _BASE
    return code // (_JUNG * _JONG), code // _JONG % _JUNG, code % _JONG


def misheard(ch: str, rng: random.Random) -> str:
    """One syllable as Whisper might mishear it: one jamo swapped for one it is confused
    with (70%), two jamo (25%) or all three (5%)."""
    parts = list(jamo(ch))
    r = rng.random()
    count = 1 if r < 0.70 else 2 if r < 0.95 else 3
    slots = [0, 1, 2]
    for _ in range(count):
        slot = rng.choices(slots, weights=[_SLOT_SHARES[i] for i in slots])[0]
        slots.remove(slot)
        options = _TABLES[slot].get(parts[slot])
        if options:
            parts[slot] = rng.choices(options[0], weights=options[1])[0]
        else:
            parts[slot] = rng.choice([j for j in range(_SIZES[slot]) if j != parts[slot]])
    return chr(_BASE + (parts[0] * _JUNG + parts[1]) * _JONG + parts[2])


def corrupt(text: str, rate: float, rng: random.Random | None = None) -> str:
    """The text with about `rate` of its characters (spaces aside) wrong, and its spacing
    slipping as much as Whisper's does at that rate."""
    rng = rng or random.Random()
    if rate <= 0:
        return text
    out: list[str] = []
    for ch in text:
        if ch == " ":
            if rng.random() >= rate * 0.58:  # a space missed: words run together
                out.append(ch)
            continue
        r = rng.random()
        if r >= rate:
            out.append(ch)
        elif r < rate * 0.88:
            out.append(misheard(ch, rng) if is_syllable(ch) else ch)
        elif r < rate * 0.94:
            continue  # dropped
        else:
            out.append(ch + rng.choice(_ADDED))
        if rng.random() < rate * 0.24:
            out.append(" ")  # a word split
    return "".join(out).strip() or text
