"""Campaigns, the households they enrol, and the lists they were imported from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voicebot.db.base import Base, utcnow

if TYPE_CHECKING:
    from voicebot.db.calls import CallAttempt
    from voicebot.db.people import Household


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
