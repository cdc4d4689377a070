"""What officers work: cases and tasks for households that need a person."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voicebot.db.base import Base, utcnow

if TYPE_CHECKING:
    from voicebot.db.accounts import User
    from voicebot.db.campaigns import Enrollment
    from voicebot.db.people import Household


class Case(Base):
    """A household handed to a person: a screening result, a task (never reached, asked to be
    called back or for a person) or a report from a resident or partner. It belongs to an
    office; only that office's officers see it."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_queue", "office_id", "status", "urgency", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), unique=True)
    # screening (the interview flagged it), no_contact (never reached, or never finished),
    # callback (asked to be called back at a time), request_human (asked for a person out of
    # hours), report (a resident or partner reported the household)
    kind: Mapped[str] = mapped_column(String(20), default="screening")
    callback_at: Mapped[datetime | None]
    priority: Mapped[int] = mapped_column(Integer, index=True)  # higher first (risk, level, score)
    urgency: Mapped[int] = mapped_column(Integer, default=0)  # the queue's order: risk first, then level
    level: Mapped[str] = mapped_column(String(10))
    risks: Mapped[list[str]] = mapped_column(default=list)
    needs: Mapped[list[str]] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|in_review|closed
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # how it ended: services (linked to services), visit (visit scheduled), no_need, unreachable
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_detail: Mapped[dict[str, Any]] = mapped_column(default=dict)  # services linked, visit date
    due_at: Mapped[datetime]
    first_contact_at: Mapped[datetime | None]  # when an officer first took it up
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enrollment: Mapped[Enrollment | None] = relationship()
    household: Mapped[Household | None] = relationship()
    report: Mapped[Report | None] = relationship()
    assignee: Mapped[User | None] = relationship()
    notes: Mapped[list[CaseNote]] = relationship(order_by="CaseNote.id", back_populates="case")


class CaseNote(Base):
    """An officer's note on a case: kept, with its author and time, never overwritten."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    case: Mapped[Case] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()


class Correction(Base):
    """What an officer says an answer meant, where the system understood it otherwise:
    labelled training data (`voicebot nlu corrections export`)."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    intent: Mapped[str] = mapped_column(String(30))
    needs: Mapped[list[str]] = mapped_column(default=list)
    risks: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Service(Base):
    """A service an office links households to (긴급복지, 기초생활보장, 방문 간호...)."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("office_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)


class Report(Base):
    """A household reported by a resident or a partner (an estate agent, an apartment manager,
    a meter reader) through the public form."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    subject_name: Mapped[str] = mapped_column(String(100), default="")
    subject_phone: Mapped[str | None] = mapped_column(String(20))  # E.164 when given
    address: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    reporter_name: Mapped[str] = mapped_column(String(100), default="")
    reporter_contact: Mapped[str] = mapped_column(String(100), default="")
    reporter_relation: Mapped[str] = mapped_column(String(50), default="")
    source_hash: Mapped[str] = mapped_column(String(64), index=True)  # the sender, hashed: for the rate limit
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
