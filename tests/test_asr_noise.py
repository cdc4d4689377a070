"""The simulated recognition errors that train and measure the classifier: at the rate
asked, and of the kinds Whisper makes on Korean phone speech (scripts/whisper_errors.py)."""

from __future__ import annotations

import random

import jiwer
import pytest

from nlu import dataset
from nlu.asr_noise import corrupt, is_syllable, jamo, misheard


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [e.text for e in dataset.answers("test")]


@pytest.mark.parametrize("rate", [0.1, 0.2, 0.3])
def test_the_character_error_rate_is_the_one_asked_for(texts: list[str], rate: float) -> None:
    rng = random.Random(5)
    refs = [t.replace(" ", "") for t in texts]
    hyps = [corrupt(t, rate, rng).replace(" ", "") for t in texts]
    out = jiwer.process_characters(refs, hyps)
    errors = out.substitutions + out.deletions + out.insertions
    cer = errors / sum(len(r) for r in refs)
    assert rate - 0.025 <= cer <= rate + 0.01
    # Whisper mostly hears another syllable; it seldom drops or adds one.
    assert out.substitutions / errors > 0.8
    assert out.deletions / errors < 0.12 and out.insertions / errors < 0.12


def test_a_misheard_syllable_is_another_syllable_mostly_one_jamo_off() -> None:
    rng = random.Random(1)
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4, 97)]
    differing = []
    for ch in syllables * 5:
        out = misheard(ch, rng)
        assert is_syllable(out) and out != ch
        differing.append(sum(a != b for a, b in zip(jamo(ch), jamo(out), strict=True)))
    one = differing.count(1) / len(differing)
    assert 0.6 < one < 0.8
    assert differing.count(3) / len(differing) < 0.1


def test_the_same_seed_gives_the_same_transcript_and_no_rate_none(texts: list[str]) -> None:
    sample = texts[:50]
    assert [corrupt(t, 0.2, random.Random(9)) for t in sample] == [corrupt(t, 0.2, random.Random(9)) for t in sample]
    assert [corrupt(t, 0.0) for t in sample] == sample
    assert all(corrupt(t, 0.3, random.Random(2)).strip() for t in sample)


def test_frequent_confusions_are_the_ones_heard_on_the_phone() -> None:
    rng = random.Random(4)
    heard = {misheard("내", rng) for _ in range(400)}
    assert "네" in heard  # ㅐ/ㅔ, the commonest vowel confusion
    heard = {misheard("는", rng) for _ in range(400)}
    assert "은" in heard  # ㄴ/ㅇ, the commonest initial one
