"""A case read as a consultation summary: why it was flagged, in words; the screening
instruments' totals against their published cut-offs; each need with the answers that
raised it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from voicebot.db import CallAttempt, Case, Turn
from voicebot.flow import Flow
from voicebot.workplace.labels import INSTRUMENT, NEED, RISK

YES = {"yes"}
CSSRS = {  # question -> (what a yes means, what a no means)
    # C-SSRS 1 asked outright after a positive depression screen, or after a risk was heard
    "suicide_screen": ("지난 한 달 죽고 싶다는 생각 있음", "지난 한 달 죽고 싶다는 생각은 없음"),
    "cssrs_wish": ("지난 한 달 죽고 싶다는 생각 있음", "지난 한 달 죽고 싶다는 생각은 없음"),
    "cssrs_thoughts": ("스스로 목숨을 끊는 생각 있음", "스스로 목숨을 끊는 생각은 없음"),
    "cssrs_method": ("방법을 생각해 봄", "구체적 방법은 생각하지 않음"),
    "cssrs_intent": ("행동에 옮길 의도 있음", "행동에 옮길 의도는 없음"),
    "cssrs_plan": ("구체적 계획 있음", "구체적 계획은 없음"),
    "cssrs_behavior": ("준비·시도한 적 있음", "준비·시도한 적은 없음"),
}


@dataclass
class Evidence:
    question: str
    answer: str
    turn_id: int


@dataclass
class Summary:
    reasons: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    needs: dict[str, list[Evidence]] = field(default_factory=dict)


def summarize(case: Case, attempts: list[CallAttempt], flow: Flow | None) -> Summary:
    out = Summary()
    turns = [t for a in attempts for t in a.turns]
    for risk in case.risks:
        out.reasons.append(_risk_sentence(risk, turns))
    out.reasons += _unsettled_sentences(case, attempts, turns)
    if case.kind != "screening" and case.reason:
        out.reasons.append(_task_sentence(case))
    state = next((a.dialogue_state for a in reversed(attempts) if a.dialogue_state), {})
    if flow is not None:
        out.instruments = _instruments(state, flow)
    out.needs = _needs(attempts)
    return out


def _risk_sentence(risk: str, turns: list[Turn]) -> str:
    said = next((t for t in turns if risk in (t.risks or []) and t.transcript), None)
    parts = []
    if risk == "suicide":
        answered = {t.question_id: t for t in turns if t.question_id in CSSRS and t.intent}
        for qid, (yes, no) in CSSRS.items():
            if qid in answered:
                parts.append(yes if answered[qid].intent in YES else no)
    text = f"{RISK.get(risk, risk)}: " + (", ".join(parts) + " (C-SSRS)" if parts else "통화 중 위험 신호")
    if said is not None:
        text += f" — “{said.transcript}”"
    return text


def _unsettled_sentences(case: Case, attempts: list[CallAttempt], turns: list[Turn]) -> list[str]:
    """Risks only the model heard that the call did not settle: asked about and denied, or
    left unasked (the answer was about the call itself, or came after a denial). The engine
    keeps them for the officer; this is where the officer reads them."""
    denied: list[str] = []
    unasked: list[str] = []
    for attempt in attempts:
        state = attempt.dialogue_state or {}
        denied += [r for r in state.get("denied_risks", []) if r not in denied]
        unasked += [r for r in state.get("unasked_risks", []) if r not in unasked]
    out = []
    for risk in [*unasked, *(r for r in denied if r not in unasked)]:
        if risk in case.risks:
            continue
        said = [t for t in turns if risk in (t.risks or []) and t.transcript]
        if risk not in unasked:  # the words that were asked about
            how, quoted = "신호가 들려 물었으나 아니라고 답함", said[:1]
        elif risk in denied:  # the words heard after the denial
            how, quoted = "물었을 때 아니라고 했으나 다시 신호가 들림", said[-1:]
        else:
            how, quoted = "신호가 들렸으나 통화 중 묻지 못함", said[-1:]
        out.append(f"{RISK.get(risk, risk)} 가능성: {how}" + "".join(f" — “{t.transcript}”" for t in quoted))
    return out


def _task_sentence(case: Case) -> str:
    reasons = {"never reached after the last attempt": "마지막 시도까지 연락이 닿지 않음",
               "interview not finished after the last attempt": "마지막 시도까지 면담을 마치지 못함",
               "asked to be called back": "다시 전화해 달라고 요청함",
               "asked for a person outside office hours": "근무 시간 외에 상담원 연결을 요청함"}
    return "; ".join(reasons.get(r.strip(), r.strip()) for r in case.reason.split(";") if r.strip())


def _instruments(state: dict[str, Any], flow: Flow) -> list[str]:
    out = []
    for iid, inst in flow.instruments.items():
        result = state.get("instruments", {}).get(iid)
        if result is None:
            continue
        top = max((rule.item or 0 for nid in inst.items if nid in flow.nodes
                   for rule in [*flow.nodes[nid].answers.values(), *(c.rule for c in flow.nodes[nid].choices)]),
                  default=1)
        verdict = "양성" if result["positive"] else "음성"
        partial = "" if result.get("complete", True) else ", 일부 문항만 응답"
        out.append(f"{INSTRUMENT.get(iid, iid)}: {result['total']:g}점 / {top * len(inst.items):g}점 "
                   f"(기준 {inst.threshold:g}점 이상 양성 → {verdict}{partial})")
    return out


def _needs(attempts: list[CallAttempt]) -> dict[str, list[Evidence]]:
    """Each need, with the answers that raised its score or named it."""
    out: dict[str, list[Evidence]] = {}
    for attempt in attempts:
        before: dict[str, float] = {}
        for turn in attempt.turns:
            after = turn.scores or before
            raised = {n for n, v in after.items() if v > before.get(n, 0)} | set(turn.needs or [])
            for need in sorted(raised):
                if need in NEED and turn.transcript:
                    out.setdefault(need, []).append(Evidence(turn.prompt, turn.transcript, turn.id))
            before = dict(after)
    return out
