"""Every Twilio webhook must carry a valid X-Twilio-Signature, or it gets 403.

The signature covers the URL Twilio called, which behind a proxy differs from what
uvicorn sees; so the URL is rebuilt from the configured public base URL."""

from __future__ import annotations

from fastapi import HTTPException, Request
from twilio.request_validator import RequestValidator


async def verified_form(request: Request) -> dict[str, str]:
    settings = request.app.state.services.settings
    form = await request.form()
    params = {k: str(v) for k, v in form.multi_items()}
    url = settings.public_base_url.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(settings.effective_auth_token).validate(url, params, signature):
        raise HTTPException(status_code=403, detail="invalid Twilio signature")
    return params
