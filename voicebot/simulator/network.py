"""The simulated Twilio: a FastAPI app serving the slice of Twilio's REST API that the
twilio library uses to place calls and handle recordings, and, for each call, a task
that plays the callee: rings, answers, fetches TwiML from the webhooks with signed
requests, carries out the verbs, and sends status callbacks in Twilio's order."""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.security import HTTPBasic
from twilio.request_validator import RequestValidator

from voicebot.simulator import voices
from voicebot.simulator.personas import HANGUP, NOISE, SILENCE, Persona, load_personas, parse

log = logging.getLogger(__name__)
API = "/2010-04-01/Accounts/{account}"
_security = HTTPBasic()


@dataclass
class SimCall:
    sid: str
    to: str
    from_: str
    url: str
    status_url: str | None
    events: set[str]
    machine_detection: bool
    status: str = "queued"
    started: float = field(default_factory=time.monotonic)
    answered_at: float | None = None
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (who, text)
    callbacks: list[str] = field(default_factory=list)
    sequence: itertools.count = field(default_factory=itertools.count)
    webhook_statuses: list[int] = field(default_factory=list)


@dataclass
class Recording:
    sid: str
    call_sid: str
    wav: bytes
    duration: float
    deleted: bool = False


class SimulatedNetwork:
    def __init__(self, account_sid: str, auth_token: str, base_url: str, time_scale: float = 0.05,
                 personas: dict[str, Persona] | None = None) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.base_url = base_url.rstrip("/")
        self.time_scale = time_scale
        self.personas = personas if personas is not None else load_personas()
        self.directory: dict[str, str] = {}
        self.calls: dict[str, SimCall] = {}
        self.recordings: dict[str, Recording] = {}
        self.validator = RequestValidator(auth_token)
        self._tasks: set[asyncio.Task] = set()
        self.http = httpx.AsyncClient(timeout=30)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds * self.time_scale)

    # -- HTTP to the application ------------------------------------------------------
    async def post(self, call: SimCall, url: str, params: dict[str, str]) -> httpx.Response:
        params = {"AccountSid": self.account_sid, "CallSid": call.sid, "From": call.from_, "To": call.to,
                  "Direction": "outbound-api", "ApiVersion": "2010-04-01", **params}
        signature = self.validator.compute_signature(url, params)
        resp = await self.http.post(url, data=params, headers={"X-Twilio-Signature": signature})
        call.webhook_statuses.append(resp.status_code)
        return resp

    async def status(self, call: SimCall, status: str, **extra: str) -> None:
        call.status = status
        call.callbacks.append(status)
        event = {"in-progress": "answered"}.get(status, status)
        if event in ("busy", "no-answer", "failed", "canceled"):
            event = "completed"  # Twilio reports these on the 'completed' event
        if not call.status_url or event not in call.events:
            return
        await self.post(call, call.status_url, {"CallStatus": status, "CallbackSource": "call-progress-events",
                                                "SequenceNumber": str(next(call.sequence)),
                                                "Timestamp": time.strftime("%a, %d %b %Y %H:%M:%S +0000"), **extra})

    # -- a call from dialling to hang-up ----------------------------------------------
    async def run(self, call: SimCall) -> None:
        try:
            await self._run(call)
        except Exception:  # the simulator must never die with a call: report it failed
            log.exception("simulated call %s crashed", call.sid)
            if call.status not in ("completed", "busy", "no-answer", "failed"):
                await self.status(call, "failed")

    async def _run(self, call: SimCall) -> None:
        persona = self.personas.get(self.directory.get(call.to, ""), None)
        await self.status(call, "initiated")
        if persona is None or persona.pickup == "failed":
            await self.status(call, "failed")
            return
        await self.status(call, "ringing")
        await self.sleep(persona.ring_s)
        if persona.pickup in ("busy", "no-answer"):
            await self.status(call, persona.pickup, CallDuration="0")
            return
        call.answered_at = time.monotonic()
        call.status = "in-progress"
        answered_by = {}
        if call.machine_detection:
            answered_by = {"AnsweredBy": "machine_start" if persona.pickup == "voicemail" else "human"}
        await self.status(call, "in-progress", **answered_by)
        resp = await self.post(call, call.url, {"CallStatus": "in-progress", **answered_by})
        await self.execute(call, persona, resp)
        duration = time.monotonic() - (call.answered_at or call.started)
        await self.status(call, "completed", CallDuration=str(max(1, round(duration / self.time_scale))))

    async def execute(self, call: SimCall, persona: Persona, resp: httpx.Response) -> None:
        heard: list[str] = []
        turn = 0
        for _ in range(500):  # a bound on documents per call; real calls need far fewer
            if resp.status_code != 200:
                call.transcript.append(("network", f"webhook answered {resp.status_code}"))
                return
            doc = ET.fromstring(resp.text)
            resp = None
            for verb in doc:
                if verb.tag == "Say":
                    heard.append(verb.text or "")
                    call.transcript.append(("bot", verb.text or ""))
                    await self.sleep(len(verb.text or "") * 0.08)
                elif verb.tag == "Pause":
                    await self.sleep(float(verb.get("length", 1)))
                elif verb.tag == "Hangup":
                    return
                elif verb.tag == "Redirect":
                    resp = await self.post(call, (verb.text or "").strip(), {"CallStatus": "in-progress"})
                    break
                elif verb.tag == "Dial":
                    call.transcript.append(("network", f"transferred to {verb.text}"))
                    await self.sleep(30)
                    return
                elif verb.tag in ("Record", "Gather"):
                    if verb.tag == "Gather":
                        for inner in verb:
                            if inner.tag == "Say":
                                heard.append(inner.text or "")
                                call.transcript.append(("bot", inner.text or ""))
                    said = persona.reply(" ".join(heard), turn)
                    heard, turn = [], turn + 1
                    await self.sleep(persona.think_s)
                    if said == HANGUP:
                        call.transcript.append(("callee", "(hangs up)"))
                        return
                    call.transcript.append(("callee", said))
                    resp = await (self._record(call, persona, verb, said) if verb.tag == "Record"
                                  else self._gather(call, verb, said))
                    if resp is not None:
                        break
            if resp is None:
                return  # the document ran out of verbs: Twilio hangs up

    async def _record(self, call: SimCall, persona: Persona, verb: ET.Element, said: str) -> httpx.Response | None:
        if said == SILENCE:
            await self.sleep(float(verb.get("timeout", 5)))
            return None  # Twilio does not call the action URL for an empty recording
        wav, seconds = await asyncio.to_thread(
            voices.noise if said == NOISE else voices.speak, *(() if said == NOISE else (said, persona.language)))
        await self.sleep(seconds)
        sid = "RE" + secrets.token_hex(16)
        self.recordings[sid] = Recording(sid, call.sid, wav, seconds)
        url = f"{self.base_url}{API.format(account=self.account_sid)}/Recordings/{sid}"
        params = {"RecordingUrl": url, "RecordingSid": sid, "RecordingDuration": str(round(seconds)),
                  "CallStatus": "in-progress", "Digits": ""}
        if cb := verb.get("recordingStatusCallback"):
            await self.post(call, cb, {"RecordingSid": sid, "RecordingUrl": url, "RecordingStatus": "completed",
                                       "RecordingDuration": str(round(seconds)), "RecordingChannels": "1",
                                       "RecordingSource": "RecordVerb"})
        return await self.post(call, verb.get("action", call.url), params)

    async def _gather(self, call: SimCall, verb: ET.Element, said: str) -> httpx.Response | None:
        if said in (SILENCE, NOISE):
            await self.sleep(float(verb.get("timeout", 5)))
            return None  # no speech: Twilio goes on to the next verb
        return await self.post(call, verb.get("action", call.url),
                               {"SpeechResult": said, "Confidence": "0.91", "CallStatus": "in-progress"})

    def spawn(self, call: SimCall) -> None:
        task = asyncio.get_running_loop().create_task(self.run(call))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def busy(self) -> int:
        return len(self._tasks)


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
        call = SimCall(
            sid="CA" + secrets.token_hex(16), to=str(form["To"]), from_=str(form["From"]), url=str(form["Url"]),
            status_url=str(form.get("StatusCallback") or "") or None,
            events=set(form.getlist("StatusCallbackEvent") or ["completed"]),
            machine_detection=str(form.get("MachineDetection", "")) in ("Enable", "DetectMessageEnd"),
        )
        network.calls[call.sid] = call
        network.spawn(call)
        return _call_json(network, call)

    @app.get(API + "/Calls/{sid}.json")
    async def get_call(account: str, sid: str, request: Request) -> dict[str, Any]:
        await auth(request, account)
        if sid not in network.calls:
            raise HTTPException(404, {"code": 20404, "message": "not found"})
        return _call_json(network, network.calls[sid])

    @app.get(API + "/Recordings/{name}")
    async def get_recording(account: str, name: str, request: Request) -> Response:
        await auth(request, account)
        sid = name.split(".")[0]
        rec = network.recordings.get(sid)
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

    @app.get("/sim/calls")
    async def calls() -> dict[str, Any]:
        return {"active": network.busy(), "calls": {sid: {
            "to": c.to, "status": c.status, "callbacks": c.callbacks, "transcript": c.transcript,
            "webhook_statuses": c.webhook_statuses} for sid, c in network.calls.items()}}

    return app


def _call_json(network: SimulatedNetwork, call: SimCall) -> dict[str, Any]:
    return {
        "sid": call.sid, "account_sid": network.account_sid, "to": call.to, "from": call.from_,
        "status": call.status, "direction": "outbound-api", "api_version": "2010-04-01",
        "uri": f"{API.format(account=network.account_sid)}/Calls/{call.sid}.json",
        "date_created": None, "date_updated": None, "start_time": None, "end_time": None,
        "duration": None, "price": None, "price_unit": "USD", "answered_by": None,
        "caller_name": None, "forwarded_from": None, "group_sid": None, "parent_call_sid": None,
        "phone_number_sid": None, "queue_time": "0", "trunk_sid": None, "subresource_uris": {},
    }
