from sqlalchemy import select

from tests.conftest import ROOT
from voicebot.db import Campaign, Enrollment, Household
from voicebot.flow import load_flow
from voicebot.households import import_csv


def test_bad_rows_are_reported_and_good_rows_kept(db, tmp_path):
    csv_file = tmp_path / "h.csv"
    csv_file.write_text(
        "name,phone,birth_year,indicators\n"
        "김영숙,010-1234-5678,1950,electricity_cutoff;living_alone\n"
        "이철수,12345,1960,\n"
        ",010-2222-3333,1970,\n"
        "박말순,010-3333-4444,19x0,\n"
        "최동훈,010-4444-5555,1980,moon_cutoff\n"
        "정희,+82 10 5555 6666,,rent_arrears\n", encoding="utf-8")
    flow = load_flow(ROOT / "call_flows" / "welfare_screening_ko.yaml")
    with db.session() as session:
        c = Campaign(name="t", flow_path=flow.path)
        session.add(c)
        session.flush()
        report = import_csv(session, csv_file, c, flow.indicators)
    assert report.added == 2 and report.enrolled == 2
    assert [e.split(": ", 1)[0] for e in report.errors] == [f"{csv_file}:{n}" for n in (3, 4, 5, 6)]
    assert "phone" in report.errors[0] and "name is empty" in report.errors[1]
    assert "birth_year" in report.errors[2] and "moon_cutoff" in report.errors[3]
    with db.session() as session:
        phones = sorted(h.phone for h in session.scalars(select(Household)))
        assert phones == ["+821012345678", "+821055556666"]
        assert len(session.scalars(select(Enrollment)).all()) == 2
