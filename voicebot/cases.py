"""The officers' queue: a case per household that needs a person, most urgent first.

Urgency orders the queue: a risk (suicide, a medical emergency, abuse) before any crisis
level, then the level; within the same urgency the case waiting longest comes first. A
case is due at once when a risk was heard; otherwise by the districts' rule, the same
working day when it arrives in working hours and the next working day after hours."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from voicebot.db import AuditEvent, Case, Enrollment
from voicebot.flow.model import LEVELS
from voicebot.officehours import OfficeCalendar

RISK_WEIGHT = {"suicide": 3, "medical_emergency": 3, "abuse": 2}


def priority(level: str, risks: list[str], total: float) -> int:
    weight = max((RISK_WEIGHT.get(r, 1) for r in risks), default=0)
    return weight * 1000 + {"high": 300, "moderate": 200, "low": 100}.get(level, 0) + int(total)


def urgency(level: str, risks: list[str]) -> int:
    """The queue's order: the gravest risk, then the crisis level (the score is left out: a
    household waiting longer comes before a slightly higher score)."""
    weight = max((RISK_WEIGHT.get(r, 1) for r in risks), default=0)
    return weight * 10 + (LEVELS.index(level) if level in LEVELS else 0)


def open_case(session: Session, enrollment: Enrollment, *, level: str, risks: list[str], needs: list[str],
              total: float, reason: str, calendar: OfficeCalendar, now: datetime | None = None,
              kind: str = "screening") -> Case:
    """Opens the household's case or raises it; never lowers what an earlier event set. A
    screening result turns a task (no contact, call back) into a case."""
    now = now or datetime.now(UTC)
    case = session.scalar(select(Case).where(Case.enrollment_id == enrollment.id))
    new_priority = priority(level, risks, total)
    due = now if risks else calendar.case_due(now)
    if case is None:
        case = Case(enrollment_id=enrollment.id, household_id=enrollment.household_id,
                    office_id=enrollment.campaign.office_id, priority=new_priority, urgency=urgency(level, risks),
                    level=level, risks=list(risks), needs=list(needs), reason=reason, due_at=due, kind=kind,
                    created_at=now)
        session.add(case)
        session.flush()
        session.add(AuditEvent(actor="system", action="case_opened", subject=f"case:{case.id}",
                               detail={"priority": new_priority, "level": level, "risks": list(risks), "kind": kind}))
        return case
    if kind == "screening" or risks:
        case.kind = "screening"
    case.risks = sorted(set(case.risks) | set(risks))
    case.needs = sorted(set(case.needs) | set(needs))
    if new_priority > case.priority:
        case.priority = new_priority
        case.level = level
    case.urgency = max(case.urgency, urgency(case.level, case.risks))
    if reason and reason not in case.reason:
        case.reason = f"{case.reason}; {reason}" if case.reason else reason
    case.due_at = min(case.due_at, due)
    if case.status == "closed":
        case.status = "open"
        case.closed_at = None
    return case
