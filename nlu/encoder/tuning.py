"""Thresholds chosen out of fold: each row is scored by a model that never saw it.

Risks: the lowest threshold whose flag rates stay within two budgets, on everyday chat
and on the screening answers that tell of no risk: a resident at risk must not be
missed, and the budgets say what that may cost (never below 0.2, where the model's
guesses are noise). The second budget matters as much: an answer about a cut-off gas bill
read as a medical emergency opens an urgent case an officer must clear the same day.
Needs: one threshold, the best micro-F1 on the rows labelled for needs, as written plus
as Whisper might have misheard them (CER 0.2); then each need's own, the best F1 of that
need within 0.15 of the common one (a need said in few rows does not drift far on their
noise)."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from nlu.asr_noise import corrupt
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
MISHEARD_RATE = 0.2  # the character error rate the blend is also chosen at (phone speech: 0.1 to 0.3)
VIEWS = ("", "_misheard")  # the rows as written, and as misheard: suffixes of the out-of-fold arrays


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


def choose_blend(examples: list[Example], oof: dict[str, np.ndarray]) -> Thresholds:
    """The encoder's share of the blend by the out-of-fold intent macro-F1 plus needs
    micro-F1, on the rows as written and as misheard (when the folds judged those too:
    real answers arrive through Whisper), then the thresholds for that blend."""
    from sklearn.metrics import f1_score

    from nlu.encoder.blend import blend
    from nlu.labels import INTENTS

    answers = np.array([e.source == "answers" for e in examples])
    truth = [e.intent for e, a in zip(examples, answers, strict=True) if a]
    need_rows = np.array([e.source not in RISK_ONLY for e in examples])
    needs = np.array([[n in e.needs for n in NEEDS] for e in examples])[need_rows]

    def views(weight: float) -> list[np.ndarray]:
        return [blend(oof[f"encoder{v}"], oof[f"ngram{v}"], weight) for v in VIEWS if f"encoder{v}" in oof]

    def score(weight: float) -> float:
        probs = views(weight)
        chosen = choose(examples, *probs)
        return sum(f1_score(truth, [INTENTS[i] for i in p[answers, :N_INTENTS].argmax(axis=1)], average="macro",
                            labels=list(INTENTS), zero_division=0)
                   + micro_f1(needs, p[need_rows, N_INTENTS:N_INTENTS + N_NEEDS] >= chosen.need) for p in probs)

    weight = max((0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0), key=score)
    chosen = choose(examples, *views(weight))
    return Thresholds(chosen.need, chosen.risks, weight, chosen.needs)


def choose(examples: list[Example], probs: np.ndarray, misheard: np.ndarray | None = None) -> Thresholds:
    """Risk thresholds under the budgets (on the rows as written); need thresholds by the
    micro-F1 on the rows as written plus, when given, as misheard."""
    chat = np.array([e.source == "chatbot" for e in examples])
    # The near-miss twins of the unseen answer blocks learnt (groups "unseen...") are written in
    # a risk's own words to be hard: they are not the screening answers whose budget this is.
    calm = np.array([e.source == "answers" and not e.risks and not e.group.startswith("unseen") for e in examples])
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
    scores = [p[need_rows, N_INTENTS:N_INTENTS + N_NEEDS] for p in (probs, misheard) if p is not None]

    def f1(t: float, j: int | slice = slice(None)) -> float:
        return sum(micro_f1(truth[:, j], s[:, j] >= t) for s in scores)

    need = max(GRID[(GRID >= 0.2) & (GRID <= 0.8)], key=lambda t: (f1(t), -abs(t - 0.5)))
    near = GRID[np.abs(GRID - need) <= NEED_SPREAD + 1e-9]
    needs = {n: float(max(near, key=lambda t: (f1(t, j), -abs(t - need)))) for j, n in enumerate(NEEDS)}
    return Thresholds(float(need), risks, needs=needs)


def micro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = (truth & pred).sum()
    denom = truth.sum() + pred.sum()
    return float(2 * tp / denom) if denom else 1.0


def row_key(e: Example) -> str:
    return hashlib.sha1(f"{e.source}\t{e.text}".encode()).hexdigest()[:16]


def misheard(examples: list[Example], rate: float = MISHEARD_RATE) -> list[str]:
    """Each row as Whisper might have transcribed it, the same on every run and for every
    model (the corruption is seeded by the row)."""
    return [corrupt(e.text, rate, random.Random(row_key(e))) for e in examples]


def save_oof(path: Path, examples: list[Example], oof: dict[str, np.ndarray], folds: int) -> None:
    """The out-of-fold probabilities (each model's, on the rows as written and as
    misheard), with a key per row, for scripts/eval_nlu.py --cv and train_nlu.py's
    --thresholds-only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=np.array([row_key(e) for e in examples]), folds=folds,
                        **{k: v.astype(np.float16) for k, v in oof.items()})


def load_oof(path: Path, examples: list[Example]) -> tuple[dict[str, np.ndarray], list[Example]] | None:
    """The saved out-of-fold probabilities of those of the rows the file holds, and those
    rows (in the order given). Rows added since (new answers, officers' corrections) join
    the final fit but not the choice of thresholds until the folds are made again."""
    if not path.exists():
        return None
    saved = np.load(path)
    index = {k: i for i, k in enumerate(saved["keys"])}
    held = [e for e in examples if row_key(e) in index]
    if not held:
        return None
    pick = [index[row_key(e)] for e in held]
    return {k: saved[k][pick].astype(np.float32) for k in saved.files if k not in ("keys", "folds")}, held
