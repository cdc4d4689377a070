from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from voicebot.services import Services
from voicebot.settings import Settings
from voicebot.web import officer, webhooks


def create_app(settings: Settings | None = None) -> FastAPI:
    services = Services(settings or Settings())
    app = FastAPI(title="voicebot", docs_url=None, redoc_url=None)
    app.state.services = services
    app.add_middleware(SessionMiddleware, secret_key=services.settings.session_secret,
                       same_site="strict", https_only=services.settings.public_base_url.startswith("https"))
    app.include_router(webhooks.router)
    app.include_router(officer.router)

    @app.exception_handler(officer.LoginRequired)
    async def _login(request: Request, exc: officer.LoginRequired) -> RedirectResponse:
        return RedirectResponse("/officer/login", status_code=303)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse("/officer/")

    return app
