"""Household lists as offices have them: CSV in UTF-8 or CP949/EUC-KR (what Korean
spreadsheet exports write) and Excel .xlsx, with Korean or English column headers.

A source yields (line, {column: text}) with the line (CSV) or row (Excel) number each
row has in the file, so every rejected row can be named as FILE:LINE."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Our column -> the headers offices write for it (compared without spaces, case or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "성명", "이름", "대상자명", "세대주", "세대주명", "대상자"),
    "phone": ("phone", "phones", "전화번호", "연락처", "휴대폰", "휴대전화", "핸드폰", "전화", "휴대폰번호", "연락처1",
              "전화번호1", "phone1"),
    "phone2": ("phone2", "전화번호2", "연락처2", "휴대폰2", "보조연락처", "집전화", "유선전화"),
    "phone3": ("phone3", "전화번호3", "연락처3"),
    "birth_year": ("birthyear", "birth", "생년", "출생연도", "출생년도", "생년월일", "출생일", "dateofbirth"),
    "indicators": ("indicators", "위기정보", "위기유형", "위기정보유형", "위기요인", "발굴정보"),
    "area": ("area", "address", "주소", "행정동", "주소행정동", "거주지", "동"),
    "notes": ("notes", "note", "비고", "메모", "참고"),
    "language": ("language", "언어"),
}
REQUIRED = ("name", "phone")
HINT = {"name": ("성명", "이름", "name"), "phone": ("전화번호", "연락처", "phone")}
_SQUASH = re.compile(r"[\s_.\-·()/]+")
_ALIASES = {_SQUASH.sub("", alias.lower()): column for column, aliases in COLUMNS.items() for alias in aliases}


class SourceError(ValueError):
    """The file as a whole cannot be read (not the one row: those are rejected one by one)."""


@dataclass
class Source:
    label: str  # how messages name the file
    columns: dict[int, str]  # position -> our column
    encoding: str  # "utf-8", "cp949" or "xlsx"
    rows: Iterator[tuple[int, list[str]]]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, cells in self.rows:
            if not any(c.strip() for c in cells):
                continue  # an empty row in a spreadsheet is not a household
            yield line, {col: (cells[i] if i < len(cells) else "").strip() for i, col in self.columns.items()}


def header_columns(path: str, header: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for i, raw in enumerate(header):
        column = _ALIASES.get(_SQUASH.sub("", str(raw or "").lower().lstrip("\ufeff")))
        if column and column not in columns.values():
            columns[i] = column
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        wanted = "; ".join(f"{c}: {' / '.join(HINT[c])}" for c in missing)
        raise SourceError(f"{path}:1: missing column(s) ({wanted})")
    return columns


def open_source(path: Path, label: str | None = None) -> Source:
    label = label or str(path)
    suffix = Path(label).suffix.lower() or path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _excel(path, label)
    if suffix == ".xls":
        raise SourceError(f"{label}:1: old Excel (.xls) files cannot be read; save it as .xlsx or CSV")
    return _csv(path, label)


def _csv(path: Path, label: str) -> Source:
    raw = path.read_bytes()
    encoding = _encoding(raw)
    text = io.StringIO(codecs.decode(raw, encoding, errors="replace"), newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(f"{label}:1: the file is empty") from None
    except csv.Error as exc:
        raise SourceError(f"{label}:1: not CSV: {exc}") from None
    columns = header_columns(label, header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num + 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:
            raise SourceError(f"{label}:{reader.line_num}: not CSV: {exc}") from None

    return Source(label, columns, "cp949" if encoding == "cp949" else "utf-8", rows())


def _encoding(raw: bytes) -> str:
    """UTF-8 when it decodes as UTF-8 (a BOM is dropped), else CP949 (a superset of EUC-KR)."""
    try:
        raw.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp949"


def _excel(path: Path, label: str) -> Source:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or mislabelled file: openpyxl raises many kinds
        raise SourceError(f"{label}:1: not an Excel workbook ({type(exc).__name__})") from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(v) for v in next(values)]
    except StopIteration:
        raise SourceError(f"{label}:1: the first sheet is empty") from None
    columns = header_columns(label, header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(values, start=2):
            yield number, [_cell(v) for v in cells]
        book.close()

    return Source(label, columns, "xlsx", rows())


def _cell(value: object) -> str:
    """Excel cells as text; a phone stored as a number loses its leading 0, which the
    phone parser puts back for Korean numbers (10-digit mobile, 9-digit Seoul)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}-{getattr(value, 'day', 1):02d}"
    return str(value)
