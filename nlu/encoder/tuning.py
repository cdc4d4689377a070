"""Thresholds chosen out of fold: each row is scored by a model that never saw it.

Risks: the highest recall on the risk rows whose everyday-chat flag rate stays within
the budget (ties go to the higher threshold, which flags fewer other rows). Needs: one
threshold, the best micro-F1 on the rows labelled for needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold

from nlu.dataset import Example
from nlu.encoder.network import N_INTENTS, N_NEEDS
from nlu.encoder.training import RISK_ONLY
from nlu.labels import NEEDS, RISKS

# The model's share of the 2% of everyday chat a screening may flag (the rules take theirs).
CHAT_BUDGET = {"suicide": 0.006, "abuse": 0.002, "medical_emergency": 0.002}
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


@dataclass(frozen=True)
class Thresholds:
    need: float
    risks: dict[str, float]


def out_of_fold(examples: list[Example], folds: int, fit_predict: Callable[[list[Example], list[Example], int],
                                                                              np.ndarray]) -> np.ndarray:
    """Probabilities for every row from a model trained on the other folds (grouped by
    phrase, so a phrase's variants never sit on both sides)."""
    groups = [e.fold_group for e in examples]
    probs: np.ndarray | None = None
    for k, (train, test) in enumerate(GroupKFold(n_splits=folds).split(examples, groups=groups)):
        fold = fit_predict([examples[i] for i in train], [examples[i] for i in test], k)
        if probs is None:
            probs = np.zeros((len(examples), fold.shape[1]), np.float32)
        probs[test] = fold
    assert probs is not None
    return probs


def choose(examples: list[Example], probs: np.ndarray) -> Thresholds:
    chat = np.array([e.source == "chatbot" for e in examples])
    risks = {}
    for j, risk in enumerate(RISKS):
        score = probs[:, N_INTENTS + N_NEEDS + j]
        positive = np.array([risk in e.risks for e in examples])
        best = (-1.0, 0.5)
        for t in GRID:
            if chat.any() and (score[chat] >= t).mean() > CHAT_BUDGET[risk]:
                continue
            recall = (score[positive] >= t).mean() if positive.any() else 0.0
            if recall >= best[0]:
                best = (recall, float(t))
        risks[risk] = best[1]
    need_rows = np.array([e.source not in RISK_ONLY for e in examples])
    truth = np.array([[n in e.needs for n in NEEDS] for e in examples])[need_rows]
    need_scores = probs[need_rows, N_INTENTS:N_INTENTS + N_NEEDS]
    need = max(GRID[(GRID >= 0.2) & (GRID <= 0.8)], key=lambda t: (micro_f1(truth, need_scores >= t), -abs(t - 0.5)))
    return Thresholds(float(need), risks)


def micro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = (truth & pred).sum()
    denom = truth.sum() + pred.sum()
    return float(2 * tp / denom) if denom else 1.0
