from __future__ import annotations

import logging

from voicebot.db import CallAttempt
from voicebot.jobs import runtime
from voicebot.telephony import telephony_from_settings
from voicebot.web.urls import call_urls

log = logging.getLogger(__name__)


def dial(attempt_id: int) -> str:
    svc = runtime.services()
    with svc.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        if attempt.call_sid:  # a retried job after the call was placed: never dial twice
            return attempt.call_sid
        phone = attempt.enrollment.household.phone
    urls = call_urls(svc.settings.public_base_url, attempt_id)
    sid = telephony_from_settings(svc.settings).place_call(phone, urls.voice, urls.status)
    with svc.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        attempt.call_sid = attempt.call_sid or sid
    log.info("attempt %s dialled as %s", attempt_id, sid)
    return sid


def dial_failed(job, connection, exc_type, exc_value, traceback) -> None:  # noqa: ANN001
    """RQ on_failure callback: the call could not be placed at all."""
    from voicebot.interview import finalize

    attempt_id = job.args[0]
    svc = runtime.services()
    with svc.db.session() as session:
        attempt = session.get_one(CallAttempt, attempt_id)
        attempt.status = "failed"
        attempt.outcome = "failed"
    finalize(svc, attempt_id)
