"""The officers' queue, one page at a time: risks first, then the crisis level, then the
case waiting longest; only the officer's own office; filtered in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from voicebot.db import Campaign, Case, Enrollment, Household, Report, User
from voicebot.privacy import mask_phone
from voicebot.workplace.auth import Officer

PAGE = 50
TABS = {  # tab -> (kinds, open?)
    "cases": (("screening", "request_human"), True),
    "tasks": (("no_contact", "callback"), True),
    "reports": (("report",), True),
    "closed": (None, False),
}


@dataclass
class Filters:
    tab: str = "cases"
    mine: bool = False
    unassigned: bool = False
    level: str = ""
    need: str = ""
    campaign: int | None = None
    overdue: bool = False
    page: int = 1

    def query_string(self, **changes: Any) -> str:
        values = {**self.__dict__, **changes}
        return "&".join(f"{k}={v}" for k, v in values.items() if v not in (None, "", False))


def _scope(officer: Officer, f: Filters, now: datetime) -> list:
    kinds, is_open = TABS.get(f.tab, TABS["cases"])
    where = [Case.status != "closed"] if is_open else [Case.status == "closed"]
    if kinds:
        where.append(Case.kind.in_(kinds))
    if not officer.is_admin:
        where.append(Case.office_id == officer.office_id)
    if f.mine:
        where.append(Case.assignee_id == officer.id)
    if f.unassigned:
        where.append(Case.assignee_id.is_(None))
    if f.level:
        where.append(Case.level == f.level)
    if f.need:
        where.append(cast(Case.needs, String).like(f'%"{f.need}"%'))
    if f.campaign:
        where.append(Case.enrollment_id.in_(select(Enrollment.id).where(Enrollment.campaign_id == f.campaign)))
    if f.overdue:
        where.append(and_(Case.due_at < now, Case.status != "closed"))
    return where


def page(session: Session, officer: Officer, f: Filters, now: datetime | None = None) -> tuple[list[dict], int]:
    now = now or datetime.now(UTC)
    where = _scope(officer, f, now)
    total = session.scalar(select(func.count()).select_from(Case).where(*where)) or 0
    assignee = aliased(User)
    rows = session.execute(
        select(Case.id, Case.kind, Case.level, Case.risks, Case.needs, Case.status, Case.due_at, Case.created_at,
               Case.callback_at, func.coalesce(Household.name, Report.subject_name),
               func.coalesce(Household.phone, Report.subject_phone), assignee.display_name, Campaign.name)
        .outerjoin(Household, Case.household_id == Household.id)
        .outerjoin(Report, Case.report_id == Report.id)
        .outerjoin(assignee, Case.assignee_id == assignee.id)
        .outerjoin(Enrollment, Case.enrollment_id == Enrollment.id)
        .outerjoin(Campaign, Enrollment.campaign_id == Campaign.id)
        .where(*where)
        .order_by(Case.urgency.desc(), Case.created_at, Case.id)
        .limit(PAGE).offset((max(f.page, 1) - 1) * PAGE)).all()
    out = [{"id": r[0], "kind": r[1], "level": r[2], "risks": r[3], "needs": r[4], "status": r[5], "due_at": r[6],
            "created_at": r[7], "callback_at": r[8], "name": r[9] or "(이름 모름)", "phone": mask_phone(r[10] or ""),
            "assignee": r[11], "campaign": r[12], "overdue": r[5] != "closed" and r[6] < now} for r in rows]
    return out, total


def tab_counts(session: Session, officer: Officer) -> dict[str, int]:
    """Open cases per tab, and how many are overdue, for the tab labels."""
    now = datetime.now(UTC)
    scope = [] if officer.is_admin else [Case.office_id == officer.office_id]
    counts = dict(session.execute(select(Case.kind, func.count()).where(Case.status != "closed", *scope)
                                  .group_by(Case.kind)).all())
    overdue = session.scalar(select(func.count()).select_from(Case).where(
        Case.status != "closed", Case.due_at < now, *scope)) or 0
    out = {tab: sum(counts.get(k, 0) for k in kinds) for tab, (kinds, is_open) in TABS.items() if kinds and is_open}
    out["overdue"] = overdue
    return out


def officers_of(session: Session, office_id: int | None) -> list[tuple[int, str]]:
    return session.execute(select(User.id, User.display_name).where(
        User.active.is_(True), or_(User.office_id == office_id, User.role == "admin"))
        .order_by(User.display_name)).all()
