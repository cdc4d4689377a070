"""The lexical model: syllable and letter (jamo) n-grams, learned from rows and copies of
them misheard as Whisper mishears Korean (nlu/ngram.py)."""

import random

import numpy as np
import pytest

from nlu.asr_noise import corrupt
from nlu.dataset import Example
from nlu.lexical import LexicalModel, char_wb_ngrams
from nlu.ngram import NgramClassifier, letters, noisy_copies

YES = ["네", "예", "네 맞아요", "맞습니다", "그렇습니다", "있어요", "그럼요", "예 그래요", "물론이죠", "있었어요"]
NO = ["아니요", "아뇨", "없어요", "없습니다", "아니에요", "괜찮습니다", "전혀요", "안 그래요", "없었어요", "아닙니다"]
FILLERS = ["", "음 ", "어 ", "아이고 ", "저기 "]
ROWS = [Example(f + t, intent) for intent, phrases in (("yes", YES), ("no", NO)) for t in phrases for f in FILLERS]


def test_letters_gives_each_syllable_its_initial_vowel_and_final():
    assert letters("없어요") == "\u110b\u1165\u11b9\u110b\u1165\u110b\u116d"  # ㅇㅓㅄ ㅇㅓ ㅇㅛ
    # An initial and a final consonant are different letters: ㅇ-initial is not ㅇ-final.
    assert letters("아")[0] != letters("앙")[-1]
    assert letters("Yes 네") == "yes " + letters("네")


def test_noisy_copies_keep_the_rows_and_their_labels():
    rows = [Example("요즘 밥을 거의 못 먹어요", "other", ("food",)), Example("아니요 괜찮습니다", "no")]
    out = noisy_copies(rows, 3, seed=5)
    assert out[:2] == rows and len(out) == 8
    assert [(e.intent, e.needs) for e in out[2:]] == [(e.intent, e.needs) for e in rows] * 3
    assert any(e.text != rows[i % 2].text for i, e in enumerate(out[2:]))
    assert noisy_copies(rows, 3, seed=5) == out  # the same copies every run


@pytest.mark.filterwarnings("ignore:Label not:UserWarning")
def test_letters_and_misheard_copies_read_misheard_answers_better():
    """Yes and no, each misheard at CER 0.3 (the rows' phrases, not seen misheard in
    training): the model of letters and misheard copies gets more of them right than the
    syllable n-grams of clean rows, and nine in ten."""
    rng = random.Random(11)
    heard = [(corrupt(e.text, 0.3, rng), e.intent) for e in ROWS for _ in range(3)]
    heard = [(t, i) for t, i in heard if t not in {e.text for e in ROWS}]
    plain = NgramClassifier().fit(ROWS)
    robust = NgramClassifier(jamo=True, copies=6, seed=3).fit(ROWS)

    def right(model):
        return sum(p.intent == i for p, (_, i) in zip(model.predict([t for t, _ in heard]), heard, strict=True))

    assert len(heard) > 100
    # 246 and 233 of 259 when written
    assert right(robust) > right(plain) and right(robust) >= 0.9 * len(heard), (right(robust), right(plain))


def test_ngrams_are_cut_as_scikit_learn_cuts_them():
    from sklearn.feature_extraction.text import TfidfVectorizer

    for low, high in ((1, 4), (2, 5)):
        analyse = TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high), lowercase=False).build_analyzer()
        for text in ("네", "아니 없어요  전혀\t요", "", "   ", "a bc def", letters("없어요 네")):
            assert char_wb_ngrams(text, low, high) == analyse(text), (text, low, high)


# The toy rows carry no needs or risks: scikit-learn warns that those heads learn "never".
@pytest.mark.filterwarnings("ignore:Label not:UserWarning")
def test_the_exported_model_gives_scikit_learns_probabilities_and_the_file_keeps_them(tmp_path):
    """The model runs without scikit-learn (nlu/lexical.py): the same probabilities, here
    with two intents (one logit) and heads that learnt a constant, and from the file (its
    weights float16, which fit() rounded to) the same decisions."""
    model = NgramClassifier(jamo=True).fit(ROWS)
    texts = [e.text for e in ROWS] + ["네네 맞아요", "아니 없어요 전혀", "", "zzz", "업어요"]
    x = model.vectorizer.transform(texts)
    intent, needs, risks = model.exported().label_probabilities(texts)
    assert model.exported().classes == ["no", "yes"]
    assert np.allclose(intent, model.intent_model.predict_proba(x), rtol=0, atol=1e-12)
    assert np.allclose(needs, model.need_model.predict_proba(x), rtol=0, atol=1e-12)
    assert np.allclose(risks, model.risk_model.predict_proba(x), rtol=0, atol=1e-12)
    assert model.predict(texts)[-1].intent in ("yes", "no")

    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as stored:
        assert stored["intent_coef"].dtype == np.float16 and stored["idf1"].dtype == np.float16
    loaded = LexicalModel.load(tmp_path / "m.npz")
    assert loaded.predict(texts) == model.predict(texts)
    assert np.array_equal(loaded.probabilities(texts), model.exported().probabilities(texts))
