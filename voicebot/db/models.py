"""The tables. Phone numbers, names, transcripts and recordings are personal data:
they live here and nowhere else (never in logs)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, datetime: DateTime(timezone=True)}


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


class Campaign(Base):
    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    flow_path: Mapped[str] = mapped_column(String(500))
    # draft -> active <-> paused -> finished, or cancelled at any point (voicebot.campaigns.control)
    status: Mapped[str] = mapped_column(String(20), default="active")
    window_start_hour: Mapped[int] = mapped_column(default=10)
    window_end_hour: Mapped[int] = mapped_column(default=20)
    window_days: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")  # weekdays, Monday = 0
    sms_template: Mapped[str] = mapped_column(Text, default="")  # empty: no text message before the call
    sms_lead_s: Mapped[int] = mapped_column(default=600)  # how long after the text the call may come
    retry_policy: Mapped[dict[str, Any]] = mapped_column(default=dict)  # outcome -> {delay_s, max}; see policy.py
    created_by: Mapped[str | None] = mapped_column(String(100))
    max_attempts: Mapped[int] = mapped_column(default=3)
    retry_delay_s: Mapped[int] = mapped_column(default=3600)
    answer_mode: Mapped[str] = mapped_column(String(10), default="record")
    call_on_holidays: Mapped[bool] = mapped_column(default=False)
    calls_per_second: Mapped[float] = mapped_column(Float, default=1.0)
    max_concurrent: Mapped[int] = mapped_column(default=3)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="campaign")


class Enrollment(Base):
    """One household in one campaign: how far its interview has come."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("campaign_id", "household_id"),
                      # what the dispatcher asks every round: due households, texts not yet sent
                      Index("ix_enrollments_due", "campaign_id", "status", "next_attempt_at"),
                      Index("ix_enrollments_sms", "campaign_id", "sms_status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    # pending -> dialing -> completed | unreachable | opted_out | wrong_person | callback
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    crisis_level: Mapped[str | None] = mapped_column(String(10))
    total_score: Mapped[float] = mapped_column(Float, default=0.0)
    top_needs: Mapped[list[str]] = mapped_column(default=list)
    # This round's list row: its crisis data, area and notes, and the line it came from.
    indicators: Mapped[list[str]] = mapped_column(default=list)
    area: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    source_line: Mapped[int | None]
    phone_index: Mapped[int] = mapped_column(default=0)  # which of the household's numbers is dialled next
    sms_status: Mapped[str] = mapped_column(String(12), default="none")  # none|queued|sent|delivered|failed|skipped
    sms_sid: Mapped[str | None] = mapped_column(String(64))
    sms_at: Mapped[datetime | None]
    last_outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_counts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # outcome -> attempts ending so
    resume_at: Mapped[str | None] = mapped_column(String(100))  # the question a dropped interview stopped at
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    campaign: Mapped[Campaign] = relationship(back_populates="enrollments")
    household: Mapped[Household] = relationship(back_populates="enrollments")
    attempts_log: Mapped[list[CallAttempt]] = relationship(back_populates="enrollment")


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


class Case(Base):
    """A household handed to a human officer for in-depth consultation."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    # screening (the interview flagged it), no_contact (never reached), callback (asked to be called
    # back at a time), request_human (asked for a person out of hours)
    kind: Mapped[str] = mapped_column(String(20), default="screening")
    callback_at: Mapped[datetime | None]
    priority: Mapped[int] = mapped_column(Integer, index=True)  # higher first
    level: Mapped[str] = mapped_column(String(10))
    risks: Mapped[list[str]] = mapped_column(default=list)
    needs: Mapped[list[str]] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|in_review|closed
    assigned_to: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enrollment: Mapped[Enrollment] = relationship()


class DoNotCall(Base):
    """Numbers never to be called: opted out in a call, by text message, or by the office."""

    __tablename__ = "do_not_call"
    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    source: Mapped[str] = mapped_column(String(20))  # call | sms | office
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CampaignImport(Base):
    """What one household list brought into a campaign: the report administrators read."""

    __tablename__ = "campaign_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    encoding: Mapped[str] = mapped_column(String(10))
    rows: Mapped[int] = mapped_column(default=0)
    enrolled: Mapped[int] = mapped_column(default=0)
    new_households: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    do_not_call: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)  # FILE:LINE: reason, the first MAX_ERRORS
    elapsed_s: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxEntry(Base):
    """Work that a database write promises to a queue (process this answer, place this
    call, announce this case), written in the same transaction as the row it is about.
    The relay hands it to RQ and hands it again if the job is lost; the job marks it done."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("kind", "ref_id", name="uq_outbox_kind_ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # answer | dial | case | sms
    ref_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    handed_at: Mapped[datetime | None]
    handovers: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None] = mapped_column(index=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
