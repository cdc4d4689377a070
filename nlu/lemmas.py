"""Kiwi morphological analysis shared by the safety rules, the cues and the lemma vectors:
one analyser per process (it takes a second to load), one analysis per batch,
and one form for rules to match: "죽고 싶었는데" -> "죽/VV 고/EC 싶/VX 었/EP 는데/EC".
Regional endings are put in standard form first (nlu/dialect.py): "죽고 잡어" -> 죽/VV 고/EC 싶/VX."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from kiwipiepy import Kiwi, Token

from nlu.dialect import standard

# "...는데", "...지만", punctuation: a negation or a denial holds only inside its clause.
# Kiwi reads some "-는데" as ETM + 데/NNB; that 데 is the noun "place" ("아픈 데(는) 없어요")
# when a particle or 없다/있다 follows it.
_CLAUSE_SPLIT = re.compile(r"(는데/EC|지만/EC|ㄴ데/EC|은데/EC|데/EC|(?:는|은|ᆫ)/ETM 데/NNB(?! \S+/J| (?:없|있)/V)"
                           r"|,/SP|\./SF|\?/SF|!/SF|…/SE)")


_kiwi: list[Kiwi] = []
_kiwi_lock = threading.Lock()


def kiwi() -> Kiwi:
    # Under a lock, not functools.cache: a second caller while the first is still loading
    # would load a second analyser. Its first analysis takes seconds more (the model is read
    # lazily): done here, so that it is part of the load.
    with _kiwi_lock:
        if not _kiwi:
            # Without the multi-word dictionary of proper nouns (titles, names): loading it is
            # 1.5 s of every start-up, and where it matters it reads a phrase as one noun
            # ("부치지 못한 편지"/NNP), hiding its words from the rules and the models. It
            # changed 2 of the 13,922 labelled texts, both chat evaluation rows (BENCHMARKS.md).
            analyser = Kiwi(load_multi_dict=False)
            analyser.tokenize("요즘 잠을 잘 못 자요")
            _kiwi.append(analyser)
    return _kiwi[0]


def preload() -> threading.Thread:
    """Loads the analyser in the background, so that it is ready before the first text
    comes. Kiwi holds the GIL while it loads, so this overlaps torch's import and the
    model load very little (BENCHMARKS.md): it is part of the start-up, not hidden by it."""
    thread = threading.Thread(target=kiwi, name="kiwi-load", daemon=True)
    thread.start()
    return thread


def analyse(texts: list[str]) -> list[list[Token]]:
    """Kiwi's tokens for each text. The classifier reads a batch twice, the model's lemma
    vectors first and the rules after; the last batch is kept so Kiwi runs once for both."""
    return _analysed(tuple(texts))


@lru_cache(maxsize=1)
def _analysed(texts: tuple[str, ...]) -> list[list[Token]]:
    return list(kiwi().tokenize([standard(t) for t in texts]))


def lemma_strings(texts: list[str]) -> list[str]:
    return [" ".join(f"{t.form}/{t.tag}" for t in tokens) for tokens in analyse(texts)]


def clauses(lemma: str) -> list[str]:
    return _CLAUSE_SPLIT.split(lemma)
