"""Turns "내일 오후 3시에 다시 전화해 주세요" into a time, when a time was said."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_DAY_OFFSETS = {"오늘": 0, "today": 0, "내일": 1, "tomorrow": 1, "모레": 2}
_HOUR = re.compile(r"(\d{1,2})\s*(?:시|o'?clock|pm|am)", re.I)
_IN = re.compile(r"(\d{1,2})\s*(시간|hours?|분|minutes?)\s*(?:뒤|후|later|from now)?", re.I)
_NATIVE_HOURS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
                 "열한": 11, "열두": 12}
_NATIVE = re.compile(r"(열한|열두|다섯|여섯|일곱|여덟|아홉|한|두|세|네|열)\s*시(?!간)")
_NATIVE_IN = re.compile(r"(열한|열두|다섯|여섯|일곱|여덟|아홉|한|두|세|네|열)\s*시간\s*(?:뒤|후)")
_PARTS = {"아침": 9, "오전": 10, "점심": 12, "오후": 15, "저녁": 19, "morning": 10, "afternoon": 15, "evening": 19}


def parse_callback_time(text: str, now_iso: str | None) -> str | None:
    """ISO time of the requested call back, or None when no time was said."""
    if not now_iso:
        return None
    now = datetime.fromisoformat(now_iso)
    lowered = text.lower()
    if m := (_IN.search(lowered) or _NATIVE_IN.search(lowered)):
        n = int(m.group(1)) if m.group(1).isdigit() else _NATIVE_HOURS[m.group(1)]
        unit = m.group(2) if m.re is _IN else "시간"
        delta = timedelta(minutes=n) if unit.startswith(("분", "min")) else timedelta(hours=n)
        return (now + delta).isoformat()
    day = next((off for word, off in _DAY_OFFSETS.items() if word in lowered), None)
    hour = None
    if m := _HOUR.search(lowered):
        hour = int(m.group(1))
    elif m := _NATIVE.search(lowered):
        hour = _NATIVE_HOURS[m.group(1)]
    part = next((h for word, h in _PARTS.items() if word in lowered), None)
    if (hour is not None and hour < 12 and (part or 0) >= 12) or ("pm" in lowered and hour and hour < 12):
        hour += 12
    if hour is None:
        hour = part
    if day is None and hour is None:
        return None
    when = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=day or 0)
    if hour is not None:
        when = when.replace(hour=hour)
    if when <= now:
        when += timedelta(days=1)
    return when.isoformat()
