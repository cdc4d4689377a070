"""Character n-grams with linear models: the baseline on its own, and with lemma vectors
(nlu/wordvec.py) beside the n-grams for the intent and for mental_health, the lexical half
of the shipped blend.

Misheard Korean is mostly one letter off in a syllable ("없어요" -> "업어요", "네" -> "내"):
a syllable n-gram is then lost whole, while n-grams over the letters (jamo) keep most of
what they matched. The shipped model reads both, and learns from each training row and
copies of it corrupted as Whisper corrupts Korean (nlu/asr_noise.py).

This trains with scikit-learn; what runs is the export (nlu/lexical.py), in numpy."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer

from nlu.asr_noise import corrupt
from nlu.dataset import Example
from nlu.labels import NEEDS, RISKS
from nlu.lexical import Heads, LexicalModel, NgramBlock, letters
from nlu.prediction import Prediction
from nlu.wordvec import LemmaVectors

# Distress is said in a wide vocabulary of feelings and images ("수렁에 빠진 기분",
# "마음이 찢어져요") that word vectors bring together. The other needs turn on what is said
# of a thing ("밥은 잘 먹어요" vs "밥을 못 먹어요"), which a mean of word vectors blurs:
# with vectors in every need head the held-out answers' needs got worse. Chosen by
# cross-validation on the training rows (BENCHMARKS.md).
VECTOR_NEEDS = ("mental_health",)
# The character error rates of the corrupted copies, drawn per copy: harsher than phone
# speech (0.1 to 0.3), which gave the blend a little more at every rate than 0.05-0.35 did.
NOISE_RATES = (0.1, 0.5)


def noisy_copies(examples: list[Example], copies: int, seed: int = 13) -> list[Example]:
    """The rows, then `copies` corrupted copies of each (nlu/asr_noise.py)."""
    rng = random.Random(seed)
    return examples + [replace(e, text=corrupt(e.text, rng.uniform(*NOISE_RATES), rng))
                       for _ in range(copies) for e in examples]


class NgramClassifier:
    # The need threshold is chosen by cross-validation on the training rows alone:
    # `python scripts/tune_nlu.py` (figures in BENCHMARKS.md).
    def __init__(self, threshold: float = 0.6, vectors: LemmaVectors | None = None, jamo: bool = False,
                 copies: int = 0, seed: int = 13) -> None:
        self.threshold = threshold
        self.vectors = vectors
        self.copies, self.seed = copies, seed
        self.learned_wellness_eval = False  # set by scripts/train_nlu.py for the shipped models
        # With corrupted copies, an n-gram seen in fewer rows than that is one of the corruptions.
        min_df = 5 if copies else 2
        syllables = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=min_df)
        self.vectorizer: TfidfVectorizer | FeatureUnion = syllables
        if jamo:
            jamo_grams = TfidfVectorizer(analyzer="char_wb", preprocessor=letters, ngram_range=(2, 5),
                                         sublinear_tf=True, min_df=min_df)
            # Each block has length 1 per row; weighed so that the two together do too.
            self.vectorizer = FeatureUnion([("syllables", syllables), ("jamo", jamo_grams)],
                                           transformer_weights={"syllables": 0.5 ** 0.5, "jamo": 0.5 ** 0.5})
        self.intent_model = LogisticRegression(max_iter=2000, C=8.0, class_weight="balanced")
        self.need_bin = MultiLabelBinarizer(classes=list(NEEDS))
        self.risk_bin = MultiLabelBinarizer(classes=list(RISKS))
        self.need_model = OneVsRestClassifier(LogisticRegression(max_iter=2000, C=8.0, class_weight="balanced"))
        self.vector_need_models: dict[str, LogisticRegression] = {}
        # Risks are also caught by the safety rules; the model only adds what they miss,
        # so it must be sure: no class re-weighting and a high threshold.
        self.risk_model = OneVsRestClassifier(LogisticRegression(max_iter=2000, C=4.0))
        self.risk_threshold = 0.6

    @property
    def name(self) -> str:
        return "wordvec" if self.vectors else "ngram"

    def with_vectors(self, x: sp.csr_matrix, texts: list[str]) -> sp.csr_matrix:
        """The n-grams and, when the model has them, the lemma vectors beside them: what the
        intent and VECTOR_NEEDS read. Both blocks have length 1 per row, so neither drowns
        the other."""
        return sp.hstack([x, sp.csr_matrix(self.vectors.transform(texts))]).tocsr() if self.vectors else x

    def fit(self, examples: list[Example]) -> NgramClassifier:
        if self.copies:
            examples = noisy_copies(examples, self.copies, self.seed)
        texts = [e.text for e in examples]
        x = self.vectorizer.fit_transform(texts)
        xv = self.with_vectors(x, texts)
        self.intent_model.fit(xv, [e.intent for e in examples])
        needs = self.need_bin.fit_transform([e.needs for e in examples])
        self.need_model.fit(x, needs)
        self.vector_need_models = {}
        for need in VECTOR_NEEDS if self.vectors else ():
            y = needs[:, NEEDS.index(need)]
            if 0 < y.sum() < len(y):  # a head needs both classes; otherwise the n-grams' stands
                model = LogisticRegression(max_iter=2000, C=8.0, class_weight="balanced")
                self.vector_need_models[need] = model.fit(xv, y)
        self.risk_model.fit(x, self.risk_bin.fit_transform([e.risks for e in examples]))
        self._round_to_float16()
        self._exported = None
        return self

    def _round_to_float16(self) -> None:
        """The linear models' weights and the n-grams' idf rounded to float16, which the file
        keeps (half its size): the saved model decides exactly as this one."""
        for model in (self.intent_model, *self.need_model.estimators_, *self.vector_need_models.values(),
                      *self.risk_model.estimators_):
            if hasattr(model, "coef_"):
                model.coef_ = model.coef_.astype(np.float16).astype(np.float32)
        blocks = [t for _, t in self.vectorizer.transformer_list] if isinstance(self.vectorizer, FeatureUnion) \
            else [self.vectorizer]
        for block in blocks:
            block.idf_ = block.idf_.astype(np.float16).astype(np.float32)

    def predict(self, texts: list[str]) -> list[Prediction]:
        return self.exported().predict(texts)

    def need_probabilities(self, texts: list[str]) -> np.ndarray:
        return self.exported().need_probabilities(texts)

    def exported(self) -> LexicalModel:
        """export(), made once per fit: the trainer judges as the saved model will."""
        if getattr(self, "_exported", None) is None:
            self._exported = self.export()
        return self._exported

    def export(self) -> LexicalModel:
        """The model as it runs, without scikit-learn (nlu/lexical.py)."""
        union = self.vectorizer.transformer_list if isinstance(self.vectorizer, FeatureUnion) \
            else [("syllables", self.vectorizer)]
        weights = getattr(self.vectorizer, "transformer_weights", None) or {}
        blocks = [NgramBlock(dict(t.vocabulary_), np.asarray(t.idf_, np.float32), *t.ngram_range,
                             jamo=t.preprocessor is letters, weight=float(weights.get(name, 1.0)))
                  for name, t in union]
        n_features = sum(len(b.vocabulary) for b in blocks)
        return LexicalModel(
            self.name, blocks, self.vectors, [str(c) for c in self.intent_model.classes_],
            _intent_heads(self.intent_model), _stacked(self.need_model.estimators_, n_features),
            {need: _stacked([m], n_features + self.vectors.dim) for need, m in self.vector_need_models.items()},
            _stacked(self.risk_model.estimators_, n_features), self.threshold, self.risk_threshold,
            self.learned_wellness_eval)

    def save(self, path: Path) -> None:
        """The exported model (nlu/lexical.py)."""
        self.export().save(path)


def _intent_heads(model: LogisticRegression) -> Heads:
    coef, intercept = model.coef_.astype(np.float32), np.asarray(model.intercept_, np.float64)
    if len(model.classes_) == 2:  # one logit; as a softmax over [0, z] it gives [1 - p, p]
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    return Heads(coef, intercept)


def _stacked(estimators: list, n_features: int) -> Heads:
    """One binary head per estimator; a label constant in training (scikit-learn's
    _ConstantPredictor) as an infinite intercept."""
    coef = np.zeros((len(estimators), n_features), np.float32)
    intercept = np.zeros(len(estimators), np.float64)
    for i, model in enumerate(estimators):
        if hasattr(model, "coef_"):
            coef[i], intercept[i] = model.coef_[0], model.intercept_[0]
        else:
            intercept[i] = np.inf if float(np.ravel(model.y_)[0]) else -np.inf
    return Heads(coef, intercept)
