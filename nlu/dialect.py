"""Regional endings rewritten into standard Korean before Kiwi reads an answer.

The households called are often elderly and speak Gyeongsang, Jeolla or Chungcheong
speech. Kiwi was trained on the standard language, so it splits "없심더" into
없/VA 심/XR 더/MAG, reads "때립니더" as a noun and "죽고 잡어" (Jeolla "죽고 싶어")
as 잡다 "to catch". The rules over its lemmas then miss a "no", an abuse and a suicide
risk. The table below rewrites the commonest regional endings and a few words into
their standard forms; it is written from the dialects' grammar, not from any
evaluation rows. The trained model still reads the words as spoken (its character
n-grams learn the dialect phrasings in the training set); only the analyser, and so
the rules and the lemma vectors, see the standard form."""

from __future__ import annotations

import re

_END = r"(?=[^가-힣]|$)"  # the end of a word
_START = r"(?<![가-힣])"  # the start of a word

# Applied in order: whole words first, then endings.
_RULES: list[tuple[str, str]] = [
    # Gyeongsang "no": 아이다, 아입니더, 아이라예 (아이 "child" is left alone elsewhere).
    (_START + r"아이다" + _END, "아니다"),
    (_START + r"아입니(더|다)" + _END, "아닙니다"),
    (_START + r"아이라(예|요)" + _END, "아니에요"),
    # Polite endings: 없심더, 맞심더, 모르겠슴더 -> -습니다; 아픕니더, 때립니더 -> -ㅂ니다.
    (r"(심|슴)더" + _END, "습니다"),
    (r"니더" + _END, "니다"),
    (r"(심|슴)꺼" + _END, "습니까"),
    (r"니꺼" + _END, "니까"),
    # Imperatives: 마이소, 하이소, 주이소 -> 마세요, 하세요, 주세요.
    (r"(?<=[마하주보가오])이소" + _END, "세요"),
    # Words: 고마 "그만", 마이 "많이", 그라- "그러-", 묵- "먹-".
    (_START + r"고마" + _END, "그만"),
    (_START + r"마이(?= ?(아|힘|먹|묵|없|있|좋|늦|추|더|걱|무|다|안|못|컸|늙|울|싸|들))", "많이"),  # not "마이 프렌드"
    (_START + r"그라(?=[지믄고모니제])", "그러"),
    (_START + r"묵(?=[는었어고심습지으나니기겠])", "먹"),
    # 디지다, 뒈지다: "to die", coarse (not 디지털, nor 디지게 "awfully").
    (_START + r"(디|뒈)져", "죽어"),
    (_START + r"(디|뒈)지(?=[고는면겠기])", "죽"),
    # 때리치아, 때리치워 ("때려치워", to quit): Kiwi reads 때리다 "to hit", an abuse.
    (_START + r"때리치(아|워)", "때려치워"),
    (_START + r"때리치우", "때려치우"),
    # -고 잡다 / -고 자파 (Jeolla, Chungcheong "-고 싶다"), -고파 (not 배고파 "hungry").
    (r"(?<=고)( ?)잡(아|어)" + _END, r"\1싶어"),
    (r"(?<=고)( ?)자(파|퍼)" + _END, r"\1싶어"),
    (r"(?<=고)( ?)잡(?=다|당|네|은|을|소|지|제|던)", r"\1싶"),
    (r"(?<=[가-힣]고)(?<!배고)(파|퍼)(?=[요예유]?" + _END + ")", " 싶어"),
    # -어삐다, -어뿌다, -어뿔다 ("-어 버리다"): 죽어삐고, 죽어뿔고, 죽어뿔까.
    (r"(?<=[어아져워여해줘])(삐|뿌리|뿌|뿔)(?=[고면자게지])", "버리"),
    (r"(?<=[어아져워여해줘])(삘|뿔)(?=[까께란래라])", "버릴"),  # 죽어삘란다 "죽어 버릴란다"
    # -겄- ("-겠-"), -당께 / -랑께 / -응께 ("-니까"), -다카이 ("-다니까"), -믄 ("-면").
    (r"겄(?=[어다네지냐습소는고구니나요])", "겠"),  # not "할 겄 같다" (a slip for 것)
    (r"당께" + _END, "다니까"),
    (r"랑께" + _END, "라니까"),
    (r"(응|은|잉)께" + _END, "으니까"),
    (r"(?<=[다라]) ?카이" + _END, "니까"),
    (r"(?<=[가-힣])믄" + _END, "면"),
    (r"을라(꼬|고)" + _END, "으려고"),  # 죽을라꼬 "죽으려고"
    (r"(?<=[라다])꼬(?=예?" + _END + ")", "고"),  # 한다꼬, 살라꼬예
    (r"(?<=[가-힣]야)제" + _END, "지"),  # 가야제, 해야제 "-야지" (Kiwi reads 제 as 저의)
    # Polite -예 (Gyeongsang) and -유 (Chungcheong) for -요: 싶어예, 그러지예, 아니유.
    (r"(?<=[가-힣][어아여지더데라네게해래워와져려봐줘고죠])예" + _END, "요"),  # not 아예 "at all"
    (_START + r"([해돼봐줘와가])예" + _END, r"\1요"),
    (r"(?<=[가-힣][어아지니려봐해께네])유" + _END, "요"),  # not 아유 "oh dear"
]
_COMPILED = [(re.compile(pattern), repl) for pattern, repl in _RULES]


def standard(text: str) -> str:
    """text with its regional endings in standard form; standard text comes back unchanged."""
    for pattern, repl in _COMPILED:
        text = pattern.sub(repl, text)
    return text
