"""The audit log: every view and change, newest first. Supervisors read their office's,
administrators everyone's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from voicebot.db import AuditEvent, User
from voicebot.workplace import auth
from voicebot.workplace.render import page

router = APIRouter()
PAGE = 100


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, page_no: int = 1, actor: str = "") -> HTMLResponse:
    officer = auth.require(request, "supervisor")
    where = []
    if not officer.is_admin:
        where.append(AuditEvent.actor.in_(select(User.username).where(User.office_id == officer.office_id)))
    if actor:
        where.append(AuditEvent.actor == actor)
    with request.app.state.services.db.session() as session:
        total = session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
        events = session.scalars(select(AuditEvent).where(*where).order_by(AuditEvent.id.desc())
                                 .limit(PAGE).offset((max(page_no, 1) - 1) * PAGE)).all()
        return page(request, "admin_audit.html", officer, events=events, total=total, page_no=max(page_no, 1),
                    pages=max(1, -(-total // PAGE)), actor=actor)
