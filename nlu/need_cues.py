"""Words that state a need outright, whatever the question was.

A trained model sees each need in a few hundred phrasings; these cues carry what any
Korean welfare officer knows ("월세가 밀렸어요" is housing, "외로워요" isolation,
"두통이 심해요" health) to phrasings it never saw. They run over Kiwi lemmas, so
one pattern covers every conjugation, and a cue denied next to it ("외롭지 않아요",
"안 아파요", "아픈 데는 없어요") does not count. The classifier adds these needs to the
model's own."""

from __future__ import annotations

import re

from nlu.lemmas import clauses, lemma_strings

# Between the parts of a cue: the rest of its token, then up to three tokens that are not
# nouns, so "돈이 없어요" is a cue and "돈 걱정은 없어요" is not.
_W = r"\S*( (?!\S+/NN[GP])\S+){0,3} "
_CUES: dict[str, list[str]] = {
    "food": [
        r"굶/V", r"끼니/N", r"배고프/V", r"(밥|식사|끼)/N" + _W + r"(못/MAG|거르/V|굶/V|없/VA)",
        r"먹/VV \S+/ETM (것|거)/NNB" + _W + r"없/VA", r"(쌀|반찬|먹거리|식량|양식)/N" + _W + r"(없/VA|떨어지/V|바닥/N)",
        r"냉장고/N" + _W + r"(비/V|텅/MAG)", r"라면/N" + _W + r"(버티/V|때우/V)",
    ],
    "housing": [
        r"(월세|집세|방세|관리비|보증금|전세금)/N", r"집주인/N", r"쫓겨나/V", r"쫓기/V",
        r"(고시원|쪽방|노숙|거처|비닐하우스)/N", r"살/VV \S+/ETM (곳|데)/N" + _W + r"없/VA",
        r"곰팡이/N", r"비/NNG \S+ 새/V", r"(집|방)/N" + _W + r"(비우/V|빼/V|나가/V\S* (라|래))",
    ],
    "utilities": [
        r"(전기|가스|수도|난방|보일러|물/NNG)\S*" + _W + r"(끊기/V|끊/V|안/MAG 나오/V|고장/N|못/MAG)",
        r"(단전|단수|공과금)/N", r"(전기|가스|수도|난방|통신)\S*(요금|비|세)/N",
        r"요금/N" + _W + r"(밀리/V|못/MAG|체납|연체|감당)",
    ],
    "health": [
        r"(아프|쑤시|저리|어지럽|결리)/V",
        r"(환자|통증|두통|지병|질환|당뇨|고혈압|혈압|관절|디스크|수술|치료|병원|치과|치아|이빨|틀니)/N",
        r"(몸|건강|몸살)/N" + _W + r"(안/MAG 좋/VA|나쁘/VA|불편/|걱정/N|문제/N|약하/VA|무겁/VA|상하/V)",
        r"(열/NNG \S+ 나/VV|토하/V|어지러/V|뻣뻣|찌릿|쓰리/VA)", r"머리/N" + _W + r"(무겁/VA|깨지/V|띵하/VA|묵직)",
    ],
    "mental_health": [
        r"(우울|불안|무기력|절망|공황|불면|무력감|좌절|허무|자괴감)", r"무/XPN 기력/N",
        r"(의욕|희망|재미|낙|기운)/N" + _W + r"(없/VA|안/MAG 나/V)", r"잠/N" + _W + r"(안/MAG 오/V|못/MAG|설치/V)",
        r"눈물/N" + _W + r"나/V", r"기분/N" + _W + r"(안/MAG 좋/VA|좋/VA 지/EC 않/VX|처지/V|가라앉/V|우울|나쁘/VA)",
        r"(답답|막막|괴롭)", r"(사/VV 는/ETM \S+/NNB|삶|인생|하루하루)\S*( \S+){0,2} 지옥/NNG",
        r"마음/N" + _W + r"(아프/V|힘들/V|무너지/V)", r"(살|사)/VV" + _W + r"(재미/N|지긋지긋)",
        # Sleep and drive, the two symptoms people name without naming a feeling.
        r"잠들/V" + _W + r"(어렵/VA|힘들/VA)", r"잠/NNG( \S+)? 들/V\S*" + _W + r"(어렵/VA|힘들/VA)",
        r"잠들/VV 기/ETN 까지/JX", r"뒤척이/V", r"제대로/MAG 자/VV \S+ 날/NNG" + _W + r"없/VA",
        r"(자주|자꾸|계속|매일|새벽마다)/MAG 깨/VV", r"마다/JX 깨/VV", r"새벽/N" + _W + r"깨/VV", r"못/MAG 자/VV",
        r"(의욕|기력|에너지)/N" + _W + r"(없/VA|안/MAG 생기/V)",
        r"(하루|종일|내내|대부분|거의)\S*" + _W + r"눕/VV", r"눕/VV\S* \S+ (만/JX|있/VX \S+ 고/EC 만/JX)",
        r"얼마나/MAG 자/VV( \S+){1,2} 모르/VV", r"겨우/MAG 눈/NNG \S+ 붙이/VV",
        # Lethargy and lost pleasure, named without a feeling: "아무것도 하기 싫어요".
        r"(것|거|아무것|무엇|뭐)/\S+ 도/JX 하/VV 기/ETN (도/JX )?싫/VA",
        r"하/VV 고/EC 싶/VX \S+ (것|거)/NNB( \S+){1,3} 없/VA",
        r"(만사|매사|모든|전부|다/MAG)\S*( \S+)? 귀찮/VA", r"(씻|움직이|일어나)/VV 기/ETN (도/JX )?(귀찮|싫)/VA",
    ],
    "isolation": [
        r"(외롭|외로움|고독|쓸쓸|적적)", r"(대인|은둔)/N",
        r"아무/NP 도/JX" + _W + r"(없/VA|안/MAG|않/VX)", r"(편|친구|사람|말벗)/N" + _W + r"없/VA",
        r"혼자/(N|MAG)" + _W + r"(살/V|지내/V|있/V|다니/V)",
        r"사람/N" + _W + r"(만나|어울리)/V" + _W + r"(싫/VA|무섭/VA|두렵/VA|힘들/VA|어렵/VA)",
        r"(연락|왕래)/N" + _W + r"(안/MAG 하/V|안/MAG 오/V|끊/V|없/VA)",
        r"(소외|따돌림|왕따)/N",
        r"찾아오/V" + _W + r"(않/VX|없/VA)",
        r"밖/N" + _W + r"(안/MAG|못/MAG) 나가/V", r"(집|방)/N\S* \S+ 만/JX 있/V",
        r"밖/N" + _W + r"나가/VV 고/EC 싶/VX 지/EC 않/VX", r"버림받/V", r"나/NP 만/JX 버리/VV 어/EC 지/VX",
        r"버리/VV 어/EC 지/VX \S+ (느낌|기분)/N", r"(계속/MAG|종일/NNG|내내/MAG) (집|방)/N\S* \S+ 있/V",
        r"자리/N" + _W + r"(안/MAG 가/VV|피하/V|안/MAG 나가/V)",
    ],
    "income_debt": [
        r"(빚|대출|사채|카드값|생활비|체납|연체|독촉|파산|가난|빈곤|불황|살림)/N",
        r"돈/N" + _W + r"(없/VA|모자라/V|부족|못/MAG|안/MAG|걱정/N|문제/N|빌리/V|떨어지/V|갚/V|들/V)",
        r"(경제|형편|사정|생계)/N" + _W + r"(어렵/VA|힘들/VA|어려움|문제/N|안/MAG 좋/VA)",
        # "넉넉" states the need only when denied: "형편이 넉넉하지 않아요", not "넉넉해요".
        r"(경제|형편|사정|생계|살림)/N" + _W + r"(넉넉|여유)/\S+( \S+){0,2} (않/VX|못/MAG|못하/VX|아니/VCN)",
        r"(넉넉|여유)/\S+( \S+){1,3} (살림|형편|생활|집안)/N\S* \S+ 아니/VCN",
        r"(수입|월급|벌이|연금|통장|저금|저축)/N" + _W + r"(없/VA|끊기/V|줄/V|적/VA|밀리/V|못/MAG|떨어지/V|바닥)",
        r"사업/N" + _W + r"(망하/V|기울/V|어렵/VA|실패|본전|접/V)",
    ],
    "employment": [
        r"(퇴사|실직|실업|해고|취업|취직|구직|일자리|이력서|사표|면접|권고사직)/N", r"(잘리|짤리)/V",
        r"(직장|회사|일/NNG|일거리|가게|공장|알바)\S*" + _W
        + r"(잃/V|그만/MAG|구하/V|잡/V|찾/V|끊기/V|관두/V|못/MAG 하)",
        r"(직장|일자리|일거리|알바)/N" + _W + r"없/VA",
    ],
    "care": [
        r"(치매|간병|돌봄|수발|장애|중풍|거동)/N", r"(돌보|모시)/V", r"맡기/V" + _W + r"(없/VA|데/NNB)",
        r"혼자/(N|MAG)" + _W + r"못/MAG (씻/V|움직이/V|걷/V|걸/VV|하/V)",
        r"(손주|아이|애|동생)/N" + _W + r"혼자/N" + _W + r"키우/V",
    ],
}

# Words that say a need is met ("잠은 잘 자요", "전기 가스 다 잘 나와요", "자식들이 자주
# 찾아와요"). They state nothing; they only keep the model from reading the topic as a need.
_MET: dict[str, list[str]] = {
    "food": [r"(밥|식사|끼니|세끼)/N" + _W + r"잘/MAG (먹|챙기|하|드시)/V"],
    "utilities": [r"(전기|가스|수도|난방|보일러|물/NNG)\S*" + _W + r"잘/MAG (나오|되|들어오|틀/V)",
                  r"(요금|공과금|관리비)\S*" + _W + r"(다/MAG|꼬박꼬박/MAG) (내/V|납부)"],
    "mental_health": [r"잠/N" + _W + r"잘/MAG (자/V|오/V)", r"기분/N" + _W + r"좋/VA"],
    "isolation": [r"(자주|매일|종종|날마다|가끔)/MAG" + _W + r"(찾아오|오/VV|만나|연락|놀러|들르|전화)",
                  r"(친구|이웃|가족|자식|말벗|사람)\S*" + _W + r"(있/V|많/VA)"],
    "care": [r"(도와주|돌보|돌봐주|챙겨주|챙기)/VV( \S+){0,2} (사람|분|이/NNB)/N\S*" + _W + r"있/V"],
}

# A cue is denied by what stands right before it ("안 아파요") or right after it
# ("외롭지 않아요", "괜찮아요", "아픈 데는 없어요", "끼니 거르는 일은 없어요").
_DENIED_BEFORE = re.compile(r"(안|전혀|별로|하나도)/MAG$")
_DENIED_AFTER = re.compile(r"^(\S+ ){0,3}(않/VX|괜찮/VA|아니/VCN)"
                           r"|^(\S+ ){0,4}\S+/ETM (일|것|거|적|때)/N\S*(?! 밖에/JX)( \S+){0,2} 없/VA"
                           r"|^(\S+ ){0,4}(ᆫ|은)/ETM 데/NNB( \S+/JX)? 없/VA|^(\S+ ){0,4}\S+/ETM 데/NNB \S+/JX 없/VA")
# A bare 없다 after a cue leaves it unsaid without denying it: "걱정은 없어요" is no worry,
# but "생활비가 없어요" and "일자리를 찾는데 없어요" are the need itself.
_NONE_AFTER = re.compile(r"^(\S+ ){0,3}없/VA")


class NeedCues:
    def __init__(self) -> None:
        # Cues start at a token: 일/NNG must not match the end of 별일/NNG.
        self._cues = {need: [re.compile(r"(?<!\S)" + p) for p in patterns] for need, patterns in _CUES.items()}
        self._met = {need: [re.compile(r"(?<!\S)" + p) for p in patterns] for need, patterns in _MET.items()}

    def needs(self, texts: list[str]) -> list[list[str]]:
        return [self.needs_in(lemma) for lemma in lemma_strings(texts)]

    def needs_in(self, lemma: str) -> list[str]:
        return self.assess(lemma)[0]

    def assess(self, lemma: str) -> tuple[list[str], set[str]]:
        """(the needs stated, the needs denied or said to be met). The second lets the
        classifier drop a model's guess from the words alone ("우울한 건 없어요", "잠은 잘 자요")."""
        found, denied = [], set()
        parts = clauses(lemma)
        for need, patterns in self._cues.items():
            verdicts = {self._verdict(p, clause) for clause in parts for p in patterns}
            if True in verdicts:
                found.append(need)
            elif False in verdicts or any(self._verdict(p, clause) for clause in parts
                                          for p in self._met.get(need, ())):
                denied.add(need)
        return found, denied

    @staticmethod
    def _verdict(pattern: re.Pattern, clause: str) -> bool | None:
        """True: the cue is stated in the clause; False: it is there but denied; None: absent."""
        verdict = None
        for m in pattern.finditer(clause):
            # A cue may start or end inside a token ("우울" in "우울증/NNG"): drop the partial token.
            before = clause[: m.start()].rsplit(" ", 1)[0] if " " in clause[: m.start()] else ""
            after = clause[m.end():].split(" ", 1)[1] if " " in clause[m.end():] else ""
            if _DENIED_BEFORE.search(before) or _DENIED_AFTER.search(after):
                verdict = False
            elif not _NONE_AFTER.search(after):
                return True
        return verdict
