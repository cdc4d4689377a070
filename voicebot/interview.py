"""Runs the pure dialogue engine at the edges: loads a call's state from the database,
feeds it what was heard, stores the new state and carries out the side effects
(cases, opt-outs, retries). Webhooks and jobs call these functions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voicebot.cases import open_case
from voicebot.db import AuditEvent, CallAttempt, CallEvent, Score, Turn
from voicebot.flow import Context, Engine, Heard, Step
from voicebot.flow.engine import top_needs
from voicebot.officehours import OfficeCalendar
from voicebot.services import Services

log = logging.getLogger(__name__)
TERMINAL = {"completed", "busy", "no-answer", "failed", "canceled"}


def _engine(services: Services, attempt: CallAttempt) -> Engine:
    return Engine(services.flow(attempt.enrollment.campaign.flow_path))


def _calendar(services: Services) -> OfficeCalendar:
    return OfficeCalendar(services.settings.timezone, services.settings.office_hours)


def context_for(services: Services, attempt: CallAttempt, now: datetime | None = None) -> Context:
    now = now or datetime.now(UTC)
    household = attempt.enrollment.household
    s = services.settings
    return Context(
        name=household.name, office=s.office_name, office_phone=s.office_phone, phone=household.phone,
        birth_year=household.birth_year, indicators=tuple(household.indicators),
        office_open=_calendar(services).is_open(now), now_iso=_calendar(services).local(now).isoformat(),
    )


def begin(services: Services, attempt_id: int, answered_by: str | None) -> list[dict[str, Any]]:
    """The call was answered: greet, or hang up on an answering machine."""
    with services.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        attempt.answered_by = answered_by
        if answered_by and answered_by.startswith(("machine", "fax")):
            attempt.outcome = "voicemail"
            return [{"type": "hangup", "outcome": "voicemail"}]
        if attempt.dialogue_state:  # Twilio retried the webhook: say the same again
            return attempt.pending_actions
        step = _engine(services, attempt).start(context_for(services, attempt))
        _apply(services, session, attempt, step)
        return step.actions


def receive_answer(services: Services, attempt_id: int, seq: int, *, recording_url: str | None = None,
                   recording_sid: str | None = None, speech: str | None = None,
                   speech_confidence: float | None = None) -> tuple[int, bool]:
    """Stores the answer to turn ``seq``; (turn id, True if it was new)."""
    with services.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        turn = _turn_at(session, attempt_id, seq)
        if turn is not None:
            return turn.id, False
        asked = next((a for a in reversed(attempt.pending_actions) if a.get("type") == "ask"), {})
        turn = Turn(attempt_id=attempt_id, seq=seq, question_id=asked.get("node", "?"), prompt=asked.get("text", ""),
                    recording_sid=recording_sid, audio_ref=recording_url, transcript=speech,
                    stt_confidence=speech_confidence)
        session.add(turn)
        session.flush()
        return turn.id, True


def hear(services: Services, turn_id: int, heard: Heard, *, transcript: str | None = None,
         stt_confidence: float | None = None) -> list[dict[str, Any]]:
    """Feeds one understood answer to the engine. Idempotent: a processed turn keeps its reply."""
    with services.db.session() as session:
        turn = session.get_one(Turn, turn_id)
        if turn.status == "processed":
            return turn.reply
        attempt = turn.attempt
        step = _engine(services, attempt).hear(attempt.dialogue_state, heard, context_for(services, attempt))
        turn.transcript = transcript if transcript is not None else turn.transcript
        turn.stt_confidence = stt_confidence if stt_confidence is not None else turn.stt_confidence
        turn.no_speech = heard.no_speech
        turn.intent = None if heard.no_speech else heard.intent
        turn.intent_confidence = heard.confidence
        turn.needs, turn.risks = list(heard.needs), list(heard.risks)
        turn.scores = dict(step.state["scores"])
        turn.reply = step.actions
        turn.status = "processed"
        turn.processed_at = datetime.now(UTC)
        _apply(services, session, attempt, step)
        return step.actions


def silence(services: Services, attempt_id: int, seq: int) -> list[dict[str, Any]]:
    turn_id, _ = receive_answer(services, attempt_id, seq)
    return hear(services, turn_id, Heard(no_speech=True))


def reply_for(services: Services, attempt_id: int, seq: int) -> list[dict[str, Any]] | None:
    with services.db.session() as session:
        turn = _turn_at(session, attempt_id, seq)
        return turn.reply if turn is not None and turn.status == "processed" else None


def pending_turn(services: Services, attempt_id: int, seq: int) -> int | None:
    """The id of the answer still waiting for its reply, if there is one."""
    with services.db.session() as session:
        turn = _turn_at(session, attempt_id, seq)
        return turn.id if turn is not None and turn.status != "processed" else None


def _turn_at(session: Session, attempt_id: int, seq: int) -> Turn | None:
    return session.scalar(select(Turn).where(Turn.attempt_id == attempt_id, Turn.seq == seq))


def next_seq(attempt: CallAttempt) -> int:
    return int(attempt.dialogue_state.get("turns", 0)) + 1


def _apply(services: Services, session: Session, attempt: CallAttempt, step: Step) -> None:
    attempt.dialogue_state = step.state
    attempt.pending_actions = step.actions
    enrollment = attempt.enrollment
    for action in step.actions:
        if action["type"] == "escalate":
            case = open_case(session, enrollment, level="urgent", risks=[action["risk"]],
                             needs=list(step.state["needs"]), total=sum(step.state["scores"].values()),
                             reason=f"risk: {action['risk']}", calendar=_calendar(services))
            session.flush()
            _notify(services, case.id, urgent=True)
        elif action["type"] == "opt_out":
            enrollment.household.opted_out = True
            session.add(AuditEvent(actor="household", action="opt_out", subject=f"household:{enrollment.household_id}"))
        elif action["type"] == "case":
            case = open_case(session, enrollment, level=step.state.get("level", "low"), risks=[],
                             needs=list(step.state["needs"]), total=sum(step.state["scores"].values()),
                             reason="asked for a person outside office hours", calendar=_calendar(services))
            session.flush()
            _notify(services, case.id, urgent=False)


def _notify(services: Services, case_id: int, urgent: bool) -> None:
    from voicebot.jobs.cases import announce_case

    services.queue("cases").enqueue(announce_case, case_id, at_front=urgent)


def record_status(services: Services, attempt_id: int, params: dict[str, str]) -> bool:
    """Stores one status callback; False when it is a duplicate (changes nothing)."""
    status = params.get("CallStatus", "")
    call_sid = params.get("CallSid", "")
    try:
        with services.db.session() as session:
            attempt = session.get_one(CallAttempt, attempt_id)
            if attempt.call_sid and attempt.call_sid != call_sid:
                raise ValueError("status callback for another call")
            seq = params.get("SequenceNumber")
            session.add(CallEvent(attempt_id=attempt_id, call_sid=call_sid, status=status,
                                  sequence=int(seq) if seq and seq.isdigit() else None,
                                  payload={k: v for k, v in params.items()
                                           if k not in ("To", "From", "Called", "Caller")}))
            session.flush()
            attempt.call_sid = call_sid
            attempt.status = status
            if params.get("AnsweredBy"):
                attempt.answered_by = params["AnsweredBy"]
            if status in TERMINAL:
                attempt.duration_s = int(params.get("CallDuration") or 0)
                attempt.ended_at = datetime.now(UTC)
    except IntegrityError:
        return False
    if status in TERMINAL:
        finalize(services, attempt_id)
    return True


def finalize(services: Services, attempt_id: int, now: datetime | None = None) -> None:
    """The call is over: score it, open a case if needed, decide whether to call again."""
    now = now or datetime.now(UTC)
    with services.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        enrollment = attempt.enrollment
        campaign = enrollment.campaign
        if enrollment.status not in ("dialing",):
            return  # already finalized (duplicate terminal callback)
        engine = _engine(services, attempt)
        state = attempt.dialogue_state
        talked = bool(state) and attempt.outcome != "voicemail"
        if talked:
            state = engine.finish(state, outcome="hung_up")
            attempt.dialogue_state = state
            attempt.outcome = state["outcome"]
            _score(session, attempt, state)
            enrollment.crisis_level = state["level"]
            enrollment.total_score = float(sum(state["scores"].values()))
            enrollment.top_needs = top_needs(state)
            if engine.needs_case(state):
                case = open_case(session, enrollment, level=state["level"], risks=list(state["risks"]),
                                 needs=top_needs(state, 9), total=enrollment.total_score,
                                 reason="screening result", calendar=_calendar(services), now=now)
                session.flush()
                _notify(services, case.id, urgent=bool(state["risks"]))
        else:
            attempt.outcome = attempt.outcome or attempt.status
        outcome = attempt.outcome
        final = {"completed": "completed", "transferred": "completed", "wrong_person": "wrong_person",
                 "opt_out": "opted_out", "no_consent": "declined", "refused": "declined"}
        if outcome in final:
            enrollment.status = final[outcome]
        elif outcome == "callback" and state.get("callback_at"):
            enrollment.status = "retry"
            enrollment.next_attempt_at = datetime.fromisoformat(state["callback_at"])
        elif enrollment.attempts < campaign.max_attempts:
            enrollment.status = "retry"
            enrollment.next_attempt_at = now + timedelta(seconds=campaign.retry_delay_s)
        else:
            enrollment.status = "unreachable" if not talked else "incomplete"
        log.info("attempt %s finished: %s -> enrollment %s", attempt_id, outcome, enrollment.status)


def _score(session: Session, attempt: CallAttempt, state: dict[str, Any]) -> None:
    values = dict(state["scores"])
    for inst, result in state.get("instruments", {}).items():
        values[f"instrument:{inst}"] = result["total"]
    for category, value in values.items():
        existing = session.scalar(select(Score).where(Score.attempt_id == attempt.id, Score.category == category))
        if existing:
            existing.value = value
        else:
            session.add(Score(attempt_id=attempt.id, category=category, value=value))

