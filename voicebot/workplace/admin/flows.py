"""Call scripts in the browser: list them, read one and see it drawn, try it by typing
answers, validate an upload (each mistake with its line), and publish a new version, which
goes live only when it validates and the script's conversation tests all pass. Every
published version is kept; each call shows the version it used."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from starlette.datastructures import UploadFile

from voicebot.db import AuditEvent, CallAttempt, Campaign, FlowVersion
from voicebot.flow import load_flow, validate_file
from voicebot.flow.testing import default_tests_file, run_flow_tests
from voicebot.workplace import auth
from voicebot.workplace.admin.campaigns import flow_files
from voicebot.workplace.render import page

router = APIRouter()
MAX_FLOW_BYTES = 1_000_000


def _flow_path(svc, name: str) -> Path:  # noqa: ANN001
    files = {p.name: p for p in flow_files(svc)}
    if name not in files:
        raise HTTPException(404, "없는 상담 시나리오입니다.")
    return files[name]


@router.get("/flows", response_class=HTMLResponse)
def flows_page(request: Request) -> HTMLResponse:
    officer = auth.require(request, "admin")
    svc = request.app.state.services
    rows = []
    for path in flow_files(svc):
        errors = validate_file(path)
        flow = None if errors else load_flow(path)
        rows.append({"name": path.name, "flow": flow, "errors": len(errors)})
    return page(request, "admin_flows.html", officer, rows=rows, errors=None, checked=None)


@router.post("/flows/validate", response_class=HTMLResponse)
async def validate_upload(request: Request) -> HTMLResponse:
    officer, form = await auth.posted(request, "admin")
    upload = form.get("flow")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(400, "YAML 파일을 골라 주세요.")
    name, errors = await _check(upload)
    svc = request.app.state.services
    rows = [{"name": p.name, "flow": None, "errors": 0} for p in flow_files(svc)]
    return page(request, "admin_flows.html", officer, rows=rows, errors=errors, checked=name)


async def _check(upload: UploadFile, tests: Path | None = None) -> tuple[str, list[str]]:
    """Validates an upload under its own name; with `tests`, runs those conversation tests too."""
    name = Path(upload.filename or "flow.yaml").name
    data = await upload.read(MAX_FLOW_BYTES + 1)
    if len(data) > MAX_FLOW_BYTES:
        return name, [f"{name}:1: file is larger than 1 MB"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        errors = [e.replace(str(path), name) for e in await asyncio.to_thread(validate_file, path)]
        if not errors and tests is not None:
            out: list[str] = []
            code = await asyncio.to_thread(run_flow_tests, path, tests, out.append)
            if code:
                errors = [line.replace(str(path), name) for line in out]
    return name, errors


@router.get("/flows/{name}", response_class=HTMLResponse)
def flow_page(name: str, request: Request) -> HTMLResponse:
    officer = auth.require(request, "admin")
    return page(request, "admin_flow.html", officer, **_flow_context(request.app.state.services, name))


def _flow_context(svc, name: str, publish_errors: list[str] | None = None) -> dict:  # noqa: ANN001
    path = _flow_path(svc, name)
    errors = validate_file(path)
    svg = ""
    if not errors:
        from voicebot.flow.graph import to_dot

        svg = to_dot(load_flow(path)).pipe(format="svg").decode("utf-8")
        svg = svg[svg.find("<svg"):]
    with svc.db.session() as session:
        versions = session.execute(select(FlowVersion.sha256, FlowVersion.published_by, FlowVersion.created_at)
                                   .where(FlowVersion.path == str(path)).order_by(FlowVersion.id.desc())).all()
        calls = dict(session.execute(select(CallAttempt.flow_hash, func.count()).join(CallAttempt.enrollment)
                                     .join(Campaign).where(Campaign.flow_path == str(path.resolve()))
                                     .group_by(CallAttempt.flow_hash)).all())
    return {"name": name, "source": path.read_text(encoding="utf-8"), "errors": errors, "svg": svg,
            "versions": versions, "calls": calls, "publish_errors": publish_errors,
            "current": load_flow(path).sha256 if not errors else ""}


@router.post("/flows/{name}/publish", response_class=HTMLResponse)
async def publish(name: str, request: Request) -> HTMLResponse:
    officer, form = await auth.posted(request, "admin")
    svc = request.app.state.services
    path = _flow_path(svc, name)
    upload = form.get("flow")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(400, "YAML 파일을 골라 주세요.")
    upload.filename = name  # the tests name the script they test
    _, errors = await _check(upload, default_tests_file(path))
    if errors:
        return page(request, "admin_flow.html", officer, status_code=400, **_flow_context(svc, name, errors))
    await upload.seek(0)
    data = await upload.read()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".yaml.tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)  # atomic: a call starting now reads the old or the new, never half of one
    flow = load_flow(path)
    with svc.db.session() as session:
        if session.scalar(select(FlowVersion.id).where(FlowVersion.sha256 == flow.sha256)) is None:
            session.add(FlowVersion(sha256=flow.sha256, flow_id=flow.id, path=str(path),
                                    content=data.decode("utf-8"), published_by=officer.username))
        session.add(AuditEvent(actor=officer.username, action="flow_published", subject=f"flow:{name}",
                               detail={"sha256": flow.sha256}))
    return page(request, "admin_flow.html", officer, **_flow_context(svc, name))


@router.api_route("/flows/{name}/try", methods=["GET", "POST"], response_class=HTMLResponse)
async def try_flow(name: str, request: Request) -> HTMLResponse:
    """The conversation so far is the list of answers typed; each round replays it through
    the engine and the classifier from the start (nothing of it is kept on the server)."""
    officer = auth.require(request, "admin")
    svc = request.app.state.services
    path = _flow_path(svc, name)
    answers: list[str] = []
    indicators = ""
    if request.method == "POST":
        form = await request.form()
        auth.check_csrf(request, officer, str(form.get("csrf_token", "")))
        answers = [str(a)[:300] for a in form.getlist("answers")][:60]
        if "answer" in form:
            answers.append(str(form.get("answer", ""))[:300])
        indicators = str(form.get("indicators", ""))
    lines = await asyncio.to_thread(_replay, request, path, answers, indicators)
    return page(request, "admin_try.html", officer, name=name, lines=lines, answers=answers, indicators=indicators)


def _replay(request: Request, path: Path, answers: list[str], indicators: str) -> list[str]:
    from voicebot.flow.simulate import simulate

    flow = load_flow(path)
    chosen = tuple(i for i in indicators.split(",") if i in flow.indicators)
    pending = iter(answers)
    lines: list[str] = []

    def read(_: str) -> str:
        try:
            text = next(pending)
        except StopIteration:
            raise EOFError from None
        lines.append(f"나: {text or '(침묵)'}")
        return text

    simulate(path, chosen, "홍길동", classifier=_classifier(request), read=read, echo=lines.append)
    # The terminal's header and, when the typed answers simply ran out, the hang-up it
    # reports are the command line's business, not the administrator's.
    if lines and "Ctrl-D" in lines[0]:
        lines.pop(0)
    if lines and lines[-1].startswith("outcome: hung_up"):
        lines.pop()
    return lines


def _classifier(request: Request):  # noqa: ANN202
    """The system's classifier, loaded once per server process on first use."""
    state = request.app.state
    if getattr(state, "classifier", None) is None:
        from voicebot.classifier import load_nlu

        state.classifier = load_nlu(state.services.settings)
    return state.classifier
