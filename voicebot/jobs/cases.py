from __future__ import annotations

import logging

from voicebot.db import Case
from voicebot.jobs import runtime

log = logging.getLogger(__name__)


def announce_case(case_id: int) -> int:
    """Tells the office a case waits. Urgent cases are queued at the front; the log
    line carries ids and priority only, never who the household is."""
    with runtime.services().db.session() as session:
        case = session.get_one(Case, case_id)
        log.warning("case %s open: priority %s, level %s, due %s", case.id, case.priority, case.level,
                    case.due_at.isoformat())
        return case.priority
