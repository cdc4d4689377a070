"""Personal data never goes to logs: these are the only forms in which it may."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """+821012345678 -> +8210****5678"""
    return phone[:5] + "*" * max(len(phone) - 9, 0) + phone[-4:] if len(phone) > 9 else "*" * len(phone)

