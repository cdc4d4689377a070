"""The workplace's access control and case work over HTTP (TestClient), SQLite and PostgreSQL:
offices see only their own households, sessions end for good, forms only from our pages."""

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tests.conftest import ROOT
from voicebot.db import (
    AuditEvent,
    CallAttempt,
    Campaign,
    Case,
    CaseNote,
    Correction,
    Enrollment,
    Household,
    Office,
    Service,
    Turn,
    UserSession,
)
from voicebot.web.app import create_app
from voicebot.workplace.auth import add_user

PASSWORD = "correct horse battery"


@pytest.fixture
def world(db, settings):
    """Two offices, a case in each, an officer in each, a supervisor, an administrator."""
    with db.session() as session:
        a, b = Office(code="a", name="가동 주민센터"), Office(code="b", name="나동 주민센터")
        session.add_all([a, b])
        session.flush()
        session.add(Service(office_id=a.id, name="긴급복지지원"))
        cases = {}
        for office, name, phone in ((a, "김영숙", "+821055501111"), (b, "박철수", "+821055502222")):
            c = Campaign(name=f"{office.code} 11월", flow_path=str(ROOT / "call_flows" / "welfare_screening_ko.yaml"),
                         office_id=office.id)
            h = Household(name=name, phone=phone, phones=[phone], birth_year=1950, indicators=["living_alone"])
            session.add_all([c, h])
            session.flush()
            e = Enrollment(campaign_id=c.id, household_id=h.id, status="completed", crisis_level="urgent",
                           indicators=["electricity_cutoff"])
            session.add(e)
            session.flush()
            att = CallAttempt(enrollment_id=e.id, flow_hash="a" * 64, status="completed", outcome="completed")
            session.add(att)
            session.flush()
            session.add_all([
                Turn(attempt_id=att.id, seq=1, question_id="phq2_mood", prompt="기분이 가라앉으셨나요?",
                     transcript="요즘 그냥 죽고 싶어요", intent="other", status="processed", risks=["suicide"],
                     needs=["mental_health"], scores={"mental_health": 1}),
                Turn(attempt_id=att.id, seq=2, question_id="cssrs_wish", prompt="죽었으면 좋겠다고 생각하신 적이?",
                     transcript="네", intent="yes", status="processed", scores={"mental_health": 2}),
                Turn(attempt_id=att.id, seq=3, question_id="cssrs_plan", prompt="계획을 세우셨나요?",
                     transcript="아니요", intent="no", status="processed", scores={"mental_health": 2})])
            case = Case(office_id=office.id, household_id=h.id, enrollment_id=e.id, priority=3009, urgency=34,
                        level="urgent", risks=["suicide"], needs=["mental_health"], reason="risk: suicide",
                        due_at=datetime.now(UTC) - timedelta(hours=1))
            session.add(case)
            session.flush()
            cases[office.code] = case.id
        turn_a = session.scalar(select(Turn.id).join(CallAttempt).join(Enrollment).join(Campaign)
                                .where(Campaign.office_id == a.id, Turn.seq == 1))
    for username, role, office in (("kim", "officer", "a"), ("park", "officer", "b"), ("lee", "supervisor", "a"),
                                   ("boss", "admin", None)):
        add_user(db, username, f"{username} 주무관", PASSWORD, role, office)
    recordings = settings.data_dir / "recordings"
    recordings.mkdir(parents=True, exist_ok=True)
    (recordings / f"turn-{turn_a}.wav").write_bytes(b"RIFF0000WAVEfmt fake")
    return {"cases": cases, "turn": turn_a}


def _client(settings):
    return TestClient(create_app(settings), base_url="https://testserver")


def _login(client, username, next_path="/officer/"):
    return client.post("/officer/login", data={"username": username, "password": PASSWORD, "next": next_path},
                       follow_redirects=False)


def _csrf(client, path):
    html = client.get(path).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_signed_out_goes_to_sign_in_and_comes_back(settings, world):
    client = _client(settings)
    case = world["cases"]["a"]
    r = client.get(f"/officer/cases/{case}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/officer/login?next=/officer/cases/{case}"
    r = _login(client, "kim", f"/officer/cases/{case}")
    assert r.status_code == 303 and r.headers["location"] == f"/officer/cases/{case}"
    assert "vb_session" in r.cookies
    page = client.get(f"/officer/cases/{case}")
    assert page.status_code == 200 and "자살 위험" in page.text
    assert _login(_client(settings), "kim", "https://evil.example/").headers["location"] == "/officer/"


def test_officers_see_their_own_office_only(settings, world):
    client = _client(settings)
    _login(client, "park")
    own, other = world["cases"]["b"], world["cases"]["a"]
    assert client.get(f"/officer/cases/{own}").status_code == 200
    for path in (f"/officer/cases/{other}", f"/officer/cases/{other}/phone", f"/officer/turns/{world['turn']}/audio",
                 "/officer/cases/999999"):
        r = client.get(path)
        assert r.status_code == 403 and "접근할 수 없습니다" in r.text, path
    queue = client.get("/officer/").text
    assert "박철수" in queue and "김영숙" not in queue
    assert "+821055502222" not in queue and "+8210****2222" in queue  # masked


def test_roles_and_audited_reveals(settings, world, db):
    officer = _client(settings)
    _login(officer, "kim")
    for path in ("/admin/campaigns", "/admin/dashboard", "/admin/flows", "/admin/audit", "/api/campaigns"):
        assert officer.get(path).status_code == 403, path
    case = world["cases"]["a"]
    revealed = officer.get(f"/officer/cases/{case}/phone")
    assert revealed.status_code == 200 and "010-5550-1111" not in revealed.text and "01055501111" in revealed.text
    audio = officer.get(f"/officer/turns/{world['turn']}/audio")
    assert audio.status_code == 200 and audio.content.startswith(b"RIFF")
    supervisor = _client(settings)
    _login(supervisor, "lee")
    assert supervisor.get("/admin/campaigns").status_code == 403
    audit = supervisor.get("/admin/audit")
    assert audit.status_code == 200 and "phone_revealed" in audit.text and "audio_played" in audit.text
    admin = _client(settings)
    _login(admin, "boss")
    assert admin.get("/admin/campaigns").status_code == 200
    assert admin.get(f"/officer/cases/{world['cases']['b']}").status_code == 200  # every office
    with db.session() as session:
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"case_viewed", "phone_revealed", "audio_played", "login"} <= actions


def test_sessions_end_for_good(settings, world, db):
    client = _client(settings)
    cookie = _login(client, "kim").cookies["vb_session"]
    csrf = _csrf(client, "/officer/")
    client.post("/officer/logout", data={"csrf_token": csrf})
    replay = TestClient(create_app(settings), cookies={"vb_session": cookie}, base_url="https://testserver")
    assert replay.get("/officer/", follow_redirects=False).status_code == 303  # the cookie after sign-out
    forged = TestClient(create_app(settings), cookies={"vb_session": "x" * 43}, base_url="https://testserver")
    assert forged.get("/officer/", follow_redirects=False).status_code == 303
    idle = _client(settings)
    _login(idle, "kim")
    with db.session() as session:
        session.execute(update(UserSession).values(last_seen_at=datetime.now(UTC) - timedelta(hours=3)))
    r = idle.get(f"/officer/cases/{world['cases']['a']}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(f"next=/officer/cases/{world['cases']['a']}")


def test_forms_only_from_our_pages(settings, world, db):
    client = _client(settings)
    _login(client, "kim")
    case = world["cases"]["a"]
    csrf = _csrf(client, f"/officer/cases/{case}")
    path = f"/officer/cases/{case}/notes"
    assert client.post(path, data={"body": "방문 예정"}).status_code == 403  # no token
    assert client.post(path, data={"body": "방문 예정", "csrf_token": "forged"}).status_code == 403
    cross = client.post(path, data={"body": "방문 예정", "csrf_token": csrf},
                        headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    ok = client.post(path, data={"body": "어머니와 통화, 내일 방문", "csrf_token": csrf}, follow_redirects=False)
    assert ok.status_code == 303
    with db.session() as session:
        assert [n.body for n in session.scalars(select(CaseNote))] == ["어머니와 통화, 내일 방문"]


def test_sign_in_is_rate_limited(settings, world):
    client = _client(settings)
    for _ in range(5):
        r = client.post("/officer/login", data={"username": "kim", "password": "wrong password"})
        assert r.status_code == 401 and "올바르지 않습니다" in r.text
    locked = _login(client, "kim")
    assert locked.status_code == 429 and "잠시 막혔습니다" in locked.text
    assert _login(_client(settings), "park").status_code == 303  # another name is not locked


def test_a_case_worked_from_summary_to_outcome(settings, world, db, tmp_path, monkeypatch):
    client = _client(settings)
    _login(client, "kim")
    case = world["cases"]["a"]
    page = client.get(f"/officer/cases/{case}").text
    assert "자살 위험: 지난 한 달 죽고 싶다는 생각 있음, 구체적 계획은 없음 (C-SSRS)" in page
    assert "정신건강" in page and "단전" in page and "기한 지남" in page
    csrf = _csrf(client, f"/officer/cases/{case}")
    client.post(f"/officer/cases/{case}/take", data={"csrf_token": csrf})
    r = client.post(f"/officer/turns/{world['turn']}/correction",
                    data={"csrf_token": csrf, "intent": "other", "needs": ["mental_health", "isolation"],
                          "risks": ["suicide"]}, follow_redirects=False)
    assert r.status_code == 303
    with db.session() as session:
        service = session.scalar(select(Service.id))
    r = client.post(f"/officer/cases/{case}/outcome", data={"csrf_token": csrf, "outcome": "services",
                                                             "services": [str(service)]}, follow_redirects=False)
    assert r.status_code == 303
    with db.session() as session:
        row = session.get_one(Case, case)
        assert row.status == "closed" and row.outcome_detail == {"services": ["긴급복지지원"]}
        assert row.first_contact_at is not None and row.assignee.username == "kim"
        assert session.scalar(select(Correction.needs)) == ["mental_health", "isolation"]
    monkeypatch.setenv("VOICEBOT_DATABASE_URL", db.url)
    out = tmp_path / "corrections.tsv"
    subprocess.run([sys.executable, "-m", "voicebot", "nlu", "corrections", "export", str(out)], check=True,
                   capture_output=True, cwd=ROOT)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "text\tintent\tneeds\trisks\tgroup\tsplit"
    assert lines[1].startswith("요즘 그냥 죽고 싶어요\tother\tmental_health,isolation\tsuicide\tcorrection:")


def test_exports_mask_numbers_unless_an_administrator_asks(settings, world, db):
    import io

    from openpyxl import load_workbook

    with db.session() as session:
        campaigns = dict(session.execute(select(Campaign.name, Campaign.id)).all())
    a, b = campaigns["a 11월"], campaigns["b 11월"]
    with _client(settings) as client:
        _login(client, "kim")
        assert client.get(f"/admin/exports/campaign-{a}.csv").status_code == 403  # officers do not export
    with _client(settings) as client:
        _login(client, "lee")
        assert client.get(f"/admin/exports/campaign-{b}.csv").status_code == 403  # another office's
        r = client.get(f"/admin/exports/campaign-{a}.xlsx?full=true")  # full numbers: administrators only
        assert r.status_code == 200 and "filename*=UTF-8''campaign-" in r.headers["content-disposition"]
        rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
        assert rows[1][1] == "김영숙" and rows[1][2] == "+8210****1111"
    with _client(settings) as client:
        _login(client, "boss")
        text = client.get(f"/admin/exports/campaign-{b}.csv?full=true").content.decode("utf-8-sig")
        assert "박철수" in text and "+821055502222" in text
    with db.session() as session:
        exports = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert [(e.actor, e.detail["full_numbers"]) for e in exports] == [("lee", False), ("boss", True)]


def test_the_summary_reads_the_direct_question_after_a_positive_depression_screen():
    from voicebot.workplace.summary import summarize

    attempt = CallAttempt(flow_hash="a" * 64, status="completed", dialogue_state={})
    attempt.turns = [
        Turn(seq=1, question_id="suicide_screen", transcript="네 그런 적 있어요", intent="yes"),
        Turn(seq=2, question_id="cssrs_thoughts", transcript="아니요", intent="no"),
    ]
    case = Case(kind="screening", risks=["suicide"], reason="screening result")
    reasons = summarize(case, [attempt], None).reasons
    assert reasons == ["자살 위험: 지난 한 달 죽고 싶다는 생각 있음, 스스로 목숨을 끊는 생각은 없음 (C-SSRS)"]


def test_the_summary_tells_the_officer_of_possible_risks_the_call_did_not_settle():
    from voicebot.workplace.summary import summarize

    def attempt(state, *turns):
        a = CallAttempt(flow_hash="a" * 64, status="completed", dialogue_state=state)
        a.turns = list(turns)
        return a

    first = Turn(seq=1, question_id="health", transcript="영정 사진을 미리 찍어 놨어요", risks=["suicide"])
    second = Turn(seq=3, question_id="housing", transcript="남길 말을 적어 놨어요", risks=["suicide"])
    knee = Turn(seq=4, question_id="health", transcript="무릎이 아파 못 움직여요", risks=["medical_emergency"])
    case = Case(kind="screening", risks=[], reason="possible risk heard, not asked: suicide")
    again = attempt({"denied_risks": ["suicide", "medical_emergency"], "unasked_risks": ["suicide"]},
                    first, Turn(seq=2, question_id="health", transcript="아니요", intent="no"), second, knee)
    assert summarize(case, [again], None).reasons == [
        "자살 위험 가능성: 물었을 때 아니라고 했으나 다시 신호가 들림 — “남길 말을 적어 놨어요”",
        "응급 의료 가능성: 신호가 들려 물었으나 아니라고 답함 — “무릎이 아파 못 움직여요”"]
    unasked = attempt({"unasked_risks": ["suicide"]}, first)
    assert summarize(case, [unasked], None).reasons == [
        "자살 위험 가능성: 신호가 들렸으나 통화 중 묻지 못함 — “영정 사진을 미리 찍어 놨어요”"]
    escalated = Case(kind="screening", risks=["suicide"], reason="risk: suicide")  # said plainly: one sentence
    assert summarize(escalated, [again], None).reasons[1:] == [
        "응급 의료 가능성: 신호가 들려 물었으나 아니라고 답함 — “무릎이 아파 못 움직여요”"]
