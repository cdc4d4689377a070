"""Work promised to the queue (the outbox) and the audit log of every view and change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from voicebot.db.base import Base, utcnow


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
