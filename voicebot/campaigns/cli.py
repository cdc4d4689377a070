"""`voicebot campaign ...`: an office runs a round from its spreadsheet."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from voicebot.settings import Settings

app = typer.Typer(help="Campaigns: import a household list, start, pause, resume, cancel, watch.",
                  no_args_is_help=True)


def _database(settings: Settings | None = None):  # noqa: ANN202  (a voicebot.db.Database)
    # Imported here: the database layer costs every other `voicebot` command a second.
    from voicebot.db import Database

    return Database.upgraded((settings or Settings()).database_url)


def _hours(text: str) -> tuple[int, int]:
    try:
        start, end = (int(x) for x in text.split("-"))
    except ValueError:
        raise typer.BadParameter("hours look like 10-20") from None
    return start, end


@app.command("create")
def create(name: str,
           household_list: Path = typer.Option(None, "--list", "--csv", exists=True, dir_okay=False,
                                               help="CSV (UTF-8 or CP949) or Excel .xlsx household list."),
           flow: Path = typer.Option(None, help="Call flow (default: the Korean screening flow)."),
           mode: str = typer.Option("record", help="record (Whisper) or gather (Twilio speech)"),
           office: str = typer.Option(None, help="Office code: whose officers see these households."),
           days: str = typer.Option("0,1,2,3,4", help="Weekdays to call, Monday = 0."),
           hours: str = typer.Option("10-20", help="Call window in Seoul time, e.g. 10-20."),
           holidays: bool = typer.Option(False, "--holidays/--no-holidays", help="Call on public holidays too."),
           cps: float = typer.Option(1.0, help="Calls started per second, at most."),
           concurrent: int = typer.Option(3, help="Calls live at once, at most."),
           attempts: int = typer.Option(5, help="Attempts per household, all outcomes together."),
           text: str = typer.Option(None, help="The message sent before the first call ({office}, {office_phone}, "
                                               "{from_number}); the default text unless --no-text."),
           no_text: bool = typer.Option(False, "--no-text", help="Send no message before calling."),
           text_lead: int = typer.Option(600, help="Seconds between the message and the call."),
           start: bool = typer.Option(True, "--start/--draft", help="Start calling at once, or leave it a draft."),
           ) -> None:
    """Create a campaign and enrol the households of a list."""
    from voicebot.campaigns.control import CampaignError, CampaignSpec
    from voicebot.campaigns.control import create as create_campaign
    from voicebot.campaigns.texts import DEFAULT_TEMPLATE, TemplateError
    from voicebot.flow import FlowInvalid

    settings = Settings()
    start_hour, end_hour = _hours(hours)
    db = _database(settings)
    spec = CampaignSpec(
        name=name, flow_path=flow or settings.default_flow, office_id=_office(db, office), answer_mode=mode,
        window_days=days, window_start_hour=start_hour, window_end_hour=end_hour, call_on_holidays=holidays,
        calls_per_second=cps, max_concurrent=concurrent, max_attempts=attempts,
        sms_template="" if no_text else (text or DEFAULT_TEMPLATE), sms_lead_s=text_lead,
        status="active" if start else "draft")
    try:
        cid = create_campaign(db, spec)
    except FlowInvalid as exc:
        typer.echo("\n".join(exc.errors), err=True)
        raise typer.Exit(1) from None
    except (CampaignError, TemplateError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"campaign {cid}: {name} ({spec.status})")
    if household_list is not None:
        _import(db, cid, household_list)


@app.command("import")
def import_list(campaign_id: int, household_list: Path = typer.Option(..., "--list", "--csv", exists=True,
                                                                     dir_okay=False)) -> None:
    """Enrol the households of another list into a campaign."""
    _import(_database(), campaign_id, household_list)


def _import(db, campaign_id: int, path: Path) -> None:  # noqa: ANN001
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from voicebot.campaigns.importer import import_households
    from voicebot.campaigns.sources import SourceError
    from voicebot.db import Campaign
    from voicebot.flow import load_flow

    with db.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            typer.echo(f"error: no campaign {campaign_id}", err=True)
            raise typer.Exit(2)
        flow_path = campaign.flow_path
    known = frozenset(load_flow(flow_path).indicators)
    total = _count_lines(path)
    with Progress(TextColumn("importing"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,} rows"),
                  TimeElapsedColumn(), transient=True, disable=not _tty()) as bar:
        task = bar.add_task("import", total=total)
        errors: list[str] = []  # every one, printed after the bar (the import keeps the first 2,000)
        try:
            report = import_households(db, campaign_id, path, known, progress=lambda n: bar.update(task, completed=n),
                                       rejected=errors.append)
        except SourceError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
    for error in errors:
        typer.echo(error, err=True)
    typer.echo(f"{path}: {report.summary()} in {report.elapsed_s:.1f} s")


def _count_lines(path: Path) -> int | None:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return None
    with path.open("rb") as f:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1)


def _tty() -> bool:
    import sys

    return sys.stderr.isatty()


def _office(db, code: str | None) -> int | None:  # noqa: ANN001
    if code is None:
        return None
    from sqlalchemy import select

    from voicebot.db import Office

    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == code))
        if office is None:
            typer.echo(f"error: no office with code {code} (voicebot office add)", err=True)
            raise typer.Exit(2)
        return office.id


def _act(campaign_id: int, action: str) -> None:
    from voicebot.campaigns.control import CampaignError, act

    try:
        status = act(_database(), campaign_id, action)
    except CampaignError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"campaign {campaign_id}: {status}")


@app.command("start")
def start_(campaign_id: int) -> None:
    """Start calling (a draft)."""
    _act(campaign_id, "start")


@app.command("pause")
def pause(campaign_id: int) -> None:
    """Start no new calls; those in progress finish."""
    _act(campaign_id, "pause")


@app.command("resume")
def resume(campaign_id: int) -> None:
    """Carry on calling."""
    _act(campaign_id, "resume")


@app.command("cancel")
def cancel(campaign_id: int) -> None:
    """Call no one else in this campaign."""
    _act(campaign_id, "cancel")


@app.command("list")
def list_() -> None:
    """Every campaign with its status and progress."""
    from sqlalchemy import select

    from voicebot.campaigns.control import progress
    from voicebot.db import Campaign

    db = _database()
    with db.session() as session:
        ids = session.scalars(select(Campaign.id).order_by(Campaign.id)).all()
    for cid in ids:
        p = progress(db, cid)
        typer.echo(f"{cid:>4}  {p['status']:<9}  {p['settled']:>8,}/{p['households']:<8,} settled  "
                   f"{p['live_calls']:>3} live  {p['window']}  {p['name']}")


@app.command("status")
def status(campaign_id: int, watch: bool = typer.Option(False, "--watch", help="A live view until Ctrl-C."),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Households by state: pending, scheduled, messaged, calling, completed, no contact, ..."""
    from rich.console import Console
    from rich.live import Live

    from voicebot.campaigns.control import CampaignError, progress

    db = _database()
    try:
        report = progress(db, campaign_id)
    except CampaignError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    console = Console()
    if not watch:
        console.print(_view(report))
        return
    with Live(_view(report), console=console, refresh_per_second=2) as live:
        try:
            while True:
                time.sleep(1)
                live.update(_view(progress(db, campaign_id)))
        except KeyboardInterrupt:
            pass


LABELS = {"pending": "대기", "scheduled": "재시도 예정", "messaged": "문자 발송", "calling": "통화 중",
          "completed": "완료", "no_contact": "연락 안 됨", "opted_out": "수신 거부", "wrong_person": "다른 사람",
          "call_back": "다시 전화", "declined": "면담 거절", "incomplete": "면담 미완료", "cancelled": "취소"}


def _view(report: dict):  # noqa: ANN202
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    table = Table(title=f"campaign {report['id']}: {report['name']} — {report['status']}, {report['window']}, "
                        f"{report['calls_per_second']:g}/s, {report['live_calls']} live",
                  show_header=True, expand=False)
    table.add_column("state")
    table.add_column("households", justify="right")
    table.add_column("", width=40)
    total = max(report["households"], 1)
    for state, n in report["counts"].items():
        table.add_row(f"{state} ({LABELS[state]})", f"{n:,}", ProgressBar(total=total, completed=n, width=40))
    table.add_row("settled", f"{report['settled']:,}/{report['households']:,}",
                  ProgressBar(total=total, completed=report["settled"], width=40))
    return table
