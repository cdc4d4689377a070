"""The tables, one module per concept. Phone numbers, names, transcripts and recordings are
personal data: they live here and nowhere else (never in logs)."""

from voicebot.db.accounts import ROLES, User, UserSession
from voicebot.db.base import Base, utcnow
from voicebot.db.calls import CallAttempt, CallEvent, Score, Turn
from voicebot.db.campaigns import Campaign, CampaignImport, Enrollment
from voicebot.db.cases import Case, CaseNote, Correction, Report, Service
from voicebot.db.journal import AuditEvent, OutboxEntry
from voicebot.db.people import DoNotCall, Household, Office
from voicebot.db.scripts import FlowVersion

__all__ = ["ROLES", "AuditEvent", "Base", "CallAttempt", "CallEvent", "Campaign", "CampaignImport", "Case",
           "CaseNote", "Correction", "DoNotCall", "Enrollment", "FlowVersion", "Household", "Office", "OutboxEntry",
           "Report", "Score", "Service", "Turn", "User", "UserSession", "utcnow"]
