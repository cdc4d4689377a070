"""When a campaign may call, and what it does after each kind of unfinished call.

Windows are in Asia/Seoul: the campaign's weekdays and hours, Korean public holidays
excluded. Retries are by outcome, each with a minimum delay and a maximum number of
attempts ending that way; busy, unanswered and failed calls move on to the household's
next registered number first. A household never reached after the last attempt goes to
the officers as a "no contact" task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from voicebot.officehours import OfficeCalendar

# outcome of an attempt -> the policy key it falls under
OUTCOME_KEYS = {
    "busy": "busy", "no-answer": "no_answer", "failed": "failed", "canceled": "failed", "voicemail": "machine",
    "no_interview": "no_answer", "hung_up": "dropped", "callback": "callback",
}
DEFAULT_POLICY: dict[str, dict[str, int]] = {
    "busy": {"delay_s": 1800, "max": 3},
    "no_answer": {"delay_s": 7200, "max": 3},
    "failed": {"delay_s": 3600, "max": 2},
    "machine": {"delay_s": 10800, "max": 2},
    "dropped": {"delay_s": 1800, "max": 2},  # hung up mid-interview: called again, resumed where it stopped
    "callback": {"delay_s": 0, "max": 2},  # called back at the time asked (or after delay_s)
}
NEXT_NUMBER = {"busy", "no_answer", "failed"}  # try the household's next registered number
DAYS = ("월", "화", "수", "목", "금", "토", "일")
# A campaign's window open at every hour of every day, holidays too: the demo, the fault
# drill, benchmarks and whole-call tests call whenever they run. A campaign's own default is
# weekday hours in Seoul, and a window missing one of these four (the days, until
# 2026-12-04) dials nobody from Friday 15:00 UTC to Sunday 15:00 UTC.
ALWAYS_OPEN: dict[str, Any] = {"window_days": "0,1,2,3,4,5,6", "window_start_hour": 0, "window_end_hour": 24,
                               "call_on_holidays": True}


@dataclass(frozen=True)
class Retry:
    at: datetime | None  # None: no more attempts
    next_number: bool = False


def policy(campaign_policy: dict[str, Any], default_delay_s: int | None = None) -> dict[str, dict[str, int]]:
    """The campaign's policy over the defaults (a campaign's retry_delay_s sets every delay it
    does not set itself, so old campaigns keep their pace)."""
    out = {k: dict(v) for k, v in DEFAULT_POLICY.items()}
    if default_delay_s is not None:
        for key, rule in out.items():
            if key != "callback":
                rule["delay_s"] = default_delay_s
    for key, rule in (campaign_policy or {}).items():
        if key in out and isinstance(rule, dict):
            out[key].update({k: int(v) for k, v in rule.items() if k in ("delay_s", "max")})
    return out


def retry_after(outcome: str, counts: dict[str, int], attempts: int, max_attempts: int,
                rules: dict[str, dict[str, int]], now: datetime, callback_at: datetime | None = None) -> Retry:
    key = OUTCOME_KEYS.get(outcome)
    if key is None or attempts >= max_attempts:
        return Retry(None)
    rule = rules[key]
    if counts.get(key, 0) >= rule["max"]:
        return Retry(None)
    when = callback_at if key == "callback" and callback_at else now + timedelta(seconds=rule["delay_s"])
    return Retry(when, key in NEXT_NUMBER)


def in_window(calendar: OfficeCalendar, when: datetime, days: str, start_hour: int, end_hour: int,
              holidays_too: bool) -> bool:
    local = calendar.local(when)
    allowed = {int(d) for d in days.split(",") if d.strip().isdigit()} if days else set(range(7))
    if local.weekday() not in allowed:
        return False
    return calendar.in_window(when, start_hour, end_hour, holidays_too)


def next_window_start(calendar: OfficeCalendar, when: datetime, days: str, start_hour: int, end_hour: int,
                      holidays_too: bool) -> datetime | None:
    """The first moment at or after `when` inside the window (within two weeks), for status pages."""
    probe = when.replace(second=0, microsecond=0)
    for _ in range(14 * 24 * 4):
        if in_window(calendar, probe, days, start_hour, end_hour, holidays_too):
            return probe
        probe += timedelta(minutes=15)
    return None


def describe_days(days: str) -> str:
    return "".join(DAYS[int(d)] for d in days.split(",") if d.strip().isdigit() and int(d) < 7)
