"""The public report form and the campaigns' JSON API."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.test_workplace import PASSWORD, world  # noqa: F401  (the fixture)
from voicebot.db import Campaign, Case, Enrollment, Office, Report
from voicebot.web.app import create_app

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _client(settings):
    return TestClient(create_app(settings), base_url="https://testserver")


def _signed_in(settings, username):
    client = _client(settings)
    client.post("/officer/login", data={"username": username, "password": PASSWORD})
    return client


def test_a_report_lands_in_the_office_queue_and_is_enrolled(settings, db, world):  # noqa: F811
    public = _client(settings)
    form = public.get("/report")
    assert form.status_code == 200 and "가동 주민센터" in form.text and "김영숙" not in form.text
    with db.session() as session:
        office_a = session.scalar(select(Office.id).where(Office.code == "a"))
    report = {"office_id": office_a, "address": "가동 12-3 지하", "reason": "우편물이 쌓이고 인기척이 없어요",
              "subject_name": "최말순", "subject_phone": "010-7777-8888", "reporter_relation": "이웃", "consent": "yes"}
    missing = public.post("/report", data={**report, "consent": ""})
    assert missing.status_code == 400 and "동의" in missing.text
    bad_phone = public.post("/report", data={**report, "subject_phone": "12"})
    assert bad_phone.status_code == 400
    ok = public.post("/report", data=report)
    assert ok.status_code == 200 and "접수되었습니다" in ok.text
    officer = _signed_in(settings, "kim")
    queue = officer.get("/officer/?tab=reports").text
    assert "최말순" in queue and "+8210****8888" in queue
    assert "최말순" not in _signed_in(settings, "park").get("/officer/?tab=reports").text  # another office
    with db.session() as session:
        case = session.scalars(select(Case).where(Case.kind == "report")).one()
        campaign = session.scalar(select(Campaign.id).where(Campaign.office_id == office_a))
    page = officer.get(f"/officer/cases/{case.id}").text
    assert "우편물이 쌓이고" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = officer.post(f"/officer/cases/{case.id}/enrol", data={"campaign_id": campaign, "csrf_token": csrf},
                     follow_redirects=False)
    assert r.status_code == 303
    with db.session() as session:
        enrolled = session.get_one(Case, case.id)
        assert enrolled.enrollment_id is not None
        assert session.get_one(Enrollment, enrolled.enrollment_id).household.phone == "+821077778888"


def test_reports_are_rate_limited(settings, db, world):  # noqa: F811
    public = _client(settings)
    with db.session() as session:
        office = session.scalar(select(Office.id))
    data = {"office_id": office, "address": "가동", "reason": "어려워 보여요", "consent": "yes"}
    for _ in range(5):
        assert public.post("/report", data=data).status_code == 200
    assert public.post("/report", data=data).status_code == 429
    with db.session() as session:
        assert len(session.scalars(select(Report)).all()) == 5


def test_campaign_api_for_administrators(settings, db, world, tmp_path):  # noqa: F811
    assert _client(settings).get("/api/campaigns").status_code == 401
    assert _signed_in(settings, "kim").get("/api/campaigns").status_code == 403
    admin = _signed_in(settings, "boss")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', admin.get("/admin/campaigns").text).group(1)
    spec = {"name": "API 캠페인", "flow": "welfare_screening_ko.yaml", "window_days": "0,1,2,3,4,5,6",
            "calls_per_second": 2, "max_concurrent": 4}
    assert admin.post("/api/campaigns", json=spec).status_code == 403  # no CSRF token
    created = admin.post("/api/campaigns", json=spec, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    cid = created.json()["id"]
    bad = admin.post("/api/campaigns", json={**spec, "flow": "nope.yaml"}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 400
    listing = "name,phone,indicators\n홍길동,010-2345-6789,living_alone\n,010-1111-2222,\n"
    imported = admin.post(f"/api/campaigns/{cid}/households", headers={"X-CSRF-Token": csrf},
                          files={"file": ("list.csv", listing.encode("utf-8"), "text/csv")})
    body = imported.json()
    assert imported.status_code == 200 and body["enrolled"] == 1 and body["errors"] == ["list.csv:3: name is empty"]
    started = admin.post(f"/api/campaigns/{cid}/start", headers={"X-CSRF-Token": csrf})
    assert started.status_code == 200 and started.json()["status"] == "active"
    assert admin.post(f"/api/campaigns/{cid}/resume", headers={"X-CSRF-Token": csrf}).status_code == 409
    assert admin.get(f"/api/campaigns/{cid}").json()["counts"]["pending"] == 1
    schema = admin.get("/api/openapi.json").json()
    assert "/api/campaigns/{campaign_id}/{action}" in schema["paths"] and "/twilio/voice/{attempt_id}" not in schema[
        "paths"]
