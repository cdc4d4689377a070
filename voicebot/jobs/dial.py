"""Placing one call, at most once per attempt, whatever happens to the worker.

The attempt is claimed (queued -> dialing) by a conditional update before Twilio is
asked: a second run of the job, after a retry or a relay, finds it claimed and places
nothing. Then the job waits for its turn under the pacing limits (voicebot.pacing).
A worker killed between the claim and storing the SID leaves a claimed attempt
without a SID; its status callbacks (which name the attempt) or the reconciler, asking
Twilio's call list, recover the call, and if Twilio has none it goes back to the
schedule. Nothing is dialled twice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import update

from voicebot import outbox
from voicebot.db import CallAttempt, OutboxEntry
from voicebot.jobs import runtime
from voicebot.telephony import CallRejected, telephony_from_settings
from voicebot.web.urls import call_urls

log = logging.getLogger(__name__)
MAX_WAIT_S = 60  # for a turn to dial; well inside the time after which the reconciler asks Twilio


def dial(attempt_id: int) -> str:
    svc = runtime.services()
    with svc.db.session() as session:
        attempt = session.get(CallAttempt, attempt_id)
        if attempt is None or attempt.status != "queued":
            outbox.mark_done(session, "dial", attempt_id)
            return "claimed before"  # placed, or being resolved by the reconciler
        campaign = attempt.enrollment.campaign
        limits = runtime.pacer().limits(svc.settings.effective_account_sid, svc.settings.account_calls_per_second,
                                        campaign.id, campaign.calls_per_second)
    with svc.db.session() as session:
        claimed = session.execute(
            update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.status == "queued")
            .values(status="dialing", dial_claimed_at=datetime.now(UTC))).rowcount
        outbox.mark_done(session, "dial", attempt_id)
        if not claimed:
            return "claimed before"
        attempt = session.get_one(CallAttempt, attempt_id)
        phone = attempt.dialled or attempt.enrollment.household.phone
    # The turn is taken right before Twilio is asked and held until it answers: Twilio
    # counts the calls it receives.
    urls = call_urls(svc.settings.public_base_url, attempt_id)
    pacer = runtime.pacer()
    try:
        turn = pacer.wait_turn(limits, max_wait_s=MAX_WAIT_S)
    except Exception:
        _unclaim(svc, attempt_id)  # nothing was placed: the outbox hands the job over again
        raise
    try:
        sid = telephony_from_settings(svc.settings).place_call(phone, urls.voice, urls.status)
    except CallRejected as exc:
        log.warning("attempt %s: call refused (%s)", attempt_id, exc)
        _not_placed(svc, attempt_id, "failed")
        return "refused"
    finally:
        pacer.finish(limits, turn)
    with svc.db.session() as session:
        session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.call_sid.is_(None))
                        .values(call_sid=sid))
    log.info("attempt %s dialled", attempt_id)
    return sid


def _unclaim(svc, attempt_id: int) -> None:  # noqa: ANN001
    with svc.db.session() as session:
        session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.status == "dialing",
                                                  CallAttempt.call_sid.is_(None))
                        .values(status="queued", dial_claimed_at=None))
        session.execute(update(OutboxEntry).where(OutboxEntry.kind == "dial", OutboxEntry.ref_id == attempt_id)
                        .values(done_at=None))


def _not_placed(svc, attempt_id: int, outcome: str) -> None:  # noqa: ANN001
    from voicebot.interview import finalize

    with svc.db.session() as session:
        session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id)
                        .values(status="failed", outcome=outcome, ended_at=datetime.now(UTC)))
    finalize(svc, attempt_id, force=True)
