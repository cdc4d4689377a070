"""The text message that announces the call, and the replies that mean "do not call me".

The national service texts every household before the AI calls, from the office, with
the number the call will come from, so the call is not taken for a scam. The message
names no one: a phone is often shared."""

from __future__ import annotations

import re
from string import Formatter

DEFAULT_TEMPLATE = ("[{office}] 복지 위기가구 안부 확인을 위해 곧 AI 상담 전화({from_number})를 드릴 예정입니다. "
                    "궁금하신 점은 {office_phone}으로 문의해 주세요. 전화를 원하지 않으시면 '거부'라고 답장해 주세요.")
VARIABLES = ("office", "office_phone", "from_number")
# A reply that asks for no more calls or texts (Korean, and the carrier keywords Twilio honours).
_STOP = re.compile(r"^\s*(거부|수신\s*거부|수신거절|전화\s*거부|그만|stop|stopall|unsubscribe|cancel|end|quit)\W*\s*$",
                   re.IGNORECASE)


class TemplateError(ValueError):
    pass


def check_template(template: str) -> None:
    try:
        names = {f for _, f, _, _ in Formatter().parse(template) if f is not None}
    except ValueError as exc:
        raise TemplateError(f"broken {{variable}} in the message: {exc}") from None
    unknown = sorted(names - set(VARIABLES))
    if unknown:
        raise TemplateError(f"unknown variable(s) {', '.join(unknown)} (one of: {', '.join(VARIABLES)})")
    if len(template) > 600:
        raise TemplateError("the message is longer than 600 characters")


def render(template: str, office: str, office_phone: str, from_number: str) -> str:
    return template.format(office=office, office_phone=office_phone, from_number=_readable(from_number))


def is_stop(body: str) -> bool:
    return bool(_STOP.match(body or ""))


def _readable(e164: str) -> str:
    """+8227000000 -> 027000000 (what a resident sees on the phone)."""
    return "0" + e164.removeprefix("+82") if e164.startswith("+82") else e164
