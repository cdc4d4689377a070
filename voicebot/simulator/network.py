"""The simulated phone network: for each call, a task that plays the callee: rings,
answers, fetches TwiML from the webhooks with signed requests, carries out the verbs,
and sends status callbacks in Twilio's order (or, on demand, out of it: Chaos).
simulator/api.py serves Twilio's REST API over it."""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from twilio.request_validator import RequestValidator

from voicebot.simulator import voices
from voicebot.simulator.personas import CLIP, HANGUP, KEY, NOISE, SILENCE, Persona, load_personas

log = logging.getLogger(__name__)
FINAL = ("completed", "busy", "no-answer", "failed", "canceled")
WEBHOOK_TIMEOUT_S = 15  # Twilio gives up on a webhook after 15 s


@dataclass
class Chaos:
    """What a real network does now and then, on demand: deliver a status callback twice,
    late (after the next one), or never; confirm a placed call slowly."""

    duplicate: float = 0.0
    reorder: float = 0.0
    drop_final: float = 0.0
    create_delay: float = 0.0  # seconds before Calls.create answers (the call is already placed)
    seed: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)


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
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at: datetime | None = None
    ended_at: datetime | None = None
    answered_by: str | None = None
    duration_s: int = 0
    overlapping: int = 0  # other calls to this number that were live when this one was placed
    held: list[dict[str, str]] = field(default_factory=list)  # callbacks the chaos holds back
    dropped: list[str] = field(default_factory=list)  # callbacks the chaos never delivers

    @property
    def final(self) -> bool:
        return self.status in FINAL


@dataclass
class SimMessage:
    sid: str
    to: str
    from_: str
    body: str
    status_url: str | None
    status: str = "queued"
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    callbacks: list[str] = field(default_factory=list)


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
        self.messages: dict[str, SimMessage] = {}
        self.sms_url: str | None = None  # where residents' replies go (a number's messaging webhook)
        self.recordings: dict[str, Recording] = {}
        self.validator = RequestValidator(auth_token)
        self._tasks: dict[str, asyncio.Task] = {}
        self._texts: set[asyncio.Task] = set()
        self.http = httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_S)
        self.chaos = Chaos()

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
        if status == "in-progress":
            call.started_at = datetime.now(UTC)
        if status in FINAL:
            call.ended_at = datetime.now(UTC)
        event = {"in-progress": "answered"}.get(status, status)
        if event in ("busy", "no-answer", "failed", "canceled"):
            event = "completed"  # Twilio reports these on the 'completed' event
        if not call.status_url or event not in call.events:
            return
        params = {"CallStatus": status, "CallbackSource": "call-progress-events",
                  "SequenceNumber": str(next(call.sequence)),
                  "Timestamp": time.strftime("%a, %d %b %Y %H:%M:%S +0000"), **extra}
        chaos = self.chaos
        if status in FINAL and chaos.rng.random() < chaos.drop_final:
            call.dropped.append(status)
        elif status not in FINAL and chaos.rng.random() < chaos.reorder:
            call.held.append(params)  # sent after the next callback, with its own (earlier) number
            return
        else:
            await self._deliver(call, params)
        while call.held:
            await self._deliver(call, call.held.pop(0))

    async def _deliver(self, call: SimCall, params: dict[str, str]) -> None:
        assert call.status_url is not None
        for _ in range(2 if self.chaos.rng.random() < self.chaos.duplicate else 1):
            try:
                await self.post(call, call.status_url, params)
            except httpx.HTTPError as exc:  # Twilio does not retry a status callback either
                call.webhook_statuses.append(599)
                log.warning("status callback for %s failed: %s", call.sid, type(exc).__name__)

    # -- a call from dialling to hang-up ----------------------------------------------
    async def run(self, call: SimCall) -> None:
        try:
            await self._run(call)
        except asyncio.CancelledError:  # hung up through the REST API
            if not call.final:
                call.duration_s = self._duration(call)
                await self.status(call, "completed", CallDuration=str(call.duration_s))
        except Exception:  # the simulator must never die with a call: report it failed
            log.exception("simulated call %s crashed", call.sid)
            if not call.final:
                await self.status(call, "failed")

    def _duration(self, call: SimCall) -> int:
        return max(1, round((time.monotonic() - (call.answered_at or call.started)) / self.time_scale))

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
            call.answered_by = "machine_start" if persona.pickup == "voicemail" else "human"
            answered_by = {"AnsweredBy": call.answered_by}
        await self.status(call, "in-progress", **answered_by)
        resp = await self.post(call, call.url, {"CallStatus": "in-progress", **answered_by})
        await self.execute(call, persona, resp)
        call.duration_s = self._duration(call)
        await self.status(call, "completed", CallDuration=str(call.duration_s))

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
                                  else self._gather(call, persona, verb, said))
                    if resp is not None:
                        break
            if resp is None:
                return  # the document ran out of verbs: Twilio hangs up

    async def _record(self, call: SimCall, persona: Persona, verb: ET.Element, said: str) -> httpx.Response | None:
        if said == SILENCE or said.startswith(KEY):  # a Record takes no keys: as good as silence
            await self.sleep(float(verb.get("timeout", 5)))
            return None  # Twilio does not call the action URL for an empty recording
        if said.startswith(CLIP):
            wav, seconds = await asyncio.to_thread(voices.clip, persona.clip_dir, said[len(CLIP):-1])
        elif said == NOISE:
            wav, seconds = await asyncio.to_thread(voices.noise)
        else:
            wav, seconds = await asyncio.to_thread(voices.speak, said, persona.language)
        await self.sleep(seconds)
        sid = "RE" + secrets.token_hex(16)
        self.recordings[sid] = Recording(sid, call.sid, wav, seconds)
        url = f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}"
        params = {"RecordingUrl": url, "RecordingSid": sid, "RecordingDuration": str(round(seconds)),
                  "CallStatus": "in-progress", "Digits": ""}
        if cb := verb.get("recordingStatusCallback"):
            await self.post(call, cb, {"RecordingSid": sid, "RecordingUrl": url, "RecordingStatus": "completed",
                                       "RecordingDuration": str(round(seconds)), "RecordingChannels": "1",
                                       "RecordingSource": "RecordVerb"})
        return await self.post(call, verb.get("action", call.url), params)

    async def _gather(self, call: SimCall, persona: Persona, verb: ET.Element, said: str) -> httpx.Response | None:
        inputs = verb.get("input", "speech").split()
        if said.startswith(KEY) and "dtmf" in inputs:
            return await self.post(call, verb.get("action", call.url),
                                   {"Digits": said[len(KEY):-1], "CallStatus": "in-progress"})
        if said.startswith(CLIP) and "speech" in inputs:  # Twilio's recogniser hears the recording
            said = voices.clip_text(persona.clip_dir, said[len(CLIP):-1])
        if said in (SILENCE, NOISE) or said.startswith((KEY, CLIP)):
            await self.sleep(float(verb.get("timeout", 5)))
            return None  # no speech (or keys where none are taken): Twilio goes on to the next verb
        return await self.post(call, verb.get("action", call.url),
                               {"SpeechResult": said, "Confidence": "0.91", "CallStatus": "in-progress"})

    # -- text messages ----------------------------------------------------------------
    async def deliver_text(self, message: SimMessage) -> None:
        """Twilio's message lifecycle: sent, then delivered (or failed), each a signed
        callback; then, for a persona that answers texts, a reply to the messaging webhook."""
        try:
            persona = self.personas.get(self.directory.get(message.to, ""))
            await self.sleep(1)
            ok = persona is not None and persona.texts != "fail"
            for status in (("sent", "delivered") if ok else ("failed",)):
                message.status = status
                message.callbacks.append(status)
                if message.status_url:
                    params = {"MessageSid": message.sid, "MessageStatus": status, "SmsSid": message.sid,
                              "SmsStatus": status, "AccountSid": self.account_sid, "From": message.from_,
                              "To": message.to, "ApiVersion": "2010-04-01"}
                    if status == "failed":
                        params["ErrorCode"] = "30006"  # landline or unreachable carrier
                    await self._signed_post(message.status_url, params)
                await self.sleep(0.5)
            if ok and persona.text_reply and self.sms_url:
                await self.sleep(persona.think_s)
                await self._signed_post(self.sms_url, {
                    "MessageSid": "SM" + secrets.token_hex(16), "AccountSid": self.account_sid, "From": message.to,
                    "To": message.from_, "Body": persona.text_reply, "NumMedia": "0", "ApiVersion": "2010-04-01"})
        except Exception:  # the simulator must never die with a message
            log.exception("simulated message %s crashed", message.sid)

    async def _signed_post(self, url: str, params: dict[str, str]) -> int:
        signature = self.validator.compute_signature(url, params)
        try:
            resp = await self.http.post(url, data=params, headers={"X-Twilio-Signature": signature})
        except httpx.HTTPError:
            return 599
        return resp.status_code

    def send(self, message: SimMessage) -> None:
        task = asyncio.get_running_loop().create_task(self.deliver_text(message))
        self._texts.add(task)
        task.add_done_callback(self._texts.discard)

    def spawn(self, call: SimCall) -> None:
        task = asyncio.get_running_loop().create_task(self.run(call))
        self._tasks[call.sid] = task
        task.add_done_callback(lambda _: self._tasks.pop(call.sid, None))

    def hang_up(self, sid: str) -> None:
        task = self._tasks.get(sid)
        if task is not None:
            task.cancel()

    def busy(self) -> int:
        return len(self._tasks)
