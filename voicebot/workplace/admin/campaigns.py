"""Campaigns in the browser: upload a household list, read the import report, start, pause,
resume, cancel, and watch the round go (the progress block refreshes itself with htmx)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from starlette.datastructures import UploadFile

from voicebot.campaigns import control
from voicebot.campaigns.importer import import_households
from voicebot.campaigns.sources import SourceError
from voicebot.campaigns.texts import DEFAULT_TEMPLATE, TemplateError
from voicebot.db import Campaign, CampaignImport, Office
from voicebot.flow import FlowInvalid, load_flow
from voicebot.workplace import auth
from voicebot.workplace.render import page

router = APIRouter()
MAX_UPLOAD = 200 * 1024 * 1024
LIST_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def flow_files(svc) -> list[Path]:  # noqa: ANN001
    return sorted(p for p in svc.settings.flows_dir.glob("*.yaml") if not p.name.endswith(".tests.yaml"))


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns_page(request: Request) -> HTMLResponse:
    officer = auth.require(request, "admin")
    svc = request.app.state.services
    with svc.db.session() as session:
        ids = session.scalars(select(Campaign.id).order_by(Campaign.id.desc())).all()
        offices = session.execute(select(Office.id, Office.name).order_by(Office.name)).all()
    rows = [control.progress(svc.db, cid) for cid in ids]
    return page(request, "admin_campaigns.html", officer, rows=rows, offices=offices, flows=flow_files(svc),
                default_text=DEFAULT_TEMPLATE, error="")


async def save_upload(upload: UploadFile, svc) -> tuple[Path, str]:  # noqa: ANN001
    """The uploaded file on disk (a private folder), and its own name for messages."""
    name = Path(upload.filename or "list.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in LIST_SUFFIXES:
        raise HTTPException(400, "CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.")
    folder = svc.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    fd, raw = tempfile.mkstemp(suffix=suffix, dir=folder)
    size = 0
    with open(fd, "wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > MAX_UPLOAD:
                raise HTTPException(400, "파일이 너무 큽니다(200MB까지).")
            out.write(chunk)
    return Path(raw), name


@router.post("/campaigns")
async def create_campaign(request: Request) -> RedirectResponse:
    officer, form = await auth.posted(request, "admin")
    svc = request.app.state.services
    flows = {p.name: p for p in flow_files(svc)}
    try:
        spec = control.CampaignSpec(
            name=str(form.get("name", "")).strip() or "이름 없는 캠페인",
            flow_path=flows[str(form.get("flow", ""))], office_id=int(str(form.get("office_id", "0"))) or None,
            answer_mode=str(form.get("mode", "record")), window_days=",".join(str(d) for d in form.getlist("days")),
            window_start_hour=int(str(form.get("start_hour", "10"))),
            window_end_hour=int(str(form.get("end_hour", "20"))),
            call_on_holidays=bool(form.get("holidays")), calls_per_second=float(str(form.get("cps", "1"))),
            max_concurrent=int(str(form.get("concurrent", "3"))), max_attempts=int(str(form.get("attempts", "5"))),
            sms_template=str(form.get("sms_template", "")).strip(), sms_lead_s=int(str(form.get("sms_lead_s", "600"))),
            status="draft", created_by=officer.username)
        cid = await asyncio.to_thread(control.create, svc.db, spec)
    except KeyError:
        raise HTTPException(400, "상담 시나리오를 골라 주세요.") from None
    except (ValueError, control.CampaignError, TemplateError) as exc:
        raise HTTPException(400, f"캠페인 설정을 확인해 주세요: {exc}") from None
    except FlowInvalid:
        raise HTTPException(400, "상담 시나리오에 오류가 있습니다. '상담 시나리오'에서 확인해 주세요.") from None
    upload = form.get("list")
    if isinstance(upload, UploadFile) and upload.filename:
        await _import(svc, cid, upload)
    return RedirectResponse(f"/admin/campaigns/{cid}", status_code=303)


async def _import(svc, cid: int, upload: UploadFile) -> None:  # noqa: ANN001
    path, name = await save_upload(upload, svc)
    try:
        with svc.db.session() as session:
            flow_path = session.get_one(Campaign, cid).flow_path
        known = frozenset(load_flow(flow_path).indicators)
        await asyncio.to_thread(import_households, svc.db, cid, path, known, None, name)
    except SourceError as exc:
        with svc.db.session() as session:  # a file that cannot be read at all is reported like any other
            session.add(CampaignImport(campaign_id=cid, filename=name, encoding="-", errors=[str(exc)]))
    finally:
        path.unlink(missing_ok=True)


@router.post("/campaigns/{campaign_id}/lists")
async def add_list(campaign_id: int, request: Request) -> RedirectResponse:
    _, form = await auth.posted(request, "admin")
    upload = form.get("list")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(400, "명단 파일을 골라 주세요.")
    await _import(request.app.state.services, campaign_id, upload)
    return RedirectResponse(f"/admin/campaigns/{campaign_id}", status_code=303)


@router.get("/campaigns/{campaign_id}", response_class=HTMLResponse)
def campaign_page(campaign_id: int, request: Request) -> HTMLResponse:
    officer = auth.require(request, "admin")
    svc = request.app.state.services
    try:
        progress = control.progress(svc.db, campaign_id)
    except control.CampaignError:
        raise HTTPException(404, "없는 캠페인입니다.") from None
    with svc.db.session() as session:
        imports = session.scalars(select(CampaignImport).where(CampaignImport.campaign_id == campaign_id)
                                  .order_by(CampaignImport.id.desc())).all()
        campaign = session.get_one(Campaign, campaign_id)
    return page(request, "admin_campaign.html", officer, p=progress, imports=imports, campaign=campaign,
                actions=[a for a, (allowed, _) in control.ACTIONS.items() if progress["status"] in allowed])


@router.get("/campaigns/{campaign_id}/progress", response_class=HTMLResponse)
def progress_block(campaign_id: int, request: Request) -> HTMLResponse:
    officer = auth.require(request, "admin")
    try:
        progress = control.progress(request.app.state.services.db, campaign_id)
    except control.CampaignError:
        raise HTTPException(404, "없는 캠페인입니다.") from None
    return page(request, "admin_progress.html", officer, p=progress)


@router.post("/campaigns/{campaign_id}/{action}")
async def campaign_action(campaign_id: int, action: str, request: Request) -> RedirectResponse:
    officer, _ = await auth.posted(request, "admin")
    svc = request.app.state.services
    try:
        await asyncio.to_thread(control.act, svc.db, campaign_id, action, officer.username)
    except control.CampaignError as exc:
        raise HTTPException(400, f"할 수 없는 작업입니다: {exc}") from None
    return RedirectResponse(f"/admin/campaigns/{campaign_id}", status_code=303)
