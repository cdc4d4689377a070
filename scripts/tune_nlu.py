"""Picks the need threshold by cross-validation on the training rows only, and shows by
the same folds what the lemma vectors add: to the intent, and to the needs they are read
for (nlu.ngram.VECTOR_NEEDS).

    python scripts/tune_nlu.py [--folds 5]

Grouped k-fold: an answer's folds follow its phrase group (nlu/data/answers.tsv), so a
phrasing is never both trained on and scored; wellness and chatbot rows are their own
groups. Each fold's model is scored with the need cues beside it, as the system runs it,
by needs micro-F1 over every held-out fold row: needs missed, and needs read into
everyday chat, count alike. That figure chooses; the answers and the wellness rows with
a mapped need (the two needs figures eval_nlu.py reports) are printed beside it. The
evaluation rows (eval_nlu.py) are never read, so the threshold is not tuned on them.

The intent is scored out of fold on the answers, by the model alone (no cues), with the
character n-grams only and with the lemma vectors of nlu/models/wordvec.npz beside them.
The vectors were learned from unlabelled text only, like a pre-trained encoder, so they
carry no labels into the folds.
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import MultiLabelBinarizer

from nlu import dataset
from nlu.labels import NEEDS
from nlu.lemmas import lemma_strings
from nlu.lexical import LexicalModel
from nlu.need_cues import NeedCues
from nlu.ngram import VECTOR_NEEDS, NgramClassifier
from nlu.pipeline import MODELS

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
TIE = 0.002


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    examples = dataset.training_set()
    groups = [e.fold_group for e in examples]
    cues = NeedCues()
    cue_needs = [cues.assess(lemma) for lemma in lemma_strings([e.text for e in examples])]
    binarizer = MultiLabelBinarizer(classes=list(NEEDS)).fit([list(NEEDS)])
    truth = binarizer.transform([e.needs for e in examples])
    probs = {"ngram": np.zeros((len(examples), len(NEEDS))), "wordvec": np.zeros((len(examples), len(NEEDS)))}
    vectors = LexicalModel.load(MODELS / "wordvec.npz").vectors
    intents = {"ngram": np.empty(len(examples), dtype=object), "wordvec": np.empty(len(examples), dtype=object)}
    for k, (train, test) in enumerate(GroupKFold(n_splits=args.folds).split(examples, groups=groups), 1):
        texts = [examples[i].text for i in test]
        for name, vecs in (("ngram", None), ("wordvec", vectors)):
            model = NgramClassifier(vectors=vecs).fit([examples[i] for i in train])
            intents[name][test] = [p.intent for p in model.predict(texts)]
            probs[name][test] = model.need_probabilities(texts)
        print(f"fold {k}/{args.folds}: trained on {len(train)}, scored {len(test)}")
    kinds = {"all rows": np.ones(len(examples), dtype=bool),
             "answers": np.array([e.source == "answers" for e in examples]),
             "wellness mapped": np.array([e.source == "wellness" and bool(e.needs) for e in examples])}
    predicted = {t: _predicted(probs["wordvec"], t, cue_needs, binarizer) for t in THRESHOLDS}
    scores = {t: {k: f1_score(truth[m], predicted[t][m], average="micro", zero_division=0) for k, m in kinds.items()}
              for t in THRESHOLDS}
    # Near-ties go to the lower threshold: in screening a missed need costs a household
    # more than a need an officer looks at and sets aside.
    top = max(s["all rows"] for s in scores.values())
    best = min(t for t in THRESHOLDS if scores[t]["all rows"] >= top - TIE)
    print(f"\nneeds micro-F1 (model + need cues), {args.folds}-fold grouped CV on {len(examples)} training rows")
    print("threshold  " + "".join(f"{k:>17}" for k in kinds))
    for t in THRESHOLDS:
        mark = "  <- chosen" if t == best else ""
        print(f"  {t:.1f}     " + "".join(f"{scores[t][k]:>17.4f}" for k in kinds) + mark)
    print(f"shipped: {NgramClassifier().threshold:.1f} (nlu/ngram.py)")
    print(f"\nneeds micro-F1 at {best:.1f}: n-grams alone for every need, and with the lemma vectors "
          f"for {', '.join(VECTOR_NEEDS)}")
    for name, p in probs.items():
        needs = _predicted(p, best, cue_needs, binarizer)
        print(f"  {name:8}" + "".join(f"   {k} {f1_score(truth[m], needs[m], average='micro', zero_division=0):.4f}"
                                      for k, m in kinds.items()))
    answers = kinds["answers"]
    true_intents = [e.intent for e, keep in zip(examples, answers, strict=True) if keep]
    print(f"\nintent macro-F1 on the answers, model alone, {args.folds}-fold grouped CV:")
    for name, predicted_intents in intents.items():
        score = f1_score(true_intents, list(predicted_intents[answers]), average="macro", zero_division=0)
        print(f"  {name:8} {score:.4f}")


def _predicted(probs: np.ndarray, threshold: float, cue_needs: list[tuple[list[str], set[str]]],
               binarizer: MultiLabelBinarizer) -> np.ndarray:
    """The needs the system would report: the model's above the threshold unless the cues saw
    them denied, and the cues'."""
    predicted = [({n for n, p in zip(NEEDS, row, strict=True) if p >= threshold} - denied) | set(stated)
                 for row, (stated, denied) in zip(probs, cue_needs, strict=True)]
    return binarizer.transform([sorted(p) for p in predicted])

if __name__ == "__main__":
    main()
