"""The simulated Twilio's REST API: the slice of api.twilio.com that the twilio library
uses here (Calls: create, fetch, list, hang up; Recordings: fetch, delete; Messages:
create, fetch, list, with status callbacks and residents' replies), with Basic
authentication and Twilio's JSON shapes, plus a few /sim/ endpoints for tests and the
demo (who answers which number, what the network does wrong)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.security import HTTPBasic

from voicebot.simulator.network import Chaos, SimCall, SimMessage, SimulatedNetwork
from voicebot.simulator.personas import parse

API = "/2010-04-01/Accounts/{account}"
_security = HTTPBasic()


def create_simulator(network: SimulatedNetwork) -> FastAPI:
    app = FastAPI(title="simulated Twilio", docs_url=None, redoc_url=None)
    app.state.network = network

    async def auth(request: Request, account: str) -> None:
        creds = await _security(request)
        if creds is None or account != network.account_sid or (creds.username, creds.password) != (
                network.account_sid, network.auth_token):
            raise HTTPException(401, "authenticate with the account SID and auth token")

    @app.post(API + "/Calls.json", status_code=201)
    async def create_call(account: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        form = await request.form()
        for required in ("To", "From", "Url"):
            if not form.get(required):
                raise HTTPException(400, {"code": 21205, "message": f"{required} is required"})
        to = str(form["To"])
        if not (to.startswith("+") and to[1:].isdigit() and 8 <= len(to) <= 16):
            raise HTTPException(400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400})
        call = SimCall(
            sid="CA" + secrets.token_hex(16), to=to, from_=str(form["From"]), url=str(form["Url"]),
            status_url=str(form.get("StatusCallback") or "") or None,
            events=set(form.getlist("StatusCallbackEvent") or ["completed"]),
            machine_detection=str(form.get("MachineDetection", "")) in ("Enable", "DetectMessageEnd"),
        )
        call.overlapping = sum(1 for c in network.calls.values() if c.to == to and not c.final)
        network.calls[call.sid] = call
        network.spawn(call)
        if network.chaos.create_delay:
            await asyncio.sleep(network.chaos.create_delay)
        return _call_json(network, call)

    @app.get(API + "/Calls.json")
    async def list_calls(account: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        q = request.query_params
        since = _parse_time(q.get("StartTime>"))
        calls = [c for c in network.calls.values()
                 if (not q.get("To") or c.to == q["To"]) and (not q.get("From") or c.from_ == q["From"])
                 and (not q.get("Status") or c.status == q["Status"]) and (since is None or c.created_at >= since)]
        calls.sort(key=lambda c: c.created_at, reverse=True)  # Twilio lists the newest first
        size = min(int(q.get("PageSize", 50) or 50), 1000)
        uri = f"{API.format(account=account)}/Calls.json"
        return {"calls": [_call_json(network, c) for c in calls[:size]], "page": 0, "page_size": size,
                "start": 0, "end": max(0, min(size, len(calls)) - 1), "uri": uri,
                "first_page_uri": f"{uri}?PageSize={size}&Page=0", "next_page_uri": None, "previous_page_uri": None}

    @app.get(API + "/Calls/{sid}.json")
    async def get_call(account: str, sid: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        return _call_json(network, _call(network, sid))

    @app.post(API + "/Calls/{sid}.json")
    async def update_call(account: str, sid: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        call = _call(network, sid)
        form = await request.form()
        if form.get("Status") not in ("completed", "canceled"):
            raise HTTPException(400, {"code": 21220, "message": "Status must be completed or canceled"})
        network.hang_up(sid)
        return _call_json(network, call)

    @app.post(API + "/Messages.json", status_code=201)
    async def create_message(account: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        form = await request.form()
        to, body = str(form.get("To") or ""), str(form.get("Body") or "")
        if not (to.startswith("+") and to[1:].isdigit() and 8 <= len(to) <= 16):
            raise HTTPException(400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400})
        if not body or len(body) > 1600:
            raise HTTPException(400, {"code": 21617, "message": "The concatenated message body exceeds the 1600 "
                                                                "character limit or is empty", "status": 400})
        message = SimMessage(sid="SM" + secrets.token_hex(16), to=to, from_=str(form.get("From") or ""), body=body,
                             status_url=str(form.get("StatusCallback") or "") or None)
        network.messages[message.sid] = message
        network.send(message)
        return _message_json(network, message)

    @app.get(API + "/Messages/{sid}.json")
    async def get_message(account: str, sid: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        message = network.messages.get(sid)
        if message is None:
            raise HTTPException(404, {"code": 20404, "message": f"The requested resource {sid} was not found"})
        return _message_json(network, message)

    @app.get(API + "/Messages.json")
    async def list_messages(account: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        to = request.query_params.get("To")
        found = [m for m in network.messages.values() if not to or m.to == to]
        found.sort(key=lambda m: m.created_at, reverse=True)
        uri = f"{API.format(account=account)}/Messages.json"
        return {"messages": [_message_json(network, m) for m in found[:50]], "page": 0, "page_size": 50,
                "start": 0, "end": max(0, min(50, len(found)) - 1), "uri": uri, "first_page_uri": uri,
                "next_page_uri": None, "previous_page_uri": None}

    @app.get(API + "/Recordings/{name}")
    async def get_recording(account: str, name: str, request: Request) -> Response:
        await auth(request, account)
        rec = network.recordings.get(name.split(".")[0])
        if rec is None or rec.deleted:
            raise HTTPException(404, {"code": 20404, "message": "recording not found"})
        return Response(rec.wav, media_type="audio/x-wav")

    @app.delete(API + "/Recordings/{name}", status_code=204)
    async def delete_recording(account: str, name: str, request: Request) -> Response:
        await auth(request, account)
        rec = network.recordings.get(name.removesuffix(".json"))
        if rec is None or rec.deleted:
            raise HTTPException(404, {"code": 20404, "message": "recording not found"})
        rec.deleted = True
        rec.wav = b""
        return Response(status_code=204)

    @app.post("/sim/directory")
    async def directory(entries: dict[str, str]) -> dict[str, int]:
        """Who answers which number: {phone: persona name}."""
        unknown = sorted({p for p in entries.values() if p not in network.personas})
        if unknown:
            raise HTTPException(400, f"unknown personas: {', '.join(unknown)}")
        network.directory.update(entries)
        return {"numbers": len(network.directory)}

    @app.post("/sim/personas")
    async def add_persona(body: dict[str, Any]) -> dict[str, str]:
        for name, spec in body.items():
            network.personas[name] = parse(name, spec)
        return {"ok": "yes"}

    @app.post("/sim/sms_url")
    async def sms_url(body: dict[str, str]) -> dict[str, str]:
        """The messaging webhook of the office's number, where residents' replies go."""
        network.sms_url = body.get("url") or None
        return {"url": network.sms_url or ""}

    @app.get("/sim/messages")
    async def messages() -> dict[str, Any]:
        return {"messages": {sid: {"to": m.to, "body": m.body, "status": m.status, "callbacks": m.callbacks}
                             for sid, m in network.messages.items()}}

    @app.post("/sim/chaos")
    async def chaos(body: dict[str, float]) -> dict[str, float]:
        """Status callbacks delivered twice, late or never: {duplicate, reorder, drop_final, seed}."""
        keys = ("duplicate", "reorder", "drop_final", "create_delay")
        network.chaos = Chaos(**{k: float(body[k]) for k in keys if k in body}, seed=int(body.get("seed", 0)))
        return {k: getattr(network.chaos, k) for k in keys}

    @app.get("/sim/calls")
    async def calls() -> dict[str, Any]:
        return {"active": network.busy(), "calls": {sid: {
            "to": c.to, "status": c.status, "callbacks": c.callbacks, "transcript": c.transcript,
            "webhook_statuses": c.webhook_statuses, "dropped": c.dropped, "overlapping": c.overlapping,
            "created_at": c.created_at.isoformat()}
            for sid, c in network.calls.items()}}

    return app


def _message_json(network: SimulatedNetwork, m: SimMessage) -> dict[str, Any]:
    return {
        "sid": m.sid, "account_sid": network.account_sid, "to": m.to, "from": m.from_, "body": m.body,
        "status": m.status, "direction": "outbound-api", "api_version": "2010-04-01", "num_segments": "1",
        "num_media": "0", "date_created": _rfc2822(m.created_at), "date_updated": _rfc2822(m.created_at),
        "date_sent": None, "price": None, "price_unit": "USD", "error_code": None, "error_message": None,
        "messaging_service_sid": None, "uri": f"{API.format(account=network.account_sid)}/Messages/{m.sid}.json",
        "subresource_uris": {},
    }


def _call(network: SimulatedNetwork, sid: str) -> SimCall:
    call = network.calls.get(sid)
    if call is None:
        raise HTTPException(404, {"code": 20404, "message": f"The requested resource {sid} was not found",
                                  "status": 404})
    return call


def _rfc2822(when: datetime | None) -> str | None:
    return format_datetime(when, usegmt=True) if when else None


def _parse_time(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise HTTPException(400, {"code": 20001, "message": "StartTime must be ISO 8601"}) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _call_json(network: SimulatedNetwork, call: SimCall) -> dict[str, Any]:
    return {
        "sid": call.sid, "account_sid": network.account_sid, "to": call.to, "from": call.from_,
        "status": call.status, "direction": "outbound-api", "api_version": "2010-04-01",
        "uri": f"{API.format(account=network.account_sid)}/Calls/{call.sid}.json",
        "date_created": _rfc2822(call.created_at), "date_updated": _rfc2822(call.ended_at or call.created_at),
        "start_time": _rfc2822(call.started_at), "end_time": _rfc2822(call.ended_at),
        "duration": str(call.duration_s) if call.final else None, "price": None, "price_unit": "USD",
        "answered_by": call.answered_by, "caller_name": None, "forwarded_from": None, "group_sid": None,
        "parent_call_sid": None, "phone_number_sid": None, "queue_time": "0", "trunk_sid": None,
        "subresource_uris": {},
    }
