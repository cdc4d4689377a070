"""Labelled examples: our own interview answers, plus the shared real Korean text.

The shared sets are read in place (``../shared/data``), never copied. Wellness and
chatbot rows are split by a hash of their text, so training and evaluation see
disjoint rows and the split is the same on every machine."""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

ANSWERS = Path(__file__).parent / "data" / "answers.tsv"
RISK_PHRASES = Path(__file__).parent / "data" / "risk_phrases.tsv"
EVERYDAY_HEATING = Path(__file__).parent / "data" / "everyday_heating.txt"
FRESH_PHRASINGS = Path(__file__).parent / "data" / "fresh_phrasings.tsv"
# The fresh batches the encoder learns from, once each was judged (BENCHMARKS.md keeps what it
# scored then); the batches after it stay never trained on, the held-out check of new phrasings.
FRESH_LEARNT_THROUGH = "k"
# The blocks of everyday heating the encoder learns from (as rows without a suicide risk), once
# each was judged; the later blocks stay the check of false alarms on heating it never saw. None
# yet: learning blocks 1-2 halved unseen heating flagged with both seeds tried, but what it costs
# the plainest risk statements is within the seed's own spread (BENCHMARKS.md, 2026-12-05 to 06).
HEATING_LEARNT_THROUGH = 0
# The blocks of unseen answer risks (answers.tsv, split "unseen": a, b, c, ...) the models learn
# from, once each was judged and rules were written from its misses; the later blocks stay the
# estimate of answer-form risks in words no model or rule has met. None yet: taught a-c (with
# fresh batches a-x), seed 13 heard far more of blocks d and e but its folds chose risk
# thresholds of 0.87-0.93, so its encoder alone missed "쓰러졌어요" (BENCHMARKS.md, 2026-12-06 night).
UNSEEN_LEARNT_THROUGH = ""
# The plainest statement of each risk: an encoder retrained must hear every one of them alone
# (tests/test_encoder.py vetoes a retrain that does not; scripts/compare_encoders.py prints them).
PLAIN_STATEMENTS = {"suicide": ["죽고 싶어요", "살고 싶지 않아요", "살기 싫어요", "사는 게 의미가 없어요"],
                    "abuse": ["남편이 때려요", "아들이 자꾸 때려요"],
                    "medical_emergency": ["숨을 못 쉬겠어요", "피가 안 멈춰요", "쓰러졌어요"]}
SHARED_DATA = Path(os.environ.get("VOICEBOT_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))

WELLNESS_MAP: list[tuple[str, str, tuple[str, ...]]] = [
    ("risk", "suicide", ("감정/자살충동", "증상/자살시도", "증상/자해")),
    ("need", "mental_health", ("감정/우울감", "감정/기분저하", "감정/무력감", "감정/절망감", "감정/의욕상실",
                               "증상/무기력", "증상/불면", "감정/걱정/불면", "감정/불안감", "증상/공황발작")),
    ("need", "isolation", ("감정/외로움", "감정/고독감", "증상/은둔", "증상/대인기피")),
    ("need", "health", ("배경/건강문제", "증상/통증", "증상/두통", "증상/가슴통증", "감정/걱정/건강문제")),
    ("need", "employment", ("배경/직장/퇴사", "배경/취업")),
]


@dataclass(frozen=True)
class Example:
    text: str
    intent: str = "other"
    needs: tuple[str, ...] = field(default_factory=tuple)
    risks: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    group: str = ""  # the phrase an answer grew from (scripts/make_answers.py); other rows: their text

    @property
    def fold_group(self) -> str:
        """What must stay on one side of a cross-validation split."""
        return self.group or self.text


def _bucket(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 10


def map_wellness(category: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    needs, risks = [], []
    for kind, label, prefixes in WELLNESS_MAP:
        if category.startswith(prefixes):
            (risks if kind == "risk" else needs).append(label)
    if "폭력" in category:
        risks.append("abuse")
    if "경제적문제" in category:
        needs.append("income_debt")
    return tuple(needs), tuple(risks)


def answers(split: str) -> list[Example]:
    """split: 'train', 'test' (phrasings held out from training, judged by eval_nlu.py) or
    'unseen' (answer-form risks and their near-misses, written after the models, that no
    model learns from; rules were written from their misses only once they had been judged)."""
    with ANSWERS.open(encoding="utf-8") as f:
        return [
            Example(r["text"], r["intent"], tuple(filter(None, r["needs"].split(","))),
                    tuple(filter(None, r["risks"].split(","))), "answers", r["group"])
            for r in csv.DictReader(f, delimiter="\t") if r["split"] == split
        ]


def unseen_block(example: Example) -> str:
    """The block of an unseen answer row: 'a' for the first (groups 'unseen:...'), then 'b', 'c', ..."""
    prefix = example.group.split(":")[0]
    return "a" if prefix == "unseen" else prefix.removeprefix("unseen-")


def unseen_answers(learnt: bool | None = None) -> list[Example]:
    """The unseen answer risks and their near-misses. learnt: only the blocks the models learn
    from (True; a to UNSEEN_LEARNT_THROUGH) or only those never trained on (False)."""
    return [e for e in answers("unseen") if learnt is None or (unseen_block(e) <= UNSEEN_LEARNT_THROUGH) == learnt]


def wellness(split: str | None = None) -> list[Example]:
    """split: 'train' (60% of rows), 'eval' (the other 40%) or None (all rows)."""
    rows = _tsv(SHARED_DATA / "wellness_dev.tsv")
    out = []
    for text, category in rows:
        if split and (_bucket(text) < 6) != (split == "train"):
            continue
        needs, risks = map_wellness(category)
        out.append(Example(text, "other", needs, risks, "wellness"))
    return out


def chatbot(split: str | None = None) -> list[Example]:
    rows = _tsv(SHARED_DATA / "chatbot_train.tsv")
    return [Example(text, "other", (), (), "chatbot") for text, _ in rows
            if not split or (_bucket(text) < 6) == (split == "train")]


def _tsv(path: Path) -> list[tuple[str, str]]:
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: set VOICEBOT_SHARED_DATA to the shared data folder")
    with path.open(encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(row[0], row[1]) for row in reader if len(row) >= 2 and row[0].strip()]


def risk_phrases() -> list[Example]:
    """Hand-written ways of saying a risk (methods, attempts told as a story, passive wishes,
    being a burden) and everyday twins that use the same words. Labelled for risks only."""
    with RISK_PHRASES.open(encoding="utf-8") as f:
        return [Example(r["text"], "other", (), tuple(filter(None, r["risks"].split(","))), "risk_phrases", r["group"])
                for r in csv.DictReader(f, delimiter="\t")]


def everyday_heating(learnt: bool | None = None) -> list[Example]:
    """Heating told of without a risk (briquettes, sealed draughts, fires lit): a check of
    false alarms in the speech of the households called. Group: the block of lines (block 1,
    2, ...), each written at another time, its comment says when. learnt: only the blocks the
    encoder learns from (True; through HEATING_LEARNT_THROUGH) or only those never trained on (False)."""
    rows, block, in_comment = [], 0, False
    for line in EVERYDAY_HEATING.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            block += not in_comment  # each comment opens the next block, written at another time
            in_comment = True
        elif line.strip():
            if learnt is None or (block <= HEATING_LEARNT_THROUGH) == learnt:
                rows.append(Example(line.strip(), source="everyday_heating", group=f"block {block}"))
            in_comment = False
    return rows


def fresh_phrasings(learnt: bool | None = None, through: str = FRESH_LEARNT_THROUGH) -> list[Example]:
    """Suicide risk said in ways written after the models were trained (self-injury, methods,
    attempts, passive wishes, a burden, affairs put in order, joining the dead), beside
    everyday near-misses in the same words, in batches each written before the one before
    it was judged (group a, b, ...). learnt: only the batches the encoder learns from (True;
    a to `through`, by default FRESH_LEARNT_THROUGH) or only those never trained on (False)."""
    with FRESH_PHRASINGS.open(encoding="utf-8") as f:
        rows = [Example(r["text"], "other", (), tuple(filter(None, [r["risk"]])), "fresh", r["batch"])
                for r in csv.DictReader(f, delimiter="\t")]
    return [e for e in rows if learnt is None or (e.group <= through) == learnt]


def risk_only() -> list[Example]:
    """The rows labelled for risks alone that the encoder learns from beside training_set():
    the hand-written risk list and its twins, the fresh batches judged already and the
    blocks of everyday heating judged already (no risk)."""
    return risk_phrases() + fresh_phrasings(learnt=True) + everyday_heating(learnt=True)


def corrections(path: Path) -> list[Example]:
    """Officers' corrections as `voicebot nlu corrections export` writes them (answers.tsv's columns)."""
    with Path(path).open(encoding="utf-8") as f:
        return [Example(r["text"], r["intent"], tuple(filter(None, r["needs"].split(","))),
                        tuple(filter(None, r["risks"].split(","))), "corrections", r.get("group") or r["text"])
                for r in csv.DictReader(f, delimiter="\t") if r.get("text", "").strip()]


def training_set(shipped: bool = False) -> list[Example]:
    """The rows models learn from: the training splits. The shipped models (shipped=True)
    also learn from the wellness evaluation split once it has served to choose the model:
    real counselling text is the scarcest kind there is (39 suicide utterances in all), and
    the text residents say is of that kind. Their figures on those rows are then out of
    fold (scripts/eval_nlu.py); the held-out answers and chat stay held out. The unseen
    answer blocks judged already (UNSEEN_LEARNT_THROUGH) are training rows like the others."""
    return answers("train") + unseen_answers(learnt=True) + wellness(None if shipped else "train") + chatbot("train")
