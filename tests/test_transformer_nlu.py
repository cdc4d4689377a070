"""The shipped transformers model: loads from its local directory, reads the taxonomy, batches."""

import json
import os
import subprocess
import sys

import pytest

from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.pipeline import load_classifier
from nlu.transformer import LABELS, TransformerClassifier
from tests.conftest import ROOT

MODEL = ROOT / "nlu" / "models" / "transformer"


@pytest.fixture(scope="module")
def model():
    return TransformerClassifier.load(MODEL)


def test_model_is_versioned_with_its_labels():
    meta = json.loads((MODEL / "labels.json").read_text(encoding="utf-8"))
    assert tuple(meta["labels"]) == LABELS and meta["trained"]
    assert (MODEL / "config.json").exists() and (MODEL / "tokenizer.json").exists()


def test_predictions_follow_the_taxonomy_in_input_order(model):
    texts = ["네 맞아요", "아니요 그런 적 없어요", "상담원 바꿔 주세요", "전화하지 마세요", "쌀이 다 떨어졌어요",
             "", "요즘 너무 우울하고 잠을 못 자요"] * 20
    out = model.predict(texts)
    assert len(out) == len(texts)
    for pred in out:
        assert pred.intent in INTENTS and 0 <= pred.confidence <= 1
        assert set(pred.needs) <= set(NEEDS) and set(pred.risks) <= set(RISKS)
    first = out[:7]
    assert [p.intent for p in first[:4]] == ["yes", "no", "request_human", "opt_out"]
    assert [p.intent for p in out[7:14]] == [p.intent for p in first]
    # Padding in a length-sorted batch does not change what a text is read as
    # (how well needs are read is measured by scripts/eval_nlu.py, not here).
    alone = [model.predict([t])[0] for t in texts[:7]]
    assert [(p.intent, p.needs, p.risks) for p in alone] == [(p.intent, p.needs, p.risks) for p in first]
    assert all(abs(a.confidence - b.confidence) < 1e-3 for a, b in zip(alone, first, strict=True))


def test_safety_rules_wrap_the_model():
    clf = load_classifier(ROOT / "nlu" / "models", "transformer")
    assert clf.name == "transformer+rules"
    assert clf.predict(["전에는 죽고 싶었는데 요즘은 좀 나아요"])[0].risks == ["suicide"]
    assert clf.predict(["죽고 싶을 정도는 아니에요"])[0].risks == []


def test_a_model_for_another_taxonomy_is_refused(tmp_path):
    for f in MODEL.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    meta = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    meta["labels"] = meta["labels"][:-1]
    (tmp_path / "labels.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="taxonomy"):
        TransformerClassifier.load(tmp_path)


def test_a_hub_encoder_named_in_the_settings_is_fine_tuned_instead_of_our_own(tmp_path):
    # No model hub can be reached here: a directory in the hub's format stands in for one
    # (a bare encoder without a classification head, as klue/roberta-small is published).
    from transformers import AutoTokenizer, BertConfig, BertModel

    hub = tmp_path / "hub-encoder"
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    tokenizer.save_pretrained(hub)
    BertModel(BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=128)).save_pretrained(hub)
    out = tmp_path / "models"
    proc = subprocess.run([sys.executable, "scripts/train_nlu.py", "--model", "transformer", "--out", str(out),
                           "--epochs", "1", "--limit", "64"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "VOICEBOT_NLU_BASE_MODEL": str(hub)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not (out / "encoder").exists()  # no pre-training of our own
    meta = json.loads((out / "transformer" / "labels.json").read_text(encoding="utf-8"))
    assert meta["base"] == str(hub) and tuple(meta["labels"]) == LABELS
    tuned = TransformerClassifier.load(out / "transformer")
    assert tuned.model.config.hidden_size == 32
    preds = tuned.predict(["네 맞아요", "죽고 싶어요"])
    assert [p.intent in INTENTS for p in preds] == [True, True]
