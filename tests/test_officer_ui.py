"""The workplace in a real browser (Debian chromium driven by Playwright) over real HTTP:
an officer works a case from the queue to an outcome; a resident reports a neighbour and a
supervisor assigns the report, puts it into a call round, schedules a call back and reads
the audit log; an administrator runs campaigns, exports results, tries and publishes call
scripts. Screenshots of the run are kept in var/screenshots/."""

import io
import shutil
import threading
import wave

import numpy as np
import pytest
import uvicorn

from tests.conftest import ROOT
from tests.test_workplace import PASSWORD, world  # noqa: F401  (the fixture)
from voicebot.processes import free_port, wait_for_port
from voicebot.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "var" / "screenshots"
pytestmark = [pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
              pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


def _wav(seconds: float = 0.6) -> bytes:
    tone = (0.2 * np.sin(2 * np.pi * 440 * np.arange(int(8000 * seconds)) / 8000) * 32767).astype(np.int16)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(tone.tobytes())
    return out.getvalue()


@pytest.fixture
def server(world, settings, tmp_path):  # noqa: F811
    (settings.data_dir / "recordings" / f"turn-{world['turn']}.wav").write_bytes(_wav())
    flows = shutil.copytree(ROOT / "call_flows", tmp_path / "call_flows")  # what the administrator publishes to
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(settings.model_copy(update={"public_base_url": base, "flows_dir": flows}))
    srv = uvicorn.Server(uvicorn.Config(app,
                                        host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield base
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--autoplay-policy=no-user-gesture-required"])
        yield chromium
        chromium.close()


def _sign_in(page, server, username, path="/officer/"):
    page.goto(server + path)
    assert "/officer/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_officer_works_a_case_to_its_outcome(server, browser, world):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/officer/")
    page.fill("input[name=username]", "kim")
    page.fill("input[name=password]", "wrong password!")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
    page.fill("input[name=username]", "kim")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    rows = page.locator("tr.case-row")
    assert rows.count() == 1  # only the officer's own office
    first = rows.nth(0).inner_text()
    assert "김영숙" in first and "자살 위험" in first and "+8210****1111" in first and "기한 지남" in first
    page.screenshot(path=str(SHOTS / "1-queue.png"), full_page=True)
    page.click("text=김영숙")
    assert "(C-SSRS)" in page.locator("#summary").inner_text()
    page.click("text=번호 보기")
    page.wait_for_selector("#phone a")
    assert "01055501111" in page.locator("#phone").inner_text()
    # listen to the answer behind the risk flag
    duration = page.evaluate("""async () => { const a = document.querySelector('audio'); a.load();
        await new Promise(r => a.addEventListener('loadedmetadata', r, {once: true})); return a.duration; }""")
    assert 0.5 < duration < 0.7
    # correct what the system understood
    row = f"tr[data-turn='{world['turn']}']"
    page.click(f"{row} >> text=이해한 내용 고치기")
    page.check(f"{row} input[name=needs][value=isolation]")
    page.click(f"{row} >> text=수정 저장")
    assert "수정:" in page.locator(row).inner_text()
    page.click("text=내가 맡기")
    page.fill("textarea[name=body]", "본인과 통화함. 내일 오전 방문하기로 함.")
    page.click("text=메모 추가")
    assert "본인과 통화함" in page.locator("#notes").inner_text()
    page.check("input[name=outcome][value=visit]")
    page.fill("input[name=visit_at]", "2026-11-25T10:30")
    page.screenshot(path=str(SHOTS / "2-case.png"), full_page=True)
    page.click("text=결과 저장 후 종결")
    assert "처리 결과: 방문 상담 예정" in page.content()
    page.goto(server + "/officer/?tab=closed")
    assert page.locator("tr.case-row").count() == 1
    page.screenshot(path=str(SHOTS / "3-closed.png"), full_page=True)


def test_administrator_uploads_a_list_and_a_broken_script(server, browser, tmp_path, world):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, server, "boss", "/admin/campaigns")
    listing = tmp_path / "11월 명단.csv"
    listing.write_bytes("성명,전화번호,위기정보\n김말순,010-3333-4444,단전\n이복희,12,1인가구\n".encode("cp949"))
    page.fill("input[name=name]", "11월 위기가구")
    page.set_input_files("input[name=list]", str(listing))
    page.click("text=만들기 (준비 상태로)")
    imports = page.locator("#imports").inner_text()
    assert "11월 명단.csv" in imports and "등록 1" in imports and "거부 1" in imports
    assert "11월 명단.csv:3: phone: not a valid Korean phone number" in imports
    page.click("#action-start")
    page.wait_for_selector("text=진행 중")
    page.screenshot(path=str(SHOTS / "4-campaign.png"), full_page=True)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nstart: a\nmessages: {unclear: u, silence: s, move_on: m}\nnodes:\n  a:\n"
                      "    ask: 괜찮으세요?\n    answers:\n      yes: nowhere\n", encoding="utf-8")
    page.goto(server + "/admin/flows")
    page.set_input_files("#validate input[name=flow]", str(broken))
    page.click("#validate button")
    errors = page.locator("#flow-errors").inner_text()
    assert "broken.yaml:8: unknown node 'nowhere'" in errors
    page.screenshot(path=str(SHOTS / "5-flow-errors.png"), full_page=True)
    page.goto(server + "/admin/dashboard")
    assert "위험 사례 2" in page.locator("#figures").inner_text()
    page.screenshot(path=str(SHOTS / "6-dashboard.png"), full_page=True)


def test_a_report_reaches_a_call_round_and_the_audit_log(server, browser, world):  # noqa: F811
    resident = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    resident.goto(server + "/report")
    resident.select_option("select[name=office_id]", label="가동 주민센터")
    resident.fill("input[name=address]", "가동 12-3 2층")
    resident.fill("textarea[name=reason]", "우편물이 쌓여 있고 며칠째 인기척이 없어요. 관리비도 밀렸대요.")
    resident.fill("input[name=subject_name]", "최말순")
    resident.fill("input[name=subject_phone]", "010-7777-8888")
    resident.select_option("select[name=reporter_relation]", label="관리사무소")
    resident.check("input[name=consent]")
    resident.click("text=신고하기")
    assert "신고가 접수되었습니다" in resident.content()
    resident.screenshot(path=str(SHOTS / "7-report.png"), full_page=True)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, server, "lee", "/officer/?tab=reports")
    assert "tab=reports" in page.url  # back where the sign-in started
    rows = page.locator("tr.case-row")
    assert rows.count() == 1 and "최말순" in rows.nth(0).inner_text() and "+8210****8888" in rows.nth(0).inner_text()
    page.click("text=최말순")
    assert "관리비도 밀렸대요" in page.locator("#summary").inner_text()
    page.select_option("select[name=user_id]", label="kim 주무관")
    page.click("form[action$='/assign'] button")
    assert "담당 kim 주무관" in page.content()
    page.click("#enrol >> text=대상에 넣기")
    assert "캠페인 a 11월" in page.content()
    page.fill("input[name=callback_at]", "2026-11-26T15:00")
    page.click("text=예약")
    assert "다시 전화 11월 26일(목) 15:00" in page.content()
    page.click("text=번호 보기")
    page.wait_for_selector("#phone a")
    page.screenshot(path=str(SHOTS / "8-report-case.png"), full_page=True)
    page.goto(server + "/admin/audit")
    audit = page.locator("#audit").inner_text()
    for action in ("case_assigned", "report_enrolled", "callback_scheduled", "phone_revealed", "case_viewed"):
        assert action in audit, action
    page.goto(server + "/admin/campaigns")
    assert "/officer/" in page.url or page.locator("h1").inner_text() == "접근할 수 없습니다"


def test_administrator_runs_campaigns_exports_and_publishes(server, browser, world, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, server, "boss", "/admin/campaigns")
    page.click("text=a 11월")
    page.click("#action-pause")
    page.wait_for_selector("#action-resume")
    page.click("#action-resume")
    page.wait_for_selector("#action-pause")
    # try the Korean script as a resident would answer it (the classifier loads on first use)
    page.goto(server + "/admin/flows/welfare_screening_ko.yaml/try", timeout=120_000)
    before = page.locator("#conversation p").count()
    page.fill("input[name=answer]", "네 맞아요")
    with page.expect_navigation(timeout=120_000):
        page.click("button:text-is('보내기')")
    assert "나: 네 맞아요" in page.locator("#conversation").inner_text()
    assert page.locator("#conversation p").count() > before + 1
    # publish a new version: refused while a conversation test fails, then accepted
    source = (ROOT / "call_flows" / "welfare_screening_ko.yaml").read_text(encoding="utf-8")
    failing = tmp_path / "ko.yaml"
    failing.write_text(source.replace("yes: {score: {health: 2}, next: income}", "yes: income", 1), encoding="utf-8")
    fixed = tmp_path / "ko-fixed.yaml"
    fixed.write_text(source + "\n# 2026-11 검토\n", encoding="utf-8")
    page.goto(server + "/admin/flows/welfare_screening_ko.yaml")
    page.set_input_files("input[name=flow]", str(failing))
    with page.expect_navigation(timeout=120_000):
        page.click("text=검사 후 게시")
    assert "health" in page.locator("#publish-errors").inner_text()  # a conversation test's scores
    assert "boss" not in page.locator("#versions").inner_text()
    page.set_input_files("input[name=flow]", str(fixed))
    with page.expect_navigation(timeout=120_000):
        page.click("text=검사 후 게시")
    assert page.locator("#publish-errors").count() == 0
    assert "boss" in page.locator("#versions").inner_text()
    page.screenshot(path=str(SHOTS / "9-flow-published.png"), full_page=True)
    page.goto(server + "/admin/exports")
    with page.expect_download() as download:
        page.click("tr:has-text('a 11월') >> text=번호 가림 >> nth=0")
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert "김영숙" in exported and "+8210****1111" in exported and "+821055501111" not in exported
