from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from voicebot.health import health
from voicebot.logs import install as install_scrubbing
from voicebot.services import Services
from voicebot.settings import Settings
from voicebot.web import officer, sms, webhooks

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.check_secrets("serve")
    install_scrubbing()
    services = Services(settings)
    app = FastAPI(title="voicebot", docs_url=None, redoc_url=None)
    app.state.services = services
    app.add_middleware(SessionMiddleware, secret_key=settings.effective_session_secret,
                       same_site="strict", https_only=settings.public_base_url.startswith("https"))
    app.include_router(webhooks.router)
    app.include_router(sms.router)
    app.include_router(officer.router)

    @app.exception_handler(officer.LoginRequired)
    async def _login(request: Request, exc: officer.LoginRequired) -> RedirectResponse:
        return RedirectResponse("/officer/login", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Which field, never its value: a value may be a resident's answer or number.
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "request" for e in exc.errors()})
        return JSONResponse({"detail": f"malformed: {', '.join(fields)}"}, status_code=400)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        report = health(services)
        return JSONResponse(report, status_code=200 if report["status"] != "down" else 503)

    @app.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse("/officer/")

    return app
