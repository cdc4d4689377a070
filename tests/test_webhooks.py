"""Webhook security and idempotency, on SQLite and PostgreSQL."""

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from tests.conftest import ROOT
from voicebot.db import CallAttempt, CallEvent, Campaign, Enrollment, Household
from voicebot.web.app import create_app


def _attempt(db, mode="gather"):
    with db.session() as session:
        c = Campaign(name="t", flow_path=str(ROOT / "call_flows" / "welfare_screening_ko.yaml"), answer_mode=mode)
        h = Household(name="김영숙", phone="+821055501234", birth_year=1950, indicators=["electricity_cutoff"])
        session.add_all([c, h])
        session.flush()
        e = Enrollment(campaign_id=c.id, household_id=h.id, status="dialing", attempts=1)
        session.add(e)
        session.flush()
        a = CallAttempt(enrollment_id=e.id, flow_hash="x" * 64, call_sid="CA" + "1" * 32)
        session.add(a)
        session.flush()
        return a.id


def _signed(settings, path, params):
    url = settings.public_base_url + path
    return {"X-Twilio-Signature": RequestValidator(settings.effective_auth_token).compute_signature(url, params)}


def test_forged_webhook_gets_403_and_changes_nothing(db, settings):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))
    params = {"CallSid": "CA" + "1" * 32, "CallStatus": "in-progress"}
    path = f"/twilio/voice/{attempt_id}"
    assert client.post(path, data=params).status_code == 403
    assert client.post(path, data=params, headers={"X-Twilio-Signature": "forged"}).status_code == 403
    tampered = _signed(settings, path, params)
    assert client.post(path, data={**params, "CallStatus": "completed"}, headers=tampered).status_code == 403
    with db.session() as session:
        assert session.get(CallAttempt, attempt_id).dialogue_state == {}
    ok = client.post(path, data=params, headers=_signed(settings, path, params))
    assert ok.status_code == 200
    assert "<Gather" in ok.text and 'language="ko-KR"' in ok.text and "김영숙님 본인 맞으신가요?" in ok.text


def test_signature_uses_public_url_behind_a_proxy(db, settings):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))  # the test client's own host is http://testserver
    path = f"/twilio/voice/{attempt_id}"
    params = {"CallSid": "CA" + "1" * 32}
    wrong = {"X-Twilio-Signature": RequestValidator(settings.effective_auth_token).compute_signature(
        "http://testserver" + path, params)}
    assert client.post(path, data=params, headers=wrong).status_code == 403
    assert client.post(path, data=params, headers=_signed(settings, path, params)).status_code == 200


def test_record_mode_twiml(db, settings):
    attempt_id = _attempt(db, mode="record")
    client = TestClient(create_app(settings))
    path = f"/twilio/voice/{attempt_id}"
    params = {"CallSid": "CA" + "1" * 32}
    body = client.post(path, data=params, headers=_signed(settings, path, params)).text
    assert "<Record" in body and 'action="https://voicebot.example.org/twilio/answer/' in body
    assert "<Redirect" in body and "/twilio/silence/" in body


def test_duplicate_status_callback_changes_nothing_twice(db, settings):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))
    path = f"/twilio/status/{attempt_id}"
    for status, seq in (("initiated", "0"), ("ringing", "1"), ("busy", "2")):
        params = {"CallSid": "CA" + "1" * 32, "CallStatus": status, "SequenceNumber": seq}
        for _ in range(2):  # Twilio may deliver any callback twice
            assert client.post(path, data=params, headers=_signed(settings, path, params)).status_code == 204
    with db.session() as session:
        events = session.scalar(select(func.count()).select_from(CallEvent).where(CallEvent.attempt_id == attempt_id))
        assert events == 3
        enrollment = session.get(CallAttempt, attempt_id).enrollment
        assert enrollment.status == "retry" and enrollment.attempts == 1
        first_retry_at = enrollment.next_attempt_at
    params = {"CallSid": "CA" + "1" * 32, "CallStatus": "busy", "SequenceNumber": "2"}
    client.post(path, data=params, headers=_signed(settings, path, params))
    with db.session() as session:
        assert session.get(CallAttempt, attempt_id).enrollment.next_attempt_at == first_retry_at
