"""The pure dialogue engine, on the shipped Korean flow."""

from tests.conftest import ROOT
from voicebot.flow import Context, Engine, Heard, load_flow
from voicebot.flow.callback_time import parse_callback_time

FLOW = load_flow(ROOT / "call_flows" / "welfare_screening_ko.yaml")
CTX = Context(name="김영숙", office="행복구청", office_phone="02-123-4567", indicators=("electricity_cutoff",),
              now_iso="2026-11-23T10:00:00+09:00")


def say(step, intent, text="", **kw):
    return Engine(FLOW).hear(step.state, Heard(text=text or intent, intent=intent, **kw), CTX)


def to_health():
    step = Engine(FLOW).start(CTX)
    assert step.actions[-1]["node"] == "identity" and "김영숙님" in step.actions[-1]["text"]
    for intent, text in (("yes", "네"), ("other", "오십년생"), ("yes", "네")):
        step = say(step, intent, text)
    assert step.state["node"] == "health"
    return step


def test_wrong_person_ends_call():
    step = say(Engine(FLOW).start(CTX), "no", "아니요")
    assert step.ended and step.state["outcome"] == "wrong_person"


def test_unclear_reprompts_then_rephrases_then_moves_on():
    step = to_health()
    step = say(step, "yes", "음", confidence=0.2)
    # asked again, now offering keys: "번호를 눌러 답하셔도 됩니다. 1번 예, 2번 아니요."
    again = step.actions[-1]
    assert step.state["node"] == "health" and again["text"].startswith(FLOW.nodes["health"].ask)
    assert again["text"].endswith("1번 예, 2번 아니요.") and again["keys"] == ["1", "2"]
    step = say(step, "yes", "음", confidence=0.2)
    assert step.actions[-1]["text"].startswith(FLOW.nodes["health"].rephrase)
    step = say(step, "yes", "음", confidence=0.2)
    assert step.state["node"] == "income"


def test_a_key_press_answers_where_keys_were_offered():
    step = say(to_health(), "yes", "음", confidence=0.2)
    step = Engine(FLOW).hear(step.state, Heard(digits="1"), CTX)
    assert step.state["node"] == "income" and step.state["scores"] == {"health": 2}  # 1 = yes
    assert "health:key" in step.trace
    step = Engine(FLOW).hear(step.state, Heard(digits="9"), CTX)  # not a key this question offers
    assert step.state["node"] == "income" and step.actions[-1]["keys"] == ["1", "2"]


def test_frequency_keys_map_to_choices():
    step = Engine(FLOW).start(CTX, at="phq2_interest")
    step = Engine(FLOW).hear(step.state, Heard(digits="4"), CTX)  # 4 = 거의 매일
    assert step.state["items"]["phq2_interest"] == 3


def test_a_doubtful_identity_answer_is_read_back():
    step = Engine(FLOW).start(CTX)
    doubtful = Engine(FLOW).hear(step.state, Heard(text="네 마자요", intent="yes", confidence=0.3), CTX)
    assert doubtful.state["node"] == "identity" and "“네 마자요”" in doubtful.actions[-1]["text"]
    confirmed = Engine(FLOW).hear(doubtful.state, Heard(text="네", intent="yes"), CTX)
    assert confirmed.state["node"] == "birth_year" and "confirm:yes" in confirmed.trace
    denied = Engine(FLOW).hear(doubtful.state, Heard(text="아니요", intent="no"), CTX)
    assert denied.state["node"] == "identity" and denied.state["retries"] == 1


def test_a_possible_risk_is_never_discarded_for_doubt():
    heard = Heard(text="죽고 시퍼요", intent="other", confidence=0.2, risks=("suicide",), low_confidence=True)
    step = Engine(FLOW).hear(to_health().state, heard, CTX)
    assert {"type": "escalate", "risk": "suicide"} in step.actions and step.state["risks"] == ["suicide"]


def model_heard(risk, text):
    """An answer in which only the model heard a risk (the rules did not)."""
    return Heard(text=text, intent="other", needs=("health",), risks=(risk,), possible_risks=(risk,))


def test_a_risk_only_the_model_heard_is_asked_about_before_it_escalates():
    asked = Engine(FLOW).hear(to_health().state, model_heard("medical_emergency", "무릎이 아파 못 움직여요"), CTX)
    assert not any(a["type"] == "escalate" for a in asked.actions) and asked.state["risks"] == []
    assert asked.actions[-1]["check"] == "medical_emergency" and "위급" in asked.actions[-1]["text"]
    assert asked.state["node"] == "health" and asked.state["needs"] == ["health"]  # the answer's need is kept
    denied = say(asked, "no", "아니요 그건 아니에요")
    assert not any(a["type"] == "escalate" for a in denied.actions) and not denied.ended
    assert denied.state["risks"] == [] and denied.state["denied_risks"] == ["medical_emergency"]
    assert denied.state["node"] != "health" and "check:medical_emergency:no" in denied.trace  # the answer counted
    saved_before = {k: v for k, v in asked.state.items() if k not in ("denied_risks", "unasked_risks")}
    assert Engine(FLOW).hear(saved_before, Heard(text="아니요", intent="no"), CTX).state["denied_risks"] == [
        "medical_emergency"]  # a call whose state was saved before these lists existed
    confirmed = say(asked, "yes", "네 지금 숨이 차요")
    assert {"type": "escalate", "risk": "medical_emergency"} in confirmed.actions and confirmed.ended


def test_only_a_clear_no_sets_a_possible_risk_aside():
    asked = Engine(FLOW).hear(to_health().state, model_heard("suicide", "다 그만두고 사라지고 싶어요"), CTX)
    assert asked.actions[-1]["check"] == "suicide"
    for reply in (Heard(no_speech=True), Heard(text="아니 음", intent="no", confidence=0.3),
                  Heard(text="아니요", intent="no", low_confidence=True), Heard(text="글쎄요", intent="unsure"),
                  Heard(text="[2]", digits="2"),
                  Heard(text="아니요 근데 죽고 싶어요", intent="no", risks=("suicide",))):
        step = Engine(FLOW).hear(asked.state, reply, CTX)
        assert {"type": "escalate", "risk": "suicide"} in step.actions, reply
        assert step.state["node"] == "cssrs_wish" and step.state["risks"] == ["suicide"]


def test_a_sign_of_a_risk_denied_in_the_call_goes_to_an_officer_without_asking_again():
    asked = Engine(FLOW).hear(to_health().state, model_heard("suicide", "영정 사진을 미리 찍어 놨어요"), CTX)
    denied = say(asked, "no", "아니요 그런 생각은 없어요")
    assert denied.state["denied_risks"] == ["suicide"] and not Engine(FLOW).needs_case(denied.state)
    node = denied.state["node"]
    again = Engine(FLOW).hear(denied.state, model_heard("suicide", "남길 말을 적어서 지갑에 넣고 다녀요"), CTX)
    assert not any("check" in a for a in again.actions) and "unasked:suicide" in again.trace
    assert again.state["node"] != node and again.state["risks"] == []  # the answer counted for its question
    assert again.state["unasked_risks"] == ["suicide"] and Engine(FLOW).needs_case(again.state)
    # Another risk is still asked about, and a risk stated in words still escalates at once.
    other = Engine(FLOW).hear(denied.state, model_heard("medical_emergency", "무릎이 아파 못 움직여요"), CTX)
    assert other.actions[-1]["check"] == "medical_emergency"
    stated = Engine(FLOW).hear(denied.state, Heard(text="죽고 싶어요", intent="other", risks=("suicide",)), CTX)
    assert {"type": "escalate", "risk": "suicide"} in stated.actions and stated.state["risks"] == ["suicide"]


def test_hanging_up_on_the_direct_question_escalates():
    asked = Engine(FLOW).hear(to_health().state, model_heard("suicide", "다 그만두고 사라지고 싶어요"), CTX)
    state = Engine(FLOW).finish(asked.state)
    assert state["risks"] == ["suicide"] and state["level"] == "urgent" and Engine(FLOW).needs_case(state)


def test_a_risk_read_into_an_answer_about_the_call_goes_to_an_officer_unasked():
    heard = Heard(text="기계 말고 담당자랑 직접 통화하고 싶어요", intent="request_human", risks=("suicide",),
                  possible_risks=("suicide",))
    step = Engine(FLOW).hear(to_health().state, heard, CTX)
    assert step.actions[-1]["type"] == "transfer" and not any("check" in a for a in step.actions)
    assert step.state["risks"] == [] and step.state["unasked_risks"] == ["suicide"]
    assert Engine(FLOW).needs_case(step.state)


def test_a_risk_the_rules_heard_escalates_at_once():
    rules_too = Heard(text="죽고 싶어요", intent="other", risks=("suicide", "abuse"), possible_risks=("abuse",))
    step = Engine(FLOW).hear(to_health().state, rules_too, CTX)
    assert {"type": "escalate", "risk": "suicide"} in step.actions and "check" not in step.actions[-1]


def test_silence_counts_as_retry():
    step = Engine(FLOW).hear(to_health().state, Heard(no_speech=True), CTX)
    assert step.state["node"] == "health" and step.actions[0]["text"] == FLOW.messages["silence"]


def test_global_intents():
    step = to_health()
    assert say(step, "repeat").actions[-1]["node"] == "health"
    opt = say(step, "opt_out", "전화하지 마세요")
    assert opt.ended and opt.state["outcome"] == "opt_out" and {"type": "opt_out"} in opt.actions
    cb = say(step, "callback_later", "내일 오후 세 시에 전화 주세요")
    assert cb.state["outcome"] == "callback" and cb.state["callback_at"].startswith("2026-11-24T15:00")
    human = say(step, "request_human")
    assert human.actions[-1]["type"] == "transfer"
    closed = Engine(FLOW).hear(step.state, Heard(text="사람", intent="request_human"),
                               Context(**{**CTX.__dict__, "office_open": False}))
    assert closed.ended and {"type": "case", "reason": "request_human"} in closed.actions
    wrong = say(step, "wrong_person")
    assert wrong.state["outcome"] == "wrong_person"


def test_suicide_risk_escalates_screens_and_resumes():
    step = say(to_health(), "other", "죽고 싶어요", risks=("suicide",))
    assert {"type": "escalate", "risk": "suicide"} in step.actions
    assert any("109" in a.get("text", "") for a in step.actions)
    assert step.state["node"] == "cssrs_wish" and step.state["level"] == "none"
    step = say(step, "no", "아니요")
    assert step.state["node"] == "cssrs_behavior"  # C-SSRS: no wish -> ask about behaviour
    step = say(step, "no", "아니요")
    assert step.state["node"] == "safety_transfer"
    step = say(step, "no", "아니요")
    assert step.state["node"] == "income"  # back where the interview was
    transfer = say(say(say(to_health(), "other", "죽고 싶어요", risks=("suicide",)), "no"), "no")
    assert transfer.state["node"] == "safety_transfer"
    assert say(transfer, "yes").actions[-1]["type"] == "transfer"


def test_yes_to_the_direct_question_after_a_positive_depression_screen_escalates_and_resumes():
    step = Engine(FLOW).start(CTX, at="phq2_interest")
    step = say(step, "other", "거의 매일")
    step = say(step, "other", "일주일 넘게")  # PHQ-2 = 5: positive
    assert step.state["node"] == "suicide_screen" and not step.state["risks"]
    step = say(step, "yes", "네 그런 적 있어요")
    assert {"type": "escalate", "risk": "suicide"} in step.actions and step.state["risks"] == ["suicide"]
    assert any("109" in a.get("text", "") for a in step.actions)
    assert step.state["node"] == "cssrs_thoughts"  # the wish is answered: on to the next C-SSRS question
    for _ in range(3):
        step = say(step, "no", "아니요")
    assert step.state["node"] == "lonely_companionship"  # back after the direct question
    no = say(say(say(Engine(FLOW).start(CTX, at="phq2_interest"), "other", "거의 매일"), "other", "거의 매일"), "no")
    assert no.state["node"] == "lonely_companionship" and not no.state["risks"]
    assert not any(a.get("type") == "escalate" for a in no.actions)


def test_a_yes_to_the_direct_question_understood_after_the_call_ended_still_escalates():
    step = Engine(FLOW).start(CTX, at="phq2_interest")
    step = say(say(step, "other", "거의 매일"), "other", "거의 매일")
    assert step.state["node"] == "suicide_screen"
    hung_up = Engine(FLOW).finish(step.state)
    late = Engine(FLOW).hear_late(hung_up, Heard(text="네", intent="yes"))
    assert late.actions == [{"type": "escalate", "risk": "suicide"}] and late.state["risks"] == ["suicide"]
    assert not Engine(FLOW).hear_late(hung_up, Heard(text="아니요", intent="no")).actions


def test_an_answer_rule_may_raise_a_risk_without_a_sub_flow():
    from dataclasses import replace

    screen = FLOW.nodes["suicide_screen"]
    abuse_rule = replace(screen.answers["yes"], risk="abuse", next=None)
    flow = replace(FLOW, nodes={**FLOW.nodes, "suicide_screen": replace(screen, answers={"yes": abuse_rule})})
    step = Engine(flow).start(CTX, at="phq2_interest")
    for text in ("거의 매일", "거의 매일"):
        step = Engine(flow).hear(step.state, Heard(text=text, intent="other"), CTX)
    step = Engine(flow).hear(step.state, Heard(text="네", intent="yes"), CTX)
    assert {"type": "escalate", "risk": "abuse"} in step.actions and step.state["risks"] == ["abuse"]
    assert any("1366" in a.get("text", "") for a in step.actions)
    assert step.state["node"] == "lonely_companionship" and not step.state["stack"]


def test_a_risk_rule_for_a_risk_already_heard_still_returns_after_its_questions():
    from dataclasses import replace

    # Without the shipped `unheard` condition, the question is asked after the risk was heard.
    flow = replace(FLOW, nodes={**FLOW.nodes, "suicide_screen": replace(FLOW.nodes["suicide_screen"], when=None)})
    step = Engine(flow).start(CTX, at="suicide_screen")
    step.state["risks"] = ["suicide"]
    step = Engine(flow).hear(step.state, Heard(text="네", intent="yes"), CTX)
    assert step.state["node"] == "cssrs_thoughts" and not any(a["type"] == "escalate" for a in step.actions)
    for _ in range(3):
        step = Engine(flow).hear(step.state, Heard(text="아니요", intent="no"), CTX)
    assert step.state["node"] == "lonely_companionship" and not step.ended


def test_emergency_and_abuse_actions():
    emergency = say(to_health(), "other", "숨을 못 쉬겠어요", risks=("medical_emergency",))
    assert emergency.ended and any("119" in a.get("text", "") for a in emergency.actions)
    abuse = say(to_health(), "other", "아들이 때려요", risks=("abuse",))
    assert any("1366" in a.get("text", "") for a in abuse.actions) and abuse.state["node"] == "income"


def test_instruments_scored_by_their_rules():
    step = to_health()
    for intent in ("no", "no", "no", "no", "no", "no"):
        step = say(step, intent)
    assert step.state["node"] == "hvs_worried"
    step = say(step, "other", "가끔 있었어요")
    step = say(step, "other", "전혀 없었어요")
    assert step.state["instruments"]["hunger_vital_sign"] == {"total": 1, "positive": True, "complete": True}
    assert step.state["scores"]["food"] == 3
    step = say(step, "other", "며칠 동안")
    step = say(step, "other", "며칠 동안")  # PHQ-2 = 2 < 3: negative
    assert step.state["instruments"]["phq2"]["positive"] is False
    assert "mental_health" not in step.state["scores"]


def test_condition_on_indicators():
    flagged = to_health()
    assert "crisis_utilities" in _walk(flagged)
    unflagged_ctx = Context(**{**CTX.__dict__, "indicators": ()})
    assert "crisis_utilities" not in _walk(flagged, unflagged_ctx)


def _walk(step, ctx=CTX):
    engine = Engine(FLOW)
    for _ in range(40):
        if step.ended:
            break
        step = engine.hear(step.state, Heard(text="아니요", intent="no"), ctx)
    return step.state["path"]


def test_callback_time_parser():
    now = "2026-11-23T20:00:00+09:00"
    assert parse_callback_time("한 시간 뒤에 전화 주세요", now).startswith("2026-11-23T21:00")
    assert parse_callback_time("내일 오전 10시", now).startswith("2026-11-24T10:00")
    assert parse_callback_time("나중에요", now) is None


def test_a_misheard_birth_year_is_asked_again_with_the_keypad_offered():
    """Whisper heard "1965" for "nineteen fifty five": the second ask takes four typed
    digits (a <Gather> that ends on #, in record mode too), and a typed year that matches
    the record goes on where a spoken one would."""
    from voicebot.telephony.twiml import CallUrls, render

    ctx = Context(name="김영숙", birth_year=1955, now_iso="2026-11-23T10:00:00+09:00")
    step = Engine(FLOW).hear(Engine(FLOW).start(ctx).state, Heard(text="네", intent="yes"), ctx)
    step = Engine(FLOW).hear(step.state, Heard(text="천구백육십오년이요", low_confidence=True), ctx)
    ask = step.actions[-1]
    assert step.state["node"] == "birth_year" and ask["digits"] == 4 and "숫자 네 자리" in ask["text"]
    twiml = render(step.actions, "ko-KR", "record", CallUrls("https://x/a", "https://x/s", "https://x/r"), "")
    assert 'input="dtmf speech"' in twiml and 'numDigits="4"' in twiml and 'finishOnKey="#"' in twiml
    assert "<Record" not in twiml
    typed = Engine(FLOW).hear(step.state, Heard(text="[1955]", digits="1955"), ctx)
    assert typed.state["node"] == "consent" and not typed.ended
    wrong = Engine(FLOW).hear(step.state, Heard(text="[1965]", digits="1965"), ctx)
    assert wrong.ended and wrong.state["outcome"] == "wrong_person"
