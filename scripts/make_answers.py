"""Builds nlu/data/answers.tsv: labelled Korean answers to interview questions.

Hand-written phrase banks (standard, elderly and dialect speech) are combined with
fillers, hesitations, endings, spacing slips and Whisper-style transcription errors.
Every row keeps the id of the phrase it grew from, and the held-out split is made by
phrase, not by row, so the test answers are phrasings the model never saw.

    python scripts/make_answers.py            # writes nlu/data/answers.tsv
"""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "nlu" / "data" / "answers.tsv"

INTENT_PHRASES: dict[str, list[str]] = {
    "yes": [
        "네", "예", "네 맞아요", "맞습니다", "그렇습니다", "응", "어 그래", "그럼요", "예 그래요", "네 그렇죠",
        "맞아", "그렇지요", "예예", "네네", "그라지예", "하모", "맞소", "그려", "기여", "예 맞구먼유",
        "네 본인입니다", "제가 맞아요", "예 저예요", "당연하죠", "좋아요", "괜찮아요 물어보세요", "네 해 주세요",
        "그런 적 있어요", "자주 그래요", "있었어요", "있어요", "네 그런 편이에요", "예 좀 그래요", "솔직히 그래요",
        "그렇다고 봐야죠", "네 그렇습니다 요즘 좀", "어어 맞아", "예 그라믄요", "네 물어보셔도 돼요", "yes",
        "맞는 것 같아요", "그런 셈이죠", "네 그랬죠", "예 있었지요", "맞심더", "그렇구먼", "하모 맞다",
        # English answers, for the English flow
        "yes that is me", "yeah it is me", "it is me", "yes it is", "yeah", "that's right", "sure", "yes you may",
        "yes please", "yes very hard", "yes I could not afford it", "of course", "correct", "yep",
    ],
    "no": [
        "아니요", "아니오", "아뇨", "아니에요", "없어요", "없습니다", "그런 적 없어요", "아닌데요", "아니 괜찮아",
        "전혀요", "안 그래요", "그렇진 않아요", "아이다", "아니라예", "없심더", "없당께", "아녀", "아니유",
        "괜찮습니다", "문제없어요", "별로 없어요", "딱히 없어요", "그런 건 없어요", "아니 그런 거 없어", "no",
        "아니요 잘 지내요", "없었어요", "한 번도 없어요", "그렇지 않습니다", "안 해요", "아니 멀쩡해",
        "아이고 아니에요", "그런 일 없어요", "안 끊겼어요", "밀린 거 없어요", "걱정 없어요",
        "no", "nope", "not really", "no it is not", "no I am fine", "no nothing thank you", "not at all", "never",
    ],
    "unsure": [
        "글쎄요", "잘 모르겠어요", "모르겠네요", "글쎄 잘", "애매하네요", "그건 좀 생각해 봐야", "긴가민가해요",
        "기억이 안 나요", "모르겄어", "잘 모르겠는디", "글씨요", "어떨지 모르겠어요", "그때그때 달라요",
        "반반이에요", "확실하지 않아요", "그럴 수도 있고 아닐 수도 있고", "뭐라 해야 할지", "음 모르겠다",
        "그게 좀 헷갈리네요", "잘 모르겠심더", "딱 잘라 말하기 어렵네요", "어쩌면요",
    ],
    "refuse": [
        "말하기 싫어요", "대답 안 할래요", "그건 말씀 못 드려요", "개인적인 거라서요", "답하고 싶지 않아요",
        "그런 거 왜 물어요", "말 안 할랍니다", "알려 드리기 좀 그래요", "대답하기 곤란해요", "그건 넘어가 주세요",
        "그 질문은 패스할게요", "사생활이라", "굳이 말해야 돼요", "말 못 하겠어요", "안 알려 줄 거예요",
    ],
    "repeat": [
        "뭐라고요", "다시 말씀해 주세요", "잘 안 들려요", "한 번 더요", "네 뭐라고", "다시 한번 얘기해 주세요",
        "못 들었어요", "좀 천천히 말해 주세요", "뭐라카노", "뭐라 했능교", "다시요", "방금 뭐라고 하셨어요",
        "질문이 뭐였죠", "크게 좀 말해 주세요", "잘 못 알아들었어요", "예 뭐요", "어 다시", "한번 더 말해 줘요",
    ],
    "callback_later": [
        "지금 바빠요 나중에 전화 주세요", "이따가 다시 해 주세요", "내일 다시 전화해 주세요", "지금 운전 중이에요",
        "오후에 전화 주세요", "지금은 통화가 어려워요", "나중에 얘기해요", "저녁에 다시 걸어 주세요",
        "일하는 중이라서요 이따 전화 주세요", "내일 오전 열 시에 전화 주세요", "한 시간 뒤에 전화 주세요",
        "병원이라서 나중에요", "지금 밖이라 나중에 통화해요", "좀 있다 다시 하입시더", "이따 전화하소",
        "다음에 전화 주세요", "세 시쯤 다시 전화 주실래요", "회의 중이에요 나중에", "지금 밥 먹는 중이라 이따가요",
    ],
    "wrong_person": [
        "전화 잘못 거셨어요", "그런 사람 없어요", "저 아닌데요", "번호 잘못 아셨네요", "그 사람 이사 갔어요",
        "여기 그런 분 안 사세요", "잘못 걸었어요", "모르는 사람인데요", "저는 그분 아니에요", "딴 사람이에요",
        "그 사람 여기 없는데요", "엉뚱한 데 거셨네", "그분 돌아가셨어요", "저는 아들인데요 어머니는 안 계세요",
    ],
    "opt_out": [
        "전화하지 마세요", "다시는 연락하지 마세요", "이런 전화 그만 하세요", "번호 지워 주세요", "전화 받기 싫어요 그만 걸어요",
        "귀찮으니까 전화하지 마", "앞으로 연락 안 받을래요", "수신 거부할게요", "이 번호로 연락하지 마세요",
        "다시 전화하면 신고할 거예요", "연락 사절입니다", "전화 좀 그만 해라", "이제 그만 걸어요 필요 없어요",
    ],
    "request_human": [
        "사람이랑 얘기하고 싶어요", "상담원 바꿔 주세요", "직원 연결해 주세요", "담당자랑 통화할래요",
        "기계 말고 사람 바꿔", "공무원이랑 직접 얘기하고 싶어요", "사람 상담사 없어요", "담당 선생님 바꿔 주세요",
        "직접 통화하고 싶은데요", "사람 좀 바꿔 주소", "진짜 사람이랑 말하게 해 주세요", "동사무소 직원 연결해 줘요",
    ],
}

# Statements of need: (text, needs). Most also answer as "other" or "yes".
NEED_PHRASES: list[tuple[str, list[str]]] = [
    ("며칠째 밥을 못 먹었어요", ["food"]), ("끼니를 자주 걸러요", ["food"]), ("먹을 게 없어요", ["food"]),
    ("쌀이 떨어졌어요", ["food"]), ("라면으로 겨우 버텨요", ["food"]), ("하루 한 끼 먹어요", ["food"]),
    ("배가 고파도 살 돈이 없어요", ["food", "income_debt"]), ("반찬 살 돈이 없어서 굶어요", ["food", "income_debt"]),
    ("월세가 석 달 밀렸어요", ["housing"]), ("집주인이 나가래요", ["housing"]), ("살 곳이 없어요", ["housing"]),
    ("보증금이 없어서 이사를 못 가요", ["housing"]), ("집에 곰팡이가 심하고 비가 새요", ["housing"]),
    ("관리비가 밀려 있어요", ["housing", "income_debt"]), ("쫓겨나게 생겼어요", ["housing"]), ("고시원에 살아요", ["housing"]),
    ("전기가 끊겼어요", ["utilities"]), ("가스가 끊겨서 찬물로 씻어요", ["utilities"]), ("수도 요금을 못 냈어요", ["utilities"]),
    ("전기요금이 밀렸어요", ["utilities"]), ("겨울인데 난방을 못 해요", ["utilities"]), ("단전 예고 통지를 받았어요", ["utilities"]),
    ("허리가 아파서 걷기가 힘들어요", ["health"]), ("당뇨가 있는데 약을 못 사요", ["health", "income_debt"]),
    ("병원비가 없어서 병원에 못 가요", ["health", "income_debt"]), ("무릎이 아파 못 움직여요", ["health"]),
    ("혈압약이 떨어졌어요", ["health"]), ("몸이 많이 안 좋아요", ["health"]), ("수술을 받아야 하는데 돈이 없어요", ["health", "income_debt"]),
    ("치아가 다 빠져서 못 씹어요", ["health"]), ("아픈 데가 많아요", ["health"]), ("머리가 자주 아파요", ["health"]),
    ("요즘 너무 우울해요", ["mental_health"]), ("잠을 못 자요", ["mental_health"]), ("아무것도 하기 싫어요", ["mental_health"]),
    ("매일 불안해요", ["mental_health"]), ("희망이 없어요", ["mental_health"]), ("기운이 하나도 없고 무기력해요", ["mental_health"]),
    ("마음이 너무 힘들어요", ["mental_health"]), ("자꾸 눈물이 나요", ["mental_health"]), ("공황이 와요", ["mental_health"]),
    ("혼자 살아서 외로워요", ["isolation"]), ("찾아오는 사람이 없어요", ["isolation"]), ("말할 사람이 없어요", ["isolation"]),
    ("자식들이 연락을 안 해요", ["isolation"]), ("하루 종일 아무하고도 말을 안 해요", ["isolation"]), ("밖에 안 나가고 집에만 있어요", ["isolation"]),
    ("빚이 많아요", ["income_debt"]), ("카드값을 못 갚고 있어요", ["income_debt"]), ("생활비가 모자라요", ["income_debt"]),
    ("대출 독촉 전화가 와요", ["income_debt"]), ("돈이 한 푼도 없어요", ["income_debt"]), ("통신비가 밀렸어요", ["income_debt"]),
    ("건강보험료를 못 내고 있어요", ["income_debt", "health"]), ("수입이 전혀 없어요", ["income_debt"]),
    ("일자리를 잃었어요", ["employment"]), ("회사에서 잘렸어요", ["employment"]), ("일을 구하고 있어요", ["employment"]),
    ("나이가 많아서 일을 안 줘요", ["employment"]), ("가게를 접었어요", ["employment", "income_debt"]), ("일용직도 요즘 없어요", ["employment"]),
    ("실직하고 몇 달째 놀고 있어요", ["employment"]), ("공장이 문을 닫았어요", ["employment"]),
    ("치매 어머니를 혼자 모셔요", ["care"]), ("장애가 있는 아들을 돌보고 있어요", ["care"]), ("혼자서는 밥을 못 해 먹어요", ["care", "food"]),
    ("거동이 불편해서 도움이 필요해요", ["care", "health"]), ("아이 맡길 데가 없어요", ["care"]), ("간병할 사람이 없어요", ["care"]),
    ("목욕하기가 힘들어서 누가 도와줬으면", ["care"]), ("손주를 혼자 키우고 있어요", ["care"]),
    ("밥은 잘 먹어요", []), ("잘 지내고 있어요", []), ("특별히 힘든 건 없어요", []), ("아들이 잘 챙겨 줘요", []),
    ("연금으로 그럭저럭 살아요", []), ("건강은 괜찮아요", []), ("이웃들이랑 자주 만나요", []), ("경로당에 매일 가요", []),
    ("집은 자가예요", []), ("요금은 다 냈어요", []), ("일은 하고 있어요", []), ("큰 걱정은 없어요", []),
]

RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("죽고 싶어요", ["suicide"], ["mental_health"]), ("그냥 죽고 싶은 생각뿐이에요", ["suicide"], ["mental_health"]),
    ("살고 싶지 않아요", ["suicide"], ["mental_health"]), ("전에는 죽고 싶었는데 지금은 좀 나아요", ["suicide"], ["mental_health"]),
    ("약을 모아 두고 있어요", ["suicide"], ["mental_health"]), ("확 뛰어내리고 싶어요", ["suicide"], ["mental_health"]),
    ("살아서 뭐 하나 싶어요", ["suicide"], ["mental_health"]), ("자살하려고 한 적 있어요", ["suicide"], ["mental_health"]),
    ("이렇게 사느니 죽는 게 낫지", ["suicide"], ["mental_health"]), ("손목을 그은 적이 있어요", ["suicide"], ["mental_health"]),
    ("내가 없어지면 다 편할 텐데", ["suicide"], ["mental_health"]), ("작년에 수면제를 한꺼번에 먹었어요", ["suicide"], ["mental_health"]),
    ("남편이 때려요", ["abuse"], []), ("아들이 술만 먹으면 저를 때려요", ["abuse"], []), ("집에서 맞고 살아요", ["abuse"], []),
    ("죽여 버리겠다고 협박해요", ["abuse"], []), ("무서워서 집에 못 들어가겠어요 남편이 물건을 던져요", ["abuse"], []),
    ("숨을 못 쉬겠어요", ["medical_emergency"], ["health"]), ("가슴이 쥐어짜듯 아파요", ["medical_emergency"], ["health"]),
    ("방금 쓰러졌어요", ["medical_emergency"], ["health"]), ("피가 안 멈춰요", ["medical_emergency"], ["health"]),
    ("몸이 마비된 것 같아요 움직일 수가 없어요", ["medical_emergency"], ["health"]), ("구급차 좀 불러 주세요", ["medical_emergency"], ["health"]),
    ("죽고 싶을 정도는 아니에요", [], []), ("죽고 싶지는 않아요", [], []), ("더워 죽겠어요", [], []),
    ("배고파 죽겠네", [], ["food"]), ("힘들어 죽겠다 일이 많아서", [], []), ("맞아요 그렇죠", [], []),
    ("때리는 사람은 없어요", [], []), ("숨 쉬는 건 괜찮아요", [], []), ("드라마에서 때리는 장면 봤어요", [], []),
]

FILLERS = ["", "", "", "음 ", "어 ", "그게 ", "아이고 ", "저기 ", "예 ", "뭐 ", "어어 ", "글쎄 ", "아 "]
ENDINGS = ["", "", "", "요", " 그래요", " 진짜", "...", " 네", " 그렇지 뭐", "."]
# Substitutions Whisper makes on Korean telephone speech: spacing, similar syllables, dropped endings.
ASR_ERRORS = [("네", "내"), ("아니요", "아니오"), ("어요", "어여"), ("습니다", "슴니다"), ("없어", "업어"),
              ("괜찮", "괜찬"), ("싶어", "시퍼"), ("했어", "했서"), ("됐어", "됬어"), ("같아", "같애")]
YES_NEED_PREFIX = ["네 ", "예 ", "그래요 ", "맞아요 ", "네 솔직히 ", "네 사실 "]
NO_NEED_PREFIX = ["아니요 ", "아뇨 "]


def _noisy(text: str, rng: random.Random) -> str:
    text = rng.choice(FILLERS) + text + rng.choice(ENDINGS)
    if rng.random() < 0.3:
        src, dst = rng.choice(ASR_ERRORS)
        text = text.replace(src, dst)
    if rng.random() < 0.2:
        text = text.replace(" ", "")
    if rng.random() < 0.1 and len(text) > 4:
        i = rng.randrange(1, len(text) - 1)
        text = text[:i] + " " + text[i:]
    return " ".join(text.split())


def _split(group: str) -> str:
    return "test" if int(hashlib.md5(group.encode()).hexdigest(), 16) % 5 == 0 else "train"


def build(seed: int = 13) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []

    def add(text: str, intent: str, needs: list[str], risks: list[str], group: str, copies: int) -> None:
        seen = set()
        for _ in range(copies):
            t = _noisy(text, rng)
            if t in seen:
                continue
            seen.add(t)
            rows.append({"text": t, "intent": intent, "needs": ",".join(needs), "risks": ",".join(risks),
                         "group": group, "split": _split(group)})

    for intent, phrases in INTENT_PHRASES.items():
        for p in phrases:
            add(p, intent, [], [], f"{intent}:{p}", 6)
    for text, needs in NEED_PHRASES:
        add(text, "other", needs, [], f"need:{text}", 5)
        if needs:
            add(rng.choice(YES_NEED_PREFIX) + text, "yes", needs, [], f"need:{text}", 3)
        else:
            add(rng.choice(NO_NEED_PREFIX) + text, "no", [], [], f"need:{text}", 2)
    for text, risks, needs in RISK_PHRASES:
        add(text, "other", needs, risks, f"risk:{text}", 5)
        add("네 " + text, "yes", needs, risks, f"risk:{text}", 2)
    return rows


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
