"""The packaged multilingual-e5-small made a transformers model (`voicebot nlu install`),
checked against embeddings the package's own C engine computed; and the fine-tuned
classifier built on it."""

import json

import numpy as np
import pytest

from nlu.encoder import DEFAULT_BASE, packaged
from nlu.encoder.network import HEAD_LABELS, N_INTENTS, PREFIX
from nlu.encoder.tokenizer import E5Tokenizer
from tests.conftest import ROOT

REFERENCE = json.loads((ROOT / "tests" / "data" / "e5_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base():
    from nlu.encoder.install import install

    return install(DEFAULT_BASE)  # made by `make`; a no-op when it is there


def test_packaged_file_layout():
    weights = packaged.read()
    assert weights.header.hidden == 384 and weights.header.layers == 12 and len(weights.pieces) == 250002
    assert len(weights.tensors) == 197 and weights.special == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    assert weights.tensors["l0.q.w"].size == 384 * 384


def test_conversion_matches_the_packaged_engine(base):
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(str(base), add_pooling_layer=False).eval()
    tokenizer = E5Tokenizer.load(base)
    for row in REFERENCE["rows"]:
        ids, mask = tokenizer.batch([row["text"]])
        with torch.inference_mode():
            hidden = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).last_hidden_state[0]
        vector = hidden.mean(0).numpy()
        cosine = float(vector @ np.array(row["embedding"]) / np.linalg.norm(vector))
        assert cosine > 0.999, (row["text"], cosine)


def test_tokenizer_is_xlmr_sentencepiece(base):
    tokenizer = E5Tokenizer.load(base)
    ids = tokenizer.ids(["query: 죽고 싶어요", "ＡＢＣ  test"])  # full-width letters and double spaces normalised
    assert ids[0][0] == 0 and ids[0][-1] == 2 and len(ids[0]) > 4
    assert ids[1] == tokenizer.ids(["ABC test"])[0]


def test_the_trimmed_vocabulary_cuts_korean_and_english_as_the_whole_one_does(base):
    from nlu.encoder.install import kept_pieces

    weights = packaged.read()
    whole = E5Tokenizer.build(weights.pieces, weights.scores, weights.normalisation, **weights.special)
    trimmed = E5Tokenizer.load(base)
    kept = kept_pieces(weights.pieces)
    assert 50_000 < len(kept) < 120_000
    texts = ["query: 죽고 싶어요", "요즘 밥을 하루 한 끼만 먹어요... 가스비 3개월 밀렸어요!", "I lost my job (실직)",
             "ㅋㅋ 네네 맞아요~", "전화번호는 010-1234-5678 입니다"]
    for text, ours, theirs in zip(texts, trimmed.ids(texts), whole.ids(texts), strict=True):
        assert ours == [int(np.searchsorted(kept, i)) for i in theirs], text  # the same pieces, renumbered
    other_script = trimmed.ids(["漢字 🙂 네"])[0]
    assert 3 in other_script and len(other_script) > 3  # <unk> for what Korean and English never use


def test_the_traced_network_gives_the_networks_probabilities(base):
    from nlu.encoder.classifier import EncoderClassifier, build_network, probabilities
    from nlu.pipeline import MODELS

    if not (MODELS / "e5" / "meta.json").exists():
        pytest.skip("no fine-tuned encoder")
    traced = EncoderClassifier.load(MODELS / "e5", base, precision="float32")
    net = build_network(MODELS / "e5", base)
    texts = ["", "네", "아니요 괜찮아요", "요즘 잠을 잘 못 자고 밥도 거의 못 먹어요 " * 6, "옥상에서 뛰어내리고 싶어요"]
    for batch in (texts, texts[:1], texts[3:4]):  # every width, with and without padding
        assert np.allclose(traced.probabilities(batch), probabilities(net, traced.tokenizer, batch), atol=1e-5)


def test_batches_are_made_of_texts_of_like_token_counts(base):
    """The forward pass costs what the padded batch holds: texts are grouped by their tokens,
    not their characters (digits and Latin letters are few characters to many tokens), and
    each text's probabilities land on its own row."""
    import torch

    from nlu.encoder.classifier import probabilities

    tokenizer = E5Tokenizer.load(base)
    widths: list[tuple[int, int]] = []

    def net(ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        widths.append((int(mask.sum()), mask.numel()))
        logits = torch.zeros((len(ids), len(HEAD_LABELS)))
        logits[:, 0] = mask.sum(1).float()  # the row's own token count, to check where it lands
        return logits

    texts = ["네", "010-1234-5678", "요즘 잠을 잘 못 자요", "ok ok ok ok", "가스비가 3개월 밀렸어요", "아니요"] * 8
    probs = probabilities(net, tokenizer, texts, batch_size=8)
    real = sum(w[0] for w in widths)
    assert sum(w[1] for w in widths) == real  # six kinds, eight of each: no padding at all
    intent = np.log(probs[:, :N_INTENTS])  # the softmax keeps differences: logit 0 minus logit 1
    counts = [len(r) for r in tokenizer.ids([PREFIX + t for t in texts])]
    assert np.allclose(intent[:, 0] - intent[:, 1], counts, atol=1e-4)


def test_bfloat16_decides_as_float32_but_for_near_ties(base):
    """Traced under bfloat16 autocast (what "auto" picks on a processor that computes it
    natively): probabilities within a few hundredths of float32's, the same intent
    wherever float32's is not a near tie, the same needs and risks away from their thresholds."""
    from nlu import dataset
    from nlu.encoder.classifier import EncoderClassifier, compiled_path, decide
    from nlu.encoder.network import N_INTENTS, N_NEEDS
    from nlu.pipeline import MODELS

    if not (MODELS / "e5" / "meta.json").exists():
        pytest.skip("no fine-tuned encoder")
    exact = EncoderClassifier.load(MODELS / "e5", base, precision="float32")
    fast = EncoderClassifier.load(MODELS / "e5", base, precision="bfloat16")
    assert compiled_path(MODELS / "e5", base, "bfloat16") != compiled_path(MODELS / "e5", base, "float32")
    texts = [e.text for e in dataset.answers("test")[::4]] + ["", "죽고 싶어요", "쌀이 떨어져서 굶고 있어요"]
    p, q = exact.probabilities(texts), fast.probabilities(texts)
    assert not np.array_equal(p, q)  # bfloat16 arithmetic, not float32 under another name
    assert np.abs(p - q).max() < 0.05
    top2 = np.sort(p[:, :N_INTENTS], axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 0.05
    assert clear.sum() > 150
    assert (p[clear, :N_INTENTS].argmax(1) == q[clear, :N_INTENTS].argmax(1)).all()
    cuts = np.concatenate([np.broadcast_to(exact.need_threshold, (N_NEEDS,)), exact.risk_thresholds])
    away = (np.abs(p[:, N_INTENTS:] - cuts) > 0.05).all(axis=1)
    assert away.sum() > 150

    def decided(probs: np.ndarray) -> list:
        return [(d.needs, d.risks) for d in decide(probs[away], exact.need_threshold, exact.risk_thresholds)]

    assert decided(p) == decided(q)


def test_precision_auto_follows_the_processor(monkeypatch):
    from nlu.encoder import classifier

    monkeypatch.setattr(classifier, "native_bfloat16", lambda: True)
    assert classifier.resolve_precision("auto") == "bfloat16"
    monkeypatch.setattr(classifier, "native_bfloat16", lambda: False)
    assert classifier.resolve_precision("auto") == "float32"
    assert classifier.resolve_precision("bfloat16") == "bfloat16"
    with pytest.raises(ValueError, match="unknown precision"):
        classifier.resolve_precision("int4")


def test_the_shipped_encoder_reads_the_taxonomy(base):
    from nlu.pipeline import MODELS, load_classifier

    if not (MODELS / "e5" / "meta.json").exists():
        pytest.skip("no fine-tuned encoder")
    clf = load_classifier(MODELS, "e5", base)
    texts = ["네 맞아요", "아니요 괜찮아요", "옥상에서 뛰어내리고 싶어요", "쌀이 떨어져서 굶고 있어요", ""]
    preds = clf.model.predict(texts)
    assert [p.intent for p in preds[:2]] == ["yes", "no"]
    assert "suicide" in preds[2].risks and "food" in preds[3].needs and preds[4].risks == []


def test_the_shipped_encoder_alone_hears_the_plainest_statement_of_each_risk(base):
    """The rules hear these too, but only when every letter is right: a misheard word leaves
    the model alone to hear it. A retrained encoder that doubts them must not ship: the seed
    alone moves "살고 싶지 않아요" from 0.97 (the shipped seed) to 0.62 and 0.67, and learning
    heating rows moved it to 0.19 with one seed (BENCHMARKS.md, 2026-12-05 to 06). The phrases
    are held-out answer phrasings: a veto on a retrain, not a way to choose among seeds."""
    from nlu.dataset import PLAIN_STATEMENTS
    from nlu.pipeline import MODELS, load_classifier

    if not (MODELS / "e5" / "meta.json").exists():
        pytest.skip("no fine-tuned encoder")
    model = load_classifier(MODELS, "e5", base).model
    for risk, texts in PLAIN_STATEMENTS.items():
        unheard = [t for t, p in zip(texts, model.predict(texts), strict=True) if risk not in p.risks]
        assert not unheard, (risk, unheard)


def test_lora_merge_matches_peft(tmp_path):
    """The classifier merges the adapter itself (peft's import costs seconds at every start);
    the merged weights must be peft's own."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import BertConfig, BertModel

    from nlu.encoder.classifier import merge_lora

    config = BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64)
    torch.manual_seed(0)
    base = BertModel(config, add_pooling_layer=False)
    plain = BertModel(config, add_pooling_layer=False)
    plain.load_state_dict(base.state_dict())
    lora = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["query", "key", "value", "dense"]))
    for name, param in lora.named_parameters():
        if "lora_B" in name:  # peft starts B at zero, where any merge is right
            torch.nn.init.normal_(param)
    lora.save_pretrained(str(tmp_path))
    before = {k: v.clone() for k, v in plain.state_dict().items()}
    expected = lora.merge_and_unload().state_dict()
    merged = merge_lora(plain, tmp_path).state_dict()
    assert set(merged) == set(expected)
    for key, value in expected.items():
        assert torch.allclose(merged[key], value, atol=1e-5), key
    query = "encoder.layer.0.attention.self.query.weight"
    assert not torch.allclose(merged[query], before[query])


def test_each_need_is_judged_by_its_own_threshold():
    from nlu.encoder.classifier import decide, need_thresholds
    from nlu.encoder.network import N_INTENTS
    from nlu.labels import NEEDS

    meta = {"need_threshold": 0.5, "need_thresholds": {"food": 0.3, "housing": 0.7}}
    cut = need_thresholds(meta)
    assert cut[NEEDS.index("food")] == np.float32(0.3) and cut[NEEDS.index("care")] == np.float32(0.5)
    probs = np.zeros((1, N_INTENTS + len(NEEDS) + 3), np.float32)
    probs[0, 0] = 1.0
    probs[0, N_INTENTS + NEEDS.index("food")] = 0.4  # over food's own 0.3, under the common 0.5
    probs[0, N_INTENTS + NEEDS.index("housing")] = 0.6  # over the common 0.5, under housing's own 0.7
    assert decide(probs, cut, np.full(3, 0.5, np.float32))[0].needs == ["food"]
    assert decide(probs, 0.5, np.full(3, 0.5, np.float32))[0].needs == ["housing"]


def test_a_fresh_phrasing_or_heating_sentence_teaches_suicide_alone():
    """Fresh phrasings were judged as suicide risks or near-misses only, heating sentences as
    suicide false alarms: the encoder learns nothing about abuse or emergencies from them, and
    no need, and no intent."""
    import torch

    from nlu.dataset import Example
    from nlu.encoder.training import _loss, targets
    from nlu.labels import RISKS

    rows = [Example("다리 난간에 기대서 사진 찍었어요", source="fresh", group="l"),
            Example("남편이 때려요", risks=("abuse",), source="risk_phrases", group="a:spouse"),
            Example("연탄가스 마실까 봐 창문을 조금 열고 자요", source="everyday_heating", group="block 2")]
    intent, intent_weight, needs, risks, need_known, risk_known = targets(rows)
    suicide_only = [float(r == "suicide") for r in RISKS]
    assert risk_known.tolist() == [suicide_only, [1.0] * len(RISKS), suicide_only]
    assert need_known.tolist() == [0.0, 0.0, 0.0] and intent.tolist() == [-1, -1, -1]
    logits = torch.randn(3, len(HEAD_LABELS), generator=torch.Generator().manual_seed(0))
    args = [torch.from_numpy(a) for a in (intent, intent_weight, needs, risks, need_known, risk_known)]
    weights, pos_weight = torch.ones(N_INTENTS), torch.ones(len(HEAD_LABELS) - N_INTENTS)

    def loss_with(row: int, label: str, value: float) -> float:
        changed = logits.clone()
        changed[row, HEAD_LABELS.index(label)] = value
        return _loss(changed, *args, weights, pos_weight).item()

    assert loss_with(0, "risk:abuse", 9.0) == loss_with(0, "risk:abuse", -9.0)
    assert loss_with(0, "risk:suicide", 9.0) > loss_with(0, "risk:suicide", -9.0)  # a near-miss: not suicide
    assert loss_with(1, "risk:abuse", 9.0) < loss_with(1, "risk:abuse", -9.0)
    # heating, judged as a suicide false alarm only: it says nothing of an emergency
    assert loss_with(2, "risk:medical_emergency", 9.0) == loss_with(2, "risk:medical_emergency", -9.0)
    assert loss_with(2, "risk:suicide", 9.0) > loss_with(2, "risk:suicide", -9.0)

