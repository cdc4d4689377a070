"""The officers' pages: the queue, a case, and what an officer does with it.

Every view of a household, every number revealed and every recording played is written to
the audit log; every change too, with who made it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from nlu.labels import INTENTS, NEEDS, RISKS
from voicebot.db import AuditEvent, CallAttempt, Campaign, CaseNote, Correction, Service, Turn, User
from voicebot.workplace import auth, queue
from voicebot.workplace.labels import CASE_OUTCOME
from voicebot.workplace.render import page
from voicebot.workplace.summary import summarize

router = APIRouter(prefix="/officer", include_in_schema=False)
SEOUL = ZoneInfo("Asia/Seoul")


def _svc(request: Request):  # noqa: ANN202
    return request.app.state.services


def _audit(session, officer: auth.Officer, action: str, subject: str, **detail: object) -> None:  # noqa: ANN001
    session.add(AuditEvent(actor=officer.username, action=action, subject=subject, detail=detail))


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, tab: str = "cases", mine: bool = False, unassigned: bool = False, level: str = "",
               need: str = "", campaign: int | None = None, overdue: bool = False, page_no: int = 1) -> HTMLResponse:
    officer = auth.require(request)
    filters = queue.Filters(tab if tab in queue.TABS else "cases", mine, unassigned, level, need, campaign, overdue,
                            max(1, page_no))
    with _svc(request).db.session() as session:
        rows, total = queue.page(session, officer, filters)
        counts = queue.tab_counts(session, officer)
    return page(request, "queue.html", officer, rows=rows, total=total, f=filters, counts=counts,
                pages=max(1, -(-total // queue.PAGE)))


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: int, request: Request) -> HTMLResponse:
    officer = auth.require(request)
    svc = _svc(request)
    with svc.db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        attempts = []
        flow = None
        if case.enrollment is not None:
            attempts = session.scalars(select(CallAttempt).where(CallAttempt.enrollment_id == case.enrollment_id)
                                       .order_by(CallAttempt.id)).all()
            try:
                flow = svc.flow(case.enrollment.campaign.flow_path)
            except Exception:  # a flow file since removed: the summary goes without instruments
                flow = None
        corrections = {c.turn_id: c for c in session.scalars(select(Correction).where(
            Correction.turn_id.in_([t.id for a in attempts for t in a.turns])).order_by(Correction.id))}
        services = session.scalars(select(Service).where(Service.office_id == case.office_id,
                                                         Service.active.is_(True)).order_by(Service.name)).all()
        colleagues = queue.officers_of(session, case.office_id) if officer.is_supervisor else []
        rounds = [] if case.report is None or case.enrollment_id is not None else session.execute(
            select(Campaign.id, Campaign.name).where(Campaign.office_id == case.office_id,
                                                     Campaign.status.not_in(("cancelled", "finished")))
            .order_by(Campaign.id.desc())).all()
        _audit(session, officer, "case_viewed", f"case:{case_id}")
        return page(request, "case.html", officer, case=case, household=case.household, enrollment=case.enrollment,
                    report=case.report, attempts=attempts, summary=summarize(case, attempts, flow),
                    corrections=corrections, services=services, colleagues=colleagues, rounds=rounds,
                    recordings=_recordings(svc, attempts), now=datetime.now(UTC))


def _recordings(svc, attempts: list[CallAttempt]) -> set[int]:  # noqa: ANN001
    folder = svc.settings.data_dir / "recordings"
    return {t.id for a in attempts for t in a.turns if (folder / f"turn-{t.id}.wav").exists()}


@router.get("/cases/{case_id}/phone", response_class=HTMLResponse)
def reveal_phone(case_id: int, request: Request) -> HTMLResponse:
    officer = auth.require(request)
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        numbers = (case.household.phones or [case.household.phone]) if case.household else []
        if case.report is not None and case.report.subject_phone:
            numbers = [case.report.subject_phone]
        _audit(session, officer, "phone_revealed", f"case:{case_id}")
    return HTMLResponse(" · ".join(f'<a href="tel:{n}">{_readable(n)}</a>' for n in numbers) or "-")


def _readable(e164: str) -> str:
    return "0" + e164[3:] if e164.startswith("+82") else e164


@router.get("/turns/{turn_id}/audio")
def audio(turn_id: int, request: Request) -> Response:
    officer = auth.require(request)
    svc = _svc(request)
    with svc.db.session() as session:
        turn = session.get(Turn, turn_id)
        case_id = _case_of_turn(session, turn)
        auth.visible_case(session, officer, case_id)
        path = svc.settings.data_dir / "recordings" / f"turn-{turn_id}.wav"
        if not path.exists():
            raise HTTPException(404, "녹음이 보관 기간이 지나 삭제되었거나 없습니다.")
        _audit(session, officer, "audio_played", f"turn:{turn_id}", case=case_id)
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "no-store"})


def _case_of_turn(session, turn: Turn | None) -> int:  # noqa: ANN001
    from voicebot.db import Case

    if turn is None:
        raise auth.Forbidden
    case_id = session.scalar(select(Case.id).where(Case.enrollment_id == turn.attempt.enrollment_id))
    if case_id is None:
        raise auth.Forbidden  # an answer of a household with no case: nothing for an officer to open
    return case_id


def _act(request: Request, case_id: int, csrf_token: str, role: str = "officer"):  # noqa: ANN202
    officer = auth.require(request, role)
    auth.check_csrf(request, officer, csrf_token)
    return officer


def _back(case_id: int) -> RedirectResponse:
    return RedirectResponse(f"/officer/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/take")
def take(case_id: int, request: Request, csrf_token: str = Form("")) -> RedirectResponse:
    officer = _act(request, case_id, csrf_token)
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        case.assignee_id = officer.id
        if case.status == "open":
            case.status = "in_review"
        case.first_contact_at = case.first_contact_at or datetime.now(UTC)
        _audit(session, officer, "case_taken", f"case:{case_id}")
    return _back(case_id)


@router.post("/cases/{case_id}/assign")
def assign(case_id: int, request: Request, user_id: int = Form(...), csrf_token: str = Form("")) -> RedirectResponse:
    officer = _act(request, case_id, csrf_token, "supervisor")
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        user = session.get(User, user_id)
        if user is None or not user.active or (user.role != "admin" and user.office_id != case.office_id):
            raise HTTPException(400, "같은 기관의 담당자에게만 배정할 수 있습니다.")
        case.assignee_id = user.id
        _audit(session, officer, "case_assigned", f"case:{case_id}", to=user.username)
    return _back(case_id)


@router.post("/cases/{case_id}/notes")
def add_note(case_id: int, request: Request, body: str = Form(...), csrf_token: str = Form("")) -> RedirectResponse:
    officer = _act(request, case_id, csrf_token)
    text = body.strip()
    if not text or len(text) > 5000:
        raise HTTPException(400, "메모는 1자 이상 5,000자 이하로 적어 주세요.")
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        session.add(CaseNote(case_id=case.id, author_id=officer.id, body=text))
        case.first_contact_at = case.first_contact_at or datetime.now(UTC)
        _audit(session, officer, "note_added", f"case:{case_id}")
    return _back(case_id)


@router.post("/cases/{case_id}/outcome")
async def outcome(case_id: int, request: Request) -> RedirectResponse:
    form = await request.form()
    officer = _act(request, case_id, str(form.get("csrf_token", "")))
    kind = str(form.get("outcome", ""))
    if kind not in CASE_OUTCOME:
        raise HTTPException(400, "처리 결과를 골라 주세요.")
    detail: dict[str, object] = {}
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        if kind == "services":
            ids = [int(v) for v in form.getlist("services") if str(v).isdigit()]
            chosen = session.scalars(select(Service).where(Service.id.in_(ids), Service.office_id == case.office_id))
            detail["services"] = sorted(s.name for s in chosen)
            if not detail["services"]:
                raise HTTPException(400, "연계한 서비스를 하나 이상 골라 주세요.")
        if kind == "visit":
            visit = _seoul_time(str(form.get("visit_at", "")))
            if visit is None:
                raise HTTPException(400, "방문 일시를 입력해 주세요.")
            detail["visit_at"] = visit.isoformat()
        case.outcome, case.outcome_detail = kind, detail
        case.status, case.closed_at = "closed", datetime.now(UTC)
        case.first_contact_at = case.first_contact_at or case.closed_at
        case.assignee_id = case.assignee_id or officer.id
        _audit(session, officer, "case_closed", f"case:{case_id}", outcome=kind)
    return _back(case_id)


@router.post("/cases/{case_id}/reopen")
def reopen(case_id: int, request: Request, csrf_token: str = Form("")) -> RedirectResponse:
    officer = _act(request, case_id, csrf_token)
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        case.status, case.closed_at = "in_review", None
        _audit(session, officer, "case_reopened", f"case:{case_id}")
    return _back(case_id)


@router.post("/cases/{case_id}/callback")
def schedule_callback(case_id: int, request: Request, callback_at: str = Form(""),
                      csrf_token: str = Form("")) -> RedirectResponse:
    officer = _act(request, case_id, csrf_token)
    when = _seoul_time(callback_at)
    if when is None:
        raise HTTPException(400, "다시 전화할 일시를 입력해 주세요.")
    with _svc(request).db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        case.callback_at = when
        case.assignee_id = case.assignee_id or officer.id
        _audit(session, officer, "callback_scheduled", f"case:{case_id}")
    return _back(case_id)


@router.post("/turns/{turn_id}/correction")
async def correct(turn_id: int, request: Request) -> RedirectResponse:
    officer, form = await auth.posted(request)
    intent = str(form.get("intent", ""))
    needs, risks = [str(v) for v in form.getlist("needs")], [str(v) for v in form.getlist("risks")]
    problem = check_labels(intent, needs, risks)
    if problem:
        raise HTTPException(400, problem)
    with _svc(request).db.session() as session:
        turn = session.get(Turn, turn_id)
        case_id = _case_of_turn(session, turn)
        auth.visible_case(session, officer, case_id)
        session.add(Correction(turn_id=turn_id, author_id=officer.id, intent=intent, needs=needs, risks=risks))
        _audit(session, officer, "answer_corrected", f"turn:{turn_id}", case=case_id)
    return _back(case_id)


def check_labels(intent: str, needs: list[str], risks: list[str]) -> str | None:
    if intent not in INTENTS:
        return "의도를 골라 주세요."
    if any(n not in NEEDS for n in needs) or any(r not in RISKS for r in risks):
        return "알 수 없는 욕구나 위험이 있습니다."
    return None


def _seoul_time(text: str) -> datetime | None:
    """A datetime-local field (Seoul time, as typed) in UTC."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=SEOUL).astimezone(UTC) if text else None
    except ValueError:
        return None
