"""The web application: Twilio's webhooks, the officers' and administrators' workplace,
the public report form and the campaigns' JSON API."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from voicebot.health import health
from voicebot.logs import install as install_scrubbing
from voicebot.services import Services
from voicebot.settings import Settings
from voicebot.web import sms, webhooks
from voicebot.workplace import admin, api, auth, casework, reports, signin
from voicebot.workplace.render import page

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent.parent / "workplace" / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.check_secrets("serve")
    install_scrubbing()
    services = Services(settings)
    app = FastAPI(title="voicebot", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.services = services
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (webhooks, sms, signin, casework, reports, admin, api):
        app.include_router(module.router)

    @app.exception_handler(auth.LoginRequired)
    async def _login(request: Request, exc: auth.LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        return RedirectResponse(auth.login_url(exc.next_path), status_code=303)

    @app.exception_handler(auth.Forbidden)
    async def _forbidden(request: Request, exc: auth.Forbidden) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "not allowed"}, status_code=403)
        return page(request, "error.html", auth.officer_of(request), status_code=403, title="접근할 수 없습니다",
                    message="이 화면을 볼 권한이 없거나, 요청이 다른 사이트에서 왔습니다.")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith(("/officer", "/admin", "/report")):
            titles = {404: "찾을 수 없습니다", 400: "입력을 확인해 주세요"}
            title = titles.get(exc.status_code, "요청을 처리할 수 없습니다")
            message = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else ""
            return page(request, "error.html", auth.officer_of(request), status_code=exc.status_code, title=title,
                        message=message)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # Which field, never its value: a value may be a resident's answer or number.
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "request" for e in exc.errors()})
        if request.url.path.startswith(("/officer", "/admin", "/report")):
            return page(request, "error.html", auth.officer_of(request), status_code=400, title="입력을 확인해 주세요",
                        message="빠졌거나 형식이 맞지 않는 칸이 있습니다.")
        return JSONResponse({"detail": f"malformed: {', '.join(fields)}"}, status_code=400)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        report = health(services)
        return JSONResponse(report, status_code=200 if report["status"] != "down" else 503)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/officer/")

    return app
