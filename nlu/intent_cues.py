"""The intents that steer the call (wrong number, do not call again, a person please,
call me later, say that again, I won't answer that) from the words that state them outright.

These answers end or redirect a call, so they must not hang on phrasings a model
happened to see: "전화 잘못 거셨어요", "연락하지 마세요" and "상담원 바꿔 주세요" are
said in many ways that share a verb and a noun. The patterns run over Kiwi lemmas
in priority order (opt-out first: "다시는 전화하지 마세요" is not a request to repeat),
and the classifier takes a cue's intent over the model's.

A bare yes, no or "I don't know" is read from its grammar rather than its spelling: an
answer with nothing in it but an answer word ("네", "아뇨", "없심더", "안 그래요", "never",
"글쎄요", "모르겄어") and fillers is "yes", "no" or "unsure" however it is said or
transcribed, which a model that learnt spellings misses for dialect and fillers it did not
see. Anything with content (a noun, another verb) is left to the model: "네 월세가
밀렸어요" is not a bare yes."""

from __future__ import annotations

import re

from nlu.lemmas import lemma_strings

_G = r"(\S+ ){0,3}"  # up to three tokens between the parts of a cue
_LEAD = r"^(\S+/(IC|MAG|MAJ|JX|SF) |그것/NP 이/JKS )*"  # fillers only: "그러니까", "그게", "음"
_CUES: list[tuple[str, list[str]]] = [
    ("opt_out", [
        r"(전화|연락|걸/VV)\S* " + _G + r"말/VX",
        r"(전화|연락)/NNG " + _G + r"(그만/MAG|사절/NNG|안/MAG 받/V\S* (을래|ㄹ래|겠))",
        r"수신/NNG (\S+ )?거부", r"(번호|명단)/NNG " + _G + r"(지우/VV|빼/VV|삭제/NNG)\S* " + _G + r"주/VX",
        r"전화\S* " + _G + r"신고/NNG",
    ]),
    ("wrong_person", [
        r"잘못/MAG (\S+ )?(걸/VV|거/VV|알/VV|누르/VV)", r"그런/MM (사람|분)/N\S* " + _G + r"없/VA",
        # 저 아닌데요, 그러니까 저는 그분 아니에요, 딴 사람이에요, 저는 아들인데요 (only fillers before)
        _LEAD + r"(저|나)/(NP|IC) (는/JX )?(((그/MM )?(분/NNB|사람/NNG)|그분/NP) ((이|가)/JK[SC] )?)?아니/VCN",
        _LEAD + r"((저|나)/NP 는/JX )?(딴|다른)/MM (사람|분)/N\S* 이/VCP",
        _LEAD + r"(저|나)/NP 는/JX (아들|딸|며느리|사위|남편|아내|부인|손자|손녀|동생|조카)/NNG 이/VCP",
        r"번호/NNG " + _G + r"(바뀌/VV|잘못/MAG)",
        r"엉뚱(/XR|하/VA)( \S+){0,3} (데|번호|곳|집)/N\S* (\S+ ){0,2}(걸/|거/|전화)",  # 엉뚱한 데 거셨네요
        r"모르/VV 는/ETM 사람/NNG",
        r"(그분|그/MM 사람/NNG|그/MM 분/NNB|그런/MM (사람|분)/N\S*)\S* " + _G
        + r"(이사/NNG|돌아가/VV|안/MAG (살|사)/VV|여기/(NP|MAG))",
    ]),
    ("request_human", [
        r"(상담원|상담사|담당자|직원|공무원|사회복지사|복지사|사람|선생님)/N\S* " + _G
        + r"(바꾸/VV|연결/NNG|통화/NNG|얘기/NNG|이야기/NNG)",
        r"(기계|로봇|자동응답|에이아이)/N\S* " + _G + r"(말/VX|아니/VCN|사람/NNG)",
        # "(사람) 상담사 없어요?": a counsellor is only ever the call's, so asking after one
        # asks for one (a bare "사람 … 없어요" is isolation: "말할 사람이 없어요").
        r"(상담원|상담사)/N\S* " + _G + r"(없/VA|계시/VV|계/NNG 이/VCP)",
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
        r"무슨/MM 말/NNG " + _G + r"모르/VV", r"(네|예)/IC 뭐/(IC|NP) 요/",
        r"(소리|목소리)/NNG " + _G + r"(작/VA|안/MAG)",
    ]),
    # "말하기 싫어요" declines the question; "아무것도 하기 싫어요" is a symptom, not a refusal.
    ("refuse", [
        r"(말|대답|답|얘기|이야기|말씀)/NNG 하/XSV 기/ETN (싫/VA|곤란|그렇/VA)",
        r"(말|대답|답|얘기|이야기|말씀)/NNG (안/MAG|못/MAG) (하/VV|드리/VV)",
        r"(말|대답|답|얘기|이야기|말씀)/NNG 하/XSV 고/EC 싶/VX 지/EC 않/VX",
    ]),
]


_NO_WORDS = {"아니/VCN", "아니요/IC", "아뇨/IC", "아니/IC", "아니오/IC", "아녀/IC", "아니유/IC", "없/VA", "괜찮/VA",
             "전혀/MAG", "별로/MAG", "딱히/MAG", "no/SL", "never/SL", "nope/SL", "not/SL"}
_YES_WORDS = {"네/IC", "예/IC", "응/IC", "그럼/IC", "그래/IC", "맞/VV", "맞/VA", "그렇/VA", "있/VA", "물론/MAG",
              "yes/SL", "yeah/SL", "yep/SL", "sure/SL", "correct/SL", "right/SL"}
# "글쎄요", "잘 모르겠어요", "헷갈리네요", "반반이에요" (dialect too: "모르겄어", "글씨요").
_UNSURE_WORDS = {"글쎄/IC", "글씨/NNG", "모르/VV", "헷갈리/VV", "애매/XR", "긴가민가/XR", "반반/NNG", "어쩌면/MAG"}
# Words that carry no answer: interjections, conjunctions, adverbs like 참/진짜/그냥, endings,
# particles. "수" (그럴 수도 있고: maybe), a question mark ("네?") or a pronoun ("뭐라고요",
# "저는 그분 아니에요") is content.
_FILLER = re.compile(r"/(IC|MAJ|MAG|E\w+|J\w+|S[PSEO]|VCP|XS\w+|MM)$|^(?!수/)\S+/NNB$|^[.!,~…]+/SF$"
                     r"|^(저기|거기|그거|그것)/NP$")
_NEGATED = re.compile(r"(?<!\S)(안/MAG (그렇/VA|하/VV)|그렇/VA \S+/EC 않/VX)")
# "그렇지 뭐" (a shrug) and "그렇구나" (I see) answer nothing.
_NOT_AN_ANSWER = re.compile(r"(?<!\S)그렇/VA (지/E\S* 뭐/IC|(구먼|구나|군|구만|네)\S*/E\S*)")


def bare_answer(lemma: str) -> str | None:
    """'yes', 'no' or 'unsure' when the answer holds nothing but such words and fillers."""
    lemma = _NOT_AN_ANSWER.sub("", re.sub(r"-[IR]\b", "", lemma))
    if _NEGATED.search(lemma):
        lemma, said = _NEGATED.sub("", lemma), {"no"}
    else:
        said = set()
    for token in lemma.split():
        if token in _UNSURE_WORDS:
            said.add("unsure")
        elif token in _NO_WORDS:
            said.add("no")
        elif token in _YES_WORDS:
            said.add("yes")
        elif not _FILLER.search(token):
            return None
    return said.pop() if len(said) == 1 else None


class IntentCues:
    def __init__(self) -> None:
        self._cues = [(intent, [re.compile(r"(?<!\S)" + p) for p in patterns]) for intent, patterns in _CUES]

    def intents(self, texts: list[str]) -> list[str | None]:
        return [self.intent_in(lemma) for lemma in lemma_strings(texts)]

    def intent_in(self, lemma: str) -> str | None:
        stated = next((intent for intent, patterns in self._cues if any(p.search(lemma) for p in patterns)), None)
        return stated or bare_answer(lemma)
