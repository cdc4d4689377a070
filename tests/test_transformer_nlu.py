"""The shipped transformers model: loads from its local directory, reads the taxonomy, batches."""

import json

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
