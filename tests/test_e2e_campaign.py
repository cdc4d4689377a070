"""A campaign round over the simulated network: the text before the call, a "거부" reply,
a landline that cannot take texts, a busy number and the household's next one, a
household never reached handed to the officers."""

import time

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import REDIS, ROOT
from voicebot.campaigns import control
from voicebot.campaigns.control import CampaignSpec
from voicebot.campaigns.policy import ALWAYS_OPEN
from voicebot.db import Case, DoNotCall, Enrollment, Household
from voicebot.processes import LocalStack
from voicebot.simulator.personas import load_personas

pytestmark = pytest.mark.slow
PEOPLE = {  # main number -> (persona, other numbers with their personas)
    "+821033300001": ("ko_fine", {}),
    "+821033300002": ("ko_text_refuser", {}),
    "+8223330003": ("landline_only", {}),
    "+821033300004": ("busy_line", {"+821033300005": "ko_fine"}),
    "+821033300006": ("no_answer", {}),
}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_round_from_text_to_task(db, tmp_path):
    cid = control.create(db, CampaignSpec(
        name="11월", flow_path=ROOT / "call_flows" / "welfare_screening_ko.yaml", answer_mode="gather",
        status="active", max_attempts=3, sms_template="[{office}] 곧 {from_number}로 전화드립니다.",
        sms_lead_s=2, retry_policy={"busy": {"delay_s": 1, "max": 2}, "no_answer": {"delay_s": 1, "max": 2}},
        **ALWAYS_OPEN))
    directory = {}
    records = load_personas()
    with db.session() as session:
        for main, (persona, others) in PEOPLE.items():
            year = records[next(iter(others.values()), persona)].birth_year
            h = Household(name="가구", phone=main, phones=[main, *others], birth_year=year, indicators=[])
            session.add(h)
            session.flush()
            session.add(Enrollment(campaign_id=cid, household_id=h.id))
            directory |= {main: persona, **others}
    stack = LocalStack(db.url, REDIS, tmp_path, time_scale=0.02, answer_workers=1,
                       extra_env={"VOICEBOT_STT_BACKEND": "simulated", "VOICEBOT_MAX_CONCURRENT_CALLS": "5"})
    try:
        stack.start(directory)
        deadline = time.monotonic() + 120
        while control.progress(db, cid)["settled"] < len(PEOPLE):
            stack.group.check()
            assert time.monotonic() < deadline, control.counts(db, cid)
            time.sleep(0.3)
        sim = stack.env["VOICEBOT_SIMULATOR_URL"]
        calls = httpx.get(f"{sim}/sim/calls").json()["calls"].values()
        texts = httpx.get(f"{sim}/sim/messages").json()["messages"].values()
    finally:
        stack.stop()
    called = [c["to"] for c in calls]
    assert "+821033300002" not in called  # replied 거부 to the text: never called
    assert sorted(t["to"] for t in texts) == ["+821033300001", "+821033300002", "+821033300004",
                                               "+821033300006", "+8223330003"]
    assert {t["to"]: t["status"] for t in texts}["+8223330003"] == "failed"
    with db.session() as session:
        by_phone = {e.household.phone: e for e in session.scalars(select(Enrollment))}
        assert by_phone["+821033300001"].status == "completed" and by_phone["+821033300001"].sms_status == "delivered"
        assert by_phone["+821033300002"].status == "opted_out"
        assert session.scalar(select(DoNotCall.source).where(DoNotCall.phone == "+821033300002")) == "sms"
        landline = by_phone["+8223330003"]
        assert landline.sms_status == "failed" and landline.status == "declined"  # called all the same
        busy = by_phone["+821033300004"]
        assert busy.status == "completed" and [a.dialled for a in busy.attempts_log] == [
            "+821033300004", "+821033300005"]
        never = by_phone["+821033300006"]
        assert never.status == "no_contact" and never.attempts == 2
        task = session.scalar(select(Case).where(Case.enrollment_id == never.id))
        assert task is not None and task.kind == "no_contact"
        assert session.scalar(select(Household.opted_out).where(Household.phone == "+821033300002"))
    assert called.count("+821033300006") == 2
