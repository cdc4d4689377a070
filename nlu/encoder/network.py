"""The network: multilingual-e5-small, mean-pooled as E5 is trained to be, and one linear
layer with a logit per label (the intent logits read as a softmax, needs and risks as
independent sigmoids)."""

from __future__ import annotations

import torch
from torch import nn

from nlu.labels import INTENTS, NEEDS, RISKS

HEAD_LABELS: tuple[str, ...] = (tuple(f"intent:{i}" for i in INTENTS) + tuple(f"need:{n}" for n in NEEDS)
                                + tuple(f"risk:{r}" for r in RISKS))
N_INTENTS, N_NEEDS = len(INTENTS), len(NEEDS)
PREFIX = "query: "  # E5 reads every input with the prefix it was trained with


class EncoderHeads(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int = 384, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        # E5's mean-pooled vectors share most of their direction (cosine about 0.9 between
        # unrelated answers); what tells answers apart is small beside it. Standardising each
        # feature over the batches it has seen lets the head see the differences.
        self.norm = nn.BatchNorm1d(hidden)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, len(HEAD_LABELS))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
        return self.head(self.dropout(self.norm(pooled)))
