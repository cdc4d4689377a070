"""Transcripts corrupted the way Whisper corrupts Korean, at a chosen character error rate.

Whisper base on Korean phone speech gets 10% (clear read speech) to 30% (spontaneous
speech on a phone line) of the characters wrong. The errors are mostly near misses in
sound: a tense or aspirated consonant for a plain one (ㄱ/ㄲ/ㅋ), vowels that merged in
speech (ㅐ/ㅔ, ㅓ/ㅗ, ㅜ/ㅡ), a final consonant dropped or swapped (ㄴ/ㅇ/ㅁ); then
syllables dropped or doubled, and words run together or split. A model trained and
measured on such text does not depend on a perfect transcript."""

from __future__ import annotations

import random

_BASE, _JUNG, _JONG = 0xAC00, 21, 28
_CHO_CONFUSIONS = [(0, 1, 15), (3, 4, 16), (7, 8, 17), (9, 10), (12, 13, 14), (2, 5), (11, 18)]
_JUNG_CONFUSIONS = [(1, 5), (3, 7), (4, 8), (13, 18), (10, 11, 15), (6, 12), (19, 20)]
_JONG_CONFUSIONS = [(0, 4, 21), (4, 16, 21), (1, 24, 0), (7, 19, 20), (17, 26, 0), (8, 0)]
_FILLERS = "어음네요그"


def _confusable(groups: list[tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
    out: dict[int, tuple[int, ...]] = {}
    for group in groups:
        for j in group:
            out[j] = tuple(sorted({*out.get(j, ()), *(k for k in group if k != j)}))
    return out


_CHO, _JUNG_MAP, _JONG_MAP = _confusable(_CHO_CONFUSIONS), _confusable(_JUNG_CONFUSIONS), _confusable(_JONG_CONFUSIONS)


def is_syllable(ch: str) -> bool:
    return 0xAC00 <= ord(ch) <= 0xD7A3


def misheard(ch: str, rng: random.Random) -> str:
    """One syllable as Whisper might mishear it: one of its three jamo swapped."""
    code = ord(ch) - _BASE
    cho, jung, jong = code // (_JUNG * _JONG), code // _JONG % _JUNG, code % _JONG
    for _ in range(4):
        slot = rng.choice(("cho", "jung", "jong"))
        table, value = {"cho": (_CHO, cho), "jung": (_JUNG_MAP, jung), "jong": (_JONG_MAP, jong)}[slot]
        options = table.get(value)
        if options:
            new = rng.choice(options)
            cho, jung, jong = (new, jung, jong) if slot == "cho" else (cho, new, jong) if slot == "jung" else (
                cho, jung, new)
            return chr(_BASE + (cho * _JUNG + jung) * _JONG + jong)
    return chr(_BASE + rng.randrange(11172))


def corrupt(text: str, rate: float, rng: random.Random | None = None) -> str:
    """The text with about `rate` of its characters (spaces aside) wrong, plus spacing slips."""
    rng = rng or random.Random()
    if rate <= 0:
        return text
    out: list[str] = []
    for ch in text:
        if ch == " ":
            if rng.random() >= rate * 0.5:  # words run together
                out.append(ch)
            continue
        r = rng.random()
        if r >= rate:
            out.append(ch)
        elif r < rate * 0.7:
            out.append(misheard(ch, rng) if is_syllable(ch) else ch)
        elif r < rate * 0.9:
            continue  # dropped
        else:
            out.append(ch + rng.choice(_FILLERS))  # an extra syllable
        if out and rng.random() < rate * 0.05:
            out.append(" ")  # a word split
    return "".join(out).strip() or text
