"""`voicebot demo`: a whole outbound campaign on the simulated phone network.

Starts the web server, the simulator, RQ workers and the scheduler as separate
processes (as in production), calls 22 fictional households, shows progress, and
prints the outcome. The demo's database stays behind for inspection."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table
from sqlalchemy import select

from voicebot.campaigns.control import SETTLED
from voicebot.campaigns.policy import ALWAYS_OPEN
from voicebot.db import Campaign, Case, Database, Enrollment, Household, Office, Service
from voicebot.households import enroll
from voicebot.privacy import mask_phone
from voicebot.processes import LocalStack, ProcessGroup, private_redis, redis_reachable
from voicebot.settings import DEMO_PASSWORD, PROJECT_ROOT, Settings
from voicebot.simulator.personas import load_personas
from voicebot.simulator.voices import shared_speech
from voicebot.workplace.auth import add_user

FLOWS = PROJECT_ROOT / "call_flows"
# (persona, crisis indicators) per household; Korean ones use Twilio speech recognition
# (no Korean text-to-speech exists offline), English ones send recordings through Whisper.
KO_HOUSEHOLDS = [
    ("ko_fine", []), ("ko_fine", ["telecom_arrears"]), ("ko_depressed_quiet", []), ("ko_fine", ["living_alone"]),
    ("ko_crisis_food_utilities", ["electricity_cutoff", "living_alone"]),
    ("ko_crisis_food_utilities", ["gas_cutoff", "rent_arrears", "living_alone"]),
    ("ko_crisis_food_utilities", ["water_cutoff", "health_insurance_arrears"]),
    ("ko_depressed_suicidal", ["recent_unemployment", "financial_delinquency"]),
    ("ko_callback", []), ("ko_wrong_person", []), ("ko_opt_out", []), ("ko_abuse", ["disability"]),
    ("ko_silent_then_hangup", ["living_alone"]), ("ko_request_human", []),
    ("busy_line", []), ("no_answer", []), ("voicemail", []), ("ko_fine", ["long_term_illness"]),
]
EN_HOUSEHOLDS = [("en_fine", []), ("en_crisis", ["electricity_cutoff"]), ("en_crisis", ["living_alone"]),
                 ("en_noisy", [])]
# Real Korean recordings through Whisper, when ../shared/speech is on this machine.
RECORDED_HOUSEHOLDS = [("ko_recorded", ["living_alone"])]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["영숙", "정희", "순자", "철수", "영호", "미경", "동훈", "광수", "말순", "복희", "성민", "현우"]
DEMO_SERVICES = ("긴급복지지원", "기초생활보장 신청", "방문 건강관리", "정신건강복지센터 연계", "푸드뱅크",
                 "에너지 바우처")


def run_demo(settings: Settings, households: int = 22, time_scale: float = 0.05, timeout_s: float = 280) -> int:
    console = Console()
    started = time.monotonic()
    work = settings.data_dir / "demo"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db_url = f"sqlite:///{work / 'demo.db'}"
    with ExitStack() as stack:
        redis_url = settings.redis_url
        if not redis_reachable(redis_url):
            redis_url = stack.enter_context(private_redis())
            console.print(f"[yellow]No Redis at {settings.redis_url}: started a private redis-server for this demo.")
        db = Database(db_url)
        db.upgrade()
        directory = _seed(db, households)
        local = LocalStack(db_url, redis_url, work, time_scale, extra_env={"VOICEBOT_MAX_CONCURRENT_CALLS": "6",
                                                                          "VOICEBOT_RECORDING_RETENTION_DAYS": "30"})
        stack.callback(local.stop)
        local.start(directory)
        group = local.group
        console.print(f"Calling {len(directory)} simulated households (server :{local.server_port}, "
                      f"simulated Twilio :{local.sim_port}, Redis {_redact(redis_url)})")
        done = _watch(console, db, group, started, timeout_s)
        elapsed = time.monotonic() - started
    _summary(console, db, work, elapsed, done)
    return 0 if done else 1


def _seed(db: Database, n: int) -> dict[str, str]:
    plan = (KO_HOUSEHOLDS + EN_HOUSEHOLDS)
    plan = (plan * (n // len(plan) + 1))[:n]
    if (shared_speech() / "manifest.tsv").exists():
        plan += RECORDED_HOUSEHOLDS
    directory = {}
    people = load_personas()
    with db.session() as session:
        office = Office(code="haengbok", name="행복동 주민센터")
        session.add(office)
        session.flush()
        session.add_all([Service(office_id=office.id, name=name) for name in DEMO_SERVICES])
    add_user(db, "officer", "김담당 (데모)", DEMO_PASSWORD, "officer", "haengbok")
    add_user(db, "admin", "관리자 (데모)", DEMO_PASSWORD, "admin", None)
    with db.session() as session:
        campaigns = {}
        plans = (("ko", "welfare_screening_ko.yaml", "gather"), ("en", "welfare_screening_en.yaml", "record"),
                 ("ko-audio", "welfare_screening_ko.yaml", "record"))
        for kind, flow, mode in plans:
            c = Campaign(name=f"demo-{kind}", flow_path=str(FLOWS / flow), answer_mode=mode, office_id=office.id,
                         max_attempts=2, retry_delay_s=3, **ALWAYS_OPEN)
            session.add(c)
            campaigns[kind] = c
        session.flush()
        for i, (persona, indicators) in enumerate(plan):
            lang = "en" if persona.startswith("en_") else "ko"
            kind = "ko-audio" if persona == "ko_recorded" else lang
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
            phone = f"+8210{5550000 + i * 37:04d}{i % 10}"[:13]
            h = Household(name=name, phone=phone, birth_year=people[persona].birth_year, indicators=indicators,
                          persona=persona, language=lang)
            session.add(h)
            session.flush()
            enroll(session, campaigns[kind], h)
            directory[phone] = persona
    return directory


def _counts(db: Database) -> tuple[Counter, bool]:
    now = datetime.now(UTC)
    with db.session() as session:
        rows = session.scalars(select(Enrollment)).all()
        counts = Counter(e.status for e in rows)
        settled = all(e.status in SETTLED or (e.status == "retry" and e.next_attempt_at is not None
                                            and _aware(e.next_attempt_at) > now + timedelta(minutes=10))
                      for e in rows)
    return counts, settled


def _watch(console: Console, db: Database, group: ProcessGroup, started: float, timeout_s: float) -> bool:
    with Live(console=console, refresh_per_second=4, transient=True) as live:
        while time.monotonic() - started < timeout_s:
            group.check()
            counts, settled = _counts(db)
            live.update(f"[bold]{time.monotonic() - started:5.1f}s[/]  " +
                        "  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
            if settled:
                return True
            time.sleep(0.5)
    console.print("[red]The demo did not finish in time; see the logs.")
    return False


def _summary(console: Console, db: Database, work: Path, elapsed: float, done: bool) -> None:
    table = Table(title="Campaign result", show_lines=False)
    for col in ("household", "phone", "persona", "outcome", "crisis level", "top needs", "case"):
        table.add_column(col)
    with db.session() as session:
        rows = session.scalars(select(Enrollment).order_by(Enrollment.id)).all()
        cases = {c.enrollment_id: c for c in session.scalars(select(Case)).all()}
        for e in rows:
            h = e.household
            case = cases.get(e.id)
            outcome = e.status if e.status != "retry" else f"call back {_aware(e.next_attempt_at):%m-%d %H:%M}"
            level = e.crisis_level or "-"
            style = {"urgent": "bold red", "high": "red", "moderate": "yellow"}.get(level, "")
            shown_level = f"[{style}]{level}[/]" if style else level
            case_cell = ""
            if case:
                case_cell = f"#{case.id} p{case.priority}" + (f" {','.join(case.risks)}" if case.risks else "")
            table.add_row(h.name, mask_phone(h.phone), h.persona or "", outcome, shown_level,
                          ", ".join(e.top_needs) or "-", case_cell)
        n_cases = len(cases)
    console.print(table)
    console.print(f"{'Finished' if done else 'Stopped'} in {elapsed:.0f} s; {n_cases} households queued for officers.")
    console.print(f"Database: {work / 'demo.db'}   logs: {work / 'logs'}")
    console.print("Officers' pages: VOICEBOT_ENVIRONMENT=demo VOICEBOT_DATA_DIR=" + str(work) +
                  " VOICEBOT_DATABASE_URL=sqlite:///" + str(work / "demo.db") + " voicebot serve")
    console.print(f"  -> http://127.0.0.1:8000/officer/  (officer / {DEMO_PASSWORD}; admin / {DEMO_PASSWORD})")


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _redact(url: str) -> str:
    return url.split("@")[-1]
