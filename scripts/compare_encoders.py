"""Fine-tuned encoders side by side, each alone and at one set of thresholds.

    python scripts/compare_encoders.py nlu/models var/s14 var/s15
    python scripts/compare_encoders.py --same-chat nlu/models var/soup

A final fit without folds (`train_nlu.py --folds 1 --seed S --out DIR`) has no thresholds
of its own, so every encoder is judged at those of --thresholds (default: the shipped
ones): the plainest statement of each risk, the held-out answer risks as written, the
heating blocks and fresh batches the shipped configuration never learns (dataset's
HEATING_LEARNT_THROUGH, FRESH_LEARNT_THROUGH; --fresh-after moves the latter, so that
encoders taught more batches are judged on the same unseen ones), and everyday chat.
With --same-chat the suicide rows are read instead where each encoder flags as much
everyday chat as the thresholds' own does (encoders' probabilities run higher or lower: a
soup's of fine-tunes from different starts run lower, of fine-tunes from one start
higher); the last row needs no threshold at all (how well the fresh risks rank above their near-misses and the heating).
What a seed or a change of data does shows here in minutes per model, without the
blend, the rules or the out-of-fold figures that scripts/eval_nlu.py adds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from eval_nlu import encoder_meta

from nlu import dataset
from nlu.labels import RISKS
from nlu.pipeline import MODELS, load_encoder_model


def judge(models: Path, thresholds: dict[str, float], chat_flagged: int | None = None,
          fresh_after: str = dataset.FRESH_LEARNT_THROUGH) -> dict[str, str]:
    """ROWS for one encoder. The suicide rows are read at the threshold that flags
    chat_flagged rows of everyday chat when it is given (else at thresholds), so that
    encoders whose probabilities run higher or lower (a soup's do) are compared at one cost."""
    encoder, col = load(models)
    risky = [e for e in dataset.answers("test") if e.risks]
    probs = encoder.probabilities([e.text for e in risky])
    heard = sum(probs[i, col[r]] >= thresholds[r] for i, e in enumerate(risky) for r in e.risks)

    def suicide(rows: list) -> np.ndarray:
        return encoder.probabilities([e.text for e in rows])[:, col["suicide"]]

    fresh = dataset.fresh_phrasings(learnt=False, through=fresh_after)
    risk = np.array([bool(e.risks) for e in fresh])
    fresh_p, heating, chat = (suicide(fresh), suicide(dataset.everyday_heating(learnt=False)),
                              suicide(dataset.chatbot("eval")))
    said = probs[[i for i, e in enumerate(risky) if "suicide" in e.risks], col["suicide"]]
    t = thresholds["suicide"]
    if chat_flagged is not None:  # just the chat_flagged most likely rows of chat reach it
        t = float(np.sort(chat)[::-1][chat_flagged - 1]) if chat_flagged else float(chat.max()) + 1e-6
    return {
        "plain": " | ".join(" ".join(f"{p:.2f}" for p in encoder.probabilities(texts)[:, col[r]])
                            for r, texts in dataset.PLAIN_STATEMENTS.items()),
        "answers": f"{heard} / {sum(len(e.risks) for e in risky)}",
        "threshold": f"{t:.2f}",
        "chat": f"{(chat >= t).sum()} / {len(chat)}",
        "answers_suicide": f"{(said >= t).sum()} / {len(said)}",
        "fresh": f"{(fresh_p[risk] >= t).sum()} / {risk.sum()}, {(fresh_p[~risk] >= t).sum()} / {(~risk).sum()}",
        "heating": f"{(heating >= t).sum()} / {len(heating)}",
        "ranking": ranking(fresh_p[risk], np.concatenate([fresh_p[~risk], heating])),
    }


def load(models: Path) -> tuple:
    """The encoder alone, and the column of each risk in its probabilities."""
    labels = encoder_meta(models)["labels"]
    return load_encoder_model(models, "e5"), {r: labels.index(f"risk:{r}") for r in RISKS}


def chat_flagged(models: Path, threshold: float) -> int:
    encoder, col = load(models)
    return int((encoder.probabilities([e.text for e in dataset.chatbot("eval")])[:, col["suicide"]]
                >= threshold).sum())


def ranking(risks: np.ndarray, everyday: np.ndarray) -> str:
    """How well the suicide probability tells risks from everyday sentences in their words,
    at no threshold: the ROC AUC, and the risks heard where a quarter of the everyday ones are."""
    from sklearn.metrics import roc_auc_score

    auc = roc_auc_score(np.r_[np.ones(len(risks)), np.zeros(len(everyday))], np.r_[risks, everyday])
    heard = (risks > np.quantile(everyday, 0.75)).sum()
    return f"AUC {auc:.3f}, {heard} / {len(risks)} heard with a quarter of them flagged"


ROWS = {"plain": "plain statements (suicide | abuse | emergency)",
        "answers": "held-out answer risks as written, heard at the thresholds",
        "threshold": "suicide threshold of the rows below",
        "chat": "everyday chat flagged for suicide",
        "answers_suicide": "held-out answers' suicide heard",
        "fresh": "fresh batches never learnt, over it: risks, near-misses",
        "heating": "heating the shipped encoder never learnt, over it",
        "ranking": "fresh risks against their near-misses and that heating"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, nargs="+", help="model folders (train_nlu.py --out)")
    parser.add_argument("--thresholds", type=Path, default=MODELS,
                        help="the model folder whose risk thresholds judge every encoder (default: the shipped)")
    parser.add_argument("--same-chat", action="store_true",
                        help="read the suicide rows at the threshold that flags as many rows of everyday chat "
                             "as --thresholds' own encoder does at its own")
    parser.add_argument("--fresh-after", default=dataset.FRESH_LEARNT_THROUGH, metavar="BATCH",
                        help="judge the fresh batches after this one (default: those the shipped "
                             "configuration never learns)")
    args = parser.parse_args()
    meta = encoder_meta(args.thresholds)
    if not meta:
        raise SystemExit(f"no fine-tuned encoder in {args.thresholds}")
    thresholds = meta["risk_thresholds"]
    print(f"every encoder alone at the thresholds of {args.thresholds}: {thresholds}")
    budget = None
    if args.same_chat:
        budget = chat_flagged(args.thresholds, thresholds["suicide"])
        print(f"the suicide rows at the threshold that flags {budget} rows of chat, as {args.thresholds} does")
    for models in args.models:
        print(f"\n{models}")
        for key, value in judge(models, thresholds, budget, args.fresh_after).items():
            print(f"  {ROWS[key]:70} {value}")


if __name__ == "__main__":
    main()
