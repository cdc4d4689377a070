"""A transformers encoder that reads intent, needs and risks in one pass.

One sequence-classification head with a logit per label: the intent logits are read
as a softmax over intents, needs and risks as independent sigmoids. The model
directory is a plain Hugging Face one (config, weights, tokenizer) plus labels.json;
scripts/train_nlu.py writes it, from our own pre-trained compact encoder or from any
hub encoder named in the settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.prediction import Prediction

if TYPE_CHECKING:  # transformers is imported only when a model is loaded
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

LABELS: tuple[str, ...] = tuple(f"intent:{i}" for i in INTENTS) + tuple(f"need:{n}" for n in NEEDS) + tuple(
    f"risk:{r}" for r in RISKS)
MAX_LENGTH = 64


class TransformerClassifier:
    name = "transformer"

    def __init__(self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, need_threshold: float = 0.5,
                 risk_threshold: float = 0.6, batch_size: int = 64) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.need_threshold = need_threshold
        self.risk_threshold = risk_threshold
        self.batch_size = batch_size

    @classmethod
    def load(cls, path: Path, threads: int = 2) -> TransformerClassifier:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        torch.set_num_threads(threads)
        meta = json.loads((Path(path) / "labels.json").read_text(encoding="utf-8"))
        if tuple(meta["labels"]) != LABELS:
            raise ValueError(f"{path}: the model's labels do not match the taxonomy; retrain it")
        model = AutoModelForSequenceClassification.from_pretrained(str(path))
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        return cls(model, tokenizer, meta.get("need_threshold", 0.5), meta.get("risk_threshold", 0.6))

    def logits(self, texts: list[str]) -> np.ndarray:
        import torch

        # Sorting by length keeps padding (and so wasted work) small in each batch.
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), len(LABELS)), np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                idx = order[start:start + self.batch_size]
                enc = self.tokenizer([texts[i] or " " for i in idx], padding=True, truncation=True,
                                     max_length=MAX_LENGTH, return_tensors="pt")
                out[idx] = self.model(**enc).logits.float().numpy()
        return out

    def predict(self, texts: list[str]) -> list[Prediction]:
        if not texts:
            return []
        logits = self.logits(texts)
        n_i, n_n = len(INTENTS), len(NEEDS)
        intent = logits[:, :n_i]
        intent_p = np.exp(intent - intent.max(axis=1, keepdims=True))
        intent_p /= intent_p.sum(axis=1, keepdims=True)
        sig = 1 / (1 + np.exp(-logits[:, n_i:]))
        out = []
        for row, p in zip(sig, intent_p, strict=True):
            best = int(np.argmax(p))
            out.append(Prediction(
                intent=INTENTS[best], confidence=round(float(p[best]), 4),
                needs=[n for n, s in zip(NEEDS, row[:n_n], strict=True) if s >= self.need_threshold],
                risks=[r for r, s in zip(RISKS, row[n_n:], strict=True) if s >= self.risk_threshold],
            ))
        return out
