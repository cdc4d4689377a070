"""Risk words heard through recognition errors (nlu/misheard.py)."""

import random
from dataclasses import replace

import pytest

from nlu import dataset
from nlu.asr_noise import corrupt
from nlu.lemmas import lemma_strings
from nlu.misheard import misheard_intent, misheard_risks
from nlu.safety import SafetyRules


@pytest.mark.parametrize("text, risk", [
    ("진짜 괴로워슴 죽고 숖다. 어떡어지?", "suicide"),       # 죽고 싶다, a vowel misheard
    ("그냥 죽고 싶은 생각만 드러요", "suicide"),
    ("작년에 자해를 했어요", "suicide"),
    ("어 살고 싶지 않와요", "suicide"),                     # the denial is the risk
    ("남편이 술만 먹으면 때려여", "abuse"),
    ("아이고 숨을 못 쉬긨 어여", "medical_emergency"),
    ("할아버지가 방금 쓰러졌써요", "medical_emergency"),
    ("영감이 술만 들어가면 주먹찔이에요", "abuse"),          # 2026-12-06 (evening)
    ("집에 가면 또 두둘겨 맞을까 봐요", "abuse"),
    ("빨랫줄로 목을 멜까 해요", "suicide"),
    ("넘어졌는데 피가 게속 나요", "medical_emergency"),
])
def test_a_risk_phrase_misheard_is_still_heard(text, risk):
    assert risk in misheard_risks(text)


@pytest.mark.parametrize("text", [
    "혼자 살아요",                    # holds 자살 across the space
    "혼자 해요",                      # holds 자해
    "답하고 싶지 않아요",             # one letter off 살고 싶지 않아요 after its first syllable
    "긴가민가해요",
    "고기 먹고 싶어",
    "죽고 싶지는 않아요",             # denied
    "죽고 싶은 생각은 업어요",        # denied, the denial misheard
    "배고파 죽겠어요",
    "네 잘 지내고 있어요",
    "목을 맬 생각은 없어요",          # denied
    "피가 계속 나진 않아요",
    "농약 치고 나서 손을 씻어요",
])
def test_everyday_words_are_not_a_risk(text):
    assert misheard_risks(text) == []


@pytest.mark.skipif(not (dataset.SHARED_DATA / "chatbot_train.tsv").exists(), reason="no shared Korean text")
def test_the_spotter_adds_what_the_rules_lose_to_errors_and_flags_little_chat():
    """Over the hand-written risk phrases and the labelled risk rows of the training split,
    corrupted at CER 0.2 as Whisper corrupts Korean: the rules alone lose most of them; with
    the spotter at least a fifth more are heard (99 -> 129 of 273 when written), while
    everyday chat is flagged at most 1% of the time (0.1%)."""
    rng = random.Random(3)
    rows = [replace(e, text=corrupt(e.text, 0.2, rng)) for e in dataset.risk_phrases() + dataset.answers("train")
            if e.risks]
    rules = SafetyRules()
    by_rules = [set(rules.risks_in(lemma)) for lemma in lemma_strings([e.text for e in rows])]
    wanted = [(r, i) for i, e in enumerate(rows) for r in e.risks]
    rules_hit = sum(r in by_rules[i] for r, i in wanted)
    both_hit = sum(r in by_rules[i] or r in misheard_risks(rows[i].text) for r, i in wanted)
    assert both_hit >= rules_hit * 1.2, (rules_hit, both_hit, len(wanted))
    chat = [corrupt(e.text, 0.2, rng) for e in dataset.chatbot("eval")]
    assert sum(bool(misheard_risks(t)) for t in chat) / len(chat) <= 0.01


@pytest.mark.parametrize("text, intent", [
    ("음 전화 잘못 거셧어요", "wrong_person"),          # a cue's words, a letter misheard
    ("어 앞으로 연럭 안 받을래요", "opt_out"),
    ("음 다시 말쓴 해 쥬세요", "repeat"),
    ("말하기 실어요", "refuse"),
    ("음 잘 모르겟어요", "unsure"),                      # a bare "I don't know"
    ("왜 이렇게 힘든지 잘 모르겠어요 요즘은", None),     # not bare: the model reads it
    ("공무원이랑 직접 얘기하고 싶어요", None),           # not 얘기하기 싫어, a letter per three syllables
    ("상담사가 약을 먹으래요", None),                    # a counsellor named is no request
    ("전화 잘못 거셨어요 근데 혹시 어디서 전화하신 거예요 제가 대신 전해 드릴까요", None),  # long: the model's
    ("네 맞아요", None),
])
def test_the_words_of_an_answer_that_steers_the_call_are_heard_through_errors(text, intent):
    assert misheard_intent(text) == intent


@pytest.mark.skipif(not (dataset.SHARED_DATA / "chatbot_train.tsv").exists(), reason="no shared Korean text")
def test_misheard_intent_cues_never_contradict_a_training_answer_and_rarely_read_chat():
    """Over the training answers as written and misheard at CER 0.2, a misheard cue that the
    lemma cues did not already read never names another intent than the answer's; and it reads
    a steering intent into at most 0.2% of everyday chat (4 of 3,330 when written, each one the
    lemma cues read too)."""
    from nlu.intent_cues import IntentCues

    cues, rng = IntentCues(), random.Random(5)
    train = dataset.answers("train")
    for rows in (train, [replace(e, text=corrupt(e.text, 0.2, rng)) for e in train]):
        lemmas = lemma_strings([e.text for e in rows])
        spotted = [(e.intent, misheard_intent(e.text)) for e, lemma in zip(rows, lemmas, strict=True)
                   if cues.intent_in(lemma) is None]
        assert all(said == intent for intent, said in spotted if said), [s for s in spotted if s[1] and s[0] != s[1]]
        assert sum(said == intent for intent, said in spotted) >= 15  # it does read some
    chat = [e.text for e in dataset.chatbot("eval")]
    assert sum(misheard_intent(t) is not None for t in chat) / len(chat) <= 0.002
