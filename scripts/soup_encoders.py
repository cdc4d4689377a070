"""Averages encoders fine-tuned alike with different seeds into one (nlu/encoder/soup.py).

    python scripts/train_nlu.py --model encoder --folds 1 --seed 14 --init-seed 13 --out var/s14i13
    python scripts/soup_encoders.py --out var/soup nlu/models var/s14i13
    python scripts/compare_encoders.py --same-chat nlu/models var/s14i13 var/soup

The soup's thresholds and lexical model are those of the first folder: a soup of final
fits has no out-of-fold predictions of its own, hence compare_encoders' --same-chat.
`train_nlu.py --seeds` makes a soup with thresholds of its own (its folds souped alike).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu.encoder.classifier import META
from nlu.encoder.soup import soup
from nlu.encoder.training import save_meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, nargs="+",
                        help="model folders (train_nlu.py --out); the first gives the thresholds")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    dirs = [m / "e5" for m in args.models]
    soup(dirs, args.out / "e5")
    for kept in [*args.models[0].glob("*.npz"), args.models[0] / "DEFAULT"]:
        if kept.exists():
            shutil.copy(kept, args.out / kept.name)
    meta = json.loads((dirs[0] / META).read_text(encoding="utf-8"))
    meta["soup_of"] = [json.loads((d / META).read_text(encoding="utf-8"))["config"]["seed"] for d in dirs]
    save_meta(args.out / "e5", meta)
    print(f"soup of {len(dirs)} encoders (seeds {meta['soup_of']}) -> {args.out / 'e5'}")


if __name__ == "__main__":
    main()
