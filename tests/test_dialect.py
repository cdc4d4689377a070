"""Regional speech reaches the rules in standard form: a dialect "no", risk or need is
not lost because the morphological analyser knows only the standard language."""

import pytest

from nlu.dialect import standard
from nlu.intent_cues import IntentCues
from nlu.need_cues import NeedCues
from nlu.safety import SafetyRules


@pytest.mark.parametrize("spoken,written", [
    ("없심더", "없습니다"),
    ("모르겠심더", "모르겠습니다"),
    ("몸이 마이 아픕니더", "몸이 많이 아픕니다"),
    ("아입니더", "아닙니다"),
    ("됐심더 고마 전화하지 마이소", "됐습니다 그만 전화하지 마세요"),
    ("콱 죽어뿔고 잡어", "콱 죽어버리고 싶어"),
    ("죽고 잡당께", "죽고 싶다니까"),
    ("외로워 죽겄어", "외로워 죽겠어"),
    ("밥을 못 묵는다", "밥을 못 먹는다"),
    ("그라지예", "그러지요"),
    ("아니유", "아니요"),
    ("아프믄 우짜노", "아프면 우짜노"),
    # Written 2026-12-06 (late morning) from the misses of batch r.
    ("그만 살라꼬예", "그만 살라고요"),
    ("마 죽어삘란다", "마 죽어버릴란다"),
    ("고마 콱 디져뿔고 싶다", "그만 콱 죽어버리고 싶다"),
    ("추워서 디지겠다", "추워서 죽겠다"),
    ("연기처럼 없어지고파요", "연기처럼 없어지고 싶어요"),
    ("집에 가고파", "집에 가고 싶어"),
    ("하루빨리 가야제", "하루빨리 가야지"),  # batch t
    ("회사 때리치아뿌고 장사할란다", "회사 때려치워버리고 장사할란다"),  # batch u: not 때리다 "to hit"
])
def test_regional_endings_become_standard(spoken, written):
    assert standard(spoken) == written


@pytest.mark.parametrize("text", [
    "고마워요", "이유가 있어요", "도토리묵을 먹었어요", "예", "네 예", "예예", "아이가 아파요",
    "우유 마셨어요", "마이크가 안 돼요", "손을 잡고 잡아당겼어", "명예", "아예 안 먹어요", "아유 참",
    "마이 프렌드", "할 겄 같아요", "배고파요", "배가 고파서", "디지털 카메라", "디지게 좋다", "이제 숙제",
    "문제", "야제 축제",
])
def test_standard_speech_is_left_alone(text):
    assert standard(text) == text


@pytest.mark.parametrize("text,risk", [
    ("콱 죽어뿔고 잡어", "suicide"),
    ("죽고 잡당께", "suicide"),
    ("죽을라꼬 했다", "suicide"),
    ("그만 살라꼬예", "suicide"),
    ("마 죽어삘란다", "suicide"),
    ("고마 콱 디져뿔고 싶다", "suicide"),
    ("확 뒈져 버릴라고요", "suicide"),
    ("연기처럼 없어지고파요", "suicide"),
    ("더 살아서 뭣하겄어", "suicide"),
    ("영감이 때립니더", "abuse"),
])
def test_dialect_risks_are_caught_by_the_rules(text, risk):
    assert risk in SafetyRules().risks([text])[0]


@pytest.mark.parametrize("text", ["추워서 디지겠다", "배고파 죽겠네예", "서울에서 그만 살라꼬예",
                                  "회사 때리치아뿌고 장사할란다"])  # quitting a job, not being hit
def test_dialect_hyperbole_and_moving_house_are_no_risk(text):
    assert SafetyRules().risks([text])[0] == []


def test_dialect_needs_and_answers_reach_the_cues():
    assert NeedCues().needs(["몸이 마이 아픕니더"]) == [["health"]]
    assert NeedCues().needs(["밥을 못 묵는다", "밥은 잘 묵심더"]) == [["food"], []]
    assert IntentCues().intents(["없심더", "아입니더", "맞심더"]) == ["no", "no", "yes"]
