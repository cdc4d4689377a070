"""Fine-tuned encoders side by side, each alone and at one set of thresholds.

    python scripts/compare_encoders.py nlu/models var/s14 var/s15

A final fit without folds (`train_nlu.py --folds 1 --seed S --out DIR`) has no thresholds
of its own, so every encoder is judged at those of --thresholds (default: the shipped
ones): the plainest statement of each risk, the held-out answer risks as written, the
heating blocks and fresh batches the shipped configuration never learns (dataset's
HEATING_LEARNT_THROUGH, FRESH_LEARNT_THROUGH), and everyday chat.
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

PLAIN = {"suicide": ["죽고 싶어요", "살고 싶지 않아요", "살기 싫어요", "사는 게 의미가 없어요"],
         "abuse": ["남편이 때려요", "아들이 자꾸 때려요"],
         "medical_emergency": ["숨을 못 쉬겠어요", "피가 안 멈춰요", "쓰러졌어요"]}


def judge(models: Path, thresholds: dict[str, float]) -> list[str]:
    encoder = load_encoder_model(models, "e5")
    labels = encoder_meta(models)["labels"]
    col = {r: labels.index(f"risk:{r}") for r in RISKS}
    lines = [" | ".join(" ".join(f"{p:.2f}" for p in encoder.probabilities(texts)[:, col[r]])
                        for r, texts in PLAIN.items())]
    risky = [e for e in dataset.answers("test") if e.risks]
    probs = encoder.probabilities([e.text for e in risky])
    heard = sum(probs[i, col[r]] >= thresholds[r] for i, e in enumerate(risky) for r in e.risks)
    lines.append(f"{heard} / {sum(len(e.risks) for e in risky)}")
    heating = dataset.everyday_heating(learnt=False)
    over = encoder.probabilities([e.text for e in heating])[:, col["suicide"]] >= thresholds["suicide"]
    lines.append(f"{over.sum()} / {len(heating)}")
    fresh = dataset.fresh_phrasings(learnt=False)
    over = encoder.probabilities([e.text for e in fresh])[:, col["suicide"]] >= thresholds["suicide"]
    risk = np.array([bool(e.risks) for e in fresh])
    lines.append(f"{over[risk].sum()} / {risk.sum()}, {over[~risk].sum()} / {(~risk).sum()}")
    chat = encoder.probabilities([e.text for e in dataset.chatbot("eval")])
    lines.append(f"{(chat[:, col['suicide']] >= thresholds['suicide']).mean():.4f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, nargs="+", help="model folders (train_nlu.py --out)")
    parser.add_argument("--thresholds", type=Path, default=MODELS,
                        help="the model folder whose risk thresholds judge every encoder (default: the shipped)")
    args = parser.parse_args()
    meta = encoder_meta(args.thresholds)
    if not meta:
        raise SystemExit(f"no fine-tuned encoder in {args.thresholds}")
    thresholds = meta["risk_thresholds"]
    rows = ["plain statements (suicide | abuse | emergency)", "held-out answer risks as written, heard",
            "heating the shipped encoder never learnt, over the suicide threshold",
            "fresh batches never learnt, over it: risks, near-misses", "everyday chat flagged for suicide"]
    print(f"every encoder alone at the thresholds of {args.thresholds}: {thresholds}")
    for models in args.models:
        print(f"\n{models}")
        for row, value in zip(rows, judge(models, thresholds), strict=True):
            print(f"  {row:70} {value}")


if __name__ == "__main__":
    main()
