"""Signing in and out."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from voicebot.workplace import auth
from voicebot.workplace.render import page

router = APIRouter(prefix="/officer", include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/officer/", error: str = "") -> HTMLResponse:
    return page(request, "login.html", None, next=auth.safe_next(next), error=error)


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/officer/")
          ) -> Response:
    svc = request.app.state.services
    target = auth.safe_next(next)
    try:
        token = auth.sign_in(svc.db, svc.settings, username.strip(), password, auth.address_hash(request, svc.settings))
    except auth.SignInRefused as exc:
        return page(request, "login.html", None, status_code=429 if exc.locked else 401, next=target,
                    error="locked" if exc.locked else "invalid")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(auth.COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=svc.settings.public_base_url.startswith("https"),
                        max_age=svc.settings.session_hours * 3600)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> RedirectResponse:
    officer = auth.require(request)
    auth.check_csrf(request, officer, csrf_token)
    auth.sign_out(request)
    response = RedirectResponse("/officer/login", status_code=303)
    response.delete_cookie(auth.COOKIE, path="/")
    return response
