"""The officers' UI in a real browser (Debian chromium driven by Playwright)."""

import shutil
import threading
from datetime import UTC, datetime

import pytest
import uvicorn

from tests.conftest import ROOT
from voicebot.db import CallAttempt, Campaign, Case, Enrollment, Household, Turn
from voicebot.processes import free_port, wait_for_port
from voicebot.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")


def _seed(db):
    with db.session() as session:
        c = Campaign(name="t", flow_path=str(ROOT / "call_flows" / "welfare_screening_ko.yaml"))
        people = [("김영숙", "+821055501111", "urgent", ["suicide"], 3009),
                  ("박철수", "+821055502222", "high", [], 306)]
        for name, phone, level, risks, priority in people:
            h = Household(name=name, phone=phone, birth_year=1950, indicators=["living_alone"])
            session.add_all([c, h])
            session.flush()
            e = Enrollment(campaign_id=c.id, household_id=h.id, status="completed", crisis_level=level)
            session.add(e)
            session.flush()
            a = CallAttempt(enrollment_id=e.id, flow_hash="a" * 64, status="completed", outcome="completed")
            session.add(a)
            session.flush()
            session.add(Turn(attempt_id=a.id, seq=1, question_id="phq2_mood", prompt="기분이 가라앉으셨나요?",
                             transcript=f"{name} 답변 내용", intent="other", status="processed", risks=risks))
            session.add(Case(enrollment_id=e.id, priority=priority, level=level, risks=risks, needs=["isolation"],
                             reason="screening result", due_at=datetime.now(UTC)))


@pytest.fixture
def server(db, settings):
    _seed(db)
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_officer_reviews_the_queue_and_a_transcript(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        page.goto(server + "/officer/")
        assert page.url.endswith("/officer/login")
        page.fill("input[name=token]", "wrong")
        page.click("button[type=submit]")
        assert page.locator("[role=alert]").is_visible()
        page.fill("input[name=token]", "demo-officer-token")
        page.click("button[type=submit]")
        rows = page.locator("tr.case-row")
        assert rows.count() == 2
        first = rows.nth(0).inner_text()
        assert "김영숙" in first and "suicide" in first and "+8210****1111" in first
        assert "01055501111" not in page.content()  # the queue shows masked numbers only
        page.screenshot(path=str(tmp_path / "queue.png"))
        page.click("text=김영숙")
        assert "김영숙 답변 내용" in page.locator("table.transcript").inner_text()
        page.select_option("select[name=status]", "in_review")
        page.click("button[type=submit]")
        page.goto(server + "/officer/?status=in_review")
        assert page.locator("tr.case-row").count() == 1
        browser.close()
