"""multilingual-e5-small's tokenizer (XLM-R's SentencePiece unigram), built with
`tokenizers` from the pieces and normalisation map in the packaged weights.

The map turns each codepoint into its normal form (NFKC-like, control characters
dropped) exactly as the packaged engine does; runs of spaces collapse to one; then the
unigram model segments each ▁-prefixed word."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer, models, pre_tokenizers

_SPACES = re.compile(" {2,}")
TOKENIZER_FILE = "tokenizer.json"
NORMALISATION_FILE = "normalisation.json"


class E5Tokenizer:
    def __init__(self, tokenizer: Tokenizer, normalisation: dict[int, str], bos: int = 0, eos: int = 2,
                 pad: int = 1) -> None:
        self.tokenizer = tokenizer
        self.table = str.maketrans(normalisation)
        self.normalisation = normalisation
        self.bos, self.eos, self.pad = bos, eos, pad

    @classmethod
    def build(cls, pieces: list[str], scores: np.ndarray, normalisation: dict[int, str], unk: int = 3,
              bos: int = 0, eos: int = 2, pad: int = 1) -> E5Tokenizer:
        tok = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(pieces, scores, strict=True)], unk_id=unk,
                                       byte_fallback=False))
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
        return cls(tok, normalisation, bos, eos, pad)

    def save(self, directory: Path) -> None:
        self.tokenizer.save(str(directory / TOKENIZER_FILE))
        special = {"bos": self.bos, "eos": self.eos, "pad": self.pad}
        (directory / NORMALISATION_FILE).write_text(json.dumps(
            {"special": special, "map": {str(k): v for k, v in self.normalisation.items()}}, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> E5Tokenizer:
        meta = json.loads((directory / NORMALISATION_FILE).read_text(encoding="utf-8"))
        return cls(Tokenizer.from_file(str(directory / TOKENIZER_FILE)),
                   {int(k): v for k, v in meta["map"].items()}, **meta["special"])

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self.table))

    def ids(self, texts: list[str], max_length: int = 64) -> list[list[int]]:
        """Token ids with <s> and </s>, the content cut to fit max_length."""
        encoded = self.tokenizer.encode_batch([self.normalise(t) for t in texts], add_special_tokens=False)
        return [[self.bos, *e.ids[: max_length - 2], self.eos] for e in encoded]

    def batch(self, texts: list[str], max_length: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """Padded ids and attention mask, as int64 arrays."""
        return self.padded(self.ids(texts, max_length))

    def padded(self, rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Rows of ids padded to the longest, and their attention mask, as int64 arrays."""
        width = max((len(r) for r in rows), default=2)
        ids = np.full((len(rows), width), self.pad, np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
            mask[i, : len(r)] = 1
        return ids, mask
