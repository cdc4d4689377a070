"""A call's state only moves forward, whatever order Twilio's callbacks arrive in; calls
whose news never came are asked about at the simulated Twilio and closed; a request that
does not fit the call is refused before anything is written. SQLite and PostgreSQL."""

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from tests.conftest import ROOT
from voicebot.db import CallAttempt, CallEvent, Campaign, Enrollment, Household, Turn
from voicebot.dispatch import dispatch
from voicebot.processes import free_port, wait_for_port
from voicebot.reconcile import reconcile
from voicebot.services import Services
from voicebot.simulator.api import create_simulator
from voicebot.simulator.network import SimulatedNetwork
from voicebot.telephony import telephony_from_settings
from voicebot.web.app import create_app

SID = "CA" + "1" * 32
FLOW = str(ROOT / "call_flows" / "welfare_screening_ko.yaml")


def _attempt(db, status="queued", sid=SID, phone="+821055501234", age=timedelta(0), claimed=None):
    with db.session() as session:
        c = Campaign(name="t", flow_path=FLOW, answer_mode="gather", max_attempts=3, retry_delay_s=60)
        h = Household(name="김영숙", phone=phone, birth_year=1950, indicators=["electricity_cutoff"])
        session.add_all([c, h])
        session.flush()
        e = Enrollment(campaign_id=c.id, household_id=h.id, status="dialing", attempts=1)
        session.add(e)
        session.flush()
        a = CallAttempt(enrollment_id=e.id, flow_hash="x" * 64, call_sid=sid, status=status,
                        created_at=datetime.now(UTC) - age, dial_claimed_at=claimed)
        session.add(a)
        session.flush()
        h.calling_attempt_id = a.id
        return a.id


def _post(client, settings, path, params):
    url = settings.public_base_url + path
    sig = RequestValidator(settings.effective_auth_token).compute_signature(url, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": sig})


def _status(client, settings, attempt_id, status, seq, sid=SID, **extra):
    params = {"CallSid": sid, "CallStatus": status, "SequenceNumber": str(seq), **extra}
    return _post(client, settings, f"/twilio/status/{attempt_id}", params)


def _state(db, attempt_id):
    with db.session() as session:
        a = session.get_one(CallAttempt, attempt_id)
        return a.status, a.enrollment.status, a.enrollment.household.calling_attempt_id


def test_a_late_ringing_does_not_bring_a_finished_call_back(db, settings):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))
    for status, seq in (("initiated", 0), ("busy", 2), ("ringing", 1)):
        assert _status(client, settings, attempt_id, status, seq, CallDuration="0").status_code == 204
    assert _state(db, attempt_id) == ("busy", "retry", None)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CallEvent)) == 3  # every callback kept
    # the scheduler counts no live call: the household is due again, and free
    with db.session() as session:
        session.get_one(CallAttempt, attempt_id).enrollment.next_attempt_at = datetime.now(UTC)
    assert dispatch(Services(settings), datetime.now(UTC)) <= 1


ORDERS = list(itertools.permutations([("initiated", 0), ("ringing", 1), ("in-progress", 2), ("completed", 3)]))


@pytest.mark.parametrize("order", [ORDERS[0], ORDERS[7], ORDERS[16], ORDERS[23]], ids=["in-order", "o7", "o16", "rev"])
def test_callbacks_in_any_order_and_twice_end_the_same(db, settings, order):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))
    for status, seq in order + order[:2]:  # some delivered twice
        assert _status(client, settings, attempt_id, status, seq, CallDuration="12").status_code == 204
    # a call that was answered but never talked (no webhook reached us) is retried
    assert _state(db, attempt_id) == ("completed", "retry", None)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CallEvent)) == 4
        assert session.get_one(CallAttempt, attempt_id).enrollment.attempts == 1


def test_requests_that_do_not_fit_are_refused_and_write_nothing(db, settings):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))
    voice = _post(client, settings, f"/twilio/voice/{attempt_id}", {"CallSid": SID})
    assert voice.status_code == 200 and "본인 맞으신가요" in voice.text
    before = _counts(db)
    cases = [
        (f"/twilio/voice/{attempt_id + 99}", {"CallSid": SID}, 404),
        (f"/twilio/answer/{attempt_id + 99}/1", {"CallSid": SID, "SpeechResult": "네"}, 404),
        (f"/twilio/answer/{attempt_id}/1", {"CallSid": "CA" + "2" * 32, "SpeechResult": "네"}, 400),
        (f"/twilio/answer/{attempt_id}/1", {"CallSid": SID, "SpeechResult": "네", "Confidence": "high"}, 400),
        (f"/twilio/answer/{attempt_id}/1", {"CallSid": SID, "SpeechResult": "네", "Confidence": "nan"}, 400),
        (f"/twilio/answer/{attempt_id}/1", {"CallSid": SID, "Digits": "1; DROP"}, 400),
        (f"/twilio/answer/{attempt_id}/2", {"CallSid": SID, "SpeechResult": "네"}, 400),  # never asked
        (f"/twilio/answer/{attempt_id}/-1", {"CallSid": SID, "SpeechResult": "네"}, 400),
        (f"/twilio/answer/{attempt_id}/0", {"CallSid": SID, "SpeechResult": "네"}, 400),
        (f"/twilio/answer/{attempt_id}/99999999999999999999", {"CallSid": SID, "SpeechResult": "네"}, 400),
        (f"/twilio/answer/{attempt_id}/abc", {"CallSid": SID, "SpeechResult": "네"}, 400),
        (f"/twilio/answer/{attempt_id}/1", {"SpeechResult": "네"}, 400),  # no CallSid
        (f"/twilio/next/{attempt_id}/1?poll=0", {"CallSid": SID}, 400),  # no answer was given
        (f"/twilio/next/{attempt_id}/1?poll=x", {"CallSid": SID}, 400),
        (f"/twilio/silence/{attempt_id}/5", {"CallSid": SID}, 400),
        (f"/twilio/status/{attempt_id}", {"CallSid": SID, "CallStatus": "exploded"}, 400),
        (f"/twilio/status/{attempt_id}", {"CallSid": SID, "CallStatus": "ringing", "SequenceNumber": "-3"}, 400),
        (f"/twilio/status/{attempt_id}", {"CallSid": "CA" + "3" * 32, "CallStatus": "completed"}, 400),
        (f"/twilio/status/{attempt_id + 99}", {"CallSid": SID, "CallStatus": "completed"}, 404),
    ]
    for path, params, code in cases:
        assert _post(client, settings, path, params).status_code == code, path
    assert _counts(db) == before
    ok = _post(client, settings, f"/twilio/answer/{attempt_id}/1", {"CallSid": SID, "SpeechResult": "네"})
    assert ok.status_code == 200


def test_the_same_answer_twice_at_once_is_one_turn(db, settings):
    attempt_id = _attempt(db)
    client = TestClient(create_app(settings))
    _post(client, settings, f"/twilio/voice/{attempt_id}", {"CallSid": SID})
    params = {"CallSid": SID, "SpeechResult": "네 맞아요", "Confidence": "0.9"}
    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda _: _post(client, settings, f"/twilio/answer/{attempt_id}/1", params).status_code,
                              range(4)))
    assert codes == [200] * 4
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Turn)) == 1


def _counts(db):
    from voicebot.db import Base

    with db.session() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.fixture
def simulated_twilio(settings):
    """The simulated network on a real port, its callbacks going nowhere: a lost callback."""
    network = SimulatedNetwork(settings.effective_account_sid, settings.effective_auth_token,
                               "http://127.0.0.1:9", time_scale=0.01)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_simulator(network), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield network, settings.model_copy(update={"simulator_url": f"http://127.0.0.1:{port}"})
    server.should_exit = True
    thread.join(10)


def test_the_reconciler_closes_calls_whose_final_callback_never_came(db, simulated_twilio):
    network, settings = simulated_twilio
    network.directory.update({"+821055501111": "busy_line", "+821055502222": "no_answer"})
    telephony = telephony_from_settings(settings)
    svc = Services(settings.model_copy(update={"reconcile_after_s": 120}))
    # A call whose callbacks were all lost: Twilio knows it ended busy.
    sid = telephony.place_call("+821055501111", "http://127.0.0.1:9/voice", "http://127.0.0.1:9/status")
    lost = _attempt(db, status="ringing", sid=sid, phone="+821055501111", age=timedelta(minutes=5))
    # A dial job that died after Twilio placed the call, before the SID was stored.
    placed = telephony.place_call("+821055502222", "http://127.0.0.1:9/voice", "http://127.0.0.1:9/status")
    orphan = _attempt(db, status="dialing", sid=None, phone="+821055502222", age=timedelta(minutes=5),
                      claimed=datetime.now(UTC) - timedelta(minutes=3))
    # A dial job that died before Twilio was asked: no call exists.
    never = _attempt(db, status="dialing", sid=None, phone="+821055503333", age=timedelta(minutes=5),
                     claimed=datetime.now(UTC) - timedelta(minutes=3))
    # A call still ringing, not yet overdue: left alone.
    fresh = _attempt(db, status="ringing", sid="CA" + "9" * 32, phone="+821055504444")
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while not all(c.final for c in network.calls.values()) and datetime.now(UTC) < deadline:
        threading.Event().wait(0.05)
    done = reconcile(svc, telephony)
    assert done["closed busy"] == 1 and done["closed no-answer"] == 1 and done["not placed"] == 1
    assert _state(db, lost) == ("busy", "retry", None)
    assert _state(db, orphan) == ("no-answer", "retry", None)
    with db.session() as session:
        assert session.get_one(CallAttempt, orphan).call_sid == placed
        not_placed = session.get_one(CallAttempt, never)
        assert not_placed.outcome == "not_placed"
        assert not_placed.enrollment.status == "retry" and not_placed.enrollment.attempts == 0
    assert _state(db, fresh) == ("ringing", "dialing", fresh)
    assert reconcile(svc, telephony) == {}  # nothing twice
