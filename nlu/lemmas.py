"""Kiwi morphological analysis shared by the safety rules and the need cues: one
analyser per process (it takes a second to load and 100 MB), and one form for rules
to match: "죽고 싶었는데" -> "죽/VV 고/EC 싶/VX 었/EP 는데/EC"."""

from __future__ import annotations

import re
from functools import cache

from kiwipiepy import Kiwi

# "...는데", "...지만", punctuation: a negation or a denial holds only inside its clause.
_CLAUSE_SPLIT = re.compile(r"(는데/EC|지만/EC|ㄴ데/EC|은데/EC|데/EC|,/SP|\./SF|\?/SF|!/SF|…/SE)")


@cache
def kiwi() -> Kiwi:
    return Kiwi()


def lemma_strings(texts: list[str]) -> list[str]:
    return [" ".join(f"{t.form}/{t.tag}" for t in tokens) for tokens in kiwi().tokenize(texts)]


def clauses(lemma: str) -> list[str]:
    return _CLAUSE_SPLIT.split(lemma)
