from __future__ import annotations

import logging

from voicebot import outbox
from voicebot.db import Case
from voicebot.jobs import runtime

log = logging.getLogger(__name__)


def announce_case(case_id: int) -> int:
    """Tells the office a case waits. The log line carries ids and priority only, never
    who the household is."""
    with runtime.services().db.session() as session:
        outbox.mark_done(session, "case", case_id)
        case = session.get(Case, case_id)
        if case is None:
            return 0
        log.warning("case %s open: priority %s, level %s, due %s", case.id, case.priority, case.level,
                    case.due_at.isoformat())
        return case.priority
