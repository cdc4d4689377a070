"""The outbound scheduler tick: picks households whose call is due, inside the call
window, and hands them to the dial queue, never more live calls than allowed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from rq import Retry
from rq.callbacks import Callback
from sqlalchemy import func, or_, select

from voicebot.db import CallAttempt, Campaign, Enrollment, Household
from voicebot.jobs import runtime
from voicebot.jobs.dial import dial, dial_failed
from voicebot.officehours import OfficeCalendar
from voicebot.services import Services

log = logging.getLogger(__name__)
LIVE = ("queued", "initiated", "ringing", "in-progress")


def dispatch_due(now_iso: str | None = None) -> int:
    return dispatch(runtime.services(), datetime.fromisoformat(now_iso) if now_iso else datetime.now(UTC))


def dispatch(svc: Services, now: datetime) -> int:
    s = svc.settings
    calendar = OfficeCalendar(s.timezone, s.office_hours)
    queue = svc.queue("dial")
    placed = 0
    with svc.db.session() as session:
        live = session.scalar(select(func.count()).select_from(CallAttempt).where(CallAttempt.status.in_(LIVE))) or 0
        free = s.max_concurrent_calls - live
        if free <= 0:
            return 0
        due = session.scalars(
            select(Enrollment).join(Campaign).join(Household)
            .where(Campaign.status == "active", Household.opted_out.is_(False),
                   Enrollment.status.in_(("pending", "retry")),
                   or_(Enrollment.next_attempt_at.is_(None), Enrollment.next_attempt_at <= now))
            .order_by(Enrollment.next_attempt_at.is_not(None), Enrollment.next_attempt_at, Enrollment.id)
            .limit(free * 4)
        ).all()
        for enrollment in due:
            if placed >= free:
                break
            campaign = enrollment.campaign
            if not calendar.in_window(now, campaign.window_start_hour, campaign.window_end_hour,
                                      campaign.call_on_holidays):
                continue
            flow = svc.flow(campaign.flow_path)
            attempt = CallAttempt(enrollment_id=enrollment.id, flow_hash=flow.sha256)
            session.add(attempt)
            enrollment.status = "dialing"
            enrollment.attempts += 1
            session.flush()
            queue.enqueue(dial, attempt.id, retry=Retry(max=2, interval=[1, 5]),
                          on_failure=Callback(dial_failed), job_timeout=30)
            placed += 1
    if placed:
        log.info("dispatched %d calls", placed)
    return placed
