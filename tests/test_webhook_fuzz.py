"""Thousands of malformed, unsigned, forged, replayed and out-of-sequence webhook requests:
none gets a 500, and none that is refused writes anything."""

import random
import string

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from tests.test_call_state import SID, _attempt
from voicebot.db import Base
from voicebot.web import webhooks
from voicebot.web.app import create_app

REQUESTS = 1500
KINDS = ("voice", "answer", "next", "silence", "status", "recording")


def _counts(db):
    with db.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables)


def _junk(rng: random.Random) -> str:
    pools = [string.printable, "네아니요죽고싶어요때려요 \u0000\u200b\ufeff\U0001f600", "0123456789-+.e", "%&=;<>'\"\\"]
    return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.choice([0, 1, 3, 12, 80, 3000])))


def _value(rng: random.Random, field: str) -> str:
    choices = {
        "CallSid": [SID, "CA" + "2" * 32, "CA", "", "x" * 70, "CA" + "1" * 31 + "!"],
        "CallStatus": ["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "failed",
                       "canceled", "answered", "COMPLETED", ""],
        "SequenceNumber": ["0", "1", "2", "3", "-1", "1.5", "99999999999", "", "abc"],
        "Confidence": ["0.9", "1", "0", "-0.1", "1.01", "nan", "inf", "", "high", "1e308"],
        "Digits": ["1", "2", "12#", "*", "", "1; DROP TABLE", "9" * 30],
        "RecordingUrl": ["https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", "file:///etc/passwd",
                         "/etc/passwd", "http://169.254.169.254/latest/meta-data", ""],
        "RecordingSid": ["RE" + "1" * 32, "RE", "../../x", ""],
        "CallDuration": ["0", "12", "-5", "1e9", "x"],
        "AnsweredBy": ["human", "machine_start", "fax", "", "x" * 300],
    }
    return rng.choice(choices[field]) if field in choices and rng.random() < 0.85 else _junk(rng)


def _request(rng: random.Random, attempt_id: int) -> tuple[str, dict[str, str]]:
    kind = rng.choice(KINDS)
    aid = rng.choice([str(attempt_id)] * 6 + ["0", "-1", str(attempt_id + 1000), "abc", "1e3", "9" * 30])
    seq = rng.choice(["1"] * 4 + ["2", "0", "-1", "501", "abc", "9" * 30])
    path = f"/twilio/{kind}/{aid}" + (f"/{seq}" if kind in ("answer", "next", "silence") else "")
    if kind == "next":
        path += "?poll=" + rng.choice(["0", "1", "2", "41", "-1", "x", ""])
    fields = ["CallSid", "CallStatus", "SequenceNumber", "SpeechResult", "Confidence", "Digits", "RecordingUrl",
              "RecordingSid", "CallDuration", "AnsweredBy", _junk(rng)[:20] or "X"]
    params = {f: _value(rng, f) for f in rng.sample(fields, rng.randint(0, len(fields)))}
    if rng.random() < 0.7:
        params["CallSid"] = SID
    return path, params


@pytest.fixture
def client(settings, monkeypatch):
    monkeypatch.setattr(webhooks, "ANSWER_WAIT_S", 0.02)
    monkeypatch.setattr(webhooks, "POLL_WAIT_S", 0.02)
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_no_500_and_nothing_written_for_what_is_refused(db, settings, client):
    rng = random.Random(20261124)
    attempt_id = _attempt(db)
    validator = RequestValidator(settings.effective_auth_token)
    sent: list[tuple[str, dict[str, str], dict[str, str]]] = []
    codes: dict[int, int] = {}
    for i in range(REQUESTS):
        roll = rng.random()
        if sent and roll < 0.15:  # a replay of something already sent, signature and all
            path, params, headers = rng.choice(sent)
        else:
            path, params = _request(rng, attempt_id)
            url = settings.public_base_url + path
            if roll < 0.75:
                headers = {"X-Twilio-Signature": validator.compute_signature(url, params)}
            elif roll < 0.85:
                headers = {}
            elif roll < 0.95:  # signed, then tampered with
                headers = {"X-Twilio-Signature": validator.compute_signature(url, params)}
                params = {**params, "CallStatus": "completed"}
            else:  # signed for another address
                headers = {"X-Twilio-Signature": validator.compute_signature("https://evil.example" + path, params)}
        before = _counts(db)
        if i % 50 == 49:  # a body that is not a form at all
            response = client.post(path, content=_junk(rng).encode("utf-8", "replace"),
                                   headers={**headers, "Content-Type": rng.choice(
                                       ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                        "application/json", "text/plain"])})
        else:
            response = client.post(path, data=params, headers=headers)
        codes[response.status_code] = codes.get(response.status_code, 0) + 1
        assert response.status_code < 500, (path, response.status_code, response.text[:200])
        if response.status_code >= 400:
            assert _counts(db) == before, (path, response.status_code)
        sent.append((path, params, headers))
    # the fuzz reached past the signature check, to every kind of refusal and to success
    assert codes.get(403, 0) > 200 and codes.get(400, 0) > 100 and codes.get(404, 0) > 5
    assert sum(n for code, n in codes.items() if code < 300) > 20
