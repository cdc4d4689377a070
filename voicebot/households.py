"""Households from a CSV file (name, phone, birth_year, indicators), checked row by row.

A bad row never stops the import and never loses the good ones: it is reported with
its line number and what is wrong, and the rest are loaded."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from voicebot.db import Campaign, Enrollment, Household
from voicebot.phones import InvalidPhone, normalize

REQUIRED = ("name", "phone")


@dataclass
class ImportReport:
    added: int = 0
    enrolled: int = 0
    errors: list[str] | None = None


def import_csv(session: Session, path: Path, campaign: Campaign, indicators: tuple[str, ...]) -> ImportReport:
    report = ImportReport(errors=[])
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            report.errors.append(f"{path}:1: missing column(s): {', '.join(missing)}")
            return report
        for row in reader:
            line = reader.line_num
            try:
                household = _household(row, indicators)
            except ValueError as exc:
                report.errors.append(f"{path}:{line}: {exc}")
                continue
            existing = session.scalar(select(Household).where(Household.phone == household.phone))
            if existing is None:
                session.add(household)
                session.flush()
                report.added += 1
            else:
                household = existing
            if enroll(session, campaign, household):
                report.enrolled += 1
    return report


def enroll(session: Session, campaign: Campaign, household: Household) -> bool:
    if household.opted_out:
        return False
    exists = session.scalar(select(Enrollment).where(Enrollment.campaign_id == campaign.id,
                                                     Enrollment.household_id == household.id))
    if exists:
        return False
    session.add(Enrollment(campaign_id=campaign.id, household_id=household.id))
    return True


def _household(row: dict[str, str | None], indicators: tuple[str, ...]) -> Household:
    name = (row.get("name") or "").strip()
    if not name:
        raise ValueError("name is empty")
    try:
        phone = normalize((row.get("phone") or "").strip())
    except InvalidPhone as exc:
        raise ValueError(f"phone: {exc}") from None
    birth = (row.get("birth_year") or "").strip()
    if birth and not (birth.isdigit() and 1900 <= int(birth) <= 2025):
        raise ValueError(f"birth_year must be a year, got {birth!r}")
    flags = [i.strip() for i in (row.get("indicators") or "").replace(";", ",").split(",") if i.strip()]
    unknown = [i for i in flags if i not in indicators]
    if unknown:
        raise ValueError(f"unknown crisis indicator(s): {', '.join(unknown)}")
    return Household(name=name, phone=phone, birth_year=int(birth) if birth else None, indicators=flags,
                     language=(row.get("language") or "ko").strip() or "ko")
