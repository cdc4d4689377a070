"""The dashboard: how a round is going and what it found, per campaign or for all, and week
by week. Each figure is one aggregate query; the charts are drawn in the page (SVG)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voicebot.db import CallAttempt, Campaign, Case, Enrollment
from voicebot.workplace import auth
from voicebot.workplace.labels import CASE_OUTCOME, NEED, RISK
from voicebot.workplace.render import page

router = APIRouter()
TALKED = ("completed", "declined", "wrong_person", "opted_out", "incomplete")
WEEKS = 8


def figures(session: Session, campaign_id: int | None, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    where = [Enrollment.campaign_id == campaign_id] if campaign_id else []
    by_status = dict(session.execute(select(Enrollment.status, func.count()).where(*where)
                                     .group_by(Enrollment.status)).all())
    called = session.scalar(select(func.count()).select_from(Enrollment).where(Enrollment.attempts > 0, *where)) or 0
    reached = sum(by_status.get(s, 0) for s in TALKED)
    completed = by_status.get("completed", 0)
    case_where = [Case.enrollment_id.in_(select(Enrollment.id).where(*where))] if campaign_id else []
    cases = session.execute(select(Case.kind, Case.risks, Case.needs, Case.outcome, Case.created_at,
                                   Case.first_contact_at).where(*case_where)).all()
    flagged = [c for c in cases if c.kind == "screening"]
    needs = Counter(n for c in flagged for n in c.needs or [])
    risks = Counter(r for c in cases for r in c.risks or [])
    outcomes = Counter(c.outcome for c in cases if c.outcome)
    waits = [(c.first_contact_at - c.created_at).total_seconds() / 3600 for c in cases if c.first_contact_at]
    weeks = _weekly(session, where, now)
    return {
        "households": sum(by_status.values()), "called": called, "reached": reached, "completed": completed,
        "reach_rate": reached / called if called else 0.0, "completion_rate": completed / reached if reached else 0.0,
        "flagged": len(flagged), "flagged_share": len(flagged) / completed if completed else 0.0,
        "risk_cases": sum(1 for c in cases if c.risks),
        "needs": [(NEED.get(k, k), v) for k, v in needs.most_common()],
        "risks": [(RISK.get(k, k), v) for k, v in risks.most_common()],
        "outcomes": [(CASE_OUTCOME.get(k, k), v) for k, v in outcomes.most_common()],
        "first_contact_hours": statistics.median(waits) if waits else None, "contacted": len(waits),
        "weeks": weeks,
    }


def _weekly(session: Session, where: list, now: datetime) -> list[tuple[str, int, int]]:
    """Calls placed and interviews completed per week, the last WEEKS weeks."""
    start = (now - timedelta(weeks=WEEKS - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    start -= timedelta(days=start.weekday())
    rows = session.execute(select(CallAttempt.created_at, CallAttempt.outcome).join(Enrollment)
                           .where(CallAttempt.created_at >= start, *where)).all()
    out = []
    for w in range(WEEKS):
        lo, hi = start + timedelta(weeks=w), start + timedelta(weeks=w + 1)
        week = [r for r in rows if lo <= r[0] < hi]
        out.append((f"{lo.month}/{lo.day}", len(week), sum(1 for r in week if r[1] == "completed")))
    return out


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, campaign: int | None = None) -> HTMLResponse:
    officer = auth.require(request, "admin")
    with request.app.state.services.db.session() as session:
        data = figures(session, campaign)
        campaigns = session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.id.desc())).all()
    return page(request, "admin_dashboard.html", officer, d=data, campaigns=campaigns, chosen=campaign)
