"""Character n-grams with linear models: the baseline, and a fast classifier on its own."""

from __future__ import annotations

from pathlib import Path

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from nlu.dataset import Example
from nlu.labels import NEEDS, RISKS
from nlu.prediction import Prediction


class NgramClassifier:
    name = "ngram"

    # The need threshold is chosen by cross-validation on the training rows alone:
    # `python scripts/tune_nlu.py` (figures in BENCHMARKS.md).
    def __init__(self, threshold: float = 0.6) -> None:
        self.threshold = threshold
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=2)
        self.intent_model = LogisticRegression(max_iter=2000, C=8.0, class_weight="balanced")
        self.need_bin = MultiLabelBinarizer(classes=list(NEEDS))
        self.risk_bin = MultiLabelBinarizer(classes=list(RISKS))
        self.need_model = OneVsRestClassifier(LogisticRegression(max_iter=2000, C=8.0, class_weight="balanced"))
        # Risks are also caught by the safety rules; the model only adds what they miss,
        # so it must be sure: no class re-weighting and a high threshold.
        self.risk_model = OneVsRestClassifier(LogisticRegression(max_iter=2000, C=4.0))
        self.risk_threshold = 0.6

    def fit(self, examples: list[Example]) -> NgramClassifier:
        x = self.vectorizer.fit_transform([e.text for e in examples])
        self.intent_model.fit(x, [e.intent for e in examples])
        self.need_model.fit(x, self.need_bin.fit_transform([e.needs for e in examples]))
        self.risk_model.fit(x, self.risk_bin.fit_transform([e.risks for e in examples]))
        return self

    def need_probabilities(self, texts: list[str]) -> np.ndarray:
        return self.need_model.predict_proba(self.vectorizer.transform(texts))

    def predict(self, texts: list[str]) -> list[Prediction]:
        if not texts:
            return []
        x = self.vectorizer.transform(texts)
        intent_p = self.intent_model.predict_proba(x)
        need_p = self.need_model.predict_proba(x)
        risk_p = self.risk_model.predict_proba(x)
        out = []
        for i in range(len(texts)):
            best = int(np.argmax(intent_p[i]))
            out.append(Prediction(
                intent=str(self.intent_model.classes_[best]), confidence=round(float(intent_p[i, best]), 4),
                needs=[n for n, p in zip(NEEDS, need_p[i], strict=True) if p >= self.threshold],
                risks=[r for r, p in zip(RISKS, risk_p[i], strict=True) if p >= self.risk_threshold],
            ))
        return out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path)

    @staticmethod
    def load(path: Path) -> NgramClassifier:
        return joblib.load(path)
