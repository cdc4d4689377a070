"""Sending the text message that announces a household's call."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from voicebot import outbox
from voicebot.campaigns import texts
from voicebot.db import Enrollment
from voicebot.jobs import runtime
from voicebot.telephony import MessageRejected, telephony_from_settings
from voicebot.web.urls import sms_status_url

log = logging.getLogger(__name__)


def send_text(enrollment_id: int) -> str:
    svc = runtime.services()
    s = svc.settings
    with svc.db.session() as session:
        outbox.mark_done(session, "sms", enrollment_id)
        enrollment = session.get(Enrollment, enrollment_id)
        if enrollment is None or enrollment.sms_status != "queued" or enrollment.household.opted_out:
            return "nothing to send"
        phones = enrollment.household.phones or [enrollment.household.phone]
        to = next((p for p in phones if p.startswith("+8210")), phones[0])  # a mobile if there is one
        body = texts.render(enrollment.campaign.sms_template or texts.DEFAULT_TEMPLATE, s.office_name,
                            s.office_phone, s.twilio_from_number)
        enrollment.sms_status = "sending"
    limits = runtime.pacer().limits(f"sms:{s.effective_account_sid}", s.account_texts_per_second)
    try:
        with runtime.pacer().turn(limits):
            sid = telephony_from_settings(s).send_sms(to, body, sms_status_url(s.public_base_url, enrollment_id))
    except MessageRejected as exc:
        log.warning("enrollment %s: text refused (%s); the call goes ahead", enrollment_id, exc)
        status, sid = "failed", None
    else:
        status = "sent"
    with svc.db.session() as session:
        enrollment = session.get_one(Enrollment, enrollment_id)
        enrollment.sms_status, enrollment.sms_sid, enrollment.sms_at = status, sid, datetime.now(UTC)
    return status
