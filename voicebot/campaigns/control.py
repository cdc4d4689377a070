"""Creating, starting, pausing, resuming and cancelling a campaign, and counting where its
households are. The CLI and the JSON API both call these."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from voicebot import callstate
from voicebot.campaigns import policy, texts
from voicebot.db import AuditEvent, CallAttempt, Campaign, Database, Enrollment
from voicebot.flow import load_flow

ACTIONS = {  # action -> (states it may be taken from, state it leads to)
    "start": ({"draft"}, "active"),
    "pause": ({"active"}, "paused"),
    "resume": ({"paused"}, "active"),
    "cancel": ({"draft", "active", "paused"}, "cancelled"),
}
# What `voicebot campaign status` and the API count, in this order.
STATES = ("pending", "scheduled", "messaged", "calling", "completed", "no_contact", "opted_out", "wrong_person",
          "call_back", "declined", "incomplete", "cancelled")
# Households not called any more, whatever the campaign does next.
SETTLED = {"completed", "no_contact", "unreachable", "opted_out", "wrong_person", "declined", "incomplete",
           "cancelled"}


class CampaignError(ValueError):
    pass


@dataclass
class CampaignSpec:
    name: str
    flow_path: Path
    office_id: int | None = None
    answer_mode: str = "record"
    window_days: str = "0,1,2,3,4"
    window_start_hour: int = 10
    window_end_hour: int = 20
    call_on_holidays: bool = False
    calls_per_second: float = 1.0
    max_concurrent: int = 3
    max_attempts: int = 5
    retry_delay_s: int = 3600
    retry_policy: dict[str, Any] | None = None
    sms_template: str = ""
    sms_lead_s: int = 600
    status: str = "draft"
    created_by: str | None = None

    def check(self) -> None:
        load_flow(self.flow_path)  # FlowInvalid with FILE:LINE
        if self.answer_mode not in ("record", "gather"):
            raise CampaignError("answer mode must be record or gather")
        days = [d for d in self.window_days.split(",") if d.strip()]
        if not days or any(not d.strip().isdigit() or int(d) > 6 for d in days):
            raise CampaignError("days must be weekday numbers 0 (Monday) to 6 (Sunday), comma-separated")
        if not 0 <= self.window_start_hour < self.window_end_hour <= 24:
            raise CampaignError("the call window must be hours with start < end, within 0-24")
        if not 0 < self.calls_per_second <= 100 or not 1 <= self.max_concurrent <= 1000:
            raise CampaignError("calls per second must be in (0, 100] and concurrent calls in 1-1000")
        if not 1 <= self.max_attempts <= 20:
            raise CampaignError("attempts must be 1-20")
        if self.sms_template:
            texts.check_template(self.sms_template)
        for key in (self.retry_policy or {}):
            if key not in policy.DEFAULT_POLICY:
                raise CampaignError(f"unknown retry outcome '{key}' (one of: {', '.join(policy.DEFAULT_POLICY)})")


def create(db: Database, spec: CampaignSpec) -> int:
    spec.check()
    with db.session() as session:
        campaign = Campaign(
            name=spec.name, flow_path=str(spec.flow_path.resolve()), office_id=spec.office_id,
            answer_mode=spec.answer_mode, window_days=spec.window_days, window_start_hour=spec.window_start_hour,
            window_end_hour=spec.window_end_hour, call_on_holidays=spec.call_on_holidays,
            calls_per_second=spec.calls_per_second, max_concurrent=spec.max_concurrent,
            max_attempts=spec.max_attempts, retry_delay_s=spec.retry_delay_s, retry_policy=spec.retry_policy or {},
            sms_template=spec.sms_template, sms_lead_s=spec.sms_lead_s, status=spec.status,
            created_by=spec.created_by)
        session.add(campaign)
        session.flush()
        session.add(AuditEvent(actor=spec.created_by or "cli", action="campaign_created",
                               subject=f"campaign:{campaign.id}"))
        return campaign.id


def act(db: Database, campaign_id: int, action: str, actor: str = "cli") -> str:
    """Takes the action; the new status. A paused campaign starts no call (those in progress
    finish); a cancelled one never calls its remaining households."""
    if action not in ACTIONS:
        raise CampaignError(f"unknown action '{action}' (one of: {', '.join(ACTIONS)})")
    allowed, target = ACTIONS[action]
    with db.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise CampaignError(f"no campaign {campaign_id}")
        if campaign.status not in allowed:
            raise CampaignError(f"campaign {campaign_id} is {campaign.status}: it cannot {action}")
        campaign.status = target
        if action == "cancel":
            session.execute(update(Enrollment).where(Enrollment.campaign_id == campaign_id,
                                                     Enrollment.status.in_(("pending", "retry")))
                            .values(status="cancelled"))
        session.add(AuditEvent(actor=actor, action=f"campaign_{action}", subject=f"campaign:{campaign_id}"))
        return target


def counts(db: Database, campaign_id: int, now: datetime | None = None) -> dict[str, int]:
    """Households by state. pending: not yet texted or called; scheduled: waiting for a
    retry or a call-back; messaged: texted, the call comes next; calling: in a call now."""
    now = now or datetime.now(UTC)
    out = Counter({s: 0 for s in STATES})
    with db.session() as session:
        scheduled = Enrollment.next_attempt_at.is_not(None)
        for status, sms, last, is_scheduled, n in session.execute(
                select(Enrollment.status, Enrollment.sms_status, Enrollment.last_outcome, scheduled, func.count())
                .where(Enrollment.campaign_id == campaign_id)
                .group_by(Enrollment.status, Enrollment.sms_status, Enrollment.last_outcome, scheduled)):
            out[_state(status, sms, last, is_scheduled)] += n
    return dict(out)


def _state(status: str, sms: str, last_outcome: str | None, scheduled: bool) -> str:
    if status == "pending":
        if sms in ("queued", "sending", "sent", "delivered"):
            return "messaged"
        return "scheduled" if scheduled else "pending"
    if status == "retry":
        return "call_back" if last_outcome == "callback" else "scheduled"
    if status == "dialing":
        return "calling"
    if status == "unreachable":
        return "no_contact"
    return status if status in STATES else "scheduled"


def progress(db: Database, campaign_id: int) -> dict[str, Any]:
    """For the live views: the counts, how many are settled, and live calls now."""
    c = counts(db, campaign_id)
    with db.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise CampaignError(f"no campaign {campaign_id}")
        live = session.scalar(select(func.count()).select_from(CallAttempt).join(Enrollment).where(
            Enrollment.campaign_id == campaign_id, CallAttempt.status.in_(callstate.LIVE))) or 0
        info = {"id": campaign.id, "name": campaign.name, "status": campaign.status, "office_id": campaign.office_id,
                "window": f"{policy.describe_days(campaign.window_days)} "
                          f"{campaign.window_start_hour:02d}-{campaign.window_end_hour:02d}",
                "calls_per_second": campaign.calls_per_second, "max_concurrent": campaign.max_concurrent}
    total = sum(c.values())
    settled = sum(n for s, n in c.items() if s in SETTLED)
    return {**info, "households": total, "settled": settled, "live_calls": live, "counts": c}
