"""`voicebot flow test | simulate | graph`, and the birth-year check."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_flow_validate import MINIMAL, SHIPPED
from voicebot.cli import app
from voicebot.flow import Context, Engine, Heard, load_flow
from voicebot.flow.birth_year import find_birth_year
from voicebot.flow.testing import default_tests_file, required_branches, run_flow_tests

runner = CliRunner()

MINIMAL_TESTS = """\
tests:
  - name: says yes
    turns: [yes]
    expect: {outcome: completed, path: [ask_it, done]}
  - name: says no
    turns: [no]
    expect: {outcome: completed}
  - name: silent
    turns: [silence, silence, silence]
    expect: {outcome: completed}
  - name: unclear
    turns: [unclear, yes]
    expect: {path: [ask_it, done]}
"""


@pytest.mark.parametrize("flow", SHIPPED, ids=lambda p: p.name)
def test_shipped_flows_pass_their_tests_with_full_branch_coverage(flow):
    lines: list[str] = []
    assert default_tests_file(flow).exists()
    assert run_flow_tests(flow, echo=lines.append) == 0, lines
    assert "branch coverage" in lines[-1] and "(100.0%)" in lines[-1]
    # every global intent and risk action is among the branches counted
    branches = required_branches(load_flow(flow))
    for name in ("global:callback_later", "global:opt_out", "global:wrong_person", "global:repeat",
                 "global:request_human:open", "global:request_human:closed", "risk:suicide", "risk:abuse",
                 "risk:medical_emergency", "birth_year:mismatch"):
        assert name in branches


def _write(tmp_path: Path, tests: str) -> tuple[Path, Path]:
    flow = tmp_path / "tiny.yaml"
    flow.write_text(MINIMAL, encoding="utf-8")
    path = default_tests_file(flow)
    path.write_text(tests, encoding="utf-8")
    return flow, path


def test_minimal_tests_pass_and_cover(tmp_path):
    flow, _ = _write(tmp_path, MINIMAL_TESTS)
    result = runner.invoke(app, ["flow", "test", str(flow)])
    assert result.exit_code == 0, result.output
    assert "4/4 tests passed" in result.output and "(100.0%)" in result.output


def test_a_wrong_expectation_fails_with_file_and_line(tmp_path):
    flow, path = _write(tmp_path, MINIMAL_TESTS.replace("{outcome: completed, path: [ask_it, done]}",
                                                        "{outcome: opt_out, path: [ask_it, done]}"))
    lines: list[str] = []
    assert run_flow_tests(flow, echo=lines.append) == 1
    assert f"{path}:2: test 'says yes': expected outcome 'opt_out', got 'completed'" in lines
    assert "3/4 tests passed" in lines[-1] or "3/4 tests passed" in lines[-2]


def test_missing_branches_are_named_and_fail(tmp_path):
    flow, _ = _write(tmp_path, MINIMAL_TESTS.split("  - name: says no")[0])
    lines: list[str] = []
    assert run_flow_tests(flow, echo=lines.append) == 1
    missing = lines[-1]
    assert missing.startswith("not covered:") and "ask_it:no" in missing and "retry:silence" in missing
    assert run_flow_tests(flow, echo=lines.append, min_coverage=0) == 0


@pytest.mark.parametrize("bad,message", [
    ("    turns: [yes]\n", "unknown intent 'maybe'"),
    ("    expect: {outcome: completed, path: [ask_it, done]}\n", "unknown expectation 'mood'"),
    ("    expect: {outcome: completed, path: [ask_it, done]}\n", "unknown node 'nowhere'"),
])
def test_broken_tests_file_gets_line_numbers(tmp_path, bad, message):
    replacement = {
        "unknown intent 'maybe'": "    turns: [{intent: maybe}]\n",
        "unknown expectation 'mood'": "    expect: {mood: happy}\n",
        "unknown node 'nowhere'": "    expect: {path: [nowhere]}\n",
    }[message]
    flow, path = _write(tmp_path, MINIMAL_TESTS.replace(bad, replacement, 1))
    lines: list[str] = []
    assert run_flow_tests(flow, echo=lines.append) == 1
    assert any(line.startswith(f"{path}:") and message in line for line in lines), lines
    assert int(lines[0].split(":")[1]) in (3, 4)


@pytest.mark.parametrize("text,year", [
    ("1958년이요", 1958), ("오십팔년생입니다", 1958), ("천구백오십팔 년이요", 1958), ("58년생", 1958),
    ("Nineteen fifty five", 1955), ("I was born in 1961", 1961), ("구십년생", 1990), ("네", None),
    ("말하기 싫어요", None),
])
def test_birth_year_is_read_from_speech(text, year):
    assert find_birth_year(text) == year


def test_birth_year_against_the_record():
    engine = Engine(load_flow(SHIPPED[-1]))  # the Korean flow
    ctx = Context(name="김영숙", birth_year=1950)
    step = engine.start(ctx)
    step = engine.hear(step.state, Heard(text="네", intent="yes"), ctx)
    right = engine.hear(step.state, Heard(text="오십 년생이요"), ctx)
    assert right.state["node"] == "consent"
    once = engine.hear(step.state, Heard(text="칠십팔년이요"), ctx)
    assert once.state["node"] == "birth_year" and not once.ended
    twice = engine.hear(once.state, Heard(text="칠십팔년"), ctx)
    assert twice.state["outcome"] == "wrong_person"
    unknown = Context(name="김영숙", birth_year=None)  # no record: nothing to contradict
    assert engine.hear(step.state, Heard(text="칠십팔년이요"), unknown).state["node"] == "consent"


def test_simulate_shows_understanding_and_scores():
    answers = "네\n1950년생이요\n네\n네 병원비가 없어서 못 가요\n\n요즘은 그냥 죽고 싶어요\n"
    result = runner.invoke(app, ["flow", "simulate", str(SHIPPED[-1]), "--indicators", "living_alone"],
                           input=answers)
    out = result.output
    assert result.exit_code == 0, out
    assert "AI: 홍길동님 본인 맞으신가요?" in out
    assert "[understood: intent=yes" in out and "[silence]" in out
    assert "RISKS=suicide" in out and "[urgent case: suicide]" in out and "109" in out
    assert "[scores: " in out and "health" in out
    assert out.rstrip().endswith("case for an officer: yes")


def test_simulate_rejects_unknown_indicator():
    result = runner.invoke(app, ["flow", "simulate", str(SHIPPED[-1]), "--indicators", "moon_cutoff"], input="")
    assert result.exit_code == 2 and "unknown indicator" in result.output


def test_graph_svg_and_png(tmp_path):
    svg = tmp_path / "ko.svg"
    result = runner.invoke(app, ["flow", "graph", str(SHIPPED[-1]), "-o", str(svg)])
    assert result.exit_code == 0, result.output
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    for label in ("phq2_interest", "cssrs_wish", "risk: suicide", "wrong_person", "+2 health", "birth_year differs",
                  "suicide_screen", "→ risk: suicide"):
        assert label in text, label
    png = tmp_path / "en.png"
    assert runner.invoke(app, ["flow", "graph", str(SHIPPED[0]), "-o", str(png)]).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_graph_errors(tmp_path):
    bad = runner.invoke(app, ["flow", "graph", str(SHIPPED[0]), "-o", str(tmp_path / "x.bmp")])
    assert bad.exit_code == 2 and ".svg" in bad.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("yes: done", "yes: nowhere"), encoding="utf-8")
    result = runner.invoke(app, ["flow", "graph", str(broken)])
    assert result.exit_code == 1 and f"{broken}:9:" in result.output
