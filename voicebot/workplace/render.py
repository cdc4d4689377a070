"""Templates and what every page shares: Seoul times, Korean labels, masked numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from voicebot.privacy import mask_phone
from voicebot.workplace import labels
from voicebot.workplace.auth import Officer

SEOUL = ZoneInfo("Asia/Seoul")
DAYS = "월화수목금토일"
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def seoul(when: datetime | None, with_day: bool = True) -> str:
    """A time as officers read it: in Seoul, with the weekday (11월 24일(화) 18:00)."""
    if when is None:
        return "-"
    local = when.astimezone(SEOUL)
    day = f"({DAYS[local.weekday()]})" if with_day else ""
    return f"{local.month}월 {local.day}일{day} {local:%H:%M}"


env = templates.env
env.filters.update(seoul=seoul, mask_phone=mask_phone)
env.globals.update(labels=labels, label=labels.label)


def page(request: Request, template: str, officer: Officer | None, /, status_code: int = 200,
         **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"officer": officer, **context}, status_code=status_code)
