"""The intents that steer the call (wrong number, do not call again, a person please,
call me later, say that again) from the words that state them outright.

These answers end or redirect a call, so they must not hang on phrasings a model
happened to see: "전화 잘못 거셨어요", "연락하지 마세요" and "상담원 바꿔 주세요" are
said in many ways that share a verb and a noun. The patterns run over Kiwi lemmas
in priority order (opt-out first: "다시는 전화하지 마세요" is not a request to repeat),
and the classifier takes a cue's intent over the model's."""

from __future__ import annotations

import re

from nlu.lemmas import lemma_strings

_G = r"(\S+ ){0,3}"  # up to three tokens between the parts of a cue
_CUES: list[tuple[str, list[str]]] = [
    ("opt_out", [
        r"(전화|연락|걸/VV)\S* " + _G + r"말/VX",
        r"(전화|연락)/NNG " + _G + r"(그만/MAG|사절/NNG|안/MAG 받/V\S* (을래|ㄹ래|겠))",
        r"수신/NNG \S+ 거부", r"수신거부", r"(번호|명단)/NNG " + _G + r"(지우/VV|빼/VV|삭제/NNG)\S* " + _G + r"주/VX",
        r"전화\S* " + _G + r"신고/NNG",
    ]),
    ("wrong_person", [
        r"잘못/MAG (\S+ )?(걸/VV|거/VV|알/VV|누르/VV)", r"그런/MM (사람|분)/N\S* " + _G + r"없/VA",
        r"^(\S+/(IC|MAG|JX) )*(저|나)/NP (는/JX )?아니/VCN", r"번호/NNG " + _G + r"(바뀌/VV|잘못/MAG)",
        r"엉뚱/XR",
        r"모르/VV 는/ETM 사람/NNG",
        r"(그분|그/MM 사람/NNG|그/MM 분/NNB)\S* " + _G + r"(이사/NNG|돌아가/VV|안/MAG 살/VV|여기/NP)",
    ]),
    ("request_human", [
        r"(상담원|상담사|담당자|직원|공무원|사회복지사|복지사|사람|선생님)/N\S* " + _G
        + r"(바꾸/VV|연결/NNG|통화/NNG|얘기/NNG|이야기/NNG)",
        r"(기계|로봇|자동응답|에이아이)/N\S* " + _G + r"(말/VX|아니/VCN|사람/NNG)",
    ]),
    ("callback_later", [
        r"(나중|이따|이따가|내일|다음|저녁|오후|오전|주말)/\S+ " + _G + r"(전화|통화|연락|얘기)/NNG",
        r"(나중|이따|이따가|내일|다음|저녁|오후|오전)/\S+ " + _G + r"걸/VV", r"(운전|회의|근무|수업)/NNG 중/NNB",
        r"통화/NNG " + _G + r"(어렵/VA|곤란/|힘들/VA)", r"지금/MAG " + _G + r"바쁘/VA",
    ]),
    ("repeat", [
        r"뭐/NP 이/VCP 라고/EF", r"다시/MAG " + _G + r"(말/NNG|말씀/NNG|물어보/VV|얘기/NNG|한/MM 번/NNB)",
        r"(안/MAG|못/MAG) (들리/VV|듣/V\S* 었/EP)", r"(천천히/MAG|크/VA 게/EC) " + _G + r"말/NNG",
        r"한/MM 번/NNB (\S+ )?더/MAG( 요/\S+)?$", r"한/MM 번/NNB (\S+ )?더/MAG (말|말씀|얘기)/NNG",
        r"무슨/MM 말/NNG " + _G + r"모르/VV", r"(소리|목소리)/NNG " + _G + r"(작/VA|안/MAG)",
    ]),
]


class IntentCues:
    def __init__(self) -> None:
        self._cues = [(intent, [re.compile(r"(?<!\S)" + p) for p in patterns]) for intent, patterns in _CUES]

    def intents(self, texts: list[str]) -> list[str | None]:
        return [self.intent_in(lemma) for lemma in lemma_strings(texts)]

    def intent_in(self, lemma: str) -> str | None:
        return next((intent for intent, patterns in self._cues if any(p.search(lemma) for p in patterns)), None)
