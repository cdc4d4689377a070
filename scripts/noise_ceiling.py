"""What recognition errors cost the intent when the phrasings are known, and what unseen
phrasings cost. The lexical model of the blend (nlu/ngram.py: letters and syllables, six
misheard copies of each row) is trained three ways and judged on held-out answers as
written and misheard at each rate:

- as shipped (the training rows), on all the held-out answers;
- an oracle that has also seen every held-out phrasing, on the same answers;
- with half of the held-out phrasings (by a hash of their group) added to its training
  rows, on the other half, beside the shipped model on that half: what more hand-written
  phrasings of the same kind would bring to phrasings still unseen.

    python scripts/noise_ceiling.py [--noise 0.1,0.2,0.3]     # about 8 min

If the oracle keeps its intent under errors and the shipped model does not, the errors
leave the answer readable and what is missing is phrasings, not a better reading of
letters; if the half-seen model gains nothing on the other half, more of the same
phrasings will not close the gap either."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import f1_score

from nlu import dataset
from nlu.dataset import Example
from nlu.labels import INTENTS
from nlu.lexical import LexicalModel
from nlu.ngram import NgramClassifier
from nlu.pipeline import MODELS, SafeClassifier
from scripts.eval_nlu import noisy
from scripts.train_nlu import LEXICAL


def intent_f1(model: NgramClassifier, rows: list[Example], rates: list[float]) -> list[str]:
    """The model with the rules beside it, as the system runs it, at each rate."""
    clf = SafeClassifier(model)
    cells = []
    for rate in rates:
        heard = noisy(rows, rate)
        pred = clf.predict([e.text for e in heard])
        score = f1_score([e.intent for e in heard], [p.intent for p in pred], average="macro", labels=list(INTENTS),
                         zero_division=0)
        cells.append(f"{score:.3f}")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noise", default="0.1,0.2,0.3")
    args = parser.parse_args()
    held_out, training = dataset.answers("test"), dataset.training_set()
    first_half = [int(hashlib.sha1(e.group.encode()).hexdigest(), 16) % 2 == 0 for e in held_out]
    seen = [e for e, first in zip(held_out, first_half, strict=True) if first]
    unseen = [e for e, first in zip(held_out, first_half, strict=True) if not first]
    vectors = LexicalModel.load(MODELS / "wordvec.npz").vectors
    fit = lambda rows: NgramClassifier(vectors=vectors, **LEXICAL).fit(rows)  # noqa: E731
    shipped = fit(training)
    runs = [
        ("shipped", shipped, held_out),
        ("oracle: every held-out phrasing seen", fit(training + held_out), held_out),
        ("shipped, on the unseen half", shipped, unseen),
        (f"half seen ({len({e.group for e in seen})} groups), on the other half", fit(training + seen), unseen),
    ]
    rates = [0.0, *(float(r) for r in args.noise.split(",") if r.strip())]
    print(f"intent macro-F1, lexical model + rules, CER {' / '.join(f'{r:g}' for r in rates)}")
    for name, model, rows in runs:
        print(f"{name + f' ({len(rows)} answers)':64}" + " / ".join(intent_f1(model, rows, rates)))


if __name__ == "__main__":
    main()
