"""Reports of households in need, from residents and partners who see them (an estate agent,
an apartment manager, a gas meter reader): a public form that needs no account and shows
nothing of the office's data. A report lands in the office's queue, due the same working
day (the next one after hours); an officer can enrol the household in the next AI call
round or work it as a case at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from voicebot.campaigns.rows import normalize_phone
from voicebot.cases import urgency
from voicebot.db import AuditEvent, Campaign, Case, Enrollment, Household, Office, Report
from voicebot.officehours import OfficeCalendar
from voicebot.workplace import auth
from voicebot.workplace.render import page

router = APIRouter(include_in_schema=False)
MAX_PER_HOUR = 5  # reports from one address in an hour
REPORT_LEVEL = "moderate"


@router.get("/report", response_class=HTMLResponse)
def report_form(request: Request) -> HTMLResponse:
    with request.app.state.services.db.session() as session:
        offices = session.execute(select(Office.id, Office.name).order_by(Office.name)).all()
    return page(request, "report.html", None, offices=offices, done=False, error="")


@router.post("/report", response_class=HTMLResponse)
def submit(request: Request, office_id: int = Form(...), address: str = Form(""), reason: str = Form(""),
           subject_name: str = Form(""), subject_phone: str = Form(""), reporter_name: str = Form(""),
           reporter_contact: str = Form(""), reporter_relation: str = Form(""), consent: str = Form(""),
           website: str = Form("")) -> HTMLResponse:
    svc = request.app.state.services
    source = auth.address_hash(request, svc.settings)
    with svc.db.session() as session:
        offices = session.execute(select(Office.id, Office.name).order_by(Office.name)).all()

        def again(error: str, status: int = 400) -> HTMLResponse:
            return page(request, "report.html", None, offices=offices, done=False, error=error, status_code=status)

        recent = session.scalar(select(func.count()).select_from(Report).where(
            Report.source_hash == source, Report.created_at >= datetime.now(UTC) - timedelta(hours=1))) or 0
        if recent >= MAX_PER_HOUR:
            return again("짧은 시간에 신고가 너무 많습니다. 급한 경우 주민센터나 129(보건복지상담센터)로 "
                         "전화해 주세요.", 429)
        if website:  # a field people do not see: filled in only by bots
            return page(request, "report.html", None, offices=offices, done=True, error="")
        if office_id not in {o for o, _ in offices}:
            return again("담당 기관을 골라 주세요.")
        if not address.strip() or not reason.strip():
            return again("주소(또는 행정동)와 어려움을 적어 주세요.")
        if not consent:
            return again("개인정보 수집·이용에 동의해 주셔야 신고를 받을 수 있습니다.")
        phone = normalize_phone(subject_phone) if subject_phone.strip() else None
        if subject_phone.strip() and phone is None:
            return again("대상자 연락처가 전화번호 형식이 아닙니다. 모르면 비워 두세요.")
        if len(reason) > 3000 or len(address) > 300 or len(subject_name) > 100:
            return again("내용이 너무 깁니다.")
        report = Report(office_id=office_id, subject_name=subject_name.strip(), subject_phone=phone,
                        address=address.strip(), reason=reason.strip(), reporter_name=reporter_name.strip()[:100],
                        reporter_contact=reporter_contact.strip()[:100],
                        reporter_relation=reporter_relation.strip()[:50], source_hash=source)
        session.add(report)
        session.flush()
        now = datetime.now(UTC)
        calendar = OfficeCalendar(svc.settings.timezone, svc.settings.office_hours)
        case = Case(office_id=office_id, report_id=report.id, kind="report", level=REPORT_LEVEL,
                    urgency=urgency(REPORT_LEVEL, []), priority=200, reason="주민·기관 신고",
                    due_at=calendar.case_due(now), created_at=now)
        session.add(case)
        session.flush()
        session.add(AuditEvent(actor="public", action="report_received", subject=f"case:{case.id}"))
    return page(request, "report.html", None, offices=[], done=True, error="")


@router.post("/officer/cases/{case_id}/enrol")
def enrol(case_id: int, request: Request, campaign_id: int = Form(...), csrf_token: str = Form("")) -> RedirectResponse:
    """The reported household into an AI call round of the office; the report's case becomes
    the household's case, so the call's result lands on it."""
    officer = auth.require(request)
    auth.check_csrf(request, officer, csrf_token)
    with request.app.state.services.db.session() as session:
        case = auth.visible_case(session, officer, case_id)
        report = case.report
        campaign = session.get(Campaign, campaign_id)
        if report is None or case.enrollment_id is not None:
            raise HTTPException(400, "이미 통화 대상에 들어 있거나 신고 건이 아닙니다.")
        if campaign is None or campaign.office_id != case.office_id or campaign.status in ("cancelled", "finished"):
            raise HTTPException(400, "같은 기관의 진행 중인 캠페인을 골라 주세요.")
        if not report.subject_phone:
            raise HTTPException(400, "연락처가 없는 신고는 전화로 상담할 수 없습니다. 방문 상담으로 처리해 주세요.")
        household = session.scalar(select(Household).where(Household.phone == report.subject_phone))
        if household is None:
            household = Household(name=report.subject_name or "신고 대상", phone=report.subject_phone,
                                  phones=[report.subject_phone], indicators=[])
            session.add(household)
            session.flush()
        enrollment = Enrollment(campaign_id=campaign.id, household_id=household.id, area=report.address[:200],
                                notes="주민·기관 신고로 등록")
        session.add(enrollment)
        session.flush()
        case.household_id, case.enrollment_id = household.id, enrollment.id
        session.add(AuditEvent(actor=officer.username, action="report_enrolled", subject=f"case:{case_id}",
                               detail={"campaign": campaign.id}))
    return RedirectResponse(f"/officer/cases/{case_id}", status_code=303)
