"""Trains the NLU models into nlu/models/.

    python scripts/train_nlu.py            # character n-gram model (about 10 s)

The training set is nlu/data/answers.tsv (train split) plus 60% of the shared
wellness and chatbot rows (by a hash of the text; the other 40% are for evaluation).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from nlu import dataset
from nlu.ngram import NgramClassifier

MODELS = Path(__file__).resolve().parent.parent / "nlu" / "models"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODELS)
    args = parser.parse_args()
    start = time.perf_counter()
    examples = dataset.training_set()
    model = NgramClassifier().fit(examples)
    model.save(args.out / "ngram.joblib")
    (args.out / "DEFAULT").write_text("ngram\n")
    print(f"n-gram model: {len(examples)} examples, {time.perf_counter() - start:.1f} s -> {args.out / 'ngram.joblib'}")


if __name__ == "__main__":
    main()
