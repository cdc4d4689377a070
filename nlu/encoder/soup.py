"""A soup: the weights of encoders fine-tuned alike from one start (the same base, the
same adapter and head initialisation, TrainConfig.init_seed) with different seeds,
averaged into one encoder that runs at the cost of one (Wortsman et al. 2022, "Model
soups"). A seed alone moves what the encoder hears as much as any change of data did;
the average of several steadies that, but tells fresh phrasings of a risk from everyday
sentences only as well as its members do on average (BENCHMARKS.md, 2026-12-06): a
typical encoder, not a better one, and none ships.

Each fine-tune adds alpha/r * B_i @ A_i to the base's weights; their mean is exactly one
LoRA of rank n*r whose A is the A_i stacked and whose B is the B_i side by side divided
by n, so a soup loads through the same merge as any adapter (classifier.merge_lora). Each
head is a batch norm (fixed at inference) and a linear layer: both fold into one affine
map, and the maps are averaged rather than the norms' statistics and the layers apart."""

from __future__ import annotations

import json
from pathlib import Path

from nlu.encoder.classifier import ADAPTER, ADAPTER_CONFIG, HEAD

EPS = 1e-5  # torch's BatchNorm1d default, as the network's norm uses


def soup(dirs: list[Path], out: Path) -> None:
    """Writes the averaged adapter and head of the encoder folders `dirs` into `out` (the
    meta, with the thresholds, is the caller's: a soup's are chosen on its own predictions)."""
    from safetensors.torch import save_file

    if len(dirs) < 2:
        raise ValueError("a soup needs two encoders or more")
    adapter, config = _adapter(dirs)
    head = _head(dirs)  # read before anything is written: out may be one of dirs
    out.mkdir(parents=True, exist_ok=True)
    save_file(adapter, str(out / ADAPTER))
    (out / ADAPTER_CONFIG).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    save_file(head, str(out / HEAD))


def _adapter(dirs: list[Path]) -> tuple[dict, dict]:
    import torch
    from safetensors.torch import load_file

    configs = [json.loads((d / ADAPTER_CONFIG).read_text(encoding="utf-8")) for d in dirs]
    if len({c["lora_alpha"] / c["r"] for c in configs}) != 1 or len({tuple(c["target_modules"]) for c in configs}) != 1:
        raise ValueError("the adapters differ in scale or target modules: only like fine-tunes make a soup")
    adapters = [load_file(str(d / ADAPTER)) for d in dirs]
    n = len(dirs)
    averaged = {}
    for key in adapters[0]:
        if key.endswith(".lora_A.weight"):
            averaged[key] = torch.cat([a[key] for a in adapters], dim=0).contiguous()
        elif key.endswith(".lora_B.weight"):
            averaged[key] = (torch.cat([a[key] for a in adapters], dim=1) / n).contiguous()
        else:
            raise ValueError(f"{key}: only plain LoRA weights can be averaged")
    rank = sum(c["r"] for c in configs)  # the scale alpha / r stays each fine-tune's
    return averaged, configs[0] | {"r": rank, "lora_alpha": rank * configs[0]["lora_alpha"] / configs[0]["r"]}


def _head(dirs: list[Path]) -> dict:
    import torch
    from safetensors.torch import load_file

    heads = [load_file(str(d / HEAD)) for d in dirs]
    maps = [_affine(h) for h in heads]
    weight = torch.stack([w for w, _ in maps]).mean(0)
    hidden = weight.shape[1]
    # A norm that passes its input through: (x - 0) / sqrt(1 - eps + eps) * 1 + 0.
    return {"norm.weight": torch.ones(hidden), "norm.bias": torch.zeros(hidden),
            "norm.running_mean": torch.zeros(hidden), "norm.running_var": torch.full((hidden,), 1 - EPS),
            "norm.num_batches_tracked": heads[0]["norm.num_batches_tracked"],
            "head.weight": weight.contiguous(), "head.bias": torch.stack([b for _, b in maps]).mean(0).contiguous()}


def _affine(head: dict) -> tuple:
    """The norm and the linear layer as one map x -> W x + b."""
    import torch

    scale = head["norm.weight"] / torch.sqrt(head["norm.running_var"] + EPS)
    shift = head["norm.bias"] - head["norm.running_mean"] * scale
    return head["head.weight"] * scale, head["head.bias"] + head["head.weight"] @ shift
