"""A soup of fine-tunes (nlu/encoder/soup.py): one adapter and head that add to the base
the mean of what each fine-tune added, loaded like any other."""

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertModel

from nlu.encoder.classifier import ADAPTER, ADAPTER_CONFIG, HEAD, merge_lora
from nlu.encoder.soup import soup

CONFIG = BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)


def fine_tune(path: Path, seed: int, rank: int = 4, scale: int = 2) -> tuple[dict, dict]:
    """A random adapter and head as training would leave them, saved as train_nlu saves them;
    returns the weights merged and the head."""
    from peft import LoraConfig, get_peft_model

    base = a_base()
    torch.manual_seed(seed)
    lora = get_peft_model(base, LoraConfig(r=rank, lora_alpha=scale * rank, target_modules=["query", "dense"]))
    for name, param in lora.named_parameters():
        if "lora_" in name:
            torch.nn.init.normal_(param, std=0.2)
    lora.save_pretrained(str(path))
    head = {"norm.weight": torch.rand(32) + 0.5, "norm.bias": torch.randn(32), "norm.running_mean": torch.randn(32),
            "norm.running_var": torch.rand(32) + 0.5, "norm.num_batches_tracked": torch.tensor(100),
            "head.weight": torch.randn(5, 32), "head.bias": torch.randn(5)}
    save_file(head, str(path / HEAD))
    return lora.merge_and_unload().state_dict(), head


def a_base() -> BertModel:
    torch.manual_seed(0)
    return BertModel(CONFIG, add_pooling_layer=False)


def run_head(head: dict, x: torch.Tensor) -> torch.Tensor:
    norm = torch.nn.BatchNorm1d(32).eval()
    norm.load_state_dict({k[len("norm."):]: v for k, v in head.items() if k.startswith("norm.")})
    return torch.nn.functional.linear(norm(x), head["head.weight"], head["head.bias"])


def test_a_soup_adds_to_the_base_the_mean_of_what_each_fine_tune_added(tmp_path):
    dirs = [tmp_path / f"seed{s}" for s in (1, 2, 3)]
    made = [fine_tune(d, s) for d, s in zip(dirs, (1, 2, 3), strict=True)]
    soup(dirs, tmp_path / "soup")
    config = json.loads((tmp_path / "soup" / ADAPTER_CONFIG).read_text())
    assert (config["r"], config["lora_alpha"]) == (12, 24)  # three rank-4 adapters side by side, the same scale
    merged = merge_lora(a_base(), tmp_path / "soup").state_dict()
    for key, value in merged.items():
        expected = sum(state[key] for state, _ in made) / 3
        assert torch.allclose(value, expected, atol=1e-5), key
    query = "encoder.layer.0.attention.self.query.weight"
    assert not torch.allclose(merged[query], a_base().state_dict()[query], atol=1e-3)


def test_a_soups_head_gives_the_mean_of_the_heads_outputs(tmp_path):
    from safetensors.torch import load_file

    dirs = [tmp_path / f"seed{s}" for s in (1, 2)]
    heads = [fine_tune(d, s)[1] for d, s in zip(dirs, (1, 2), strict=True)]
    soup(dirs, tmp_path / "soup")
    x = torch.randn(7, 32)
    expected = (run_head(heads[0], x) + run_head(heads[1], x)) / 2
    assert torch.allclose(run_head(load_file(str(tmp_path / "soup" / HEAD)), x), expected, atol=1e-4)


def test_only_like_fine_tunes_make_a_soup(tmp_path):
    fine_tune(tmp_path / "a", 1)
    fine_tune(tmp_path / "b", 2, scale=1)
    with pytest.raises(ValueError, match="scale or target modules"):
        soup([tmp_path / "a", tmp_path / "b"], tmp_path / "soup")
    with pytest.raises(ValueError, match="two encoders"):
        soup([tmp_path / "a"], tmp_path / "soup")
    assert not (tmp_path / "soup" / ADAPTER).exists()
