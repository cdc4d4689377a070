"""Logging for every voicebot process, with personal data kept out.

Our own log lines carry ids only. What other code logs is not ours to word: a database
error quoting the row it refused, the twilio library printing a request's parameters, a
traceback whose message names a number. So every record is scrubbed where it is made
(the record factory, which every logger in the process goes through), and so are
tracebacks printed on a crash and those RQ keeps with a failed job: phone numbers in any
of their written forms, long digit runs, and Korean text (our log lines are English; any
Korean in a log line is a name, an address or something a resident said) are replaced."""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from types import TracebackType

_PATTERNS = [
    re.compile(r"(?:\+|%2B)\d[\d\s\-]{6,17}\d"),  # E.164, also URL-encoded
    re.compile(r"(?<!\d)0\d{1,2}[\s\-.)]{0,2}\d{3,4}[\s\-.]?\d{4}(?!\d)"),  # 010-1234-5678, 02)123-4567
    re.compile(r"\d{9,}"),  # a number spelled without separators
    re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+(?:[\s,.?!~]+[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+)*"),
]
REDACTED = "[redacted]"
NOISY = ("twilio.http_client", "httpx", "httpcore", "urllib3", "multipart", "faster_whisper")
_installed = False


def scrub(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def format_exception(exc_type: type[BaseException] | None, exc: BaseException | None,
                     tb: TracebackType | None) -> str:
    return scrub("".join(traceback.format_exception(exc_type, exc, tb)))


def configure(level: int = logging.INFO) -> None:
    """Root handler on stderr, scrubbing on, the chatty libraries quiet (twilio's logs
    every request's parameters at INFO)."""
    install()
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def scrubbed_record(*args, **kwargs) -> logging.LogRecord:  # noqa: ANN002, ANN003
        record = make_record(*args, **kwargs)
        try:
            record.msg, record.args = scrub(record.getMessage()), None
        except Exception:  # a record whose arguments do not fit its format: keep nothing of it
            record.msg, record.args = "(unprintable log record)", None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = format_exception(*record.exc_info).rstrip("\n")
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return record

    logging.setLogRecordFactory(scrubbed_record)
    sys.excepthook = lambda t, e, tb: sys.stderr.write(format_exception(t, e, tb))
    threading.excepthook = lambda a: sys.stderr.write(format_exception(a.exc_type, a.exc_value, a.exc_traceback))
    _scrub_rq_failures()


def _scrub_rq_failures() -> None:
    """RQ formats a failed job's traceback itself, to log it and to keep it with the job."""
    import rq.job_lifecycle
    import rq.queue
    import rq.worker.base

    def format_exc_info(exc_info: tuple) -> str:
        return format_exception(*exc_info)

    for module in (rq.job_lifecycle, rq.queue, rq.worker.base):
        module.format_exc_info = format_exc_info
