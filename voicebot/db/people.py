"""Who is called and who may see them: offices, households, the do-not-call list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voicebot.db.base import Base, utcnow

if TYPE_CHECKING:
    from voicebot.db.campaigns import Enrollment


class Office(Base):
    """A 동 주민센터 or a district's welfare division: whose households an officer sees."""

    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Household(Base):
    __tablename__ = "households"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164, the main number
    phones: Mapped[list[str]] = mapped_column(default=list)  # every registered number, the main one first
    name: Mapped[str] = mapped_column(String(100))
    birth_year: Mapped[int | None]
    indicators: Mapped[list[str]] = mapped_column(default=list)
    persona: Mapped[str | None] = mapped_column(String(100))  # simulated network only
    language: Mapped[str] = mapped_column(String(5), default="ko")
    opted_out: Mapped[bool] = mapped_column(default=False)
    # The one call this household is in, if any: set by a conditional update when a call is
    # dispatched, so no two campaigns or schedulers ever ring the same household at once.
    calling_attempt_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="household")


class DoNotCall(Base):
    """Numbers never to be called: opted out in a call, by text message, or by the office."""

    __tablename__ = "do_not_call"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    source: Mapped[str] = mapped_column(String(20))  # call | sms | office
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
