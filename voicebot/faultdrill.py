"""A fault drill: a simulated campaign run while the things that fail in production fail.

The whole system runs as separate processes (server, simulated Twilio, RQ workers,
scheduler) on a private redis-server. While households answer, the drill

- SIGKILLs an answer worker and starts another, as a supervisor would;
- SIGKILLs the dial worker while Twilio is slow to confirm a call it has placed;
- kills Redis (which keeps nothing on disk: every queue is lost) and starts it again;
- has the network deliver status callbacks twice, late, or never.

Then it checks what must hold: every answer given was processed exactly once, every risk
said opened an urgent case, no call is left live, every household reached a final state,
and nobody was dialled twice at once. `tests/test_faults.py` runs it in `make test`;
`python scripts/bench_faults.py` prints its figures (BENCHMARKS.md)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select

from voicebot import callstate
from voicebot.campaigns.control import SETTLED
from voicebot.campaigns.policy import ALWAYS_OPEN
from voicebot.db import CallAttempt, Campaign, Case, Database, Enrollment, Household, OutboxEntry, Turn
from voicebot.households import enroll
from voicebot.processes import LocalStack, RedisServer
from voicebot.settings import PROJECT_ROOT
from voicebot.simulator.personas import HANGUP, SILENCE, load_personas

RISKY = {"ko_depressed_suicidal": "suicide", "ko_abuse": "abuse"}
PEOPLE = ["ko_depressed_suicidal", "ko_abuse", "ko_crisis_food_utilities", "ko_fine", "ko_depressed_suicidal",
          "ko_abuse", "ko_fine", "ko_crisis_food_utilities", "busy_line", "ko_silent_then_hangup", "no_answer",
          "ko_request_human"]


@dataclass
class DrillReport:
    households: int = 0
    calls_placed: int = 0
    answers_given: int = 0
    answers_processed: int = 0
    answers_lost: int = 0
    processed_twice: int = 0
    risks_said: int = 0
    risk_cases: int = 0
    live_calls_left: int = 0
    households_not_final: int = 0
    double_dials: int = 0
    callbacks_dropped: int = 0
    server_errors: int = 0  # webhook requests our server answered with a 5xx
    redis_down_s: float = 0.0
    recovery_s: float = 0.0
    elapsed_s: float = 0.0
    problems: list[str] = field(default_factory=list)
    personal_data: set[str] = field(default_factory=set, repr=False)  # what must appear in no log

    @property
    def ok(self) -> bool:
        return not self.problems


def run_drill(database_url: str, work: Path, households: int = 12, redis_down_s: float = 3.0,
              time_scale: float = 0.02, timeout_s: float = 240.0, chaos: dict | None = None) -> DrillReport:
    report = DrillReport()
    started = time.monotonic()
    redis = RedisServer().start()
    db = Database(database_url)
    db.upgrade()
    directory = _seed(db, households)
    report.households = len(directory)
    stack = LocalStack(database_url, redis.url, work, time_scale, answer_workers=2, extra_env={
        "VOICEBOT_STT_BACKEND": "simulated", "VOICEBOT_RECONCILE_AFTER_S": "4", "VOICEBOT_MAX_CONCURRENT_CALLS": "6",
        "VOICEBOT_ACCOUNT_CALLS_PER_SECOND": "5"})
    try:
        stack.start(directory)
        sim = stack.env["VOICEBOT_SIMULATOR_URL"]
        httpx.post(f"{sim}/sim/chaos", json=chaos or {"duplicate": 0.2, "reorder": 0.2, "drop_final": 0.15,
                                                      "create_delay": 1.5, "seed": 7}, timeout=10).raise_for_status()
        deadline = time.monotonic() + timeout_s
        _wait(lambda: _turns(db) >= 3, deadline, stack, "the first answers")
        stack.group.kill("worker-answers-1")  # SIGKILL, mid-batch or not
        stack.group.start("worker-answers-3", "worker", "answers")
        _kill_dial_worker_mid_call(db, stack, deadline)
        _wait(lambda: _turns(db) >= 12, deadline, stack, "more answers")
        redis.kill()
        time.sleep(redis_down_s)
        redis.start()  # the same port, nothing in it: every queued job is gone
        back = time.monotonic()
        report.redis_down_s = redis_down_s
        waiting = _undone(db)
        _wait(lambda: not (waiting & _undone(db)), deadline, stack, "the outbox to catch up")
        report.recovery_s = time.monotonic() - back
        _wait(lambda: _settled(db), deadline, stack, "every household to settle")
        calls = httpx.get(f"{sim}/sim/calls", timeout=10).json()["calls"]
    finally:
        stack.stop()
        redis.stop()
    _check(db, calls, report)
    report.elapsed_s = time.monotonic() - started
    return report


def _seed(db: Database, n: int) -> dict[str, str]:
    personas = load_personas()
    plan = (PEOPLE * (n // len(PEOPLE) + 1))[:n]
    directory = {}
    with db.session() as session:
        flow = PROJECT_ROOT / "call_flows" / "welfare_screening_ko.yaml"
        campaign = Campaign(name="fault drill", flow_path=str(flow),
                            answer_mode="gather", max_attempts=3, retry_delay_s=2, calls_per_second=5,
                            max_concurrent=6, **ALWAYS_OPEN)
        session.add(campaign)
        session.flush()
        for i, persona in enumerate(plan):
            h = Household(name=f"훈련가구{i}", phone=f"+8210777{i:05d}", birth_year=personas[persona].birth_year,
                          indicators=["living_alone"], persona=persona)
            session.add(h)
            session.flush()
            enroll(session, campaign, h)
            directory[h.phone] = persona
    return directory


def _kill_dial_worker_mid_call(db: Database, stack: LocalStack, deadline: float) -> None:
    """Kills the dial worker while Twilio has placed a call but not yet said so."""
    def mid_call() -> bool:
        with db.session() as session:
            return session.scalar(select(func.count()).select_from(CallAttempt).where(
                CallAttempt.status == "dialing", CallAttempt.call_sid.is_(None))) > 0

    _wait(mid_call, deadline, stack, "a call being placed", step=0.02)
    stack.group.kill("worker-dial")
    stack.group.start("worker-dial-2", "worker", "dial", "cases", "default")


def _turns(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Turn)) or 0


def _undone(db: Database) -> set[int]:
    with db.session() as session:
        return set(session.scalars(select(OutboxEntry.id).where(OutboxEntry.done_at.is_(None))))


def _settled(db: Database) -> bool:
    with db.session() as session:
        statuses = set(session.scalars(select(Enrollment.status)))
        live = session.scalar(select(func.count()).select_from(CallAttempt)
                              .where(CallAttempt.status.in_(callstate.LIVE))) or 0
    return statuses <= SETTLED and live == 0


def _wait(cond, deadline: float, stack: LocalStack, what: str, step: float = 0.2) -> None:  # noqa: ANN001
    while not cond():
        stack.group.check()
        if time.monotonic() > deadline:
            raise TimeoutError(f"fault drill: gave up waiting for {what}")
        time.sleep(step)


def _check(db: Database, calls: dict, report: DrillReport) -> None:
    said_by_sid = {sid: [t for who, t in c["transcript"] if who == "callee" and t not in (SILENCE, HANGUP)
                         and t != "(hangs up)"] for sid, c in calls.items()}
    report.personal_data |= {t for said in said_by_sid.values() for t in said}
    report.calls_placed = len(calls)
    report.callbacks_dropped = sum(len(c["dropped"]) for c in calls.values())
    report.server_errors = sum(code >= 500 for c in calls.values() for code in c["webhook_statuses"])
    with db.session() as session:
        attempts = session.scalars(select(CallAttempt)).all()
        by_sid = {a.call_sid: a for a in attempts if a.call_sid}
        for sid, said in said_by_sid.items():
            attempt = by_sid.get(sid)
            if attempt is None:
                report.problems.append(f"a call the network placed belongs to no attempt ({len(said)} answers)")
                report.answers_lost += len(said)
                continue
            heard = [t.transcript for t in attempt.turns if t.transcript]
            report.answers_given += len(said)
            report.answers_processed += sum(1 for t in attempt.turns if t.status == "processed" and t.transcript)
            missing = Counter(said) - Counter(heard)
            report.answers_lost += sum(missing.values())
            unprocessed = [t for t in attempt.turns if t.status != "processed"]
            if unprocessed:
                report.problems.append(f"attempt {attempt.id}: {len(unprocessed)} answers never processed")
            if attempt.dialogue_state and int(attempt.dialogue_state.get("turns", 0)) != len(attempt.turns):
                report.processed_twice += 1
        report.live_calls_left = sum(1 for a in attempts if a.status in callstate.LIVE)
        for h in session.scalars(select(Household)):
            national = "0" + h.phone.removeprefix("+82")
            dashed = f"{national[:3]}-{national[3:7]}-{national[7:]}"
            report.personal_data |= {h.name, h.phone, h.phone[1:], national, dashed}
        enrollments = session.scalars(select(Enrollment)).all()
        report.households_not_final = sum(1 for e in enrollments if e.status not in SETTLED)
        cases = {c.enrollment_id: c for c in session.scalars(select(Case))}
        for e in enrollments:
            risk = RISKY.get(e.household.persona or "")
            talked = any(t.transcript for a in e.attempts_log for t in a.turns)
            if risk and talked:
                report.risks_said += 1
                case = cases.get(e.id)
                if case is not None and risk in case.risks and case.level == "urgent":
                    report.risk_cases += 1
                else:
                    report.problems.append(f"enrollment {e.id}: {risk} said, no urgent case")
        # A household rung while another call to it was live, by the network's own record; and
        # calls that no attempt claims (an attempt dialled twice keeps only one SID).
        report.double_dials = sum(c["overlapping"] for c in calls.values())
        report.double_dials += sum(1 for sid in calls if sid not in by_sid)
    for name in ("answers_lost", "processed_twice", "live_calls_left", "households_not_final", "double_dials",
                 "server_errors"):
        if getattr(report, name):
            report.problems.append(f"{name}: {getattr(report, name)}")


