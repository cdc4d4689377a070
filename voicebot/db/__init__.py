"""Persistence: SQLAlchemy 2 models, sessions and Alembic migrations."""

from voicebot.db.models import (
    AuditEvent,
    Base,
    CallAttempt,
    CallEvent,
    Campaign,
    CampaignImport,
    Case,
    DoNotCall,
    Enrollment,
    Household,
    Office,
    OutboxEntry,
    Score,
    Turn,
)
from voicebot.db.session import Database

__all__ = [
    "AuditEvent", "Base", "CallAttempt", "CallEvent", "Campaign", "CampaignImport", "Case", "Database", "DoNotCall",
    "Enrollment", "Household", "Office", "OutboxEntry", "Score", "Turn",
]
