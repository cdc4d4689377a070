"""A call flow as typed objects, built by the loader once the YAML has validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS: tuple[str, ...] = ("none", "low", "moderate", "high", "urgent")
OUTCOMES: tuple[str, ...] = (
    "completed", "wrong_person", "opt_out", "callback", "refused", "transferred", "no_consent",
)
# any/all/none: crisis indicators of the household; positive: screening instruments scored
# positive so far; unheard: risks not yet heard in this call.
CONDITION_OPS: tuple[str, ...] = ("any", "all", "none", "score_at_least", "positive", "unheard")
VARIABLES: tuple[str, ...] = ("name", "office", "office_phone", "phone", "birth_year")
VERIFIABLE: tuple[str, ...] = ("birth_year",)
RETURN = "return"  # the target that resumes the interview after a risk sub-flow


@dataclass(frozen=True)
class Rule:
    """What one kind of answer means: scores, instrument item value, where to go."""

    next: str | None = None
    score: dict[str, float] = field(default_factory=dict)
    item: int | None = None
    say: str | None = None
    end: str | None = None
    # The answer itself tells of a risk (yes to a direct screening question): acted on as if
    # heard in words, and the interview resumes after this node when the risk's sub-flow returns.
    risk: str | None = None
    label: str = ""  # the answer key or choice it came from: names the branch in traces and coverage


@dataclass(frozen=True)
class Choice:
    match: tuple[str, ...]
    rule: Rule


@dataclass(frozen=True)
class Node:
    id: str
    say: str | None = None
    ask: str | None = None
    rephrase: str | None = None
    when: dict[str, Any] | None = None
    next: str | None = None
    end: str | None = None
    instrument: str | None = None
    answers: dict[str, Rule] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    hints: tuple[str, ...] = ()
    verify: str | None = None  # "birth_year": the answer is checked against the household record
    mismatch: Rule | None = None  # taken when the answer contradicts the record
    # Keys the caller may press when the answer was not understood: digit -> an answer key
    # (yes, no, ...) or the first word of a choice. Offered from the first re-ask on.
    keys: dict[str, str] = field(default_factory=dict)
    confirm: bool = False  # an answer heard with doubt is read back before it counts (identity checks)

    @property
    def is_question(self) -> bool:
        return self.ask is not None


@dataclass(frozen=True)
class Instrument:
    id: str
    items: tuple[str, ...]
    threshold: float
    need: str
    score: float
    cite: str


@dataclass(frozen=True)
class GlobalRule:
    say: str | None = None
    say_closed: str | None = None  # request_human outside office hours
    end: str | None = None


@dataclass(frozen=True)
class RiskAction:
    say: str
    goto: str | None = None
    transfer_offer: bool = False
    check: str | None = None  # the direct question for a risk only the model heard (engine default if none)


@dataclass(frozen=True)
class Flow:
    id: str
    path: str
    sha256: str
    language: str
    voice: str
    start: str
    indicators: tuple[str, ...]
    nodes: dict[str, Node]
    messages: dict[str, str]
    global_intents: dict[str, GlobalRule]
    risks: dict[str, RiskAction]
    instruments: dict[str, Instrument]
    min_confidence: float = 0.5
    max_retries: int = 2
    free_speech_need_score: float = 1.0
    levels: dict[str, float] = field(default_factory=dict)
    case_level: str = "moderate"
    # A call that dropped mid-interview is resumed: the next call greets and checks identity,
    # and once past this node goes back to the question it stopped at.
    resume_after: str | None = None

    def level_for(self, total: float, risky: bool) -> str:
        if risky:
            return "urgent"
        level = "none"
        for name in LEVELS[1:4]:
            if total >= self.levels.get(name, float("inf")):
                level = name
        return level
