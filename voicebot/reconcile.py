"""Calls whose news never came: asked about at Twilio and closed with the right outcome.

A final status callback can be lost (our server down when Twilio posted it, a network
cut), and a dial job can die after Twilio placed the call but before the SID was stored.
Every few seconds the scheduler looks for live calls with no news for a while (no
callback, no answer) and asks Twilio's Calls resource (the simulated network implements
it too):
a call Twilio has finished is closed with Twilio's status; a call Twilio never placed
goes back to the schedule without counting as an attempt; a call still going after the
longest an interview can take is hung up. An enrollment left dialing with no live call
is finalized."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from voicebot import callstate
from voicebot.db import CallAttempt, CallEvent, Enrollment, Household, Turn
from voicebot.interview import finalize, record_status
from voicebot.services import Services
from voicebot.telephony import CallInfo, Telephony

log = logging.getLogger(__name__)

LONGEST_CALL = timedelta(minutes=90)  # hung up past this: no interview takes so long


def reconcile(svc: Services, telephony: Telephony, now: datetime | None = None) -> Counter:
    """Asks Twilio about every live call that has had no news (a callback, an answer) for
    settings.reconcile_after_s, and acts on what it says."""
    now = now or datetime.now(UTC)
    quiet = timedelta(seconds=svc.settings.reconcile_after_s)
    done: Counter = Counter()
    with svc.db.session() as session:
        news = (select(func.max(CallEvent.received_at)).where(CallEvent.attempt_id == CallAttempt.id)
                .correlate(CallAttempt).scalar_subquery())
        answered = (select(func.max(Turn.created_at)).where(Turn.attempt_id == CallAttempt.id)
                    .correlate(CallAttempt).scalar_subquery())
        stale = session.execute(
            select(CallAttempt.id, CallAttempt.status, CallAttempt.call_sid, CallAttempt.created_at,
                   CallAttempt.dial_claimed_at, func.coalesce(CallAttempt.dialled, Household.phone), news, answered)
            .join(Enrollment, CallAttempt.enrollment_id == Enrollment.id)
            .join(Household, Enrollment.household_id == Household.id)
            .where(CallAttempt.status.in_(callstate.LIVE), CallAttempt.status != "queued",
                   CallAttempt.created_at <= now - quiet)).all()
    for attempt_id, status, sid, created, claimed, phone, last_event, last_turn in stale:
        since = _aware(claimed or created)
        last = max(_aware(t) for t in (since, last_event, last_turn) if t is not None)
        if now - last < quiet:
            continue
        done[_resolve(svc, telephony, attempt_id, status, sid, since, phone, now)] += 1
    done.update(_unstick(svc, now, quiet))
    if done:
        log.info("reconciled: %s", dict(done))
    return done


def _resolve(svc: Services, telephony: Telephony, attempt_id: int, status: str, sid: str | None,
             since: datetime, phone: str, now: datetime) -> str:
    if sid is None:
        found = [c for c in telephony.find_calls(phone, since - timedelta(minutes=1))
                 if c.created is None or _aware(c.created) >= since - timedelta(minutes=1)]
        if not found:
            _close(svc, attempt_id, "failed", "not_placed")
            return "not placed"
        info: CallInfo | None = found[0]
        with svc.db.session() as session:
            session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.call_sid.is_(None))
                            .values(call_sid=found[0].sid))
    else:
        info = telephony.fetch_call(sid)
    if info is None:
        _close(svc, attempt_id, "failed", None)
        return "unknown to twilio"
    if callstate.is_final(info.status):
        params = {"CallSid": info.sid, "CallStatus": info.status, "CallDuration": str(info.duration_s),
                  "CallbackSource": "reconciler"}
        if info.answered_by:
            params["AnsweredBy"] = info.answered_by
        record_status(svc, attempt_id, params)
        return f"closed {info.status}"
    if now - since > LONGEST_CALL:
        telephony.hang_up(info.sid)
        return "hung up"
    return "still live"


def _close(svc: Services, attempt_id: int, status: str, outcome: str | None) -> None:
    with svc.db.session() as session:
        session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id,
                                                  CallAttempt.status.in_(callstate.LIVE))
                        .values(status=status, outcome=outcome, ended_at=datetime.now(UTC)))
    finalize(svc, attempt_id, force=True)


def _unstick(svc: Services, now: datetime, quiet: timedelta) -> Counter:
    """Enrollments still dialing whose last call is over (its final answer never came in)."""
    done: Counter = Counter()
    later = aliased(CallAttempt)
    with svc.db.session() as session:
        rows = session.execute(
            select(CallAttempt.id, CallAttempt.ended_at)
            .join(Enrollment, CallAttempt.enrollment_id == Enrollment.id)
            .where(Enrollment.status == "dialing", CallAttempt.status.in_(callstate.FINAL),
                   ~select(later.id).where(later.enrollment_id == CallAttempt.enrollment_id,
                                           later.id > CallAttempt.id).exists())).all()
    for attempt_id, ended in rows:
        # A just-finished call may still be having its last answer understood; give it time.
        if ended is None or now - _aware(ended) > quiet:
            if finalize(svc, attempt_id, now=now, force=True):
                done["finalized"] += 1
    return done


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)
