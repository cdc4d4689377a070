"""Persistence: SQLAlchemy 2 models (one module per concept), sessions and Alembic migrations."""

from voicebot.db.models import (
    ROLES,
    AuditEvent,
    Base,
    CallAttempt,
    CallEvent,
    Campaign,
    CampaignImport,
    Case,
    CaseNote,
    Correction,
    DoNotCall,
    Enrollment,
    FlowVersion,
    Household,
    Office,
    OutboxEntry,
    Report,
    Score,
    Service,
    Turn,
    User,
    UserSession,
)
from voicebot.db.session import Database

__all__ = [
    "ROLES", "AuditEvent", "Base", "CallAttempt", "CallEvent", "Campaign", "CampaignImport", "Case", "CaseNote",
    "Correction", "Database", "DoNotCall", "Enrollment", "FlowVersion", "Household", "Office", "OutboxEntry",
    "Report", "Score", "Service", "Turn", "User", "UserSession",
]
