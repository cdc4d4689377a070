"""Builds nlu/data/answers.tsv: labelled Korean answers to interview questions.

Hand-written phrase banks (standard, elderly and dialect speech) are combined with
fillers, hesitations, endings, spacing slips and Whisper-style transcription errors.
Every row keeps the id of the phrase it grew from, and the held-out split is made by
phrase, not by row, so the test answers are phrasings the model never saw. The split
"unseen" holds answer-form risks written after the models were trained (UNSEEN_BLOCKS):
never learnt from, judged by scripts/eval_nlu.py beside the four risk phrasings of "test".

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

# Compositional answers: each pattern is a list of slots; a row picks one option per slot.
# The option in the slot marked by `key` names the held-out group, so test rows carry
# core wordings the model never saw in training, wrapped in familiar openings and endings.
PATTERNS: dict[str, list[tuple[list[list[str]], int]]] = {
    "yes": [
        ([["", "아 ", "어 ", "음 ", "예 "], ["네", "예", "응", "어", "그래요", "맞아요", "그렇죠", "그럼요", "맞습니다",
          "그렇습니다", "물론이죠", "암요", "당연하지", "그라제", "맞다", "그렇지예", "하모예", "맞구먼유", "그려유", "긍께"],
          ["", " 맞아요", " 그래요", " 그렇습니다", " 제가 받았어요", " 말씀하세요", " 물어보세요", " 있어요"]], 1),
        ([["네 ", "예 ", "", "아이고 "], ["있었어요", "있지요", "그런 적 있어요", "가끔 그래요", "많이 그래요", "자주 있어요",
          "요즘 좀 그래요", "그런 편이에요", "솔직히 그래요", "늘 그렇죠", "좀 그렇네요", "그렇다고 봐야죠"],
          ["", " 요새", " 사실은", " 좀"]], 1),
        ([["", "네 "], ["제가 본인인데요", "본인 맞아요", "저예요", "제가 받았어요", "그 사람 저예요", "내가 맞소",
          "네 접니다", "저 맞는데요"], ["", " 왜요", " 무슨 일이세요"]], 1),
        ([["", "네 ", "예 "], ["해 보세요", "물어보세요", "괜찮아요 하세요", "얼마든지요", "말씀해 보세요", "네 하세요",
          "그래요 해요", "좋습니다", "괜찮습니다 여쭤보세요"], [""]], 1),
    ],
    "no": [
        ([["", "아 ", "어 ", "음 "], ["아니요", "아뇨", "아니에요", "아니", "아녀", "아니유", "아이다", "아입니더",
          "아니라예", "아니오", "안 그래요", "그렇지 않아요", "그런 거 없어요", "없어요", "없습니다", "없었어요",
          "없심더", "없당께", "별로요", "딱히요", "전혀요", "하나도 없어요"],
          ["", " 괜찮아요", " 그런 거 없어요", " 잘 지내요", " 문제없어요", " 그런 일은 없어요", " 전혀"]], 1),
        ([["", "아니요 ", "아뇨 "], ["그런 적 없어요", "한 번도 없어요", "그런 일 없었어요", "그런 건 없는데요",
          "그렇진 않아요", "걱정 없어요", "밀린 거 없어요", "다 냈어요", "괜찮게 지내요", "그럭저럭 괜찮아요"],
          ["", " 요즘은", " 다행히"]], 1),
    ],
    "unsure": [
        ([["", "음 ", "어 ", "글쎄 "], ["글쎄요", "잘 모르겠어요", "모르겠네요", "기억이 잘 안 나요", "헷갈리네요",
          "애매하네요", "반반이에요", "긴가민가해요", "그럴 수도 있고 아닐 수도 있고", "뭐라 해야 할지 모르겠네요",
          "확실히는 모르겠어요", "생각을 좀 해 봐야겠어요", "잘 모르겄어", "모르겠심더", "글씨요", "어떨지 모르겠네"],
          ["", " 그건", " 솔직히", " 잘"]], 1),
    ],
    "refuse": [
        ([["", "그건 ", "그런 건 ", "아 "], ["말하기 싫어요", "대답 안 할래요", "말씀 못 드려요", "개인적인 거라서요",
          "답하고 싶지 않아요", "대답하기 곤란해요", "넘어가 주세요", "패스할게요", "말 안 할랍니다",
          "알려 드리기 좀 그래요", "사생활이라서요", "굳이 말해야 돼요", "노코멘트할게요", "말 안 하고 싶네요",
          "얘기하기 싫은데요", "대답 안 해도 되죠"], ["", " 죄송해요", " 그냥"]], 1),
    ],
    "repeat": [
        ([["", "네? ", "예? ", "어? "], ["뭐라고요", "다시 말씀해 주세요", "잘 안 들려요", "한 번 더 말해 주세요",
          "못 들었어요", "천천히 말씀해 주세요", "크게 좀 말해 주세요", "다시 한번만요", "무슨 말인지 모르겠어요",
          "방금 뭐라고 하셨어요", "질문이 뭐였죠", "뭐라카노", "귀가 어두워서 잘 안 들려", "소리가 작아요",
          "다시 물어봐 주세요", "뭐라 했능교"], ["", " 다시요", " 잘 안 들려서"]], 1),
    ],
    "callback_later": [
        ([["", "제가 ", "아 "], ["지금 바빠서", "지금 운전 중이라", "일하는 중이라", "밖이라서", "병원에 와 있어서",
          "밥 먹는 중이라", "손님이 와서", "회의 중이라", "지금은 통화가 어려워서", "애 보는 중이라"],
          [" 나중에 전화 주세요", " 이따 다시 해 주세요", " 내일 다시 걸어 주세요", " 저녁에 연락 주세요",
           " 오후 세 시쯤 전화 주세요", " 한 시간 뒤에 해 주세요", " 좀 있다 전화해요", " 다음에 통화해요"]], 1),
        ([["", "그럼 "], ["나중에 전화 주세요", "이따가 다시 걸어 주세요", "내일 오전에 다시 전화 주세요",
          "저녁에 다시 해 주실래요", "다음에 다시 연락 주세요", "좀 이따 하입시더", "이따 전화하소", "나중에 얘기해요"],
          ["", " 지금은 안 돼요", " 죄송해요"]], 1),
    ],
    "wrong_person": [
        ([["", "네? ", "아 "], ["전화 잘못 거셨어요", "그런 사람 없어요", "저 아닌데요", "번호 잘못 아셨네요",
          "그분 이사 갔어요", "여기 그런 분 안 사세요", "모르는 사람인데요", "저는 그분이 아니에요",
          "그분 돌아가셨어요", "저는 딸인데요 어머니는 안 계세요", "이 번호 바뀌었어요", "엉뚱한 데 거셨네요"],
          ["", " 끊을게요", " 잘못 아셨나 봐요"]], 1),
    ],
    "opt_out": [
        ([["", "아 ", "됐고 "], ["전화하지 마세요", "다시는 연락하지 마세요", "이런 전화 그만 하세요", "번호 지워 주세요",
          "앞으로 연락 안 받을래요", "수신 거부할게요", "귀찮게 하지 마세요", "연락 사절입니다", "이 번호로 걸지 마세요",
          "또 전화하면 신고할 거예요", "전화 좀 그만 해라", "필요 없으니까 다시 걸지 마요", "제 번호 명단에서 빼 주세요",
          "이런 전화 받기 싫으니 연락 마세요", "다시는 이 번호로 전화하지 마요", "전화 오는 거 원치 않아요",
          "앞으로 이런 전화 사양할게요", "더 이상 연락하지 말아 주세요", "전화 좀 작작 하세요"],
          ["", " 됐어요", " 끊어요", " 부탁이에요"]], 1),
    ],
    "request_human": [
        ([["", "저기 ", "그냥 "], ["사람", "상담원", "담당자", "직원", "공무원", "사회복지사", "동사무소 선생님",
          "담당 선생님"], ["이랑 통화할래요", " 바꿔 주세요", " 연결해 주세요", "하고 직접 얘기하고 싶어요",
                          " 좀 바꿔 주소", "이랑 말하게 해 주세요"]], 1),
        ([[""], ["기계 말고 사람이랑 얘기할래요", "로봇하고는 얘기 안 해요 사람 바꿔요", "진짜 사람 없어요",
          "자동응답 말고 직원이요", "사람하고 직접 통화하고 싶은데요"], ["", " 빨리요"]], 1),
    ],
    "other": [
        ([["", "아 ", "음 "], ["날씨가 춥네요", "누구시라고요", "이거 어디서 온 전화예요", "우리 손주가 왔어요",
          "텔레비전 보고 있었어요", "고맙습니다", "수고하세요", "밥은 드셨어요", "허허 그렇구먼",
          "요즘 무릎 때문에 경로당도 못 가", "우리 영감은 밭에 갔어요", "이 전화 돈 드는 거 아니죠"], [""]], 1),
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

# Compositional statements of need: (needs, subjects, predicates). The predicate names the
# held-out group, so test rows say a need in words the model has not seen for it.
NEED_PATTERNS: list[tuple[list[str], list[str], list[str]]] = [
    (["food"], ["밥을", "끼니를", "식사를", "세끼를"],
     ["못 먹어요", "거를 때가 많아요", "챙겨 먹기가 힘들어요", "굶을 때가 있어요", "하루 한 번만 먹어요", "제대로 못 먹어요"]),
    (["food"], ["먹을 게", "쌀이", "반찬이", "라면도", "냉장고가"],
     ["없어요", "다 떨어졌어요", "바닥났어요", "텅 비었어요", "며칠째 없어요"]),
    (["housing"], ["월세가", "관리비가", "집세가", "방세가"],
     ["밀렸어요", "석 달째 밀렸어요", "감당이 안 돼요", "몇 달 못 냈어요", "올라서 못 내요"]),
    (["housing"], ["집주인이", "건물주가", "주인집에서"],
     ["나가래요", "방 빼래요", "쫓아낸대요", "보증금을 못 돌려준대요", "이번 달까지 비우래요"]),
    (["housing"], ["고시원에서", "쪽방에서", "찜질방에서", "비닐하우스에서", "컨테이너에서", "친구 집에서"],
     ["살아요", "지내고 있어요", "잠만 자요", "몇 달째 살고 있어요"]),
    (["housing"], ["집이", "방이", "지붕이"], ["비가 새요", "곰팡이가 심해요", "너무 낡아서 무너질 것 같아요"]),
    (["utilities"], ["전기가", "가스가", "수도가", "난방이", "물이"],
     ["끊겼어요", "끊긴대요", "끊길 것 같아요", "안 나와요", "끊긴다는 통지가 왔어요"]),
    (["utilities"], ["전기요금이", "가스요금이", "수도요금이", "난방비가", "공과금이"],
     ["밀렸어요", "너무 많이 나와서 못 냈어요", "몇 달째 밀려 있어요", "감당이 안 돼요"]),
    (["health"], ["허리가", "무릎이", "다리가", "머리가", "이가", "눈이", "관절이", "어깨가"],
     ["아파요", "너무 아파서 못 걸어요", "안 좋아요", "쑤셔서 잠을 못 자요", "아픈데 병원에 못 가요"]),
    (["health"], ["당뇨가", "고혈압이", "관절염이", "디스크가", "심장병이", "암이", "지병이"],
     ["있어요", "있는데 약을 못 먹고 있어요", "심해졌어요", "있어서 힘들어요"]),
    (["health", "income_debt"], ["병원에", "치과에", "약국에"],
     ["갈 돈이 없어요", "다녀야 하는데 돈이 없어요", "못 간 지 오래됐어요"]),
    (["mental_health"], ["요즘", "계속", "늘", "매일", "하루 종일"],
     ["우울해요", "불안해요", "잠을 못 자요", "눈물이 나요", "아무것도 하기 싫어요", "기운이 없어요",
      "사는 게 재미없어요", "희망이 없어요", "마음이 무너져요", "가슴이 답답해요", "멍하게 있어요"]),
    (["isolation"], ["혼자", "아무도 없이", "가족 없이", "영감 먼저 보내고 혼자"],
     ["살아서 외로워요", "지내니까 적적해요", "있으니 말할 사람이 없어요", "살아요 찾아오는 사람도 없고"]),
    (["isolation"], ["자식들이", "친척들이", "친구들이", "이웃들이"],
     ["연락을 안 해요", "찾아오질 않아요", "다 떠났어요", "얼굴 본 지 오래됐어요"]),
    (["isolation"], ["몇 달째", "며칠씩", "한 달 넘게"], ["아무하고도 말을 안 했어요", "집 밖에 안 나가요", "아무도 안 만났어요"]),
    (["income_debt"], ["빚이", "카드값이", "대출이", "사채가", "통신비가", "세금이", "이자가"],
     ["많아요", "밀렸어요", "감당이 안 돼요", "독촉이 와요", "불어나서 못 갚아요"]),
    (["income_debt"], ["돈이", "생활비가", "수입이", "연금이", "통장이"],
     ["없어요", "모자라요", "끊겼어요", "너무 적어요", "바닥났어요", "한 푼도 없어요"]),
    (["employment"], ["일자리를", "직장을", "일을", "일거리를"],
     ["잃었어요", "그만뒀어요", "구하고 있어요", "못 구하고 있어요", "찾는데 없어요"]),
    (["employment"], ["회사에서", "공장에서", "가게에서", "식당에서", "현장에서"],
     ["잘렸어요", "나가래서 나왔어요", "일이 끊겼어요", "문을 닫아서 쉬고 있어요"]),
    (["employment"], ["나이가 많아서", "몸이 아파서", "경력이 없어서"], ["일을 안 줘요", "써 주는 데가 없어요", "일을 못 구해요"]),
    (["care"], ["치매 있는 어머니를", "중풍 온 남편을", "장애가 있는 아들을", "누워 계신 아버지를", "몸이 불편한 아내를"],
     ["혼자 돌보고 있어요", "모시고 사는데 힘들어요", "간병하느라 일을 못 해요", "돌볼 사람이 저밖에 없어요"]),
    (["care"], ["혼자서는", "제 힘으로는", "도와주는 사람이 없어서"],
     ["밥을 못 해 먹어요", "씻기가 힘들어요", "거동을 못 해요", "병원에 못 가요", "장 보러 못 가요"]),
    (["care"], ["손주를", "어린 동생을", "아이 셋을"], ["혼자 키우고 있어요", "맡길 데가 없어요", "봐 줄 사람이 없어요"]),
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
    ("배고파 죽겠네", [], ["food"]), ("힘들어 죽겠다 일이 많아서", [], []), ("옷이 몸에 딱 맞아요", [], []),
    ("때리는 사람은 없어요", [], []), ("숨 쉬는 건 괜찮아요", [], []), ("드라마에서 때리는 장면 봤어요", [], []),
]

# Answer-form risks held out from every model and every rule: the held-out answers (split
# "test") carry only four risk phrasings, 28 rows that move together under recognition
# errors. These were written on 2026-12-06, before any model or rule was judged on them, and
# stay in split "unseen" (never "train"), with everyday near-misses in the same words. What
# they scored when first judged is kept in BENCHMARKS.md; rules were written from the misses after.
UNSEEN_RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("이제 그만 눈 감고 싶네요", ["suicide"], ["mental_health"]),
    ("짐을 싸 두고 사람들한테 마지막 인사를 하고 다녀요", ["suicide"], ["mental_health"]),
    ("아침에 안 깨어났으면 하고 잠들어요", ["suicide"], ["mental_health"]),
    ("제 발로 세상 떠나려고 마음먹었어요", ["suicide"], ["mental_health"]),
    ("병원 약을 한 번에 다 털어 넣을까 해요", ["suicide"], ["mental_health"]),
    ("몇 층에서 떨어지면 되는지 그런 것만 찾아봐요", ["suicide"], ["mental_health"]),
    ("애들 앞으로 편지를 써서 서랍에 넣어 뒀어요", ["suicide"], ["mental_health"]),
    ("빨랫줄로 목을 맬까 하는 마음이 들어요", ["suicide"], ["mental_health"]),
    ("저번 달에 강물에 들어가려다 말았어요", ["suicide"], ["mental_health"]),
    ("제가 사라져야 식구들이 편히 살지요", ["suicide"], ["mental_health"]),
    ("이 나이에 더 살아 뭐 해요 빨리 가야지", ["suicide"], ["mental_health"]),
    ("사는 게 벌 받는 것 같아서 이제 끝장을 내고 싶어요", ["suicide"], ["mental_health"]),
    ("아들놈이 돈 내놓으라고 멱살을 잡아요", ["abuse"], []),
    ("영감이 술만 들어가면 주먹질이에요", ["abuse"], []),
    ("딸 남편이 저한테 칼을 들이댔어요", ["abuse"], []),
    ("밤마다 며느리가 밀치고 발로 차요", ["abuse"], []),
    ("집에 들어가면 또 두들겨 맞을까 봐 밖에 있어요", ["abuse"], []),
    ("손자가 화나면 저를 방에 가두고 문을 잠가요", ["abuse"], []),
    ("한쪽 팔다리가 갑자기 안 움직여요", ["medical_emergency"], ["health"]),
    ("욕실 바닥에 쓰러져서 꼼짝을 못 하고 있어요", ["medical_emergency"], ["health"]),
    ("지금 입이 돌아가고 말이 꼬여요", ["medical_emergency"], ["health"]),
    ("가슴이 조여 오고 식은땀이 줄줄 나요", ["medical_emergency"], ["health"]),
    ("당뇨 약을 먹었는데 눈앞이 캄캄하고 손이 떨려요", ["medical_emergency"], ["health"]),
    ("애가 열이 펄펄 끓고 경기를 해요", ["medical_emergency"], ["health"]),
    ("죽을 만큼은 아니고 그냥 좀 울적해요", [], ["mental_health"]),
    ("숨이 좀 차긴 하는데 약 먹으면 괜찮아요", [], ["health"]),
    ("손주가 장난으로 때리는 시늉을 해요", [], []),
    ("옥탑방이라 계단 오르내리기가 힘들어요", [], []),
    ("끈으로 신문지를 묶어서 내놨어요", [], []),
    ("자기 전에 우유 한 잔 마시면 잠이 와요", [], []),
    ("애들한테 짐 되기 싫어서 운동 열심히 해요", [], []),
    ("넘어질까 봐 지팡이 짚고 다녀요", [], []),
    ("영감 떠나보내고 혼자 산 지 오래됐어요", [], ["isolation"]),
    ("잠들면 아침까지 푹 자요", [], []),
    ("강가에 산책하러 자주 나가요", [], []),
    ("가슴이 답답할 때는 창문을 열어요", [], []),
]

# A second block, written on the evening of 2026-12-06 after rules had been written from the
# first block's misses: the first no longer estimates what the system hears in words nobody
# has seen. Same form, same split, never trained on; its first-judged figures are in BENCHMARKS.md.
UNSEEN_B_RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("밥 먹을 기운도 없고 그냥 이대로 가게 내버려 두세요", ["suicide"], ["mental_health"]),
    ("사는 거 이제 지쳤어요 약통 다 비우고 끝낼 거예요", ["suicide"], ["mental_health"]),
    ("옥상에 올라가서 아래를 한참 내려다보다 왔어요", ["suicide"], ["mental_health"]),
    ("팔에 난 흉터요 그거 칼로 제가 낸 거예요", ["suicide"], ["mental_health"]),
    ("내일 아침 해 뜨기 전에 끝낼 거예요", ["suicide"], ["mental_health"]),
    ("먼저 간 우리 애 만나러 저도 가야겠어요", ["suicide"], ["mental_health"]),
    ("어차피 곧 갈 사람이라 도움은 필요 없어요 다 정리해 놨어요", ["suicide"], ["mental_health"]),
    ("목욕탕 수건걸이에 끈을 걸어 봤어요", ["suicide"], ["mental_health"]),
    ("저번에 농약 마시고 응급실 갔다 왔어요", ["suicide"], ["mental_health"]),
    ("나 하나 없어도 세상 잘 돌아가니까 그만 살래요", ["suicide"], ["mental_health"]),
    ("버스 앞으로 뛰어들까 정류장에서 몇 번을 망설였어요", ["suicide"], ["mental_health"]),
    ("이젠 버텨야 할 까닭이 하나도 없어요", ["suicide"], ["mental_health"]),
    ("아들이 제 연금 통장을 뺏어 가고 밥도 안 줘요", ["abuse"], []),
    ("남편이 목을 졸라서 정신을 잃을 뻔했어요", ["abuse"], []),
    ("사위가 술 먹고 와서 살림을 다 부수고 저를 밀어 넘어뜨려요", ["abuse"], []),
    ("딸이 화나면 제 머리채를 잡고 흔들어요", ["abuse"], []),
    ("요양보호사가 저를 꼬집고 욕을 해요", ["abuse"], []),
    ("애 아빠가 애들 앞에서 허리띠로 때려요", ["abuse"], []),
    ("남편이 숨을 안 쉬고 불러도 대답이 없어요", ["medical_emergency"], ["health"]),
    ("넘어져서 머리가 깨졌는데 피가 계속 흘러요", ["medical_emergency"], ["health"]),
    ("방에 있으면 머리가 깨질 듯 아프고 어지러워서 토할 것 같아요", ["medical_emergency"], ["health"]),
    ("할아버지가 떡이 목에 걸려서 숨을 못 쉬어요", ["medical_emergency"], ["health"]),
    ("손에 끓는 물을 쏟아서 살갗이 다 벗겨졌어요", ["medical_emergency"], ["health"]),
    ("어머니가 아침부터 불러도 눈을 못 뜨세요", ["medical_emergency"], ["health"]),
    ("약통 다 비워서 새 약 받아 왔어요", [], []),
    ("옥상에 올라가서 장독을 닦았어요", [], []),
    ("팔에 난 흉터요 어릴 때 다친 거예요", [], ["health"]),
    ("내일 아침 해 뜨기 전에 밭에 나가요", [], []),
    ("먼저 간 우리 애 생각하면 아직도 눈물이 나요", [], []),
    ("수건걸이가 떨어져서 새로 달았어요", [], []),
    ("농약 치고 나서는 손을 깨끗이 씻어요", [], []),
    ("버스 놓칠까 봐 정류장까지 뛰어갔어요", [], []),
    ("아들이 제 연금 통장을 관리해 줘요", [], []),
    ("딸이 머리를 감겨 주고 빗겨 줘요", [], []),
    ("남편이 코를 골고 자느라 불러도 대답이 없어요", [], []),
    ("떡이 목에 걸릴까 봐 잘게 잘라 먹어요", [], []),
]

# A third block, written later that evening, once rules had been written from the second's misses.
UNSEEN_C_RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("뒷산 소나무에 줄 걸 자리를 봐 뒀어요", ["suicide"], ["mental_health"]),
    ("밥 끊은 지 닷새 됐어요 그냥 이렇게 말라 죽으려고요", ["suicide"], ["mental_health"]),
    ("아무도 모르게 조용히 정리하고 떠날 거예요", ["suicide"], ["mental_health"]),
    ("애들한테 남길 편지를 다 써 놨어요 이제 갈 일만 남았어요", ["suicide"], ["mental_health"]),
    ("먼저 간 영감이 꿈에 자꾸 와서 오라고 손짓해요 이제 가야지요", ["suicide"], ["mental_health"]),
    ("살아 있어 봤자 자식들 짐밖에 안 되니 차라리 없는 게 낫지요", ["suicide"], ["mental_health"]),
    ("고속도로에 차 세워 놓고 걸어 들어갈까 생각 중이에요", ["suicide"], ["mental_health"]),
    ("내 손으로 내 목숨 거두고 싶어요", ["suicide"], ["mental_health"]),
    ("지난달에 진통제를 통째로 삼키고 병원에 실려 갔어요", ["suicide"], ["mental_health"]),
    ("봄이 와도 저는 못 볼 거예요 그 전에 갈 거니까", ["suicide"], ["mental_health"]),
    ("이번 달 월세 못 내면 그날로 저도 끝이에요", ["suicide"], ["mental_health"]),
    ("요즘 칼만 보면 팔에 긋고 싶어져요", ["suicide"], ["mental_health"]),
    ("아들이 술 취하면 저를 벽으로 밀어붙이고 목을 눌러요", ["abuse"], []),
    ("며느리가 밥도 안 차려 주고 방에서 못 나오게 해요", ["abuse"], []),
    ("남편이 제 머리를 벽에 찧어요", ["abuse"], []),
    ("손녀 남자친구가 돈 안 주면 죽인다고 겁을 줘요", ["abuse"], []),
    ("딸이 제 팔을 비틀어서 시퍼렇게 멍이 들었어요", ["abuse"], []),
    ("영감이 지팡이로 저를 내리쳐요", ["abuse"], []),
    ("할머니가 말씀을 하시다가 갑자기 횡설수설하세요", ["medical_emergency"], ["health"]),
    ("연탄가스를 마셨는지 식구들이 다 머리가 아프고 토해요", ["medical_emergency"], ["health"]),
    ("아이가 약통을 열어서 약을 다 먹어 버렸어요", ["medical_emergency"], ["health"]),
    ("계단에서 굴러서 다리가 이상하게 꺾였어요", ["medical_emergency"], ["health"]),
    ("얼굴이 퉁퉁 붓고 목이 부어서 숨 쉬기가 힘들어요", ["medical_emergency"], ["health"]),
    ("아버지가 갑자기 가슴을 움켜쥐고 식은땀을 흘리세요", ["medical_emergency"], ["health"]),
    ("뒷산 소나무 아래 벤치에서 쉬다 와요", [], []),
    ("살 빼려고 저녁밥 끊은 지 닷새 됐어요", [], []),
    ("짐 정리하고 딸네 집으로 떠날 거예요", [], []),
    ("손주한테 생일 축하한다고 편지를 써 놨어요", [], []),
    ("진통제 한 통을 가방에 넣고 다녀요 허리 때문에", [], ["health"]),
    ("봄이 오면 꽃 보러 가고 싶어요", [], []),
    ("고속도로 휴게소에서 국수를 먹었어요", [], []),
    ("아들이 술 취하면 벽에 기대서 자요", [], []),
    ("딸이 제 팔을 주물러 줘요", [], []),
    ("영감이 지팡이 짚고 산책 나가요", [], []),
    ("아버지가 가슴이 답답하다고 하셔서 병원에 모시고 다녀왔어요", [], ["health"]),
    ("아이가 약통을 열까 봐 높은 데 올려놨어요", [], []),
]

# A fourth block, written at the end of that evening once rules had been written from the third.
UNSEEN_D_RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("요즘은 눈 뜨는 아침이 제일 무서워요 또 하루를 살아야 하니까", ["suicide"], ["mental_health"]),
    ("제 보험 수익자를 딸로 바꿔 놨어요 이제 마음이 편해요", ["suicide"], ["mental_health"]),
    ("혼자 바닷가 민박 잡아 놨어요 거기서 마지막으로 바다 보고 끝내려고요", ["suicide"], ["mental_health"]),
    ("약 먹는 것도 다 끊었어요 빨리 가는 게 도와주는 거예요", ["suicide"], ["mental_health"]),
    ("저 같은 늙은이는 그냥 조용히 꺼져 주는 게 맞아요", ["suicide"], ["mental_health"]),
    ("밤에 창문 열고 뛰어 버릴까 몇 번이나 창틀을 잡았어요", ["suicide"], ["mental_health"]),
    ("강아지 맡아 줄 사람만 구하면 저는 정리할 거예요", ["suicide"], ["mental_health"]),
    ("손목에 고무줄 튕기는 걸로는 이제 안 돼서 칼을 써요", ["suicide"], ["mental_health"]),
    ("우리 아들 기일에 맞춰서 저도 가려고 해요", ["suicide"], ["mental_health"]),
    ("지난주에 목을 맸는데 줄이 끊어져서 살았어요", ["suicide"], ["mental_health"]),
    ("이대로 살 바에야 차라리 교도소 가거나 죽거나 둘 중 하나예요", ["suicide"], ["mental_health"]),
    ("다 귀찮고 숨 멎는 날만 손꼽아요", ["suicide"], ["mental_health"]),
    ("사위가 제 통장에서 돈 빼 가고 말 안 들으면 요양원에 버린대요", ["abuse"], []),
    ("아들이 술 먹으면 칼 들고 저를 쫓아다녀요", ["abuse"], []),
    ("남편이 밤마다 문 잠가 놓고 저를 굶겨요", ["abuse"], []),
    ("딸이 화나면 뜨거운 물을 저한테 끼얹어요", ["abuse"], []),
    ("손자가 제 뺨을 때리고 휴대폰을 부숴 버렸어요", ["abuse"], []),
    ("며느리가 제 머리를 쥐어박고 밀쳐서 넘어졌어요", ["abuse"], []),
    ("남편이 갑자기 한쪽 얼굴이 처지고 말을 못 해요", ["medical_emergency"], ["health"]),
    ("어머니가 화장실에서 넘어지셨는데 의식이 가물가물해요", ["medical_emergency"], ["health"]),
    ("아기가 입술이 파래지고 숨을 헐떡여요", ["medical_emergency"], ["health"]),
    ("벌에 쏘였는데 온몸에 두드러기가 나고 숨이 가빠요", ["medical_emergency"], ["health"]),
    ("배가 찢어질 듯 아프고 피를 토했어요", ["medical_emergency"], ["health"]),
    ("할아버지가 하루 종일 불러도 멍하니 대답을 못 하세요", ["medical_emergency"], ["health"]),
    ("요즘은 눈 뜨면 아침 운동하러 공원에 가요", [], []),
    ("보험 수익자를 바꾸려고 보험사에 전화했어요", [], []),
    ("바닷가 민박 잡아서 가족들이랑 놀러 가요", [], []),
    ("혈압약은 의사 선생님이 끊어도 된다고 해서 끊었어요", [], ["health"]),
    ("강아지 맡아 줄 사람을 구해야 여행을 가죠", [], []),
    ("밤에 창문 열고 환기를 시켜요", [], []),
    ("아들 기일이라 제사 준비를 해요", [], []),
    ("손자가 휴대폰 게임을 너무 오래 해서 걱정이에요", [], []),
    ("남편이 밤마다 문 잠갔는지 확인해요", [], []),
    ("벌에 쏘였는데 약 바르니까 가라앉았어요", [], []),
    ("배가 좀 아팠는데 죽 먹고 나았어요", [], ["health"]),
    ("할아버지가 귀가 어두워서 불러도 잘 못 들으세요", [], []),
]

# A fifth block, written at night on 2026-12-06 once rules had been written from the fourth's misses.
UNSEEN_E_RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("이제 저한테 남은 건 정리하는 일뿐이에요 집도 내놨고요", ["suicide"], ["mental_health"]),
    ("요즘 산에 가면 어느 나무가 튼튼한지 보게 돼요", ["suicide"], ["mental_health"]),
    ("제가 없어져도 아무도 모를 거예요 그러니 가도 되겠죠", ["suicide"], ["mental_health"]),
    ("자식들한테 짐 안 되게 제 발로 걸어 나가서 안 돌아올 거예요", ["suicide"], ["mental_health"]),
    ("잠 오는 약을 조금씩 안 먹고 쌓아 두는 중이에요", ["suicide"], ["mental_health"]),
    ("기차 소리 들리면 그 앞에 서 있으면 어떨까 해요", ["suicide"], ["mental_health"]),
    ("엊그제 손목을 그었는데 생각보다 깊지 않았어요", ["suicide"], ["mental_health"]),
    ("달력에 동그라미 쳐 놓은 날까지만 살 거예요", ["suicide"], ["mental_health"]),
    ("암 진단이라도 받으면 오히려 반갑겠어요 얼른 끝나게", ["suicide"], ["mental_health"]),
    ("아무 의미 없는 목숨 질질 끌고 다니는 거 그만하고 싶어요", ["suicide"], ["mental_health"]),
    ("수의까지 맞춰 놨으니 이제 제 손으로 마무리만 하면 돼요", ["suicide"], ["mental_health"]),
    ("지금 다리 위에 있어요 마지막으로 누구 목소리라도 듣고 싶어서요", ["suicide"], ["mental_health"]),
    ("아들이 연금 나오는 날마다 카드를 뺏어 가고 안 주면 발로 차요", ["abuse"], []),
    ("며느리가 밥을 바닥에 던져 주면서 개처럼 먹으래요", ["abuse"], []),
    ("남편이 담뱃불로 제 팔을 지져요", ["abuse"], []),
    ("딸 남자친구가 와서 저를 의자에 묶어 놓고 갔어요", ["abuse"], []),
    ("손자가 지팡이를 빼앗아서 그걸로 제 등을 내리쳐요", ["abuse"], []),
    ("형이 술만 마시면 가위를 던지고 저를 벽에 처박아요", ["abuse"], []),
    ("아버지가 명치가 쥐어짜듯 아프다며 방바닥에 웅크리고 계세요", ["medical_emergency"], ["health"]),
    ("할머니가 떡 드시다가 목에 걸려서 얼굴이 새빨개요", ["medical_emergency"], ["health"]),
    ("아내가 계단에서 굴렀는데 머리에서 피가 나고 토해요", ["medical_emergency"], ["health"]),
    ("아이가 락스를 마셨어요 어떡해요", ["medical_emergency"], ["health"]),
    ("어머니가 당뇨가 있으신데 식은땀 흘리고 제 말을 못 알아들으세요", ["medical_emergency"], ["health"]),
    ("남편이 전기 공사하다 감전돼서 쓰러져 있어요", ["medical_emergency"], ["health"]),
    ("요즘 산에 가면 나무 이름 외우는 재미로 다녀요", [], []),
    ("잠 오는 약을 의사 선생님이 줄여 줘서 조금씩 끊는 중이에요", [], []),
    ("기차 소리 들리면 고향 생각이 나요", [], []),
    ("영정 사진은 노인복지관에서 무료로 찍어 줬어요", [], []),
    ("달력에 동그라미 쳐 놓은 날이 손주 생일이에요", [], []),
    ("남편이 담뱃불 때문에 이불에 구멍을 냈어요", [], []),
    ("손자가 지팡이를 들어 주고 제 등을 두드려 줘요", [], []),
    ("아버지가 명치가 더부룩하다셔서 소화제 드렸어요", [], ["health"]),
    ("할머니가 떡 드실 때 목에 걸릴까 봐 잘게 잘라 드려요", [], []),
    ("아이가 락스 냄새를 싫어해서 창문 열고 청소해요", [], []),
    ("남편이 전기 공사 일을 해서 늘 조심하라고 해요", [], []),
    ("며느리가 밥을 차려 주면서 천천히 먹으래요", [], []),
]

# A sixth block, written at the end of that night, judged by nothing yet: the next estimate.
UNSEEN_F_RISK_PHRASES: list[tuple[str, list[str], list[str]]] = [
    ("통장 잔고 다 찾아서 봉투에 넣어 놨어요 장례비로 쓰라고", ["suicide"], ["mental_health"]),
    ("처방받은 약을 한꺼번에 다 털면 편해질까 계산해 봤어요", ["suicide"], ["mental_health"]),
    ("몇 층에서 떨어져야 확실한지 찾아봤어요", ["suicide"], ["mental_health"]),
    ("아무도 없는 산속에 가서 조용히 누워 있을 거예요 다시는 안 내려오고요", ["suicide"], ["mental_health"]),
    ("요즘은 제 장례식 장면만 자꾸 떠올라요", ["suicide"], ["mental_health"]),
    ("이 나이에 짐만 되는데 하루라도 빨리 정리되는 게 애들 돕는 거죠", ["suicide"], ["mental_health"]),
    ("모아 둔 진통제가 서른 알이 넘어요 그걸로 충분하겠죠", ["suicide"], ["mental_health"]),
    ("손목에 밴드 붙인 거요 제가 그은 거예요 요즘 자주 그래요", ["suicide"], ["mental_health"]),
    ("어제 다리 난간 밖으로 나갔다가 경찰이 잡아서 왔어요", ["suicide"], ["mental_health"]),
    ("이번 달 월세 못 내면 저는 그냥 사라질 생각이에요", ["suicide"], ["mental_health"]),
    ("제 물건 다 나눠 줬어요 이제 떠날 준비 끝났어요", ["suicide"], ["mental_health"]),
    ("차라리 자는 동안 심장이 멈췄으면 해요", ["suicide"], ["mental_health"]),
    ("아들이 제 기초연금 카드를 가져가서 돌려 달라니까 뺨을 쳤어요", ["abuse"], []),
    ("남편이 술 마시고 들어오면 저를 베란다로 내쫓고 문을 잠가요", ["abuse"], []),
    ("손녀가 제 약을 숨기고 안 주면서 비웃어요", ["abuse"], []),
    ("며느리가 밥그릇을 집어 던져서 이마가 찢어졌어요", ["abuse"], []),
    ("조카가 제 도장을 가져가서 집을 자기 앞으로 돌려놨어요 말하면 때린대요", ["abuse"], []),
    ("딸이 제 머리를 벽에 박으면서 욕을 해요", ["abuse"], []),
    ("남편이 갑자기 말을 더듬더니 오른쪽 팔을 못 들어요", ["medical_emergency"], ["health"]),
    ("어머니가 넘어지고 나서 고관절이 아프다며 일어나질 못하세요", ["medical_emergency"], ["health"]),
    ("아이가 땅콩을 먹고 얼굴이 붓고 숨을 쌕쌕거려요", ["medical_emergency"], ["health"]),
    ("할아버지가 보일러실에서 가스 냄새 나더니 쓰러져 계세요", ["medical_emergency"], ["health"]),
    ("아내가 배를 움켜쥐고 식은땀을 줄줄 흘리면서 토하고 있어요", ["medical_emergency"], ["health"]),
    ("아버지 입에서 거품이 나오고 몸이 뻣뻣해요", ["medical_emergency"], ["health"]),
    ("통장 잔고 찾아서 봉투에 넣어 놨어요 손주 용돈 주려고요", [], []),
    ("몇 층에서 내려야 하는지 엘리베이터에서 찾아봤어요", [], []),
    ("산속 휴양림에 가서 조용히 쉬다 올 거예요", [], []),
    ("제 물건 다 나눠 줬어요 이사 가느라 짐을 줄였거든요", [], []),
    ("모아 둔 쿠폰이 서른 장이 넘어요", [], []),
    ("어제 다리 위에서 경찰이 음주 단속을 했어요", [], []),
    ("아들이 제 기초연금 신청을 도와줬어요", [], []),
    ("남편이 술 마시고 들어오면 베란다에서 담배를 피워요", [], []),
    ("손녀가 제 약을 챙겨 주면서 웃어요", [], []),
    ("아이가 땅콩을 좋아해서 간식으로 줘요", [], []),
    ("아내가 배를 움켜쥐고 웃었어요 코미디 보다가", [], []),
    ("아버지가 입에 거품 물고 야구 응원을 하세요", [], []),
]

# Each block's rows are grouped "<block>:<phrase>"; scripts/eval_nlu.py reports block by block.
UNSEEN_BLOCKS: dict[str, list[tuple[str, list[str], list[str]]]] = {
    "unseen": UNSEEN_RISK_PHRASES, "unseen-b": UNSEEN_B_RISK_PHRASES,
    "unseen-c": UNSEEN_C_RISK_PHRASES, "unseen-d": UNSEEN_D_RISK_PHRASES, "unseen-e": UNSEEN_E_RISK_PHRASES,
    "unseen-f": UNSEEN_F_RISK_PHRASES,
}

# Answers to "how often" questions (PHQ-2, the loneliness scale): the question carries the
# need, so the words alone carry none. Kept last in build() so earlier rows stay as they were.
FREQUENCY_PATTERNS: dict[str, list[tuple[list[list[str]], int]]] = {
    "yes": [
        ([["", "음 ", "아 ", "네 ", "예 "], ["가끔요", "가끔 있어요", "자주요", "자주 있어요", "종종 있어요", "며칠 동안요",
          "며칠 그랬어요", "일주일 이상이요", "절반 넘게요", "거의 매일이요", "매일 그래요", "날마다요", "늘 그렇죠",
          "때때로 그래요", "이틀 정도요", "항상 그래요"], ["", " 그런 편이에요", " 요즘은"]], 1),
    ],
    "no": [
        ([["", "음 ", "아 ", "아니요 "], ["거의 없어요", "거의 없었어요", "거의 안 그래요", "별로 없어요", "드물어요",
          "전혀 없었어요", "한 번도 없었어요", "어쩌다 한 번이요", "그런 때는 거의 없어요", "별로 그렇진 않아요",
          "없다시피 해요", "거의 없지요"], ["", " 괜찮아요", " 다행히", " 요즘은"]], 1),
    ],
}

# Fillers and endings that carry no answer: "예" or "그래요" would turn any statement into a yes.
FILLERS = ["", "", "", "음 ", "어 ", "그게 ", "아이고 ", "저기 ", "뭐 ", "어어 ", "아 ", "에 ", "그러니까 "]
ENDINGS = ["", "", "", "요", " 진짜", "...", " 그렇지 뭐", ".", " 참", " 그래서요"]
# Substitutions Whisper makes on Korean telephone speech: spacing, similar syllables, dropped endings.
ASR_ERRORS = [("네", "내"), ("아니요", "아니오"), ("어요", "어여"), ("습니다", "슴니다"), ("없어", "업어"),
              ("괜찮", "괜찬"), ("싶어", "시퍼"), ("했어", "했서"), ("됐어", "됬어"), ("같아", "같애")]
YES_NEED_PREFIX = ["네 ", "예 ", "그래요 ", "맞아요 ", "네 솔직히 ", "네 사실 "]
NO_NEED_PREFIX = ["아니요 ", "아뇨 "]


# Heating, the everyday way (a need only where it is short): the words of a suicide by
# charcoal (연탄, 번개탄, 피우다, 테이프로 막다, 방문을 닫다) in the speech of households
# that heat with them. The models had learnt those words as a risk.
HEATING_PHRASES: list[tuple[str, list[str]]] = [
    ("연탄보일러를 써요", []), ("겨울에는 연탄을 때요", []), ("아침마다 연탄을 갈아요", []),
    ("연탄불을 피워 놓고 밥을 해요", []), ("번개탄으로 연탄에 불을 붙여요", []), ("방에 연탄난로를 놓고 지내요", []),
    ("기름보일러라서 기름을 넣어야 해요", []), ("전기장판을 켜고 자요", []), ("보일러를 낮게 틀어 놓고 지내요", []),
    ("창문에 뽁뽁이를 붙였어요", []), ("문틈을 테이프로 막아서 바람을 막았어요", []), ("난로 옆에 앉아 있어요", []),
    ("장작을 때서 방을 덥혀요", []), ("연탄 배달을 받았어요", []), ("봉사단체에서 연탄을 갖다 줬어요", []),
    ("연탄불이 자꾸 꺼져서 새벽에 깨요", []), ("불을 때야 방이 좀 따뜻해져요", []), ("밤에는 보일러를 꺼요", []),
    ("연탄재를 내다 버렸어요", []), ("방문을 닫아 놓고 난로를 켜요", []), ("연탄 보일러 물을 갈아 줘야 해요", []),
    ("방바닥에 전기 매트를 깔았어요", []), ("이불을 덮고 있으면 그래도 괜찮아요", []),
    ("보일러 기름이 다 떨어졌어요", ["utilities"]), ("연탄 살 돈이 없어요", ["utilities", "income_debt"]),
    ("방이 추워서 입김이 나요", ["utilities"]), ("난방을 안 하고 옷을 껴입고 지내요", ["utilities"]),
    ("보일러를 못 틀어서 방이 냉골이에요", ["utilities"]), ("연탄이 다 떨어져서 불을 못 때요", ["utilities"]),
    ("가스가 끊겨서 전기장판으로 버텨요", ["utilities"]), ("등유 값이 올라서 난로를 못 켜요", ["utilities"]),
    ("수도관이 얼어서 물이 안 나와요", ["utilities"]), ("보일러가 고장 났는데 고칠 돈이 없어요", ["utilities", "income_debt"]),
    ("난방비를 아끼려고 한 방에서만 지내요", ["utilities"]), ("온수가 안 나와서 물을 데워 써요", ["utilities"]),
    ("연탄 한 장으로 하루를 버텨요", ["utilities"]), ("전기난로만 켜면 차단기가 내려가요", ["utilities"]),
]


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

    def add(text: str, intent: str, needs: list[str], risks: list[str], group: str, copies: int,
            split: str | None = None) -> None:
        seen = set()
        for _ in range(copies):
            t = _noisy(text, rng)
            if t in seen:
                continue
            seen.add(t)
            rows.append({"text": t, "intent": intent, "needs": ",".join(needs), "risks": ",".join(risks),
                         "group": group, "split": split or _split(group)})

    def add_risk(text: str, risks: list[str], needs: list[str], group: str, split: str | None = None) -> None:
        """A risk said as an answer of its own, and after a "네" (an answer to a yes/no question)."""
        add(text, "other", needs, risks, group, 5, split)
        add("네 " + text, "yes", needs, risks, group, 2, split)

    def add_patterns(patterns: dict[str, list[tuple[list[list[str]], int]]]) -> None:
        for intent, pats in patterns.items():
            for slots, key in pats:
                for core in slots[key]:
                    for _ in range(4):
                        parts = [rng.choice(opts) if i != key else core for i, opts in enumerate(slots)]
                        add("".join(parts), intent, [], [], f"{intent}:{core}", 1)

    for intent, phrases in INTENT_PHRASES.items():
        for p in phrases:
            add(p, intent, [], [], f"{intent}:{p}", 6)
    add_patterns(PATTERNS)
    for text, needs in NEED_PHRASES:
        add(text, "other", needs, [], f"need:{text}", 5)
        if needs:
            add(rng.choice(YES_NEED_PREFIX) + text, "yes", needs, [], f"need:{text}", 3)
        else:
            add(rng.choice(NO_NEED_PREFIX) + text, "no", [], [], f"need:{text}", 2)
    for needs, subjects, predicates in NEED_PATTERNS:
        for pred in predicates:
            group = f"need:{needs[0]}:{pred}"
            for subject in rng.sample(subjects, min(3, len(subjects))):
                add(f"{subject} {pred}", "other", needs, [], group, 1)
                add(rng.choice(YES_NEED_PREFIX) + f"{subject} {pred}", "yes", needs, [], group, 1)
    for text, risks, needs in RISK_PHRASES:
        add_risk(text, risks, needs, f"risk:{text}")
    add_patterns(FREQUENCY_PATTERNS)
    # Last, so that every row before keeps its text: heating told of, the everyday kind
    # the households called live with, beside the briquette and the sealed room of the risk phrases.
    for text, needs in HEATING_PHRASES:
        add(text, "other", needs, [], f"need:{text}", 4)
    for block, phrases in UNSEEN_BLOCKS.items():
        for text, risks, needs in phrases:
            add_risk(text, risks, needs, f"{block}:{text}", split="unseen")
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
