"""Word vectors for Korean lemmas, learned from unlabelled text, and the sentence vector a
linear model reads beside its character n-grams.

Character n-grams only match spellings seen in the labelled rows; vectors learned by
fastText (gensim) from 300,000 movie reviews place a word near words used like it
("우울" near "울적", "암울", "우울감"), so an answer worded unlike any training row still
lands near the rows that mean the same. A sentence is the mean of its content lemmas'
vectors (nouns, verbs and adjectives, adverbs, roots), scaled to length 1.

A lemma outside the learned vocabulary (a dialect ending, a transcription slip: "업어요")
still gets a vector, fastText's way: the mean of its syllable n-grams' vectors. Those sit
in a small hash table (20,000 rows), and the vectors are kept as float16, so the model file
stays small and needs no gensim to run."""

from __future__ import annotations

import zlib

import numpy as np

from nlu.lemmas import analyse

CONTENT_TAGS = "NVMX"  # first letter of Kiwi's tag: noun, verb/adjective, adverb/determiner, root/affix
MIN_N, MAX_N = 1, 3  # syllable n-grams: a Korean syllable is already a good part of a word


def _tokens(texts: list[str], content_only: bool) -> list[list[str]]:
    return [[f"{t.form}/{t.tag[0]}" for t in tokens
             if not t.tag.startswith("S") and (not content_only or t.tag[0] in CONTENT_TAGS)]
            for tokens in analyse(texts)]


def _stable_hash(word: str) -> int:
    # gensim seeds each word's starting vector with hash(); Python's is salted per process.
    return zlib.crc32(word.encode())


def ngram_buckets(word: str, buckets: int) -> list[int]:
    """fastText's hash rows for a word's n-grams (as gensim's ft_ngram_hashes computes them):
    character n-grams of "<word>", without the bare "<" and ">", hashed by FNV-1a over
    their UTF-8 bytes, each byte sign-extended as fastText's C++ does."""
    marked = f"<{word}>"
    out = []
    for start in range(len(marked)):
        for n in range(MIN_N, MAX_N + 1):
            gram = marked[start:start + n]
            if len(gram) < n or gram in ("<", ">"):
                continue
            h = 2166136261
            for byte in gram.encode():
                h = ((h ^ (byte | 0xFFFFFF00 if byte > 127 else byte)) * 16777619) & 0xFFFFFFFF
            out.append(h % buckets)
    return out


class LemmaVectors:
    def __init__(self, words: list[str], matrix: np.ndarray, ngrams: np.ndarray) -> None:
        self.words = words
        self.index = {w: i for i, w in enumerate(words)}
        self.matrix = matrix.astype(np.float16)
        self.ngrams = ngrams.astype(np.float16)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "index"}  # rebuilt on load: 0.4 MB less

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.index = {w: i for i, w in enumerate(self.words)}

    @property
    def dim(self) -> int:
        return self.matrix.shape[1]

    @classmethod
    def train(cls, texts: list[str], dim: int = 100, epochs: int = 5, min_count: int = 3, buckets: int = 20_000,
              seed: int = 13) -> LemmaVectors:
        """Skip-gram fastText over Kiwi lemmas; syllable n-grams (1-3) give rare lemmas the
        vectors of their parts. One worker thread, so the same texts give the same vectors."""
        from gensim.models import FastText

        sentences = _tokens(texts, content_only=False)
        model = FastText(vector_size=dim, window=5, min_count=min_count, min_n=MIN_N, max_n=MAX_N, sg=1,
                         epochs=epochs, bucket=buckets, workers=1, seed=seed, hashfxn=_stable_hash)
        model.build_vocab(corpus_iterable=sentences)
        model.train(corpus_iterable=sentences, total_examples=len(sentences), epochs=epochs)
        words = list(model.wv.index_to_key)
        return cls(words, np.stack([model.wv[w] for w in words]), model.wv.vectors_ngrams)

    def nearest(self, word: str, k: int = 5) -> list[str]:
        unit = self.matrix.astype(np.float32)
        unit /= np.linalg.norm(unit, axis=1, keepdims=True) + 1e-9
        scores = unit @ unit[self.index[word]]
        return [self.words[i] for i in np.argsort(-scores)[:k + 1] if self.words[i] != word][:k]

    def vector(self, word: str) -> np.ndarray:
        if word in self.index:
            return self.matrix[self.index[word]].astype(np.float32)
        return self.ngrams[ngram_buckets(word, len(self.ngrams))].astype(np.float32).mean(axis=0)

    def transform(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, words in enumerate(_tokens(texts, content_only=True)):
            if words:
                v = np.mean([self.vector(w) for w in words], axis=0)
                out[row] = v / (np.linalg.norm(v) + 1e-9)
        return out
