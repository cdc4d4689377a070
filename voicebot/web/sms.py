"""Twilio's messaging webhooks: the delivery status of the text that announces a call, and
replies from residents. A reply such as "거부" or STOP puts the number on the do-not-call
list at once: no further text, and no call, to any household with that number."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from sqlalchemy import select, update
from twilio.twiml.messaging_response import MessagingResponse

from voicebot.campaigns import texts
from voicebot.campaigns.rows import normalize_phone
from voicebot.db import AuditEvent, DoNotCall, Enrollment, Household
from voicebot.services import Services
from voicebot.web.signature import verified_form

router = APIRouter(prefix="/twilio/sms", include_in_schema=False)
log = logging.getLogger(__name__)
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
RANK = {"none": 0, "queued": 1, "sending": 2, "accepted": 2, "sent": 3, "delivered": 4, "undelivered": 4,
        "failed": 4, "read": 5}
STATUSES = {"sending": "sending", "accepted": "sending", "sent": "sent", "delivered": "delivered",
            "undelivered": "failed", "failed": "failed", "read": "delivered", "queued": "queued"}
CONFIRM = "수신거부가 처리되었습니다. 앞으로 이 번호로 전화나 문자를 드리지 않습니다. 문의: {office_phone}"


@router.post("/status/{enrollment_id}")
async def status(enrollment_id: RowId, request: Request, form: dict = Depends(verified_form)) -> Response:
    sid, raw = form.get("MessageSid", ""), form.get("MessageStatus", "")
    if not (sid.startswith(("SM", "MM")) and sid.isalnum() and len(sid) <= 64) or raw not in STATUSES:
        raise HTTPException(400, "MessageSid or MessageStatus is missing or malformed")
    found = await asyncio.to_thread(_record_status, request.app.state.services, enrollment_id, sid, STATUSES[raw])
    if not found:
        raise HTTPException(404, "no such message")
    return Response(status_code=204)


def _record_status(svc: Services, enrollment_id: int, sid: str, new: str) -> bool:
    """Moves the message's status forward only (callbacks can arrive out of order)."""
    with svc.db.session() as session:
        enrollment = session.get(Enrollment, enrollment_id)
        if enrollment is None or enrollment.sms_sid not in (None, sid):
            return False
        if RANK.get(new, 0) > RANK.get(enrollment.sms_status, 0) and enrollment.sms_status not in ("failed",):
            enrollment.sms_status = new
            enrollment.sms_sid = sid
        return True


@router.post("/inbound")
async def inbound(request: Request, form: dict = Depends(verified_form)) -> Response:
    svc: Services = request.app.state.services
    phone = normalize_phone(form.get("From", ""))
    if phone is None:
        raise HTTPException(400, "From is not a phone number")
    reply = MessagingResponse()
    if texts.is_stop(form.get("Body", "")):
        await asyncio.to_thread(opt_out, svc, phone, "sms")
        reply.message(CONFIRM.format(office_phone=svc.settings.office_phone))
    return Response(str(reply), media_type="application/xml")


def opt_out(svc: Services, phone: str, source: str) -> int:
    """The number on the do-not-call list (the dispatcher never dials a listed number, and
    skips to a household's other numbers); a household whose main number it is is opted
    out and its calls not yet made are cancelled. How many households that was."""
    with svc.db.session() as session:
        if session.scalar(select(DoNotCall.id).where(DoNotCall.phone == phone)) is None:
            session.add(DoNotCall(phone=phone, source=source))
        households = session.scalars(select(Household).where(Household.phone == phone)).all()
        for household in households:
            household.opted_out = True
            session.execute(update(Enrollment).where(Enrollment.household_id == household.id,
                                                     Enrollment.status.in_(("pending", "retry")))
                            .values(status="opted_out"))
            session.add(AuditEvent(actor="household", action=f"opt_out_{source}", subject=f"household:{household.id}"))
        return len(households)
