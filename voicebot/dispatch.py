"""Which households to text and to call now: due, inside their campaign's call window,
within the account's and the campaign's concurrent-call limits, and never one already in
a call.

A household of a campaign with a message template is texted first (inside the window) and
called sms_lead_s later; a failed text does not hold the call back. Each dispatched call
is three claims in one transaction (the enrollment moves from pending/retry to dialing,
the household takes the attempt as its one live call, the attempt is written with its
outbox entry), each a conditional update: of two schedulers that pick the same
household, one wins and the other writes nothing."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from voicebot import callstate, outbox
from voicebot.campaigns.policy import in_window
from voicebot.db import CallAttempt, Campaign, DoNotCall, Enrollment, Household
from voicebot.officehours import OfficeCalendar
from voicebot.services import Services

log = logging.getLogger(__name__)
TEXT_BATCH = 200  # texts queued per round; Twilio's messaging queue paces them further


def dispatch(svc: Services, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    s = svc.settings
    calendar = OfficeCalendar(s.timezone, s.office_hours)
    with svc.db.session() as session:
        campaigns = {c.id: c for c in session.scalars(select(Campaign).where(Campaign.status == "active"))}
        open_now = {cid for cid, c in campaigns.items()
                    if in_window(calendar, now, c.window_days, c.window_start_hour, c.window_end_hour,
                                 c.call_on_holidays)}
        texted = _text(session, [c for cid, c in campaigns.items() if cid in open_now and c.sms_template], now)
        placed = _calls(svc, session, campaigns, open_now, now)
    for enrollment_id in texted:
        outbox.hand_over(svc, "sms", enrollment_id)
    for attempt_id in placed:
        outbox.hand_over(svc, "dial", attempt_id)
    if placed or texted:
        log.info("dispatched %d calls, %d texts", len(placed), len(texted))
    return len(placed)


def _text(session: Session, campaigns: list[Campaign], now: datetime) -> list[int]:
    """Households of campaigns that announce the call, not yet texted: queue the text and
    hold the call back until the lead time has passed."""
    texted: list[int] = []
    for campaign in campaigns:
        due = session.scalars(
            select(Enrollment.id).join(Household, Enrollment.household_id == Household.id)
            .where(Enrollment.campaign_id == campaign.id, Enrollment.status == "pending",
                   Enrollment.sms_status == "none", Household.opted_out.is_(False))
            .order_by(Enrollment.id).limit(TEXT_BATCH)).all()
        for enrollment_id in due:
            took = session.execute(
                update(Enrollment).where(Enrollment.id == enrollment_id, Enrollment.sms_status == "none")
                .values(sms_status="queued", next_attempt_at=now + timedelta(seconds=campaign.sms_lead_s))).rowcount
            if took:
                outbox.add(session, "sms", enrollment_id)
                texted.append(enrollment_id)
    return texted


def _calls(svc: Services, session: Session, campaigns: dict[int, Campaign], open_now: set[int],
           now: datetime) -> list[int]:
    live = Counter(dict(session.execute(
        select(Enrollment.campaign_id, func.count()).select_from(CallAttempt).join(Enrollment)
        .where(CallAttempt.status.in_(callstate.LIVE)).group_by(Enrollment.campaign_id)).all()))
    free = svc.settings.max_concurrent_calls - sum(live.values())
    room = {cid: campaigns[cid].max_concurrent - live[cid] for cid in open_now}
    callable_ids = [cid for cid, n in room.items() if n > 0]
    if free <= 0 or not callable_ids:
        return []
    due = session.execute(
        select(Enrollment.id, Enrollment.household_id, Enrollment.campaign_id, Enrollment.phone_index,
               Household.phone, Household.phones)
        .join(Household, Enrollment.household_id == Household.id)
        .where(Enrollment.campaign_id.in_(callable_ids), Household.opted_out.is_(False),
               Household.calling_attempt_id.is_(None), Enrollment.status.in_(("pending", "retry")),
               or_(Enrollment.next_attempt_at.is_(None), Enrollment.next_attempt_at <= now))
        .order_by(Enrollment.next_attempt_at.is_not(None), Enrollment.next_attempt_at, Enrollment.id)
        .limit(free * 4)).all()
    blocked = set(session.scalars(select(DoNotCall.phone).where(
        DoNotCall.phone.in_({n for row in due for n in (row.phones or [row.phone])}))))
    placed: list[int] = []
    for enrollment_id, household_id, campaign_id, phone_index, phone, phones in due:
        if len(placed) >= free or room[campaign_id] <= 0:
            continue
        numbers = phones or [phone]
        # The number whose turn it is, or the next one not on the do-not-call list.
        dialled = next((numbers[(phone_index + k) % len(numbers)] for k in range(len(numbers))
                        if numbers[(phone_index + k) % len(numbers)] not in blocked), None)
        if dialled is None:
            session.execute(update(Enrollment).where(Enrollment.id == enrollment_id).values(status="opted_out"))
            continue
        flow_hash = svc.flow(campaigns[campaign_id].flow_path).sha256
        attempt_id = _claim(session, enrollment_id, household_id, flow_hash, dialled)
        if attempt_id is not None:
            placed.append(attempt_id)
            room[campaign_id] -= 1
    return placed


class _Taken(Exception):
    """Another scheduler (or campaign) claimed it first."""


def _claim(session: Session, enrollment_id: int, household_id: int, flow_hash: str, dialled: str) -> int | None:
    """The three claims of one call, all or nothing (a savepoint)."""
    try:
        with session.begin_nested():
            took = session.execute(update(Enrollment).where(Enrollment.id == enrollment_id,
                                                            Enrollment.status.in_(("pending", "retry")))
                                   .values(status="dialing", attempts=Enrollment.attempts + 1)).rowcount
            if not took:
                raise _Taken
            attempt = CallAttempt(enrollment_id=enrollment_id, flow_hash=flow_hash, dialled=dialled)
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
