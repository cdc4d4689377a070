"""Need and intent cues over Kiwi lemmas: what they catch, what they must leave alone."""

import pytest

from nlu.intent_cues import IntentCues
from nlu.need_cues import NeedCues
from nlu.pipeline import SafeClassifier
from nlu.prediction import Prediction

NEEDS = NeedCues()
INTENTS = IntentCues()


@pytest.mark.parametrize("text,needs", [
    ("쌀이 다 떨어졌어요", ["food"]),
    ("밥은 잘 먹어요", []),
    ("월세가 석 달째 밀렸어요", ["housing"]),
    ("전기가 안 나와요", ["utilities"]),
    ("허리가 쑤셔서 잠을 못 자요", ["health", "mental_health"]),
    ("안 아파요", []),
    ("아픈 데는 없어요", []),
    ("외롭지 않아요", []),
    ("혼자 살아서 외로워요", ["isolation"]),
    ("돈이 없어요", ["income_debt"]),
    ("돈 걱정은 없어요", []),     # a noun between the parts breaks the cue
    ("별일 없어요", []),          # 일 inside 별일 is not work
    ("회사에서 잘렸어요", ["employment"]),
    ("치매 어머니를 혼자 돌봐요", ["care"]),
    ("잘 지내요", []),
    ("새벽에 자주 깨요", ["mental_health"]),
    ("의욕이 하나도 안 생겨요", ["mental_health"]),
    ("하루 종일 누워만 있어요", ["mental_health"]),
    ("잠은 잘 자요", []),
    ("점점 혼자 다니게 되더라고요", ["isolation"]),   # 혼자 tagged as an adverb
    ("밤새 뒤척여요", ["mental_health"]),
    ("잠 드는 게 어려워요", ["mental_health"]),
    ("한 시간마다 깨요", ["mental_health"]),
    ("요즘 제대로 잔 날이 없어요", ["mental_health"]),
    ("이제 잘 시간이네요", []),
    ("밖에 나가고 싶지 않아요", ["isolation"]),
    ("밖에 나가고 싶어요", []),
    ("나만 버려진 것 같아요", ["isolation"]),
    ("머리가 묵직해요", ["health"]),
    ("형편이 넉넉하지 않아요", ["income_debt"]),   # "넉넉" states the need only when denied
    ("형편이 넉넉해요", []),
    ("넉넉한 살림은 아니에요", ["income_debt"]),
    ("요즘은 아무것도 하기 싫어요", ["mental_health"]),
    ("말하기 싫어요", []),                        # a refusal, not lost pleasure
    ("하고 싶은 게 하나도 없어요", ["mental_health"]),
    ("만사가 다 귀찮아요", ["mental_health"]),
    ("귀찮으니까 전화하지 마", []),
    ("사람 만나는 자리는 안 가요", ["isolation"]),
    ("하루종일 방에 있어요", ["isolation"]),
    ("버려진 느낌이에요", ["isolation"]),
    ("집에서는 거의 누워 있어요", ["mental_health"]),
    ("얼마나 잤는지 모르겠어요", ["mental_health"]),
    ("사는 게 지옥이에요", ["mental_health"]),
    ("아픈 데 없어요", []),                       # 데 "place", not a clause ending
    ("끼니 거르는 일은 없어요", []),              # "never"
    ("잠 못 자는 일은 없어요", []),
    ("우울한 건 없어요", []),
    ("기분이 좋지 않아요", ["mental_health"]),
    # Patterns whose partial tag ("/N", "/V") was followed by a space had never matched.
    ("요즘 계속 방에만 있어요", ["isolation"]),
    ("집주인이 집에서 나가라고 해요", ["housing"]),
    ("혼자 못 걸어요", ["care"]),
])
def test_need_cues(text, needs):
    assert sorted(NEEDS.needs([text])[0]) == sorted(needs)


@pytest.mark.parametrize("text,intent", [
    ("전화 잘못 거셨어요", "wrong_person"),
    ("그런 사람 없어요", "wrong_person"),
    ("그러니까 저 아닌데요 그렇지 뭐", "wrong_person"),   # a conjunction before it is a filler
    ("그게 저는 그분이 아니에요", "wrong_person"),
    ("음 딴 사람이에요", "wrong_person"),
    ("저는 아들인데요 어머니는 안 계세요", "wrong_person"),
    ("여기 그런 분 안 사세요", "wrong_person"),
    ("엉뚱한 데 거셨네요", "wrong_person"),
    ("엉뚱한 데 돈을 썼어요", None),
    ("도와주는 건 다른 사람이에요", None),
    ("수신 거부 해 주세요", "opt_out"),
    ("다시는 연락하지 마세요", "opt_out"),      # opt-out wins over "다시" (repeat)
    ("이 번호 명단에서 빼 주세요", "opt_out"),
    ("상담원 바꿔 주세요", "request_human"),
    ("사람 상담사 없어요?", "request_human"),
    ("상담원은 안 계세요", "request_human"),
    ("지금 운전 중이에요", "callback_later"),
    ("내일 오후에 다시 전화 주세요", "callback_later"),
    ("잘 안 들려요", "repeat"),
    ("네 뭐요?", "repeat"),
    # A bare yes or no, however spelt, with fillers around it.
    ("네", "yes"),
    ("아이고 응 진짜", "yes"),
    ("가끔 그래요", "yes"),
    ("아니요 없어요", "no"),
    ("저기 없었어요 참", "no"),
    ("어어 안 그래요 그렇지 뭐", "no"),       # "그렇지 뭐" is a shrug, not a yes
    ("그렇지 않습니다", "no"),
    ("음 괜찮습니다", "no"),
    ("never요", "no"),
    ("아 글쎄요 그래서요", "unsure"),
    ("잘 모르겠심더", "unsure"),
    ("그게 좀 헷갈리네요", "unsure"),
    ("네 잘 모르겠어요", None),                # yes and unsure at once: left to the model
    ("월세가 얼마인지 모르겠어요", None),      # content
    ("허허 그렇구먼", None),                  # "I see" answers nothing
    ("네 없어요", None),                      # yes and no at once: left to the model
    ("네 월세가 밀렸어요", None),             # content: left to the model
    ("그럴 수도 있고 아닐 수도 있고", None),
    ("말할 사람이 없어요", None),               # isolation, not a request for a person
    ("상담 받은 적 없어요", None),
    ("어머니 돌아가시고 혼자 살아요", None),
    ("전화를 안 받아서 죄송해요", None),
    ("말하기 싫어요", "refuse"),
    ("그건 대답 못 해요", "refuse"),
    ("아무것도 하기 싫어요", None),            # a symptom, not a refusal
    ("딱 잘라 말하기 어렵네요", None),         # "hard to say" is unsure, not a refusal
])
def test_intent_cues(text, intent):
    assert INTENTS.intents([text])[0] == intent


class Fixed:
    """A model that always says the same, to see what the rules change."""

    name = "fixed"

    def predict(self, texts):
        return [Prediction("yes", 0.6, ["food"], []) for _ in texts]


def test_classifier_takes_cue_intents_and_joins_needs_and_risks():
    clf = SafeClassifier(Fixed())
    opt_out, plain, risk, bare_no = clf.predict(["전화하지 마세요", "네 월세가 밀렸어요", "전에는 죽고 싶었는데",
                                                 "아뇨 안 그래요"])
    assert (opt_out.intent, opt_out.confidence) == ("opt_out", 0.95)
    assert (bare_no.intent, bare_no.confidence) == ("no", 0.95)
    assert plain.intent == "yes" and plain.confidence == 0.6
    assert plain.needs == ["food", "housing"]          # the model's and the cue's, in taxonomy order
    assert risk.risks == ["suicide"] and "mental_health" in risk.needs
    # An answer that only steers or declines keeps no need of the model's, only what it says
    assert opt_out.needs == []
    declined, = clf.predict(["말하기 싫어요 월세가 밀려서"])
    assert declined.intent == "refuse" and declined.needs == ["housing"]


class SeesAbuse:
    name = "sees-abuse"

    def predict(self, texts):
        return [Prediction("other", 0.6, [], ["abuse"]) for _ in texts]


def test_a_risk_only_the_model_heard_is_marked_possible():
    clf = SafeClassifier(SeesAbuse())
    only_model, both = clf.predict(["무릎이 아파 못 움직여요", "남편이 때려요"])
    assert only_model.risks == ["abuse"] and only_model.possible_risks == ["abuse"]
    assert both.risks == ["abuse"] and both.possible_risks == []  # the rules heard it too: escalated at once
    assert "possible_risks" not in only_model.as_dict()  # the command line's output is the contract's


def test_the_model_does_not_overrule_a_need_the_cues_saw_denied(shipped_classifier):
    clf = shipped_classifier
    denials = ["우울한 건 없어요", "아픈 데 없어요"]
    assert all(p.needs for p in clf.model.predict(denials))  # the model alone reads a need in the words
    assert [p.needs for p in clf.predict(denials)] == [[], []]
    assert clf.predict(["우울하지는 않은데 의욕이 없어요"])[0].needs == ["mental_health"]


def test_words_that_say_a_need_is_met_keep_the_model_from_reading_one(shipped_classifier):
    clf = shipped_classifier
    met = ["잠은 잘 자요", "전기 가스 다 잘 나와요", "자식들이 자주 찾아와요", "도와주는 사람 있어요"]
    assert all(p.needs for p in clf.model.predict(met))  # the model alone reads the topic as a need
    assert [p.needs for p in clf.predict(met)] == [[], [], [], []]
    # Met in one clause, stated in another: the stated need stands.
    assert [p.needs for p in clf.predict(["잠은 잘 자는데 밥을 못 먹어요", "친구는 있는데 외로워요"])] == [
        ["food"], ["isolation"]]


class SeesNothing:
    name = "sees-nothing"

    def predict(self, texts):
        return [Prediction("other", 0.6) for _ in texts]


def test_risk_words_heard_through_errors_are_possible_unless_the_rules_saw_them_denied():
    from nlu.misheard import misheard_risks

    clf = SafeClassifier(SeesNothing())
    never = "죽고 싶다고 한 적은 한 번도 없어요"
    misheard, denied = clf.predict(["진짜 괴로워슴 죽고 숖다", never])
    assert misheard.risks == ["suicide"] and misheard.possible_risks == ["suicide"]  # asked about in the call
    assert "mental_health" in misheard.needs
    assert misheard_risks(never) == ["suicide"] and denied.risks == []  # the rules read the denial


def test_a_steering_answer_misheard_wins_over_the_model_and_states_no_need():
    said = SafeClassifier(Fixed()).predict(["어 앞으로 연럭 안 받을래요", "지금 병원에 못 가요"])
    assert (said[0].intent, said[0].confidence, said[0].needs) == ("opt_out", 0.8, [])
    assert (said[1].intent, said[1].confidence) == ("yes", 0.6)  # no cue's words: the model's reading stands
