"""Accounts, sessions, CSRF and the sign-in rate limit.

A session is a random token in an HttpOnly, SameSite=Strict cookie; the database keeps its
SHA-256, so a stolen database opens no session, and signing out revokes it for good (the
same cookie replayed later is refused). Sessions end after settings.session_idle_minutes
without use and settings.session_hours in all. Every form carries the session's CSRF
token, and a POST whose Origin is another site is refused. Five failed sign-ins for a
name, or twenty from one address, in fifteen minutes lock sign-in for that name or
address for fifteen minutes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from voicebot.db import ROLES, AuditEvent, Case, Database, Office, User, UserSession
from voicebot.settings import Settings

COOKIE = "vb_session"
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME, MAX_FAILURES_PER_ADDRESS = 5, 20
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has")  # so an unknown name costs as long as a wrong password


class LoginRequired(Exception):
    """Not signed in (or the session ended): the sign-in page, then back to `next`."""

    def __init__(self, next_path: str = "/officer/") -> None:
        self.next_path = next_path


class Forbidden(Exception):
    """Signed in, but this is not theirs to see or do."""


class SignInRefused(Exception):
    def __init__(self, locked: bool) -> None:
        self.locked = locked


@dataclass(frozen=True)
class Officer:
    id: int
    username: str
    display_name: str
    role: str
    office_id: int | None
    session_id: int
    csrf: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("supervisor", "admin")

    def may_see(self, office_id: int | None) -> bool:
        """Administrators see every office; everyone else their own office's households."""
        return self.is_admin or (office_id is not None and office_id == self.office_id)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def address_hash(request: Request, settings: Settings) -> str:
    """The client's address, keyed-hashed: enough to count attempts, nothing to identify."""
    host = request.client.host if request.client else "unknown"
    return hmac.new(settings.effective_session_secret.encode(), host.encode(), "sha256").hexdigest()[:32]


def add_user(db: Database, username: str, display_name: str, password: str, role: str,
             office_code: str | None) -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    if role != "admin" and not office_code:
        raise ValueError("officers and supervisors belong to an office (--office)")
    with db.session() as session:
        office_id = None
        if office_code:
            office_id = session.scalar(select(Office.id).where(Office.code == office_code))
            if office_id is None:
                raise ValueError(f"no office with code {office_code} (voicebot office add)")
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise ValueError(f"user {username} exists")
        user = User(username=username, display_name=display_name, password_hash=hash_password(password), role=role,
                    office_id=office_id)
        session.add(user)
        session.flush()
        session.add(AuditEvent(actor="cli", action="user_added", subject=f"user:{user.id}", detail={"role": role}))
        return user.id


def sign_in(db: Database, settings: Settings, username: str, password: str, address: str) -> str:
    """A new session's token; SignInRefused when the password is wrong or sign-in is locked."""
    now = datetime.now(UTC)
    with db.session() as session:
        if _failures(session, username, address, now):
            session.add(AuditEvent(actor=username[:100], action="login_locked", subject=f"address:{address[:16]}"))
            raise SignInRefused(locked=True)
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
            ok = user is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            session.add(AuditEvent(actor=username[:100], action="login_failed", subject=f"address:{address[:16]}",
                                   detail={"address": address}))
        else:
            assert user is not None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            token = secrets.token_urlsafe(32)
            session.add(UserSession(token_hash=_digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                                    expires_at=now + timedelta(hours=settings.session_hours)))
            user.last_login_at = now
            session.add(AuditEvent(actor=user.username, action="login", subject=f"user:{user.id}"))
            return token
    raise SignInRefused(locked=False)


def _failures(session: Session, username: str, address: str, now: datetime) -> bool:
    since = now - LOCK_WINDOW
    by_name = session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login_failed", AuditEvent.actor == username[:100], AuditEvent.at >= since)) or 0
    by_address = session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login_failed", AuditEvent.subject == f"address:{address[:16]}",
        AuditEvent.at >= since)) or 0
    return by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS


def officer_of(request: Request) -> Officer | None:
    """The signed-in officer of this request, or None (no cookie, unknown, revoked, expired)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    svc = request.app.state.services
    now = datetime.now(UTC)
    idle = timedelta(minutes=svc.settings.session_idle_minutes)
    with svc.db.session() as session:
        row = session.scalar(select(UserSession).where(UserSession.token_hash == _digest(token)))
        if row is None or row.revoked_at is not None or row.expires_at <= now or row.last_seen_at + idle <= now \
                or not row.user.active:
            return None
        if now - row.last_seen_at > timedelta(minutes=1):  # one write a minute at most
            row.last_seen_at = now
        user = row.user
        return Officer(user.id, user.username, user.display_name, user.role, user.office_id, row.id, row.csrf_token)


def sign_out(request: Request) -> None:
    token = request.cookies.get(COOKIE)
    if not token:
        return
    with request.app.state.services.db.session() as session:
        session.execute(update(UserSession).where(UserSession.token_hash == _digest(token),
                                                  UserSession.revoked_at.is_(None))
                        .values(revoked_at=datetime.now(UTC)))


def require(request: Request, role: str = "officer") -> Officer:
    officer = officer_of(request)
    if officer is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    if (role == "supervisor" and not officer.is_supervisor) or (role == "admin" and not officer.is_admin):
        raise Forbidden
    return officer


async def posted(request: Request, role: str = "officer") -> tuple[Officer, FormData]:
    """The officer behind a form post and the form, once its CSRF token has been checked."""
    officer = require(request, role)
    form = await request.form()
    check_csrf(request, officer, str(form.get("csrf_token", "")))
    return officer, form


def check_csrf(request: Request, officer: Officer, token: str | None) -> None:
    """A state-changing request must come from our own pages: the session's token, and no
    foreign Origin."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc not in _own_hosts(request):
        raise Forbidden
    if not token or not hmac.compare_digest(token, officer.csrf):
        raise Forbidden


def _own_hosts(request: Request) -> set[str]:
    public = urlsplit(request.app.state.services.settings.public_base_url).netloc
    return {public, request.headers.get("host", "")}


def safe_next(path: str | None) -> str:
    """Only a path on this site, so sign-in cannot be used to send someone elsewhere."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/officer/"
    return path


def login_url(next_path: str) -> str:
    return "/officer/login?next=" + quote(safe_next(next_path), safe="/")


def visible_case(session: Session, officer: Officer, case_id: int) -> Case:
    """The case, if this officer may see it; Forbidden otherwise (and for a case that does
    not exist, so ids cannot be probed)."""
    case = session.get(Case, case_id)
    if case is None or not officer.may_see(case.office_id):
        raise Forbidden
    return case
