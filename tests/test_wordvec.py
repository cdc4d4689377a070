"""Lemma vectors: learned reproducibly from unlabelled text, read as one unit vector per
sentence, carried inside the shipped model file."""

import numpy as np
import pytest

from nlu.dataset import Example
from nlu.labels import NEEDS
from nlu.ngram import NgramClassifier
from nlu.pipeline import load_classifier
from nlu.wordvec import LemmaVectors, ngram_buckets
from tests.conftest import ROOT

CORPUS = [f"{who} {what}" for who in ("요즘 저는", "우리 엄마는", "동생이", "옆집 할머니가", "친구가")
          for what in ("너무 우울해요", "많이 외로워요", "잠을 못 자요", "밥을 잘 먹어요", "돈이 없어요",
                       "일자리를 잃었어요", "기분이 좋아요", "병원에 다녀요")] * 4


@pytest.fixture(scope="module")
def vectors():
    return LemmaVectors.train(CORPUS, dim=16, epochs=3, min_count=2, buckets=500)


def test_training_is_reproducible(vectors):
    again = LemmaVectors.train(CORPUS, dim=16, epochs=3, min_count=2, buckets=500)
    assert again.words == vectors.words
    assert np.array_equal(again.matrix, vectors.matrix) and np.array_equal(again.ngrams, vectors.ngrams)


@pytest.mark.parametrize("word", ["우울/N", "업/V", "뭐라카노/N", "a", "하/X"])
def test_ngram_rows_are_the_ones_gensim_trained(word):
    from gensim.models.fasttext import ft_ngram_hashes

    assert ngram_buckets(word, 20_000) == list(ft_ngram_hashes(word, 1, 3, 20_000))


def test_a_lemma_never_seen_gets_the_mean_of_its_ngram_vectors(vectors):
    assert "서럽/V" not in vectors.index
    rows = ngram_buckets("서럽/V", len(vectors.ngrams))
    expected = vectors.ngrams[rows].astype(np.float32).mean(axis=0)
    assert np.allclose(vectors.vector("서럽/V"), expected) and expected.any()


def test_a_sentence_is_the_unit_mean_of_its_content_lemmas(vectors):
    out = vectors.transform(["너무 우울해요", "", "!!!", "zzqx", "서러워요"])
    assert out.shape == (5, 16) and out.dtype == np.float32
    assert np.isclose(np.linalg.norm(out[0]), 1.0, atol=1e-3)
    # No content lemma (symbols, foreign letters): nothing, rather than noise.
    assert not out[1:4].any()
    assert np.isclose(np.linalg.norm(out[4]), 1.0, atol=1e-3)
    lemmas = ["너무/M", "우울/N", "하/X"]  # 너무 우울해요 -> 너무/MAG 우울/NNG 하/XSA 어요/EF
    mean = vectors.matrix[[vectors.index[w] for w in lemmas]].astype(np.float32).mean(axis=0)
    assert np.allclose(out[0], mean / np.linalg.norm(mean), atol=1e-3)


# The toy rows carry no risks and one need: sklearn warns that those heads learn "never".
@pytest.mark.filterwarnings("ignore:Label not:UserWarning")
def test_the_intent_and_mental_health_read_vectors_beside_ngrams_and_the_model_keeps_them_when_saved(
        vectors, tmp_path):
    rows = [Example(t, "no" if "좋아요" in t else "other",
                    ("mental_health",) if "우울" in t or "잠" in t else ("food",) if "밥" in t else ())
            for t in CORPUS]
    model = NgramClassifier(vectors=vectors).fit(rows)
    assert model.name == "wordvec"
    ngrams = len(model.vectorizer.vocabulary_)
    assert model.intent_model.coef_.shape[1] == ngrams + 16
    assert model.vector_need_models["mental_health"].coef_.shape[1] == ngrams + 16
    assert model.need_model.estimators_[NEEDS.index("food")].coef_.shape[1] == ngrams
    assert NgramClassifier().fit(rows).vector_need_models == {}  # the baseline reads n-grams only
    # mental_health's probability is the vector head's; food's is the n-grams' alone.
    texts = ["동생이 너무 우울해요", "친구가 밥을 잘 먹어요"]
    p = model.need_probabilities(texts)
    xv = model.with_vectors(model.vectorizer.transform(texts), texts)
    assert np.allclose(p[:, NEEDS.index("mental_health")],
                       model.vector_need_models["mental_health"].predict_proba(xv)[:, 1])
    assert np.allclose(p[:, NEEDS.index("food")], model.need_model.predict_proba(model.vectorizer.transform(texts))[
        :, NEEDS.index("food")])
    model.save(tmp_path / "wordvec.npz")
    clf = load_classifier(tmp_path, "wordvec")
    assert clf.name == "wordvec+rules"
    assert clf.predict(["동생이 너무 우울해요"])[0].needs == ["mental_health"]
    assert np.array_equal(clf.model.vectors.matrix, vectors.matrix)


def test_the_shipped_vectors_place_words_near_words_used_alike():
    model = load_classifier(ROOT / "nlu" / "models", "wordvec").model
    assert model.vectors is not None and len(model.vectors.words) > 10_000
    # Near "우울" (depressed) by use in movie reviews: gloomy, sullen, depression.
    assert {"암울/N", "암울/X", "침울/X", "울적/X", "우울감/N"} & set(model.vectors.nearest("우울/N", 5))


def test_kiwi_analyses_a_batch_once_for_the_vectors_and_the_rules():
    from nlu.lemmas import analyse, lemma_strings

    batch = ["너무 우울해요", "밥은 잘 먹어요"]
    first = analyse(batch)
    assert analyse(list(batch)) is first  # the rules' pass reuses the vectors' analysis
    assert lemma_strings(batch)[1].startswith("밥/NNG")
    assert analyse(["다른 문장이에요"]) is not first
