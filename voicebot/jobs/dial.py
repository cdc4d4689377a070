"""Placing one call, at most once per attempt, whatever happens to the worker.

The attempt is claimed (queued -> dialing) by a conditional update before Twilio is
asked: a second run of the job, after a retry or a relay, finds it claimed and places
nothing. A worker killed between the claim and storing the SID leaves a claimed attempt
without a SID; its status callbacks (which name the attempt) or the reconciler, asking
Twilio's call list, recover the call, and if Twilio has none it goes back to the
schedule. Nothing is dialled twice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import update

from voicebot import outbox
from voicebot.db import CallAttempt
from voicebot.jobs import runtime
from voicebot.telephony import CallRejected, telephony_from_settings
from voicebot.web.urls import call_urls

log = logging.getLogger(__name__)


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
    # The turn is taken before the claim: a worker that waits holds no claimed attempt.
    runtime.pacer().wait_turn(limits)
    with svc.db.session() as session:
        claimed = session.execute(
            update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.status == "queued")
            .values(status="dialing", dial_claimed_at=datetime.now(UTC))).rowcount
        outbox.mark_done(session, "dial", attempt_id)
        if not claimed:
            return "claimed before"
        phone = session.get_one(CallAttempt, attempt_id).enrollment.household.phone
    urls = call_urls(svc.settings.public_base_url, attempt_id)
    try:
        sid = telephony_from_settings(svc.settings).place_call(phone, urls.voice, urls.status)
    except CallRejected as exc:
        log.warning("attempt %s: call refused (%s)", attempt_id, exc)
        _not_placed(svc, attempt_id, "failed")
        return "refused"
    with svc.db.session() as session:
        session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id, CallAttempt.call_sid.is_(None))
                        .values(call_sid=sid))
    log.info("attempt %s dialled", attempt_id)
    return sid


def _not_placed(svc, attempt_id: int, outcome: str) -> None:  # noqa: ANN001
    from voicebot.interview import finalize

    with svc.db.session() as session:
        session.execute(update(CallAttempt).where(CallAttempt.id == attempt_id)
                        .values(status="failed", outcome=outcome, ended_at=datetime.now(UTC)))
    finalize(svc, attempt_id, force=True)
