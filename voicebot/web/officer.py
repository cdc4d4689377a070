"""The officers' web UI: the case queue, each household's transcript, and case handling.

Only signed-in officers see anything; every view of a household is written to the
audit log."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from voicebot.db import AuditEvent, CallAttempt, Case, Score
from voicebot.privacy import mask_phone

router = APIRouter(prefix="/officer")
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["mask_phone"] = mask_phone
CASE_STATUSES = ("open", "in_review", "closed")


class LoginRequired(Exception):
    pass


def officer(request: Request) -> str:
    name = request.session.get("officer")
    if not name:
        raise LoginRequired
    return name


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, error: str = "") -> HTMLResponse:
    return templates.TemplateResponse(request, "login.html", {"error": error})


@router.post("/login")
def login(request: Request, token: str = Form(...)) -> RedirectResponse:
    officers = request.app.state.services.settings.officers
    name = officers.get(token.strip())
    if not name:
        return RedirectResponse("/officer/login?error=1", status_code=303)
    request.session["officer"] = name
    return RedirectResponse("/officer/", status_code=303)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/officer/login", status_code=303)


@router.get("/", response_class=HTMLResponse)
def queue(request: Request, status: str = "open") -> HTMLResponse:
    who = officer(request)
    db = request.app.state.services.db
    with db.session() as session:
        query = select(Case).order_by(Case.priority.desc(), Case.due_at)
        if status in CASE_STATUSES:
            query = query.where(Case.status == status)
        cases = session.scalars(query).all()
        rows = [{"case": c, "household": c.enrollment.household, "enrollment": c.enrollment} for c in cases]
        return templates.TemplateResponse(request, "queue.html", {"rows": rows, "officer": who, "status": status})


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_detail(case_id: int, request: Request) -> HTMLResponse:
    who = officer(request)
    db = request.app.state.services.db
    with db.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise HTTPException(404, "no such case")
        enrollment = case.enrollment
        attempts = session.scalars(select(CallAttempt).where(CallAttempt.enrollment_id == enrollment.id)
                                   .order_by(CallAttempt.id)).all()
        scores = {a.id: session.scalars(select(Score).where(Score.attempt_id == a.id)).all() for a in attempts}
        session.add(AuditEvent(actor=who, action="case_viewed", subject=f"case:{case_id}"))
        return templates.TemplateResponse(request, "case.html", {
            "case": case, "household": enrollment.household, "enrollment": enrollment,
            "attempts": attempts, "scores": scores, "officer": who, "statuses": CASE_STATUSES,
        })


@router.post("/cases/{case_id}")
def update_case(case_id: int, request: Request, status: str = Form(...), notes: str = Form("")) -> RedirectResponse:
    who = officer(request)
    if status not in CASE_STATUSES:
        raise HTTPException(400, f"status must be one of {', '.join(CASE_STATUSES)}")
    with request.app.state.services.db.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise HTTPException(404, "no such case")
        case.status = status
        case.notes = notes
        case.assigned_to = case.assigned_to or who
        session.add(AuditEvent(actor=who, action="case_updated", subject=f"case:{case_id}", detail={"status": status}))
    return RedirectResponse(f"/officer/cases/{case_id}", status_code=303)
