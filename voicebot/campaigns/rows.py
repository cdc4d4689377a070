"""One row of a household list, checked: a household to enrol, or the reason it is not.

Reasons name the column and what is wrong, never the value: the report is read by staff
who may not see that household, and it ends up in terminals and logs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

# The labels the crisis-data lists use, as well as our codes (CONTRACT.md's indicators).
INDICATOR_LABELS: dict[str, str] = {
    "단전": "electricity_cutoff", "전기": "electricity_cutoff", "전기요금체납": "electricity_cutoff",
    "단수": "water_cutoff", "수도": "water_cutoff", "수도요금체납": "water_cutoff",
    "단가스": "gas_cutoff", "가스": "gas_cutoff", "가스요금체납": "gas_cutoff",
    "월세체납": "rent_arrears", "임대료체납": "rent_arrears", "주거비체납": "rent_arrears",
    "관리비체납": "rent_arrears",
    "건강보험료체납": "health_insurance_arrears", "건보료체납": "health_insurance_arrears",
    "통신비체납": "telecom_arrears", "통신요금체납": "telecom_arrears",
    "금융연체": "financial_delinquency", "채무": "financial_delinquency", "대출연체": "financial_delinquency",
    "실직": "recent_unemployment", "고용위기": "recent_unemployment", "실업": "recent_unemployment",
    "1인가구": "living_alone", "독거": "living_alone", "독거가구": "living_alone",
    "장애": "disability", "장애인": "disability", "장기질환": "long_term_illness", "중증질환": "long_term_illness",
}
_SPLIT_PHONES = re.compile(r"[,;/|\n]+")
_SPLIT_FLAGS = re.compile(r"[,;/|\n·]+")
_YEAR = re.compile(r"^(19\d\d|20\d\d)(?:[-./년\s]?\d{1,2}(?:[-./월\s]?\d{1,2}일?)?|년(?:생)?)?$")
_CODE = re.compile(r"^[a-z_]{1,40}$")
MAX_PHONES = 4  # the national service tries every registered number; four is plenty


class RowRejected(ValueError):
    pass


@dataclass(frozen=True)
class HouseholdRow:
    line: int
    name: str
    phones: tuple[str, ...]  # E.164, the first is the household's main number
    birth_year: int | None
    indicators: tuple[str, ...]
    area: str
    notes: str
    language: str


def phones_in(record: dict[str, str]) -> tuple[str, ...]:
    cells = [record.get(c, "") for c in ("phone", "phone2", "phone3")]
    raw = [p.strip() for cell in cells for p in _SPLIT_PHONES.split(cell) if p.strip()]
    if not raw:
        raise RowRejected("phone is empty")
    out: list[str] = []
    for text in raw:
        number = normalize_phone(text)
        if number is None:
            raise RowRejected("phone: not a valid Korean phone number")
        if number not in out:
            out.append(number)
    return tuple(out[:MAX_PHONES])


def normalize_phone(text: str, region: str = "KR") -> str | None:
    """E.164, or None. Excel drops a number's leading 0 (1012345678): put back."""
    digits = re.sub(r"[^\d+]", "", text)
    if digits and digits[0] in "123456789" and len(digits) in (9, 10) and not text.strip().startswith("+"):
        text = "0" + digits
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_row(line: int, record: dict[str, str], known: frozenset[str], this_year: int) -> HouseholdRow:
    name = " ".join(record.get("name", "").split())
    if not name:
        raise RowRejected("name is empty")
    if len(name) > 100:
        raise RowRejected("name is longer than 100 characters")
    phones = phones_in(record)
    birth = record.get("birth_year", "").replace(" ", "")
    year = None
    if birth:
        match = _YEAR.match(birth.removesuffix(".0"))
        year = int(match.group(1)) if match else None
        if year is None or not 1900 <= year <= this_year:
            raise RowRejected(f"birth year is not a year between 1900 and {this_year}")
    flags: list[str] = []
    for raw in _SPLIT_FLAGS.split(record.get("indicators", "")):
        label = raw.strip()
        if not label:
            continue
        code = label if label in known else INDICATOR_LABELS.get(label.replace(" ", ""))
        if code is None or code not in known:
            shown = f"'{label}'" if _CODE.match(label) else "a label not in the list"
            raise RowRejected(f"unknown crisis indicator {shown} (codes and labels: README, 'Household lists')")
        if code not in flags:
            flags.append(code)
    language = (record.get("language") or "ko").strip().lower() or "ko"
    if language not in ("ko", "en"):
        raise RowRejected("language must be ko or en")
    return HouseholdRow(line, name, phones, year, tuple(flags), record.get("area", "")[:200],
                        record.get("notes", "")[:2000], language)
