"""Which households to call now: due, inside their campaign's call window, within the
account's and the campaign's concurrent-call limits, and never one already in a call.

Each dispatched call is three claims in one transaction (the enrollment moves from
pending/retry to dialing, the household takes the attempt as its one live call, the
attempt is written with its outbox entry), each a conditional update: of two schedulers
that pick the same household, one wins and the other writes nothing."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, update

from voicebot import callstate, outbox
from voicebot.db import CallAttempt, Campaign, Enrollment, Household
from voicebot.officehours import OfficeCalendar
from voicebot.services import Services

log = logging.getLogger(__name__)


def dispatch(svc: Services, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    s = svc.settings
    calendar = OfficeCalendar(s.timezone, s.office_hours)
    placed: list[int] = []
    with svc.db.session() as session:
        live = Counter(dict(session.execute(
            select(Enrollment.campaign_id, func.count()).select_from(CallAttempt).join(Enrollment)
            .where(CallAttempt.status.in_(callstate.LIVE)).group_by(Enrollment.campaign_id)).all()))
        free = s.max_concurrent_calls - sum(live.values())
        if free <= 0:
            return 0
        due = session.execute(
            select(Enrollment.id, Enrollment.household_id, Campaign)
            .join(Campaign, Enrollment.campaign_id == Campaign.id)
            .join(Household, Enrollment.household_id == Household.id)
            .where(Campaign.status == "active", Household.opted_out.is_(False),
                   Household.calling_attempt_id.is_(None), Enrollment.status.in_(("pending", "retry")),
                   or_(Enrollment.next_attempt_at.is_(None), Enrollment.next_attempt_at <= now))
            .order_by(Enrollment.next_attempt_at.is_not(None), Enrollment.next_attempt_at, Enrollment.id)
            .limit(free * 4)).all()
        for enrollment_id, household_id, campaign in due:
            if len(placed) >= free:
                break
            if live[campaign.id] >= campaign.max_concurrent or not calendar.in_window(
                    now, campaign.window_start_hour, campaign.window_end_hour, campaign.call_on_holidays):
                continue
            attempt_id = _claim(session, enrollment_id, household_id, svc.flow(campaign.flow_path).sha256)
            if attempt_id is not None:
                placed.append(attempt_id)
                live[campaign.id] += 1
    for attempt_id in placed:
        outbox.hand_over(svc, "dial", attempt_id)
    if placed:
        log.info("dispatched %d calls", len(placed))
    return len(placed)


class _Taken(Exception):
    """Another scheduler (or campaign) claimed it first."""


def _claim(session, enrollment_id: int, household_id: int, flow_hash: str) -> int | None:  # noqa: ANN001
    """The three claims of one call, all or nothing (a savepoint)."""
    try:
        with session.begin_nested():
            took = session.execute(update(Enrollment).where(Enrollment.id == enrollment_id,
                                                            Enrollment.status.in_(("pending", "retry")))
                                   .values(status="dialing", attempts=Enrollment.attempts + 1)).rowcount
            if not took:
                raise _Taken
            attempt = CallAttempt(enrollment_id=enrollment_id, flow_hash=flow_hash)
            session.add(attempt)
            session.flush()
            took = session.execute(update(Household).where(Household.id == household_id,
                                                           Household.calling_attempt_id.is_(None))
                                   .values(calling_attempt_id=attempt.id)).rowcount
            if not took:
                raise _Taken
            outbox.add(session, "dial", attempt.id)
            return attempt.id
    except _Taken:
        return None
