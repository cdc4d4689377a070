"""Reads the tensors of a CTranslate2 model directory (model.bin), as written by
ctranslate2.specs.ModelSpec._serialize: version, spec name, revision, then each
variable as name, rank, dims, dtype id, byte count and raw data, then aliases."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np

# Order of ctranslate2's DataType enum (include/ctranslate2/types.h).
DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16, None)  # None: bfloat16


def _read(fh: BinaryIO, fmt: str) -> int:
    size = struct.calcsize(fmt)
    return struct.unpack(fmt, fh.read(size))[0]


def _string(fh: BinaryIO) -> str:
    length = _read(fh, "H")
    return fh.read(length)[:-1].decode("utf-8")  # stored with its NUL terminator


def read_ct2_variables(model_dir: Path) -> tuple[str, dict[str, np.ndarray]]:
    """The spec name and every variable (aliases resolved) of a CTranslate2 model."""
    variables: dict[str, np.ndarray] = {}
    with open(Path(model_dir) / "model.bin", "rb") as fh:
        version = _read(fh, "I")
        if version < 5:
            raise ValueError(f"CTranslate2 binary version {version} is too old to convert (need 5 or newer)")
        spec = _string(fh)
        _read(fh, "I")  # spec revision
        for _ in range(_read(fh, "I")):
            name = _string(fh)
            shape = tuple(_read(fh, "I") for _ in range(_read(fh, "B")))
            type_id = _read(fh, "B")
            nbytes = _read(fh, "I")
            dtype = DTYPES[type_id]
            if dtype is None:
                raise ValueError(f"{name}: bfloat16 weights are not supported")
            variables[name] = np.frombuffer(fh.read(nbytes), dtype=dtype).reshape(shape)
        for _ in range(_read(fh, "I")):
            alias, target = _string(fh), _string(fh)
            variables[alias] = variables[target]
    return spec, variables


def _split(array: np.ndarray, parts: int) -> list[np.ndarray]:
    return list(np.split(array, parts, axis=0))


def _attention(out: dict[str, np.ndarray], prefix: str, src: dict[str, np.ndarray], scope: str,
               fused_qkv: bool) -> None:
    """CTranslate2 fuses projections: self-attention QKV in linear_0, cross-attention KV in
    linear_1; Whisper's key projection has no bias (CTranslate2 stores zeros for it)."""
    if fused_qkv:
        q, k, v = _split(src[f"{scope}/linear_0/weight"], 3)
        qb, _, vb = _split(src[f"{scope}/linear_0/bias"], 3)
        proj = f"{scope}/linear_1"
    else:
        q, qb = src[f"{scope}/linear_0/weight"], src[f"{scope}/linear_0/bias"]
        k, v = _split(src[f"{scope}/linear_1/weight"], 2)
        _, vb = _split(src[f"{scope}/linear_1/bias"], 2)
        proj = f"{scope}/linear_2"
    out.update({
        f"{prefix}.query.weight": q, f"{prefix}.query.bias": qb, f"{prefix}.key.weight": k,
        f"{prefix}.value.weight": v, f"{prefix}.value.bias": vb,
        f"{prefix}.out.weight": src[f"{proj}/weight"], f"{prefix}.out.bias": src[f"{proj}/bias"],
    })


def _norm(out: dict[str, np.ndarray], name: str, src: dict[str, np.ndarray], scope: str) -> None:
    out[f"{name}.weight"] = src[f"{scope}/gamma"]
    out[f"{name}.bias"] = src[f"{scope}/beta"]


def _mlp(out: dict[str, np.ndarray], prefix: str, src: dict[str, np.ndarray], scope: str) -> None:
    for ct2, torch_index in (("linear_0", 0), ("linear_1", 2)):
        out[f"{prefix}.mlp.{torch_index}.weight"] = src[f"{scope}/{ct2}/weight"]
        out[f"{prefix}.mlp.{torch_index}.bias"] = src[f"{scope}/{ct2}/bias"]
    _norm(out, f"{prefix}.mlp_ln", src, f"{scope}/layer_norm")


def whisper_state_dict(src: dict[str, np.ndarray]) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """openai-whisper's ModelDimensions and state_dict, tensor by tensor, from CTranslate2 variables."""
    n_enc = len({k.split("/")[1] for k in src if re.match(r"encoder/layer_\d+/", k)})
    n_dec = len({k.split("/")[1] for k in src if re.match(r"decoder/layer_\d+/", k)})
    vocab, state = src["decoder/embeddings/weight"].shape
    dims = {
        "n_mels": int(src["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(src["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(src["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(src["encoder/num_heads"]), "n_audio_layer": n_enc,
        "n_vocab": int(vocab), "n_text_ctx": int(src["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(state), "n_text_head": int(src["decoder/num_heads"]), "n_text_layer": n_dec,
    }
    out: dict[str, np.ndarray] = {}
    for conv in ("conv1", "conv2"):
        out[f"encoder.{conv}.weight"] = src[f"encoder/{conv}/weight"]
        out[f"encoder.{conv}.bias"] = src[f"encoder/{conv}/bias"]
    out["encoder.positional_embedding"] = src["encoder/position_encodings/encodings"]
    for i in range(n_enc):
        scope, prefix = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        _attention(out, f"{prefix}.attn", src, f"{scope}/self_attention", fused_qkv=True)
        _norm(out, f"{prefix}.attn_ln", src, f"{scope}/self_attention/layer_norm")
        _mlp(out, prefix, src, f"{scope}/ffn")
    _norm(out, "encoder.ln_post", src, "encoder/layer_norm")
    out["decoder.token_embedding.weight"] = src["decoder/embeddings/weight"]
    out["decoder.positional_embedding"] = src["decoder/position_encodings/encodings"]
    for i in range(n_dec):
        scope, prefix = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        _attention(out, f"{prefix}.attn", src, f"{scope}/self_attention", fused_qkv=True)
        _norm(out, f"{prefix}.attn_ln", src, f"{scope}/self_attention/layer_norm")
        _attention(out, f"{prefix}.cross_attn", src, f"{scope}/attention", fused_qkv=False)
        _norm(out, f"{prefix}.cross_attn_ln", src, f"{scope}/attention/layer_norm")
        _mlp(out, prefix, src, f"{scope}/ffn")
    _norm(out, "decoder.ln", src, "decoder/layer_norm")
    return dims, out


def convert_to_openai_whisper(model_dir: Path, output: Path) -> Path:
    """Writes an openai-whisper checkpoint ({"dims", "model_state_dict"}) for whisper.load_model(path)."""
    import torch
    from whisper.model import ModelDimensions, Whisper

    spec, src = read_ct2_variables(model_dir)
    if spec != "WhisperSpec":
        raise ValueError(f"{model_dir} holds a {spec}, not a Whisper model")
    dims, arrays = whisper_state_dict(src)
    state = {k: torch.from_numpy(np.array(v, dtype=np.float16)) for k, v in arrays.items()}
    # Refuse a partial mapping loudly: load_state_dict(strict=True) names every missing tensor.
    Whisper(ModelDimensions(**dims)).load_state_dict(state, strict=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".tmp")
    torch.save({"dims": dims, "model_state_dict": state}, tmp)
    tmp.replace(output)
    return output


def ensure_openai_checkpoint(model_dir: Path, checkpoint: Path) -> Path:
    """The converted checkpoint, converting once if it is not there yet."""
    return checkpoint if checkpoint.exists() else convert_to_openai_whisper(model_dir, checkpoint)
