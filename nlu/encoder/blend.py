"""The fine-tuned encoder and the lemma-vector n-gram model, together.

The two read an answer differently: the encoder by its meaning in context, learned from
100 languages; the n-grams by its very words, and the lemma vectors by words that mean
alike in Korean reviews. Their intent and need probabilities are averaged (the weight
chosen out of fold); a risk counts when either is confident of it. Thresholds are the
ones chosen out of fold for the blend (nlu/encoder/tuning.py)."""

from __future__ import annotations

import numpy as np

from nlu.encoder.classifier import EncoderClassifier, decide
from nlu.encoder.network import N_INTENTS, N_NEEDS
from nlu.labels import RISKS
from nlu.lexical import LexicalModel
from nlu.prediction import Prediction


def blend(encoder: np.ndarray, ngram: np.ndarray, weight: float) -> np.ndarray:
    out = weight * encoder + (1 - weight) * ngram
    risks = slice(N_INTENTS + N_NEEDS, N_INTENTS + N_NEEDS + len(RISKS))
    out[:, risks] = np.maximum(encoder[:, risks], ngram[:, risks])
    return out


class BlendClassifier:
    name = "e5+wordvec"

    def __init__(self, encoder: EncoderClassifier, ngram: LexicalModel, weight: float,
                 need_threshold: float | np.ndarray, risk_thresholds: dict[str, float]) -> None:
        self.encoder, self.ngram, self.weight = encoder, ngram, weight
        self.need_threshold = need_threshold
        self.risk_thresholds = np.array([risk_thresholds[r] for r in RISKS], np.float32)

    def predict(self, texts: list[str]) -> list[Prediction]:
        if not texts:
            return []
        p = blend(self.encoder.probabilities(texts), self.ngram.probabilities(texts), self.weight)
        return decide(p, self.need_threshold, self.risk_thresholds)
