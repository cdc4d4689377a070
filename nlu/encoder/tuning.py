"""Thresholds chosen out of fold: each row is scored by a model that never saw it.

Risks: the lowest threshold whose flag rates stay within two budgets, on everyday chat
and on the screening answers that tell of no risk: a resident at risk must not be
missed, and the budgets say what that may cost (never below 0.2, where the model's
guesses are noise). The second budget matters as much: an answer about a cut-off gas bill
read as a medical emergency opens an urgent case an officer must clear the same day.
Needs: one threshold, the best micro-F1 on the rows labelled for needs; then each need's
own, the best F1 of that need within 0.15 of the common one (a need said in few rows
does not drift far on their noise)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from nlu.dataset import Example
from nlu.encoder.network import N_INTENTS, N_NEEDS
from nlu.encoder.training import RISK_ONLY
from nlu.labels import NEEDS, RISKS

# The model's share of the 2% of everyday chat a screening may flag (the rules take theirs).
CHAT_BUDGET = {"suicide": 0.006, "abuse": 0.002, "medical_emergency": 0.002}
# The model's share of risk-free screening answers it may flag: 1% in all.
ANSWERS_BUDGET = {"suicide": 0.004, "abuse": 0.003, "medical_emergency": 0.003}
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)
RISK_FLOOR = 0.2
NEED_SPREAD = 0.15


@dataclass(frozen=True)
class Thresholds:
    need: float
    risks: dict[str, float]
    weight: float = 1.0  # the encoder's share of the blend (nlu/encoder/blend.py)
    needs: dict[str, float] = field(default_factory=dict)  # each need's own, near `need`


def out_of_fold(examples: list[Example], folds: int,
                fit_predict: Callable[[list[Example], list[Example], int], list[np.ndarray]],
                cache: Path | None = None) -> list[np.ndarray]:
    """Probabilities for every row from models trained on the other folds (grouped by
    phrase, so a phrase's variants never sit on both sides); one array per model. With a
    cache folder, a fold already computed for these very rows is read back, not retrained
    (an interrupted run picks up where it stopped)."""
    groups = [e.fold_group for e in examples]
    probs: list[np.ndarray] = []
    signature = hashlib.sha1("\n".join(row_key(e) for e in examples).encode()).hexdigest()[:12]
    for k, (train, test) in enumerate(GroupKFold(n_splits=folds).split(examples, groups=groups)):
        saved = cache / f"fold-{signature}-{k}-of-{folds}.npz" if cache else None
        if saved is not None and saved.exists():
            fold = list(np.load(saved)["probs"])
        else:
            fold = fit_predict([examples[i] for i in train], [examples[i] for i in test], k)
            if saved is not None:
                saved.parent.mkdir(parents=True, exist_ok=True)
                np.savez(saved, probs=np.stack(fold))
        if not probs:
            probs = [np.zeros((len(examples), f.shape[1]), np.float32) for f in fold]
        for whole, part in zip(probs, fold, strict=True):
            whole[test] = part
    return probs


def choose_blend(examples: list[Example], encoder: np.ndarray, ngram: np.ndarray) -> Thresholds:
    """The encoder's share of the blend by the out-of-fold intent macro-F1 plus needs
    micro-F1, then the thresholds for that blend."""
    from sklearn.metrics import f1_score

    from nlu.encoder.blend import blend
    from nlu.labels import INTENTS

    answers = np.array([e.source == "answers" for e in examples])
    truth = [e.intent for e, a in zip(examples, answers, strict=True) if a]

    def score(weight: float) -> float:
        p = blend(encoder, ngram, weight)
        intents = [INTENTS[i] for i in p[answers, :N_INTENTS].argmax(axis=1)]
        chosen = choose(examples, p)
        need_rows = np.array([e.source not in RISK_ONLY for e in examples])
        needs = np.array([[n in e.needs for n in NEEDS] for e in examples])[need_rows]
        return (f1_score(truth, intents, average="macro", labels=list(INTENTS), zero_division=0)
                + micro_f1(needs, p[need_rows, N_INTENTS:N_INTENTS + N_NEEDS] >= chosen.need))

    weight = max((0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0), key=score)
    chosen = choose(examples, blend(encoder, ngram, weight))
    return Thresholds(chosen.need, chosen.risks, weight, chosen.needs)


def choose(examples: list[Example], probs: np.ndarray) -> Thresholds:
    chat = np.array([e.source == "chatbot" for e in examples])
    calm = np.array([e.source == "answers" and not e.risks for e in examples])
    risks = {}
    for j, risk in enumerate(RISKS):
        score = probs[:, N_INTENTS + N_NEEDS + j]
        positive = np.array([risk in e.risks for e in examples])
        within = [float(t) for t in GRID if t >= RISK_FLOOR
                  and not (chat.any() and (score[chat] >= t).mean() > CHAT_BUDGET[risk])
                  and not (calm.any() and (score[calm] >= t).mean() > ANSWERS_BUDGET[risk])]
        risks[risk] = min(within) if within and positive.any() else float(GRID[-1])
    need_rows = np.array([e.source not in RISK_ONLY for e in examples])
    truth = np.array([[n in e.needs for n in NEEDS] for e in examples])[need_rows]
    need_scores = probs[need_rows, N_INTENTS:N_INTENTS + N_NEEDS]
    need = max(GRID[(GRID >= 0.2) & (GRID <= 0.8)], key=lambda t: (micro_f1(truth, need_scores >= t), -abs(t - 0.5)))
    near = GRID[np.abs(GRID - need) <= NEED_SPREAD + 1e-9]
    needs = {n: float(max(near, key=lambda t: (micro_f1(truth[:, j], need_scores[:, j] >= t), -abs(t - need))))
             for j, n in enumerate(NEEDS)}
    return Thresholds(float(need), risks, needs=needs)


def micro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = (truth & pred).sum()
    denom = truth.sum() + pred.sum()
    return float(2 * tp / denom) if denom else 1.0


def row_key(e: Example) -> str:
    return hashlib.sha1(f"{e.source}\t{e.text}".encode()).hexdigest()[:16]


def save_oof(path: Path, examples: list[Example], encoder: np.ndarray, ngram: np.ndarray, folds: int) -> None:
    """The out-of-fold probabilities, with a key per row, for scripts/eval_nlu.py --cv."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=np.array([row_key(e) for e in examples]), encoder=encoder.astype(np.float16),
                        ngram=ngram.astype(np.float16), folds=folds)


def load_oof(path: Path, examples: list[Example]) -> tuple[np.ndarray, np.ndarray] | None:
    """The saved out-of-fold probabilities when they are for these very rows, in this order."""
    if not path.exists():
        return None
    saved = np.load(path)
    if list(saved["keys"]) != [row_key(e) for e in examples]:
        return None
    return saved["encoder"].astype(np.float32), saved["ngram"].astype(np.float32)
