"""Risk words, and the words of answers that steer the call, heard through recognition errors.

The safety rules (nlu/safety.py) read Kiwi's lemmas, and a lemma needs the word spelled
right: "진짜 괴로워서 죽고 싶다" transcribed as "진짜 괴로워슴 죽고 숖다" leaves no 싶/VX
for them, and the encoder, which reads subword pieces, loses the phrase as easily. Whisper
mostly gets one letter of a syllable wrong (nlu/asr_noise.py), so a risk phrase misheard
is still within a letter or two of itself. This spotter looks for the phrases of the
safety rules letter by letter (each syllable's initial, vowel and final), spaces ignored,
allowing a misheard letter per two syllables; and, as the rules do, passes over a phrase
denied right after it ("죽고 싶지는 않아요", misheard or not).

What it finds is only ever a possible risk: the call asks about it directly before it
escalates (nlu/pipeline.py, voicebot/flow/engine.py), so a near-miss costs one question,
and a resident at risk who was misheard is still asked.

The intent cues (nlu/intent_cues.py) read lemmas too, and "앞으로 연락 안 받을래요" misheard as
"앞으로 연럭 안 받을래요" is read by no cue: `misheard_intent` looks for the cues' words, spelled,
more strictly (a letter per three syllables), in short answers only, and only where one
intent is heard."""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from nlu.asr_noise import is_syllable

# Spelled as said, without spaces. Kept to phrases that are a risk on their own: short
# or common words ("맞았어", "죽겠어") would match everyday speech within a letter.
PHRASES: dict[str, tuple[str, ...]] = {
    "suicide": (
        "죽고싶", "죽고만싶", "죽는게낫", "죽는게편하", "죽어버리고싶", "죽어버릴까", "죽어야지", "죽으려고",
        "죽을까생각", "죽으면편하", "자살", "자해", "목숨을끊", "목을매", "뛰어내리", "뛰어내릴", "살기싫",
        "살고싶지않", "살고싶은마음이없", "살이유가없", "사라지고싶", "없어지고싶", "없어졌으면좋겠", "손목을긋",
        "손목을그", "번개탄", "유서를", "세상을떠나고싶", "그만살고싶", "삶을끝내", "인생을끝내", "수면제를모",
        "약을모아", "극단적인선택", "극단적선택", "나쁜생각",
        # 2026-12-06 (evening): the methods of the unseen answer risks and batch w, none of them
        # found in the 8,253 chat rows, the risk-free answers, wellness rows or near-misses.
        "목을맬", "목매달", "농약마시고", "목숨거두고싶",
    ),
    "abuse": (
        "때려요", "때렸어", "때리고", "때리는데", "맞고살", "폭력", "폭행", "학대", "구타", "협박", "멱살",
        "목을졸", "손찌검", "죽여버리겠", "주먹질", "두들겨맞", "칼을들이대", "멱살을잡",
        "의자에묶",  # 2026-12-06 (night), the fifth unseen block
    ),
    "medical_emergency": (
        "숨을못쉬", "숨이안쉬어", "숨이막히", "호흡곤란", "피가안멈", "피가멈추지않", "피를토하", "쓰러졌",
        "쓰러지셨", "의식이없", "구급차", "가슴이조이", "가슴이쥐어짜", "움직일수가없", "일어나지를못",
        "약을잘못먹", "피가계속", "가슴이조여",
        "락스를마셨", "의식이가물",  # 2026-12-06 (night), the fourth and fifth unseen blocks
    ),
}
# A denial right after the phrase: "죽고 싶지는 않아요", "자살할 생각은 없어요", "그 정도는 아니에요".
DENIALS = ("지않", "지는않", "진않", "생각은없", "생각없", "마음은없", "적은없", "적없", "정도는아니", "건아니")
# Phrases whose own words deny living: a denial after them is not a denial of the risk.
DENIAL_IS_THE_RISK = {"살고싶지않", "살고싶은마음이없", "살이유가없", "살기싫", "피가멈추지않", "움직일수가없",
                      "숨이안쉬어"}
DENIAL_WINDOW = 8  # syllables after the phrase where a denial is looked for
NO_FINAL = "_"
WORD = 2  # a phrase this short is a word, heard only where a word begins ("혼자 살아요" holds 자살)


def spelled(text: str) -> tuple[str, set[int]]:
    """Each Hangul syllable as three letters (initial, vowel, final or NO_FINAL), so that
    one letter misheard is one letter substituted and every syllable stays in step; other
    letters and digits as they are; spaces and punctuation dropped. And where each word
    begins, in those letters."""
    out: list[str] = []
    starts, at_start, length = set(), True, 0
    for ch in text:
        if is_syllable(ch):
            letters = unicodedata.normalize("NFD", ch)
            piece = letters if len(letters) == 3 else letters + NO_FINAL
        elif ch.isalnum():
            piece = ch.lower()
        else:
            at_start = at_start or ch.isspace()
            continue
        if at_start:
            starts.add(length)
        out.append(piece)
        length += len(piece)
        at_start = False
    return "".join(out), starts


@cache
def _pattern(phrase: str, per: int = 2) -> regex.Pattern:
    """The phrase's first syllable as heard, the rest with a misheard letter allowed per
    `per` syllables: "쭉고 숖다" is 죽고싶 misheard, but "답하고 싶지 않아요" is not
    살고싶지않 and "혼자 해요" not 자해."""
    letters = spelled(phrase)[0]
    errors = (sum(map(is_syllable, phrase)) - 1) // per
    return regex.compile(f"{regex.escape(letters[:3])}(?:{regex.escape(letters[3:])}){{s<={errors}}}",
                         regex.BESTMATCH)


def _denied(after: str) -> bool:
    return any(_pattern(d).search(after) for d in DENIALS)


def misheard_risks(text: str) -> list[str]:
    """The risks whose phrases the text holds, exactly or within a few misheard letters."""
    letters, word_starts = spelled(text)
    found = []
    for risk, phrases in PHRASES.items():
        for phrase in phrases:
            match = _pattern(phrase).search(letters)
            if match is None or (len(phrase) <= WORD and match.start() not in word_starts):
                continue
            if phrase not in DENIAL_IS_THE_RISK and _denied(letters[match.end():match.end() + 3 * DENIAL_WINDOW]):
                continue
            found.append(risk)
            break
    return found


# The intent cues' words as said, without spaces (opt-out, wrong number, a person, later,
# repeat, refuse), and the bare "I don't know".
INTENT_PHRASES: dict[str, tuple[str, ...]] = {
    "opt_out": ("전화하지마", "연락하지마", "걸지마세", "연락안받", "전화안받", "번호지워", "수신거부", "명단에서빼"),
    "wrong_person": ("잘못거셨", "잘못걸었", "잘못아셨", "잘못누르", "그런사람없", "그런분없", "저아닌데",
                     "저는그분아니", "딴사람이에", "번호가바뀌", "모르는사람"),
    # With its verb: a counsellor or an officer named is no request ("상담사가 그러는데 ...").
    "request_human": ("상담원바꿔", "상담원연결", "사람바꿔", "직원연결", "사람이랑얘기", "사람하고얘기"),
    "callback_later": ("나중에전화", "이따가전화", "이따전화", "다음에전화", "통화가어려", "운전중", "회의중",
                       "일하는중"),
    "repeat": ("다시말씀", "다시한번", "뭐라고요", "뭐라고하셨", "안들려", "못알아들", "못들었"),
    "refuse": ("말하기싫", "대답하기싫", "말못하겠", "말씀못드려", "대답안할", "대답안해", "얘기하기싫"),
    "unsure": ("글쎄", "잘모르겠", "모르겠어", "모르겠네", "모르겄", "헷갈리", "긴가민가", "애매하"),
}
INTENT_ERRORS_PER = 3  # a misheard letter per three syllables: "얘기하고 싶어요" is not 얘기하기 싫어
SHORT_ANSWER = 16  # syllables; a longer answer is the model's to read
BARE = {"unsure": 5}  # read only with this many syllables besides: "왜 그런지 모르겠어요" has content


def misheard_intent(text: str) -> str | None:
    """The one intent whose cue words a short answer holds, exactly or within a misheard
    letter or two; None if none, or more than one."""
    syllables = sum(map(is_syllable, text))
    if syllables > SHORT_ANSWER:
        return None
    letters = spelled(text)[0]
    found = set()
    for intent, phrases in INTENT_PHRASES.items():
        for phrase in phrases:
            match = _pattern(phrase, INTENT_ERRORS_PER).search(letters)
            if match and syllables - (match.end() - match.start()) // 3 <= BARE.get(intent, SHORT_ANSWER):
                found.add(intent)
                break
    return found.pop() if len(found) == 1 else None
