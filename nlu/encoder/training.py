"""Fine-tuning the encoder: LoRA adapters on every linear layer of multilingual-e5-small
(peft) and the label head, trained on the labelled answers, the shared real Korean
text, the hand-written risk phrases and officers' corrections.

Each epoch, a third of the texts are read as Whisper might have transcribed them
(nlu.asr_noise at a character error rate up to 0.3), so the model does not rely on a
clean transcript. Rows teach only what they are labelled for: the risk phrases teach
risks (their intents and needs are not labelled), everything else teaches all three."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlu.asr_noise import corrupt
from nlu.dataset import Example
from nlu.encoder.network import HEAD_LABELS, N_INTENTS, N_NEEDS, PREFIX
from nlu.labels import INTENTS, NEEDS, RISKS

RISK_ONLY = {"risk_phrases", "fresh", "everyday_heating"}  # sources whose rows are labelled for risks alone
# Sources judged for some risks only: a fresh phrasing was written and judged as a suicide
# risk or its near-miss, and a heating sentence as a suicide false alarm, never as abuse or
# an emergency, so they teach those nothing.
RISKS_JUDGED = {"fresh": ("suicide",), "everyday_heating": ("suicide",)}
INTENT_WEIGHT = {"wellness": 0.2, "chatbot": 0.2}


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 4
    batch_size: int = 32
    lr: float = 6e-4
    head_lr: float = 2e-3
    rank: int = 16
    alpha: int = 32
    noisy_share: float = 0.35
    max_error_rate: float = 0.3
    need_pos_weight: float = 2.0
    risk_pos_weight: float = 4.0
    max_length: int = 64
    chat_per_epoch: int = 2000  # a fresh sample of everyday chat each epoch keeps it from outweighing the rest
    seed: int = 13
    # The draws that start the adapter and the head; None: those of `seed`. Fine-tunes that
    # share them differ only in their order, noise and dropout, and can be averaged
    # (nlu/encoder/soup.py); fine-tunes from different starts learn in different
    # subspaces, and their average is a shrunken copy of each.
    init_seed: int | None = None
    threads: int = 2

    def as_dict(self) -> dict:
        return asdict(self)


def targets(examples: list[Example]) -> tuple[np.ndarray, ...]:
    """Intent index (-1: unlabelled) and its weight, need and risk 0/1 rows, whether needs
    are labelled, and which risks are. Counselling and chat rows are all "other": a weak intent label,
    weighed down so that it does not pull every free statement to one point (where the
    needs could no longer be told apart)."""
    intent = np.array([-1 if e.source in RISK_ONLY else INTENTS.index(e.intent) for e in examples])
    intent_weight = np.array([INTENT_WEIGHT.get(e.source, 1.0) for e in examples], np.float32)
    needs = np.array([[float(n in e.needs) for n in NEEDS] for e in examples], np.float32)
    risks = np.array([[float(r in e.risks) for r in RISKS] for e in examples], np.float32)
    need_known = np.array([e.source not in RISK_ONLY for e in examples], np.float32)
    risk_known = np.array([[float(r in RISKS_JUDGED.get(e.source, RISKS)) for r in RISKS] for e in examples],
                          np.float32)
    return intent, intent_weight, needs, risks, need_known, risk_known


def fit(base_dir: Path, examples: list[Example], config: TrainConfig = TrainConfig(),
        progress: Callable[[str, int], Any] | None = None, desc: str = "fine-tuning") -> tuple[Any, Any]:
    """The trained network (a peft model inside EncoderHeads), in eval mode."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import BertModel, get_linear_schedule_with_warmup

    from nlu.encoder.network import EncoderHeads
    from nlu.encoder.tokenizer import E5Tokenizer

    torch.manual_seed(config.seed if config.init_seed is None else config.init_seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    tokenizer = E5Tokenizer.load(base_dir)
    base = BertModel.from_pretrained(str(base_dir), add_pooling_layer=False)
    lora = LoraConfig(r=config.rank, lora_alpha=config.alpha, lora_dropout=0.05,
                      target_modules=["query", "key", "value", "dense"])
    net = EncoderHeads(get_peft_model(base, lora))
    if config.init_seed not in (None, config.seed):
        torch.manual_seed(config.seed)  # dropout's draws, by the run's own seed
    intent, intent_weight, needs, risks, need_known, risk_known = targets(examples)
    counts = Counter(i for i in intent if i >= 0)
    # Everyday chat and counselling rows are all "other": weigh the intents so the rare
    # ones (opt-out, wrong person) still count.
    weights = torch.tensor([(counts.get(i, 1) / max(counts.values())) ** -0.5 for i in range(N_INTENTS)])
    weights = weights / weights.mean()
    pos_weight = torch.tensor([config.need_pos_weight] * N_NEEDS + [config.risk_pos_weight] * len(RISKS))
    chat = [i for i, e in enumerate(examples) if e.source == "chatbot"]
    rest = [i for i, e in enumerate(examples) if e.source != "chatbot"]
    per_epoch = len(rest) + min(len(chat), config.chat_per_epoch)
    steps = (per_epoch + config.batch_size - 1) // config.batch_size * config.epochs
    opt = torch.optim.AdamW([
        {"params": [p for p in net.encoder.parameters() if p.requires_grad], "lr": config.lr},
        {"params": [*net.norm.parameters(), *net.head.parameters()], "lr": config.head_lr},
    ], weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, steps // 10, steps)
    bar = progress(desc, steps) if progress else None
    net.train()
    for _ in range(config.epochs):
        order = rest + rng.sample(chat, min(len(chat), config.chat_per_epoch))
        for idx in _batches(order, [len(e.text) for e in examples], config.batch_size, rng):
            if len(idx) < 2:  # batch norm needs two rows to standardise over
                continue
            texts = [_maybe_noisy(examples[i].text, config, rng) for i in idx]
            ids, mask = tokenizer.batch([PREFIX + t for t in texts], config.max_length)
            logits = net(torch.from_numpy(ids), torch.from_numpy(mask))
            loss = _loss(logits, torch.from_numpy(intent[idx]), torch.from_numpy(intent_weight[idx]),
                         torch.from_numpy(needs[idx]), torch.from_numpy(risks[idx]),
                         torch.from_numpy(need_known[idx]), torch.from_numpy(risk_known[idx]), weights, pos_weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            if bar is not None:
                bar.update()
                bar.set_postfix(loss=f"{loss.item():.3f}")
    if bar is not None:
        bar.close()
    return net.eval(), tokenizer


def _batches(order: list[int], lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of rows of similar length: a batch is padded to its longest row, and
    everyday chat is far shorter than a counselling statement (half the time per epoch)."""
    rng.shuffle(order)
    pool = size * 32
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: lengths[i])
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def _maybe_noisy(text: str, config: TrainConfig, rng: random.Random) -> str:
    if rng.random() >= config.noisy_share:
        return text
    return corrupt(text, rng.uniform(0.05, config.max_error_rate), rng)


def _loss(logits, intent, intent_weight, needs, risks, need_known, risk_known, weights, pos_weight):  # noqa: ANN001, ANN202
    """Per row: the intent's cross-entropy (weighed by class and by how sure its label is)
    plus the sum of every labelled need's and risk's binary cross-entropy."""
    import torch
    from torch.nn import functional as F

    labelled = intent >= 0
    loss = logits.new_zeros(())
    if labelled.any():
        ce = F.cross_entropy(logits[labelled, :N_INTENTS], intent[labelled], weight=weights, label_smoothing=0.05,
                             reduction="none")
        loss = loss + (ce * intent_weight[labelled]).sum() / len(intent)
    multi = torch.cat([needs, risks], dim=1)
    mask = torch.cat([need_known.unsqueeze(1).expand_as(needs), risk_known], dim=1)
    bce = F.binary_cross_entropy_with_logits(logits[:, N_INTENTS:], multi, pos_weight=pos_weight, reduction="none")
    return loss + (bce * mask).sum() / len(intent)


def save(net, out: Path, meta: dict) -> None:  # noqa: ANN001
    import json

    from safetensors.torch import save_file

    from nlu.encoder.classifier import ADAPTER_CONFIG, HEAD

    out.mkdir(parents=True, exist_ok=True)
    net.encoder.save_pretrained(str(out))  # adapter_config.json + adapter_model.safetensors
    # The committed file must not carry the trainer's own path: the base is wherever
    # `voicebot nlu install` put it on the machine that loads the adapter.
    config_path = out / ADAPTER_CONFIG
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = "var/models/e5-small"
    config["target_modules"] = sorted(config["target_modules"])  # a set: the same file on every run
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "README.md").unlink(missing_ok=True)  # peft's empty model-card template
    head = {f"norm.{k}": v for k, v in net.norm.state_dict().items()} | {
        f"head.{k}": v for k, v in net.head.state_dict().items()}
    save_file({k: v.contiguous() for k, v in head.items()}, str(out / HEAD))
    save_meta(out, meta)


def save_meta(out: Path, meta: dict) -> None:
    import json

    from nlu.encoder.classifier import META

    (out / META).write_text(json.dumps({"labels": list(HEAD_LABELS), **meta}, ensure_ascii=False, indent=1),
                            encoding="utf-8")
