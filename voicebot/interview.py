"""Runs the pure dialogue engine at the edges: loads a call's state from the database,
feeds it what was heard, stores the new state and carries out the side effects
(cases, opt-outs, retries). Webhooks and jobs call these functions.

Every change to a call locks its attempt row first, so a duplicated webhook, a retried
job and a late callback that arrive together are applied one after the other; each of
them finds what the one before it did and changes nothing twice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voicebot import callstate, outbox
from voicebot.campaigns import policy
from voicebot.cases import open_case
from voicebot.db import (
    AuditEvent,
    CallAttempt,
    CallEvent,
    Campaign,
    DoNotCall,
    Enrollment,
    Household,
    OutboxEntry,
    Score,
    Turn,
)
from voicebot.flow import Context, Engine, Heard, Step
from voicebot.flow.engine import top_needs
from voicebot.officehours import OfficeCalendar
from voicebot.services import Services

log = logging.getLogger(__name__)
MAX_TURNS = 500  # far more than any interview asks: a sequence number beyond it is not one we sent


class CallNotFound(LookupError):
    """No call attempt with that id: the webhook answers 404."""


class Rejected(ValueError):
    """A request that does not fit the call (another call's SID, an answer to a question
    that was not asked): the webhook answers 400 and nothing is written."""


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
        birth_year=household.birth_year, indicators=tuple(attempt.enrollment.indicators or household.indicators),
        office_open=_calendar(services).is_open(now), now_iso=_calendar(services).local(now).isoformat(),
    )


def locked_attempt(session: Session, attempt_id: int) -> CallAttempt:
    attempt = session.scalar(select(CallAttempt).where(CallAttempt.id == attempt_id).with_for_update())
    if attempt is None:
        raise CallNotFound(attempt_id)
    return attempt


def _check_call(attempt: CallAttempt, call_sid: str) -> None:
    if attempt.call_sid and call_sid != attempt.call_sid:
        raise Rejected("CallSid is not this attempt's call")


def begin(services: Services, attempt_id: int, call_sid: str, answered_by: str | None) -> list[dict[str, Any]]:
    """The call was answered: greet, or hang up on an answering machine."""
    with services.db.session() as session:
        attempt = locked_attempt(session, attempt_id)
        _check_call(attempt, call_sid)
        attempt.call_sid = call_sid  # the dial job may not have stored it yet
        if attempt.dialogue_state:  # Twilio retried the webhook: say the same again
            return attempt.pending_actions
        if callstate.is_final(attempt.status) or attempt.enrollment.status != "dialing":
            return [{"type": "hangup", "outcome": attempt.outcome or "over"}]
        attempt.answered_by = answered_by
        if answered_by and answered_by.startswith(("machine", "fax")):
            attempt.outcome = "voicemail"
            return [{"type": "hangup", "outcome": "voicemail"}]
        step = _engine(services, attempt).start(context_for(services, attempt), resume=_dropped_call(session, attempt))
        _apply(services, session, attempt, step)
        return step.actions


def _dropped_call(session: Session, attempt: CallAttempt) -> dict[str, Any] | None:
    """The state of the call this one resumes, when the last one dropped mid-interview."""
    enrollment = attempt.enrollment
    if not enrollment.resume_at:
        return None
    earlier = session.scalar(select(CallAttempt).where(CallAttempt.enrollment_id == enrollment.id,
                                                        CallAttempt.id < attempt.id, CallAttempt.outcome == "hung_up")
                             .order_by(CallAttempt.id.desc()).limit(1))
    if earlier is None or not earlier.dialogue_state:
        return None
    return {**earlier.dialogue_state, "node": enrollment.resume_at}


def receive_answer(services: Services, attempt_id: int, seq: int, call_sid: str, *,
                   recording_url: str | None = None, recording_sid: str | None = None,
                   speech: str | None = None, speech_confidence: float | None = None,
                   digits: str | None = None) -> tuple[int, bool]:
    """Stores the answer to turn ``seq`` and, in the same transaction, the promise to process
    it (an outbox entry); (turn id, True if it was new). Only the question being asked
    takes an answer; the same answer twice is the same turn."""
    try:
        return _receive(services, attempt_id, seq, call_sid, recording_url, recording_sid, speech,
                        speech_confidence, digits)
    except IntegrityError:  # the same answer, delivered twice at once: the other copy won
        with services.db.session() as session:
            turn = _turn_at(session, attempt_id, seq)
            if turn is None:
                raise
            return turn.id, False


def _receive(services: Services, attempt_id: int, seq: int, call_sid: str, recording_url: str | None,
             recording_sid: str | None, speech: str | None, speech_confidence: float | None,
             digits: str | None) -> tuple[int, bool]:
    with services.db.session() as session:
        attempt = locked_attempt(session, attempt_id)
        _check_call(attempt, call_sid)
        turn = _turn_at(session, attempt_id, seq)
        if turn is not None:
            return turn.id, False
        asked = next((a for a in reversed(attempt.pending_actions) if a.get("type") == "ask"), None)
        if asked is None or seq != next_seq(attempt) or attempt.dialogue_state.get("ended"):
            raise Rejected("no question with that number is waiting for an answer")
        turn = Turn(attempt_id=attempt_id, seq=seq, question_id=asked.get("node", "?"), prompt=asked.get("text", ""),
                    recording_sid=recording_sid, audio_ref=recording_url, transcript=speech,
                    stt_confidence=speech_confidence, digits=digits)
        session.add(turn)
        session.flush()
        outbox.add(session, "answer", turn.id)
        return turn.id, True


def hear(services: Services, turn_id: int, heard: Heard, *, transcript: str | None = None,
         stt_confidence: float | None = None) -> list[dict[str, Any]]:
    """Feeds one understood answer to the engine. Idempotent: a processed turn keeps its reply.
    An answer understood after its call ended still counts (needs, risks, a case)."""
    with services.db.session() as session:
        attempt_id = session.scalar(select(Turn.attempt_id).where(Turn.id == turn_id))
        if attempt_id is None:
            raise CallNotFound(turn_id)
        attempt = locked_attempt(session, attempt_id)
        turn = session.get_one(Turn, turn_id)
        session.refresh(turn)
        if turn.status == "processed":
            outbox.mark_done(session, "answer", turn_id)
            return turn.reply
        engine = _engine(services, attempt)
        late = bool(attempt.dialogue_state.get("ended")) or callstate.is_final(attempt.status)
        if late:
            step = engine.hear_late(attempt.dialogue_state, heard)
        else:
            step = engine.hear(attempt.dialogue_state, heard, context_for(services, attempt))
        turn.transcript = transcript if transcript is not None else turn.transcript
        turn.stt_confidence = stt_confidence if stt_confidence is not None else turn.stt_confidence
        turn.no_speech = heard.no_speech
        turn.intent = None if heard.no_speech else heard.intent
        turn.intent_confidence = heard.confidence
        turn.needs, turn.risks = list(heard.needs), list(heard.risks)
        turn.scores = dict(step.state["scores"])
        turn.reply = [] if late else step.actions
        turn.status = "processed"
        turn.processed_at = datetime.now(UTC)
        outbox.mark_done(session, "answer", turn_id)
        _apply(services, session, attempt, step, late=late)
        call_over = callstate.is_final(attempt.status)
        actions = turn.reply
    if call_over:  # the call ended while this answer was being understood
        finalize(services, attempt_id)
    return actions


def silence(services: Services, attempt_id: int, seq: int, call_sid: str) -> list[dict[str, Any]]:
    turn_id, _ = receive_answer(services, attempt_id, seq, call_sid)
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


def _apply(services: Services, session: Session, attempt: CallAttempt, step: Step, late: bool = False) -> None:
    attempt.dialogue_state = step.state
    if not late:
        attempt.pending_actions = step.actions
    enrollment = attempt.enrollment
    for action in step.actions:
        if action["type"] == "escalate":
            case = open_case(session, enrollment, level="urgent", risks=[action["risk"]],
                             needs=list(step.state["needs"]), total=sum(step.state["scores"].values()),
                             reason=f"risk: {action['risk']}", calendar=_calendar(services))
            _announce(session, case.id)
        elif action["type"] == "opt_out":
            enrollment.household.opted_out = True
            session.add(AuditEvent(actor="household", action="opt_out", subject=f"household:{enrollment.household_id}"))
        elif action["type"] == "case":
            case = open_case(session, enrollment, level=step.state.get("level", "low"), risks=[],
                             needs=list(step.state["needs"]), total=sum(step.state["scores"].values()),
                             reason="asked for a person outside office hours", calendar=_calendar(services))
            _announce(session, case.id)


def _announce(session: Session, case_id: int) -> None:
    """Promises the case's announcement to the office, once per case."""
    session.flush()
    if session.scalar(select(OutboxEntry.id).where(OutboxEntry.kind == "case", OutboxEntry.ref_id == case_id)) is None:
        outbox.add(session, "case", case_id)


def record_status(services: Services, attempt_id: int, params: dict[str, str]) -> bool:
    """Stores one status callback; False when it is a duplicate (changes nothing). The
    call's status moves only forward; a final status closes the call."""
    status = params["CallStatus"]
    call_sid = params["CallSid"]
    try:
        with services.db.session() as session:
            attempt = locked_attempt(session, attempt_id)
            _check_call(attempt, call_sid)
            seq = params.get("SequenceNumber")
            session.add(CallEvent(attempt_id=attempt_id, call_sid=call_sid, status=status,
                                  sequence=int(seq) if seq else None,
                                  payload={k: v for k, v in params.items()
                                           if k not in ("To", "From", "Called", "Caller")}))
            session.flush()
            attempt.call_sid = call_sid  # a call placed by a dial job that died is recovered here
            if params.get("AnsweredBy"):
                attempt.answered_by = params["AnsweredBy"]
            if not callstate.advances(attempt.status, status):
                return True  # late or out of order: kept as an event, the call stays where it is
            attempt.status = status
            if callstate.is_final(status):
                attempt.duration_s = _int(params.get("CallDuration"))
                attempt.ended_at = datetime.now(UTC)
    except IntegrityError:
        return False
    if callstate.is_final(status):
        finalize(services, attempt_id)
    return True


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def finalize(services: Services, attempt_id: int, now: datetime | None = None, force: bool = False) -> bool:
    """The call is over: score it, open a case if needed, decide whether to call again.
    Waits (returns False) while an answer of the call is still being understood, unless
    forced; the last answer's job finalizes it then."""
    now = now or datetime.now(UTC)
    with services.db.session() as session:
        attempt = locked_attempt(session, attempt_id)
        enrollment = attempt.enrollment
        campaign = enrollment.campaign
        latest = session.scalar(select(func.max(CallAttempt.id)).where(CallAttempt.enrollment_id == enrollment.id))
        if enrollment.status != "dialing" or latest != attempt_id:
            return False  # already finalized, or a late callback of an earlier call
        waiting = session.scalar(select(Turn.id).where(Turn.attempt_id == attempt_id, Turn.status != "processed"))
        if waiting is not None and not force:
            return False
        engine = _engine(services, attempt)
        state = attempt.dialogue_state
        talked = bool(state) and attempt.outcome != "voicemail"
        if talked:
            state = engine.finish(state, outcome="hung_up")  # keeps the node a dropped call stopped at
            attempt.dialogue_state = state
            attempt.outcome = state["outcome"]
            _score(session, attempt, state)
            enrollment.crisis_level = state["level"]
            enrollment.total_score = float(sum(state["scores"].values()))
            enrollment.top_needs = top_needs(state)
            if engine.needs_case(state):
                case = open_case(session, enrollment, level=state["level"], risks=list(state["risks"]),
                                 needs=top_needs(state, 9), total=enrollment.total_score,
                                 reason="screening result" if state["risks"] or not state.get("unasked_risks")
                                 else "possible risk heard, not asked: " + ", ".join(state["unasked_risks"]),
                                 calendar=_calendar(services), now=now)
                _announce(session, case.id)
        else:  # never talked: busy, no answer, a machine, or answered but the interview never began
            attempt.outcome = attempt.outcome or ("no_interview" if attempt.status == "completed" else attempt.status)
        outcome = attempt.outcome
        _next_step(services, session, enrollment, campaign, outcome, state, talked, now)
        session.execute(update(Household).where(Household.id == enrollment.household_id,
                                                Household.calling_attempt_id == attempt_id)
                        .values(calling_attempt_id=None))
        log.info("attempt %s finished: %s -> enrollment %s", attempt_id, outcome, enrollment.status)
    return True


FINAL_OUTCOMES = {"completed": "completed", "transferred": "completed", "wrong_person": "wrong_person",
                  "opt_out": "opted_out", "no_consent": "declined", "refused": "declined"}


def _next_step(services: Services, session: Session, enrollment: Enrollment, campaign: Campaign, outcome: str,
               state: dict[str, Any], talked: bool, now: datetime) -> None:
    """Where the household goes after this call: done, called again (when, on which number,
    resuming where), or handed to the officers as a task."""
    enrollment.last_outcome = outcome
    key = policy.OUTCOME_KEYS.get(outcome)
    if key:
        enrollment.outcome_counts = {**enrollment.outcome_counts, key: enrollment.outcome_counts.get(key, 0) + 1}
    if outcome in FINAL_OUTCOMES:
        enrollment.status = FINAL_OUTCOMES[outcome]
        enrollment.resume_at = None
        if outcome == "opt_out":
            _do_not_call(session, enrollment.household.phone, "call")
        return
    if outcome == "not_placed":  # never rang: it does not count as an attempt
        enrollment.status = "retry"
        enrollment.attempts = max(0, enrollment.attempts - 1)
        enrollment.next_attempt_at = now + timedelta(seconds=60)
        return
    callback_at = datetime.fromisoformat(state["callback_at"]) if state.get("callback_at") else None
    rules = policy.policy(campaign.retry_policy, campaign.retry_delay_s if not campaign.retry_policy else None)
    retry = policy.retry_after(outcome, enrollment.outcome_counts, enrollment.attempts, campaign.max_attempts,
                               rules, now, callback_at)
    if outcome == "hung_up" and state.get("node"):
        enrollment.resume_at = state["node"]
    if outcome == "callback" and callback_at is not None:
        _task(services, session, enrollment, "callback", "asked to be called back", now, callback_at)
    if retry.at is not None:
        enrollment.status = "retry"
        enrollment.next_attempt_at = retry.at
        phones = enrollment.household.phones or [enrollment.household.phone]
        if retry.next_number and len(phones) > 1:
            enrollment.phone_index = (enrollment.phone_index + 1) % len(phones)
        return
    enrollment.status = "incomplete" if talked else "no_contact"
    _task(services, session, enrollment, "no_contact",
          "interview not finished after the last attempt" if talked else "never reached after the last attempt", now)


def _task(services: Services, session: Session, enrollment: Enrollment, kind: str, reason: str, now: datetime,
          callback_at: datetime | None = None) -> None:
    """A household that needs a person without a screening result: the officers' task list."""
    case = open_case(session, enrollment, level=enrollment.crisis_level or "none", risks=[], needs=[],
                     total=enrollment.total_score, reason=reason, calendar=_calendar(services), now=now, kind=kind)
    if callback_at is not None:
        case.callback_at = callback_at
    _announce(session, case.id)


def _do_not_call(session: Session, phone: str, source: str) -> None:
    if session.scalar(select(DoNotCall.id).where(DoNotCall.phone == phone)) is None:
        session.add(DoNotCall(phone=phone, source=source))


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
