"""The lexical model as it runs: n-gram tf-idf, lemma vectors and linear heads in numpy.

scikit-learn learns the model (nlu/ngram.py); judging with it costs every start-up its
import and a pickled file (2 s of the 7 s `voicebot nlu predict` took with the lexical
model on a 2-core AMD host). What judging needs is the n-gram vocabularies, their idf,
the lemma vectors and each head's weights, which this keeps in one .npz file (no pickle)
and applies as scikit-learn does: char_wb n-grams, sublinear tf times idf, each block
scaled to length 1 and weighed, the lemma vectors beside them where a head reads them, a
softmax over the intents and a sigmoid per need and risk. The probabilities are the
ones scikit-learn computes (tests/test_ngram.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.prediction import Prediction
from nlu.wordvec import LemmaVectors

FORMAT = 1
_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb analyser normalises white space
_SEP = "\x00"  # between the n-grams of a vocabulary in the file; never in a text's n-grams


def letters(text: str) -> str:
    """The text letter by letter: each syllable as its initial, vowel and final (Unicode's
    decomposed form, which gives each position its own letters), lower-cased."""
    return unicodedata.normalize("NFD", text.lower())


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's char_wb analyser: n-grams inside each word padded with a space, a
    word shorter than n counted once."""
    out: list[str] = []
    for word in _SPACES.sub(" ", text).split():
        word = f" {word} "
        for n in range(low, high + 1):
            out.extend(word[i:i + n] for i in range(max(len(word) - n, 0) + 1))
            if len(word) <= n:
                break
    return out


@dataclass
class NgramBlock:
    """One tf-idf block: its vocabulary (column by n-gram), idf, n-gram range, whether it
    reads letters (jamo) or syllables, and its weight in the union."""
    vocabulary: dict[str, int]
    idf: np.ndarray
    low: int
    high: int
    jamo: bool
    weight: float

    def rows(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text's columns and values, the row scaled to length `weight`."""
        out = []
        for text in texts:
            counts = Counter(char_wb_ngrams(letters(text) if self.jamo else text.lower(), self.low, self.high))
            found = [(self.vocabulary[g], c) for g, c in counts.items() if g in self.vocabulary]
            cols = np.array([c for c, _ in found], np.int64)
            values = (np.log(np.array([n for _, n in found], np.float64)) + 1.0) * self.idf[cols]
            norm = np.sqrt(values @ values)
            out.append((cols, values * (self.weight / norm) if norm > 0 else values))
        return out


@dataclass
class Heads:
    """Linear heads over the same features: weights (heads x features) and intercepts."""
    coef: np.ndarray
    intercept: np.ndarray

    def scores(self, rows: list[tuple[np.ndarray, np.ndarray]], dense: np.ndarray | None = None) -> np.ndarray:
        """rows: the n-gram columns and values of each text; dense: the features after the
        n-grams (the lemma vectors), when the heads read them."""
        n_gram = self.coef.shape[1] - (dense.shape[1] if dense is not None else 0)
        out = np.empty((len(rows), len(self.intercept)), np.float64)
        for i, (cols, values) in enumerate(rows):
            out[i] = self.coef[:, cols] @ values
        if dense is not None:
            out += dense.astype(np.float64) @ self.coef[:, n_gram:].T.astype(np.float64)
        return out + self.intercept


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class LexicalModel:
    """Judges texts as the NgramClassifier it was exported from (nlu/ngram.py)."""

    def __init__(self, name: str, blocks: list[NgramBlock], vectors: LemmaVectors | None, classes: list[str],
                 intent: Heads, needs: Heads, vector_needs: dict[str, Heads], risks: Heads,
                 need_threshold: float, risk_threshold: float, learned_wellness_eval: bool = False) -> None:
        self.name, self.blocks, self.vectors, self.classes = name, blocks, vectors, classes
        self.intent, self.needs, self.vector_needs, self.risks = intent, needs, vector_needs, risks
        self.need_threshold, self.risk_threshold = need_threshold, risk_threshold
        self.learned_wellness_eval = learned_wellness_eval

    def _features(self, texts: list[str]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray | None]:
        """Each text's n-gram columns and values, the blocks side by side, and the lemma vectors."""
        offsets = np.cumsum([0] + [len(b.vocabulary) for b in self.blocks])
        per_text = zip(*(block.rows(texts) for block in self.blocks), strict=True)
        rows = [(np.concatenate([cols + offset for (cols, _), offset in zip(parts, offsets[:-1], strict=True)]),
                 np.concatenate([values for _, values in parts])) for parts in per_text]
        return rows, (self.vectors.transform(texts) if self.vectors else None)

    def label_probabilities(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The intent (in self.classes order), need (NEEDS) and risk (RISKS) probabilities."""
        rows, dense = self._features(texts)
        needs = _sigmoid(self.needs.scores(rows))
        for need, heads in self.vector_needs.items():
            needs[:, NEEDS.index(need)] = _sigmoid(heads.scores(rows, dense))[:, 0]
        return _softmax(self.intent.scores(rows, dense)), needs, _sigmoid(self.risks.scores(rows))

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Intents (INTENTS order; 0 for one never learnt), needs and risks: the encoder's
        label order, for the blend."""
        intent, needs, risks = self.label_probabilities(texts)
        full = np.zeros((len(texts), len(INTENTS)))
        for j, label in enumerate(self.classes):
            full[:, INTENTS.index(label)] = intent[:, j]
        return np.concatenate([full, needs, risks], axis=1)

    def need_probabilities(self, texts: list[str]) -> np.ndarray:
        return self.label_probabilities(texts)[1]

    def predict(self, texts: list[str]) -> list[Prediction]:
        if not texts:
            return []
        intent, needs, risks = self.label_probabilities(texts)
        out = []
        for i in range(len(texts)):
            best = int(np.argmax(intent[i]))
            out.append(Prediction(
                intent=self.classes[best], confidence=round(float(intent[i, best]), 4),
                needs=[n for n, p in zip(NEEDS, needs[i], strict=True) if p >= self.need_threshold],
                risks=[r for r, p in zip(RISKS, risks[i], strict=True) if p >= self.risk_threshold],
            ))
        return out

    def save(self, path: Path) -> None:
        """One .npz: weights as float16 (half the size; the trainer rounds to it before
        exporting, so the file decides as the trained model did), intercepts as float64."""
        meta = {"format": FORMAT, "name": self.name, "classes": self.classes,
                "need_threshold": self.need_threshold, "risk_threshold": self.risk_threshold,
                "learned_wellness_eval": self.learned_wellness_eval, "vector_needs": list(self.vector_needs),
                "blocks": [{"low": b.low, "high": b.high, "jamo": b.jamo, "weight": b.weight} for b in self.blocks]}
        arrays: dict[str, np.ndarray] = {"meta": np.frombuffer(json.dumps(meta).encode(), np.uint8)}
        for k, block in enumerate(self.blocks):
            grams = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
            if any(_SEP in g for g in grams):
                raise ValueError("an n-gram holds the separator the file uses")
            arrays[f"vocabulary{k}"] = np.frombuffer(_SEP.join(grams).encode(), np.uint8)
            arrays[f"idf{k}"] = block.idf.astype(np.float16)
        heads = {"intent": self.intent, "needs": self.needs, "risks": self.risks,
                 **{f"vector_need_{n}": h for n, h in self.vector_needs.items()}}
        for name, h in heads.items():
            arrays[f"{name}_coef"] = h.coef.astype(np.float16)
            arrays[f"{name}_intercept"] = h.intercept.astype(np.float64)
        if self.vectors:
            arrays["vector_words"] = np.frombuffer(_SEP.join(self.vectors.words).encode(), np.uint8)
            arrays["vector_matrix"] = self.vectors.matrix
            arrays["vector_ngrams"] = self.vectors.ngrams
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:  # np.savez_compressed adds ".npz" to a name without it
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path: Path) -> LexicalModel:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes())
            if meta.get("format") != FORMAT:
                raise ValueError(f"{path}: a lexical model of another format; retrain it")
            blocks = []
            for k, b in enumerate(meta["blocks"]):
                grams = z[f"vocabulary{k}"].tobytes().decode().split(_SEP)
                blocks.append(NgramBlock({g: i for i, g in enumerate(grams)}, z[f"idf{k}"].astype(np.float32),
                                         b["low"], b["high"], b["jamo"], b["weight"]))

            def heads(name: str) -> Heads:
                return Heads(z[f"{name}_coef"].astype(np.float32), z[f"{name}_intercept"])

            vectors = None
            if "vector_words" in z:
                vectors = LemmaVectors(z["vector_words"].tobytes().decode().split(_SEP), z["vector_matrix"],
                                       z["vector_ngrams"])
            return cls(meta["name"], blocks, vectors, meta["classes"], heads("intent"), heads("needs"),
                       {n: heads(f"vector_need_{n}") for n in meta["vector_needs"]}, heads("risks"),
                       meta["need_threshold"], meta["risk_threshold"], meta["learned_wellness_eval"])
