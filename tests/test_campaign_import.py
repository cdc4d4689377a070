"""Household lists as offices have them: UTF-8 and CP949 CSV and Excel, Korean or English
headers, several numbers per household; every row accounted for, every rejection as
FILE:LINE: reason naming no one. SQLite and PostgreSQL."""

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import ROOT
from voicebot.campaigns.control import CampaignSpec, create
from voicebot.campaigns.importer import import_households
from voicebot.campaigns.sources import SourceError
from voicebot.cli import app
from voicebot.db import CampaignImport, DoNotCall, Enrollment, Household
from voicebot.flow import load_flow

FLOW = ROOT / "call_flows" / "welfare_screening_ko.yaml"
KNOWN = frozenset(load_flow(FLOW).indicators)
HEADER = ["성명", "전화번호", "연락처2", "생년월일", "위기정보", "행정동", "비고"]
ROWS = [
    ["김영숙", "010-2345-6789", "", "1950-03-04", "단전, 1인가구", "행복동", ""],            # 2: fine
    ["박철수", "010 3456 7890 / 02-123-4567", "", "1948", "rent_arrears", "행복동", "독거"],  # 3: two numbers
    ["김영숙", "01023456789", "010-9999-8888", "", "건강보험료체납", "", ""],                  # 4: duplicate of 2
    ["이순자", "1045678901", "", "1960년", "", "", ""],                                      # 5: Excel lost the 0
    ["", "010-5678-9012", "", "", "", "", ""],                                               # 6: no name
    ["최말순", "123", "", "", "", "", ""],                                                   # 7: not a number
    ["정복희", "010-6789-0123", "", "3020", "", "", ""],                                     # 8: no such year
    ["강미경", "010-7890-1234", "", "", "electricity_cutof", "", ""],                        # 9: mistyped code
    ["조동훈", "010-8901-2345", "", "", "월세밀림 심함", "", ""],                              # 10: free text
    ["윤광수", "010-1111-2222", "", "", "", "", ""],                                          # 11: do-not-call
    ["", "", "", "", "", "", ""],                                                            # 12: blank row
    ["장성민", "010-2222-3333", "", "1955", "단수", "", ""],                                  # 13: fine
]
PERSONAL = {"김영숙", "박철수", "이순자", "최말순", "정복희", "강미경", "조동훈", "윤광수", "장성민", "2345-6789",
            "6789-0123", "1111-2222", "월세밀림"}


def _csv(tmp_path, encoding, name="list.csv"):
    path = tmp_path / name
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' if "," in c else c for c in row) for row in ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in ROWS:
        ws.append([int(c) if c.isdigit() and len(c) in (10, 11) else c for c in row])  # numbers, as Excel keeps them
    path = tmp_path / "list.xlsx"
    wb.save(path)
    return path


def _campaign(db):
    return create(db, CampaignSpec(name="2026-11 위기가구", flow_path=FLOW))


@pytest.mark.parametrize("kind", ["utf-8", "cp949", "xlsx"])
def test_every_row_is_accounted_for(db, tmp_path, kind):
    with db.session() as session:
        session.add(DoNotCall(phone="+821011112222", source="sms"))
    path = _xlsx(tmp_path) if kind == "xlsx" else _csv(tmp_path, kind)
    report = import_households(db, _campaign(db), path, KNOWN)
    assert report.encoding == kind
    assert report.rows == 11  # the blank row is not a household
    assert (report.enrolled, report.duplicates, report.do_not_call, report.rejected) == (4, 1, 1, 5)
    assert report.accounted == report.rows
    lines = sorted(int(e.split(":")[1]) for e in report.errors)
    assert lines == [6, 7, 8, 9, 10]
    assert all(e.startswith(f"{path}:") for e in report.errors)
    errors = "\n".join(report.errors)
    assert "name is empty" in errors and "not a valid Korean phone number" in errors
    assert "'electricity_cutof'" in errors and "a label not in the list" in errors
    assert not [p for p in PERSONAL if p in errors]
    with db.session() as session:
        kim = session.scalar(select(Household).where(Household.phone == "+821023456789"))
        assert kim.phones == ["+821023456789", "+821099998888"] and kim.birth_year == 1950
        enrollment = session.scalar(select(Enrollment).where(Enrollment.household_id == kim.id))
        assert enrollment.indicators == ["electricity_cutoff", "living_alone", "health_insurance_arrears"]
        assert enrollment.area == "행복동" and enrollment.source_line == 2
        park = session.scalar(select(Household).where(Household.phone == "+821034567890"))
        assert park.phones == ["+821034567890", "+8221234567"]
        lee = session.scalar(select(Household).where(Household.phone == "+821045678901"))
        assert lee.birth_year == 1960
        stored = session.scalars(select(CampaignImport)).one()
        assert stored.rejected == 5 and stored.errors == report.errors


def test_known_households_are_enrolled_again_and_repeats_counted(db, tmp_path):
    path = _csv(tmp_path, "utf-8")
    first = import_households(db, _campaign(db), path, KNOWN)
    assert first.new_households == 5 and first.enrolled == 5
    again = import_households(db, first_campaign := _campaign(db), path, KNOWN)
    assert again.new_households == 0 and again.enrolled == 5
    twice = import_households(db, first_campaign, path, KNOWN)
    assert twice.enrolled == 0 and twice.already_enrolled == 5 and twice.accounted == twice.rows


def test_a_list_without_its_columns_is_refused_at_line_1(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("이름,주소\n김영숙,행복동\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"^{path}:1: missing column\(s\) \(phone: 전화번호 / 연락처 / phone\)"):
        import_households(db, _campaign(db), path, KNOWN)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cli_creates_a_campaign_from_a_cp949_list(db, tmp_path, monkeypatch):
    monkeypatch.setenv("VOICEBOT_DATABASE_URL", db.url)
    monkeypatch.setattr("voicebot.campaigns.importer.MAX_ERRORS", 2)  # the import keeps 2; the command prints all
    path = _csv(tmp_path, "cp949", "명단.csv")
    result = CliRunner().invoke(app, ["campaign", "create", "11월 위기가구", "--list", str(path), "--draft"])
    assert result.exit_code == 0, result.output
    assert "campaign 1: 11월 위기가구 (draft)" in result.output
    assert f"{path}:7: phone: not a valid Korean phone number" in result.output
    lines = [line.removeprefix(f"{path}:").split(":")[0] for line in result.output.splitlines()]
    assert sorted(int(n) for n in lines if n.isdigit()) == [6, 7, 8, 9, 10]
    assert "5 households enrolled (5 new), 1 duplicate rows merged" in result.output
    assert not [p for p in PERSONAL if p in result.output]
    status = CliRunner().invoke(app, ["campaign", "status", "1", "--json"])
    assert '"pending": 5' in status.output
