"""A household list into a campaign, in bulk: a few statements per 5,000 rows, never one per row.

Every row ends up counted once: enrolled, merged into an earlier row for the same
household (same main number: its other numbers and crisis data are added), skipped for the
do-not-call list or an earlier opt-out, already in this campaign, or rejected as
FILE:LINE: reason. Nothing is dropped silently. Households already known from an earlier
round are found by number and enrolled again with this round's crisis data."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, any_, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from voicebot.campaigns.rows import MAX_PHONES, HouseholdRow, RowRejected, parse_row
from voicebot.campaigns.sources import Source, SourceError, open_source
from voicebot.db import CampaignImport, Database, DoNotCall, Enrollment, Household

CHUNK = 5000
MAX_ERRORS = 2000  # kept with the import; the count is always complete


@dataclass
class ImportReport:
    path: str
    encoding: str = ""
    rows: int = 0
    enrolled: int = 0
    new_households: int = 0
    duplicates: int = 0  # rows merged into an earlier row of the same household
    already_enrolled: int = 0
    do_not_call: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def accounted(self) -> int:
        return self.enrolled + self.duplicates + self.already_enrolled + self.do_not_call + self.rejected

    def summary(self) -> str:
        return (f"{self.rows} rows ({self.encoding}): {self.enrolled} households enrolled "
                f"({self.new_households} new), {self.duplicates} duplicate rows merged, "
                f"{self.already_enrolled} already in the campaign, {self.do_not_call} on the do-not-call list, "
                f"{self.rejected} rejected")


def import_households(db: Database, campaign_id: int, path: Path, known_indicators: frozenset[str],
                      progress: Callable[[int], object] | None = None, name: str | None = None,
                      rejected: Callable[[str], object] | None = None) -> ImportReport:
    """Reads the list and enrols its households; SourceError when the file as a whole is
    unreadable. `name` is how messages call the file (an upload's own name, not where it
    was saved). `rejected` hears every rejection; the report keeps the first MAX_ERRORS."""
    started = time.perf_counter()
    label = name or str(path)
    report = ImportReport(label)
    source = open_source(path, label)
    report.encoding = source.encoding
    state = _State()
    with db.session() as session:
        state.do_not_call = set(session.scalars(select(DoNotCall.phone)))
    batch: list[HouseholdRow] = []
    this_year = datetime.now(UTC).year
    for line, record in _records(source):
        report.rows += 1
        try:
            batch.append(parse_row(line, record, known_indicators, this_year))
        except RowRejected as exc:
            message = f"{label}:{line}: {exc}"
            _reject(report, message)
            if rejected:
                rejected(message)
        if len(batch) >= CHUNK:
            _write(db, campaign_id, batch, state, report)
            batch = []
            if progress:
                progress(report.rows)
    if batch:
        _write(db, campaign_id, batch, state, report)
    if progress:
        progress(report.rows)
    report.elapsed_s = round(time.perf_counter() - started, 2)
    with db.session() as session:
        session.add(CampaignImport(campaign_id=campaign_id, filename=Path(label).name, encoding=report.encoding,
                                   rows=report.rows, enrolled=report.enrolled, new_households=report.new_households,
                                   duplicates=report.duplicates + report.already_enrolled,
                                   do_not_call=report.do_not_call, rejected=report.rejected,
                                   errors=report.errors, elapsed_s=report.elapsed_s))
    return report


def _records(source: Source):  # noqa: ANN202
    try:
        yield from source.records()
    except UnicodeDecodeError:
        raise SourceError(f"{source.label}:1: the file's text encoding is neither UTF-8 nor CP949") from None


def _reject(report: ImportReport, message: str) -> None:
    report.rejected += 1
    if len(report.errors) < MAX_ERRORS:
        report.errors.append(message)


@dataclass
class _State:
    do_not_call: set[str] = field(default_factory=set)
    # main number -> (household id, enrollment id) of rows already written from this file
    written: dict[str, tuple[int, int]] = field(default_factory=dict)


def _write(db: Database, campaign_id: int, rows: list[HouseholdRow], state: _State, report: ImportReport) -> None:
    merged_into_earlier: list[HouseholdRow] = []
    unique: dict[str, HouseholdRow] = {}
    for row in rows:
        if any(p in state.do_not_call for p in row.phones):
            report.do_not_call += 1
            continue
        main = row.phones[0]
        if main in state.written:
            merged_into_earlier.append(row)
            report.duplicates += 1
        elif main in unique:
            unique[main] = _merge(unique[main], row)
            report.duplicates += 1
        else:
            unique[main] = row
    with db.session() as session:
        if unique:
            _enrol(session, campaign_id, unique, state, report)
        if merged_into_earlier:
            _merge_written(session, merged_into_earlier, state)


def _enrol(session: Session, campaign_id: int, unique: dict[str, HouseholdRow], state: _State,
           report: ImportReport) -> None:
    # Plain executemany (no RETURNING) and ids read back by one array parameter: on
    # PostgreSQL a statement with thousands of placeholders costs more to build and parse
    # than to run (scripts/bench_import.py).
    known = {phone: (hid, opted_out, phones) for hid, phone, opted_out, phones in session.execute(
        select(Household.id, Household.phone, Household.opted_out, Household.phones)
        .where(_among(session, Household.phone, list(unique))))}
    new_rows = [r for main, r in unique.items() if main not in known]
    if new_rows:
        session.execute(insert(Household), [
            {"phone": r.phones[0], "phones": list(r.phones), "name": r.name, "birth_year": r.birth_year,
             "indicators": list(r.indicators), "language": r.language} for r in new_rows])
        for hid, phone in session.execute(select(Household.id, Household.phone).where(
                _among(session, Household.phone, [r.phones[0] for r in new_rows]))):
            known[phone] = (hid, False, list(unique[phone].phones))
        report.new_households += len(new_rows)
    ids = [v[0] for v in known.values()]
    enrolled_before = set(session.scalars(select(Enrollment.household_id).where(
        Enrollment.campaign_id == campaign_id, _among(session, Enrollment.household_id, ids))))
    to_enrol, refreshed = [], []
    for main, row in unique.items():
        hid, opted_out, phones = known[main]
        if opted_out:
            report.do_not_call += 1
        elif hid in enrolled_before:
            report.already_enrolled += 1
        else:
            to_enrol.append((main, hid, row))
            extra = [p for p in row.phones if p not in phones]
            if extra:
                refreshed.append({"id": hid, "phones": [*phones, *extra][:MAX_PHONES]})
    if refreshed:  # an earlier round's household with a number this list adds
        session.execute(update(Household), refreshed)
    if to_enrol:
        session.execute(insert(Enrollment), [
            {"campaign_id": campaign_id, "household_id": hid, "indicators": list(row.indicators), "area": row.area,
             "notes": row.notes, "source_line": row.line} for _, hid, row in to_enrol])
        by_household = dict(session.execute(select(Enrollment.household_id, Enrollment.id).where(
            Enrollment.campaign_id == campaign_id, _among(session, Enrollment.household_id,
                                                          [hid for _, hid, _ in to_enrol]))).all())
        for main, hid, _ in to_enrol:
            state.written[main] = (hid, by_household[hid])
        report.enrolled += len(to_enrol)


def _among(session: Session, column, values: list) -> ColumnElement[bool]:  # noqa: ANN001
    """column IN values: one array parameter on PostgreSQL, a list elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def _merge(first: HouseholdRow, other: HouseholdRow) -> HouseholdRow:
    phones = tuple(dict.fromkeys(first.phones + other.phones))[:MAX_PHONES]
    flags = tuple(dict.fromkeys(first.indicators + other.indicators))
    return HouseholdRow(first.line, first.name, phones, first.birth_year or other.birth_year, flags,
                        first.area or other.area, first.notes or other.notes, first.language)


def _merge_written(session: Session, rows: list[HouseholdRow], state: _State) -> None:
    """Later rows of a household written in an earlier chunk: add their numbers and crisis data."""
    for row in rows:
        hid, eid = state.written[row.phones[0]]
        enrollment = session.get_one(Enrollment, eid)
        enrollment.indicators = list(dict.fromkeys([*enrollment.indicators, *row.indicators]))
        household = session.get_one(Household, hid)
        household.phones = list(dict.fromkeys([*household.phones, *row.phones]))[:MAX_PHONES]
