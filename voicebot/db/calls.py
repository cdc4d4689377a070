"""Calls: each attempt, Twilio's status callbacks, every question and answer, the scores."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voicebot.db.base import Base, utcnow

if TYPE_CHECKING:
    from voicebot.db.campaigns import Enrollment


class CallAttempt(Base):
    __tablename__ = "call_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    dialled: Mapped[str | None] = mapped_column(String(20))  # which of the household's numbers
    # queued -> dialing (a dial job claimed it) -> initiated -> ringing -> in-progress -> a final status;
    # it only moves forward (voicebot.callstate), whatever order Twilio's callbacks arrive in.
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    dial_claimed_at: Mapped[datetime | None]  # when a dial job took it: a call may exist from then on
    answered_by: Mapped[str | None] = mapped_column(String(30))
    flow_hash: Mapped[str] = mapped_column(String(64))
    dialogue_state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pending_actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(30))
    duration_s: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    enrollment: Mapped[Enrollment] = relationship(back_populates="attempts_log")
    turns: Mapped[list[Turn]] = relationship(back_populates="attempt", order_by="Turn.seq")
    events: Mapped[list[CallEvent]] = relationship(back_populates="attempt")


class CallEvent(Base):
    """Every Twilio status change. The unique key makes duplicated callbacks no-ops."""

    __tablename__ = "call_events"
    __table_args__ = (UniqueConstraint("call_sid", "status", name="uq_call_event"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("call_attempts.id"))
    call_sid: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int | None]
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempt: Mapped[CallAttempt] = relationship(back_populates="events")


class Turn(Base):
    """One question asked and what was heard in reply."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("attempt_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("call_attempts.id"))
    seq: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(100))
    prompt: Mapped[str] = mapped_column(Text)
    recording_sid: Mapped[str | None] = mapped_column(String(64))
    audio_ref: Mapped[str | None] = mapped_column(String(500))
    transcript: Mapped[str | None] = mapped_column(Text)
    stt_confidence: Mapped[float | None]
    digits: Mapped[str | None] = mapped_column(String(20))  # keys pressed instead of speaking
    no_speech: Mapped[bool] = mapped_column(default=False)
    intent: Mapped[str | None] = mapped_column(String(30))
    intent_confidence: Mapped[float | None]
    needs: Mapped[list[str]] = mapped_column(default=list)
    risks: Mapped[list[str]] = mapped_column(default=list)
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reply: Mapped[list[str]] = mapped_column(JSON, default=list)  # the engine's actions in answer
    status: Mapped[str] = mapped_column(String(20), default="waiting")  # waiting|processed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    attempt: Mapped[CallAttempt] = relationship(back_populates="turns")


class Score(Base):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("attempt_id", "category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("call_attempts.id"))
    category: Mapped[str] = mapped_column(String(50))
    value: Mapped[float] = mapped_column(Float)
