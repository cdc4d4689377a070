"""Results for the office's records, as CSV (Excel opens it: UTF-8 with a BOM) or .xlsx.
Administrators may take full numbers; supervisors get them masked. Every export is audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from voicebot.db import AuditEvent, Campaign, Case, Enrollment, Household, User
from voicebot.privacy import mask_phone
from voicebot.workplace import auth
from voicebot.workplace.labels import CASE_OUTCOME, CASE_STATUS, ENROLLMENT_STATE, LEVEL, NEED, RISK, label
from voicebot.workplace.render import page, seoul

router = APIRouter()
COLUMNS = ["캠페인", "이름", "전화", "행정동", "상태", "위기 단계", "욕구", "위험", "사례 상태", "처리 결과", "담당",
           "마지막 통화"]


@router.get("/exports", response_class=HTMLResponse)
def exports_page(request: Request) -> HTMLResponse:
    officer = auth.require(request, "supervisor")
    with request.app.state.services.db.session() as session:
        query = select(Campaign.id, Campaign.name).order_by(Campaign.id.desc())
        if not officer.is_admin:
            query = query.where(Campaign.office_id == officer.office_id)
        campaigns = session.execute(query).all()
    return page(request, "admin_exports.html", officer, campaigns=campaigns)


@router.get("/exports/campaign-{campaign_id}.{fmt}")
def export(campaign_id: int, fmt: str, request: Request, full: bool = False) -> Response:
    officer = auth.require(request, "supervisor")
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404, "CSV 또는 xlsx만 내보낼 수 있습니다.")
    full = full and officer.is_admin
    with request.app.state.services.db.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or not officer.may_see(campaign.office_id):
            raise auth.Forbidden
        rows = session.execute(
            select(Household.name, Household.phone, Enrollment.area, Enrollment.status, Enrollment.crisis_level,
                   Enrollment.top_needs, Case.risks, Case.status, Case.outcome, User.display_name,
                   Enrollment.last_outcome, Campaign.name)
            .join(Household, Enrollment.household_id == Household.id).join(Campaign)
            .outerjoin(Case, Case.enrollment_id == Enrollment.id).outerjoin(User, Case.assignee_id == User.id)
            .where(Enrollment.campaign_id == campaign_id).order_by(Enrollment.id)).all()
        session.add(AuditEvent(actor=officer.username, action="export", subject=f"campaign:{campaign_id}",
                               detail={"format": fmt, "full_numbers": full, "rows": len(rows)}))
    table = [[r[11], r[0], r[1] if full else mask_phone(r[1]), r[2], label(ENROLLMENT_STATE, _state(r[3])),
              label(LEVEL, r[4]), ", ".join(label(NEED, n) for n in r[5] or []),
              ", ".join(label(RISK, x) for x in r[6] or []), label(CASE_STATUS, r[7]) if r[7] else "",
              label(CASE_OUTCOME, r[8]) if r[8] else "", r[9] or "", r[10] or ""] for r in rows]
    stamp = seoul(datetime.now(UTC), with_day=False).replace(" ", "_")
    name = f"campaign-{campaign_id}-{stamp}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(table)
        body, media = ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("결과")
        sheet.append(COLUMNS)
        for row in table:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        body, media = buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # Header values are Latin-1: the Korean date goes percent-encoded (RFC 6266).
    disposition = f"attachment; filename=\"campaign-{campaign_id}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


def _state(status: str) -> str:
    return {"dialing": "calling", "retry": "scheduled", "unreachable": "no_contact"}.get(status, status)
