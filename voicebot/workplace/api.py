"""The campaigns' JSON API (in the OpenAPI schema at /api/openapi.json): create, import a
household list, start, pause, resume, cancel, and read progress. It sits behind the same
sign-in as the pages, for administrators only; a request that changes something carries
the session's CSRF token in the X-CSRF-Token header."""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, Header, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import select

from voicebot.campaigns import control
from voicebot.campaigns.sources import SourceError
from voicebot.campaigns.texts import TemplateError
from voicebot.db import Campaign, CampaignImport
from voicebot.flow import FlowInvalid
from voicebot.workplace import auth
from voicebot.workplace.admin.campaigns import flow_files, save_upload

router = APIRouter(prefix="/api", tags=["campaigns"])


class CampaignIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    flow: str = Field(description="A call script in the flows folder, e.g. welfare_screening_ko.yaml")
    office_id: int | None = None
    answer_mode: Literal["record", "gather"] = "record"
    window_days: str = Field("0,1,2,3,4", description="Weekdays, Monday = 0")
    window_start_hour: int = Field(10, ge=0, le=23)
    window_end_hour: int = Field(20, ge=1, le=24)
    call_on_holidays: bool = False
    calls_per_second: float = Field(1.0, gt=0, le=100)
    max_concurrent: int = Field(3, ge=1, le=1000)
    max_attempts: int = Field(5, ge=1, le=20)
    retry_policy: dict[str, dict[str, int]] = Field(default_factory=dict)
    sms_template: str = ""
    sms_lead_s: int = Field(600, ge=0)


class Progress(BaseModel):
    id: int
    name: str
    status: str
    office_id: int | None
    window: str
    calls_per_second: float
    max_concurrent: int
    households: int
    settled: int
    live_calls: int
    counts: dict[str, int]


class ImportOut(BaseModel):
    filename: str
    encoding: str
    rows: int
    enrolled: int
    new_households: int
    duplicates: int
    do_not_call: int
    rejected: int
    errors: list[str]


def _admin(request: Request, csrf: str | None = None, changes: bool = False) -> auth.Officer:
    officer = auth.require(request, "admin")
    if changes:
        auth.check_csrf(request, officer, csrf)
    return officer


@router.get("/campaigns", response_model=list[Progress])
def list_campaigns(request: Request) -> list[dict]:
    _admin(request)
    db = request.app.state.services.db
    with db.session() as session:
        ids = session.scalars(select(Campaign.id).order_by(Campaign.id)).all()
    return [control.progress(db, cid) for cid in ids]


@router.post("/campaigns", response_model=Progress, status_code=201)
def create_campaign(body: CampaignIn, request: Request, x_csrf_token: str | None = Header(None)) -> dict:
    officer = _admin(request, x_csrf_token, changes=True)
    svc = request.app.state.services
    flows = {p.name: p for p in flow_files(svc)}
    if body.flow not in flows:
        raise HTTPException(400, f"unknown flow {body.flow!r} (one of: {', '.join(flows)})")
    spec = control.CampaignSpec(**body.model_dump(exclude={"flow"}), flow_path=flows[body.flow], status="draft",
                                created_by=officer.username)
    try:
        cid = control.create(svc.db, spec)
    except (control.CampaignError, TemplateError) as exc:
        raise HTTPException(400, str(exc)) from None
    except FlowInvalid as exc:
        raise HTTPException(400, exc.errors) from None
    return control.progress(svc.db, cid)


@router.get("/campaigns/{campaign_id}", response_model=Progress)
def get_campaign(campaign_id: int, request: Request) -> dict:
    _admin(request)
    try:
        return control.progress(request.app.state.services.db, campaign_id)
    except control.CampaignError:
        raise HTTPException(404, "no such campaign") from None


@router.post("/campaigns/{campaign_id}/households", response_model=ImportOut)
async def import_list(campaign_id: int, request: Request, file: UploadFile,
                      x_csrf_token: str | None = Header(None)) -> dict:
    """A CSV (UTF-8 or CP949) or .xlsx household list; every rejected row as FILE:LINE: reason."""
    _admin(request, x_csrf_token, changes=True)
    svc = request.app.state.services
    from voicebot.campaigns.importer import import_households
    from voicebot.flow import load_flow

    with svc.db.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise HTTPException(404, "no such campaign")
        flow_path = campaign.flow_path
    path, name = await save_upload(file, svc)
    try:
        report = await asyncio.to_thread(import_households, svc.db, campaign_id, path,
                                         frozenset(load_flow(flow_path).indicators), None, name)
    except SourceError as exc:
        raise HTTPException(400, str(exc)) from None
    finally:
        path.unlink(missing_ok=True)
    with svc.db.session() as session:
        stored = session.scalars(select(CampaignImport).where(CampaignImport.campaign_id == campaign_id)
                                 .order_by(CampaignImport.id.desc()).limit(1)).one()
        return {"filename": stored.filename, "encoding": stored.encoding, "rows": report.rows,
                "enrolled": report.enrolled, "new_households": report.new_households,
                "duplicates": report.duplicates + report.already_enrolled, "do_not_call": report.do_not_call,
                "rejected": report.rejected, "errors": report.errors}


@router.post("/campaigns/{campaign_id}/{action}", response_model=Progress)
def act(campaign_id: int, action: Literal["start", "pause", "resume", "cancel"], request: Request,
        x_csrf_token: str | None = Header(None)) -> dict:
    officer = _admin(request, x_csrf_token, changes=True)
    db = request.app.state.services.db
    try:
        control.act(db, campaign_id, action, officer.username)
    except control.CampaignError as exc:
        raise HTTPException(409 if "cannot" in str(exc) else 404, str(exc)) from None
    return control.progress(db, campaign_id)
