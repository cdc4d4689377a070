"""The fault drill (voicebot/faultdrill.py) on PostgreSQL: Redis restarted mid-campaign,
answer and dial workers SIGKILLed, status callbacks duplicated, reordered and dropped.
Nothing is lost, nothing processed twice, nobody dialled twice, nothing left live."""

import pytest

from voicebot.faultdrill import run_drill

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_nothing_lost_nothing_stuck_under_faults(database_url, tmp_path):
    report = run_drill(database_url, tmp_path)
    print(report)
    assert report.ok, report.problems
    assert report.answers_given >= 20 and report.answers_processed == report.answers_given
    assert report.answers_lost == 0 and report.processed_twice == 0
    assert report.risks_said >= 2 and report.risk_cases == report.risks_said
    assert report.live_calls_left == 0 and report.households_not_final == 0
    assert report.double_dials == 0 and report.server_errors == 0
    # No phone number, name or answer in any process's log, tracebacks of killed workers
    # and of Redis errors included.
    logs = {p.name: p.read_text(errors="replace") for p in (tmp_path / "logs").glob("*.log")}
    assert len(logs) >= 7 and sum(len(text) for text in logs.values()) > 2000
    leaks = sorted({(name, item) for name, text in logs.items() for item in report.personal_data if item in text})
    assert not leaks
