"""Call windows in Seoul time, retries by outcome, pause and cancel, the dispatcher's claims."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import ROOT
from voicebot.campaigns import control, policy
from voicebot.campaigns.control import CampaignError, CampaignSpec
from voicebot.db import CallAttempt, Campaign, DoNotCall, Enrollment, Household
from voicebot.dispatch import dispatch
from voicebot.officehours import OfficeCalendar
from voicebot.services import Services

FLOW = ROOT / "call_flows" / "welfare_screening_ko.yaml"
SEOUL = OfficeCalendar()
MONDAY_NOON = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 12:00 in Seoul


@pytest.mark.parametrize("when,days,hours,holidays,expected", [
    (MONDAY_NOON, "0,1,2,3,4", (10, 20), False, True),
    (MONDAY_NOON, "1,2,3,4", (10, 20), False, False),  # not on Mondays
    (MONDAY_NOON + timedelta(hours=8), "0,1,2,3,4", (10, 20), False, False),  # 20:00 in Seoul: closed
    (MONDAY_NOON - timedelta(hours=2, minutes=1), "0,1,2,3,4", (10, 20), False, False),  # 09:59
    (datetime(2026, 12, 25, 3, 0, tzinfo=UTC), "0,1,2,3,4", (10, 20), False, False),  # Christmas, a Friday
    (datetime(2026, 12, 25, 3, 0, tzinfo=UTC), "0,1,2,3,4", (10, 20), True, True),
    (datetime(2026, 11, 28, 3, 0, tzinfo=UTC), "0,1,2,3,4", (10, 20), False, False),  # Saturday
])
def test_call_windows_are_seoul_weekdays_hours_and_holidays(when, days, hours, holidays, expected):
    assert policy.in_window(SEOUL, when, days, *hours, holidays) is expected


def test_retries_follow_the_outcome():
    rules = policy.policy({"busy": {"delay_s": 600, "max": 2}})
    busy = policy.retry_after("busy", {"busy": 1}, 1, 5, rules, MONDAY_NOON)
    assert busy.at == MONDAY_NOON + timedelta(seconds=600) and busy.next_number
    assert policy.retry_after("busy", {"busy": 2}, 2, 5, rules, MONDAY_NOON).at is None  # the busy budget is spent
    assert policy.retry_after("no-answer", {"no_answer": 1}, 5, 5, rules, MONDAY_NOON).at is None  # all attempts
    dropped = policy.retry_after("hung_up", {"dropped": 1}, 1, 5, rules, MONDAY_NOON)
    assert dropped.at == MONDAY_NOON + timedelta(seconds=1800) and not dropped.next_number
    later = MONDAY_NOON + timedelta(days=1)
    assert policy.retry_after("callback", {"callback": 1}, 1, 5, rules, MONDAY_NOON, later).at == later
    assert policy.retry_after("completed", {}, 1, 5, rules, MONDAY_NOON).at is None


def test_campaign_specs_are_checked_with_clear_errors():
    for bad, message in ((dict(window_days="0,9"), "weekday numbers"), (dict(window_start_hour=20), "start < end"),
                         (dict(calls_per_second=0), "calls per second"), (dict(sms_template="{name}님"), "unknown"),
                         (dict(retry_policy={"fax": {}}), "unknown retry outcome")):
        with pytest.raises(Exception, match=message):
            CampaignSpec(name="x", flow_path=FLOW, **bad).check()


def _households(db, n, campaign_id):
    with db.session() as session:
        for i in range(n):
            h = Household(name="가구", phone=f"+82105556{i:04d}", phones=[f"+82105556{i:04d}", f"+82105557{i:04d}"],
                          indicators=[])
            session.add(h)
            session.flush()
            session.add(Enrollment(campaign_id=campaign_id, household_id=h.id))


def test_pause_resume_cancel_and_what_dispatch_does_meanwhile(db, settings):
    svc = Services(settings.model_copy(update={"max_concurrent_calls": 10}))
    cid = control.create(db, CampaignSpec(name="t", flow_path=FLOW, status="draft", window_days="0,1,2,3,4,5,6",
                                          window_start_hour=0, window_end_hour=24, call_on_holidays=True,
                                          max_concurrent=2))
    _households(db, 5, cid)
    assert dispatch(svc, MONDAY_NOON) == 0  # a draft calls no one
    assert control.act(db, cid, "start") == "active"
    assert dispatch(svc, MONDAY_NOON) == 2  # the campaign's own limit of live calls
    assert dispatch(svc, MONDAY_NOON) == 0
    control.act(db, cid, "pause")
    with db.session() as session:
        session.execute(CallAttempt.__table__.update().values(status="completed"))
        for e in session.scalars(select(Enrollment).where(Enrollment.status == "dialing")):
            e.status = "retry"
            e.household.calling_attempt_id = None
    assert dispatch(svc, MONDAY_NOON) == 0  # paused: nothing new
    control.act(db, cid, "resume")
    assert dispatch(svc, MONDAY_NOON) == 2
    control.act(db, cid, "cancel")
    counts = control.counts(db, cid)
    assert counts["cancelled"] == 3 and counts["calling"] == 2
    with pytest.raises(CampaignError, match="cannot resume"):
        control.act(db, cid, "resume")
    svc.queue("dial").delete(delete_jobs=True)


def test_a_household_in_two_campaigns_is_never_in_two_calls(db, settings):
    svc = Services(settings.model_copy(update={"max_concurrent_calls": 10}))
    spec = dict(flow_path=FLOW, status="active", window_days="0,1,2,3,4,5,6", window_start_hour=0,
                window_end_hour=24, call_on_holidays=True)
    first, second = (control.create(db, CampaignSpec(name=n, **spec)) for n in ("a", "b"))
    with db.session() as session:
        h = Household(name="가구", phone="+821055560000", phones=["+821055560000"], indicators=[])
        session.add(h)
        session.flush()
        session.add_all([Enrollment(campaign_id=first, household_id=h.id),
                         Enrollment(campaign_id=second, household_id=h.id)])
    assert dispatch(svc, MONDAY_NOON) == 1
    assert dispatch(svc, MONDAY_NOON) == 0
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CallAttempt)) == 1
    svc.queue("dial").delete(delete_jobs=True)


def test_a_number_on_the_do_not_call_list_is_skipped_for_the_next(db, settings):
    svc = Services(settings.model_copy(update={"max_concurrent_calls": 10}))
    cid = control.create(db, CampaignSpec(name="t", flow_path=FLOW, status="active", window_days="0,1,2,3,4,5,6",
                                          window_start_hour=0, window_end_hour=24, call_on_holidays=True,
                                          max_concurrent=5))
    _households(db, 2, cid)
    with db.session() as session:
        session.add_all([DoNotCall(phone="+821055560000", source="sms"), DoNotCall(phone="+821055570001", source="sms"),
                         DoNotCall(phone="+821055560001", source="office")])
    assert dispatch(svc, MONDAY_NOON) == 1
    with db.session() as session:
        attempt = session.scalars(select(CallAttempt)).one()
        assert attempt.dialled == "+821055570000"  # the first number is listed: the second is dialled
        both_listed = session.scalars(select(Enrollment).where(Enrollment.status == "opted_out")).one()
        assert both_listed.household.phone == "+821055560001"
        assert session.scalar(select(Campaign.status)) == "active"
    svc.queue("dial").delete(delete_jobs=True)
