"""`voicebot flow test`: conversation tests written beside a flow, and branch coverage.

Like Rasa's test stories: each test is a list of answers and what must come out
(path, scores, instruments, level, outcome, whether an officer gets a case). Tests
drive the pure engine, so they run in milliseconds and need no phone, model or
database. Coverage counts every branch the flow can take: each answer rule and
choice, each skipped condition, each global intent, each risk action and the
reprompt/rephrase/move-on ladder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlu.labels import INTENTS, NEEDS, RISKS
from voicebot.flow.engine import Context, Engine, Heard, Step
from voicebot.flow.loader import FlowInvalid, load_flow, read_yaml, yaml_line
from voicebot.flow.model import Flow

SILENCE, UNCLEAR = "silence", "unclear"  # turn shorthands besides intents and free text
EXPECT_KEYS = {
    "outcome", "level", "case", "path", "visits", "skips", "scores", "instruments", "risks", "says",
    "callback_at", "actions",
}
TEST_KEYS = {"name", "context", "indicators", "office_open", "start", "turns", "expect"}


@dataclass
class Case:
    name: str
    line: int
    context: Context
    turns: list[tuple[int, Heard]]
    expect: dict[str, Any]
    start: str | None = None


@dataclass
class Result:
    failures: list[str] = field(default_factory=list)
    covered: set[str] = field(default_factory=set)
    cases: int = 0
    failed: int = 0


def default_tests_file(flow_path: Path) -> Path:
    return flow_path.with_name(flow_path.name.removesuffix(".yaml") + ".tests.yaml")


def required_branches(flow: Flow) -> set[str]:
    """Everything a complete set of tests must make the engine do at least once."""
    need = {"retry:silence", "retry:unclear", "move_on"}
    if any(node.rephrase for node in flow.nodes.values()):
        need.add("rephrase")
    for node in flow.nodes.values():
        need.add(node.id)
        if node.when is not None:
            need.add(f"{node.id}:skipped")
        need.update(f"{node.id}:{rule.label}" for rule in node.answers.values())
        need.update(f"{node.id}:{choice.rule.label}" for choice in node.choices)
        if node.mismatch is not None:
            need.add(f"{node.id}:mismatch")
    need.update(f"global:{intent}" for intent in flow.global_intents)
    if "request_human" in flow.global_intents:
        need.update({"global:request_human:open", "global:request_human:closed"})
    need.update(f"risk:{risk}" for risk in flow.risks)
    return need


def run_flow_tests(file: Path, tests: Path | None = None, echo: Callable[[str], Any] = print,
                   min_coverage: float = 100.0) -> int:
    """Runs the tests and prints failures as FILE:LINE; exit code 0 when all pass and coverage suffices."""
    file = Path(file)
    tests = Path(tests) if tests else default_tests_file(file)
    try:
        flow = load_flow(file)
        cases = load_cases(tests, flow)
    except FlowInvalid as exc:
        for error in exc.errors:
            echo(error)
        return 1
    result = run_cases(flow, cases)
    for failure in result.failures:
        echo(f"{tests}:{failure}")
    required = required_branches(flow)
    covered = required & result.covered
    percent = 100.0 * len(covered) / len(required)
    missing = sorted(required - covered)
    echo(f"{result.cases - result.failed}/{result.cases} tests passed; "
         f"branch coverage {len(covered)}/{len(required)} ({percent:.1f}%)")
    if missing:
        echo("not covered: " + ", ".join(missing))
    return 0 if not result.failures and percent >= min_coverage else 1


def run_cases(flow: Flow, cases: list[Case]) -> Result:
    engine = Engine(flow)
    result = Result(cases=len(cases))
    for case in cases:
        step, said, actions, trace, problems = _converse(engine, case)
        result.covered.update(trace)
        state = engine.finish(step.state) if not step.ended else step.state
        problems += _compare(engine, case, state, said, actions)
        result.failures += [f"{case.line}: test '{case.name}': {p}" for p in problems]
        result.failed += bool(problems)
    return result


def _converse(engine: Engine, case: Case) -> tuple[Step, list[str], list[dict[str, Any]], list[str], list[str]]:
    step = engine.start(case.context, at=case.start)
    actions, trace, problems = list(step.actions), list(step.trace), []
    for line, heard in case.turns:
        if step.ended:
            problems.append(f"the call ended (outcome '{step.state['outcome']}') before the answer on line {line}")
            break
        step = engine.hear(step.state, heard, case.context)
        actions += step.actions
        trace += step.trace
    said = [a["text"] for a in actions if a["type"] in ("say", "ask")]
    return step, said, actions, trace, problems


def _compare(engine: Engine, case: Case, state: dict[str, Any], said: list[str],
             actions: list[dict[str, Any]]) -> list[str]:
    want, problems = case.expect, []

    def check(what: str, expected: Any, got: Any) -> None:
        if expected != got:
            problems.append(f"expected {what} {expected!r}, got {got!r}")

    for key in ("outcome", "level", "callback_at"):
        if key in want:
            check(key, want[key], state.get(key))
    if "case" in want:
        # Besides the score, an after-hours request for a person also opens a case.
        got_case = engine.needs_case(state) or any(a["type"] == "case" for a in actions)
        check("case", bool(want["case"]), got_case)
    if "path" in want:
        check("path", list(want["path"]), state["path"])
    for node in want.get("visits", []):
        if node not in state["path"]:
            problems.append(f"expected a visit to '{node}', path was {state['path']}")
    for node in want.get("skips", []):
        if node in state["path"]:
            problems.append(f"expected '{node}' to be skipped, path was {state['path']}")
    for need, value in (want.get("scores") or {}).items():
        check(f"score for {need}", float(value), float(state["scores"].get(need, 0)))
    for inst, expected in (want.get("instruments") or {}).items():
        got = state["instruments"].get(inst)
        for key, value in expected.items():
            check(f"{inst}.{key}", value, (got or {}).get(key))
    if "risks" in want:
        check("risks", sorted(want["risks"]), sorted(state["risks"]))
    for text in want.get("says", []):
        if not any(str(text) in s for s in said):
            problems.append(f"expected the bot to say something containing {text!r}")
    for kind in want.get("actions", []):
        if not any(a["type"] == kind for a in actions):
            problems.append(f"expected a '{kind}' action, got {sorted({a['type'] for a in actions})}")
    return problems


# -- reading the tests file ----------------------------------------------------------------
def load_cases(path: Path, flow: Flow) -> list[Case]:
    doc, _ = read_yaml(path)
    errors: list[str] = []
    if not isinstance(doc, dict) or not isinstance(doc.get("tests"), list):
        raise FlowInvalid([f"{path}:1: a tests file needs 'tests': a list of conversations"])
    defaults = doc.get("defaults") or {}
    cases = [c for i, body in enumerate(doc["tests"])
             if (c := _case(path, flow, body, yaml_line(doc["tests"], i), defaults, errors)) is not None]
    if errors:
        raise FlowInvalid(errors)
    return cases


def _case(path: Path, flow: Flow, body: Any, line: int, defaults: dict[str, Any], errors: list[str]) -> Case | None:
    if not isinstance(body, dict) or "name" not in body:
        errors.append(f"{path}:{line}: a test needs a 'name', 'turns' and 'expect'")
        return None
    for key in body:
        if key not in TEST_KEYS:
            errors.append(f"{path}:{yaml_line(body, key)}: unknown test key '{key}' "
                          f"(one of: {', '.join(sorted(TEST_KEYS))})")
    for key in body.get("expect") or {}:
        if key not in EXPECT_KEYS:
            errors.append(f"{path}:{yaml_line(body['expect'], key)}: unknown expectation '{key}' "
                          f"(one of: {', '.join(sorted(EXPECT_KEYS))})")
    start = body.get("start")
    if start is not None and start not in flow.nodes:
        errors.append(f"{path}:{yaml_line(body, 'start')}: unknown start node '{start}'")
    expect = body.get("expect") or {}
    for node in [*(expect.get("path") or []), *(expect.get("visits") or [])]:
        if node not in flow.nodes:
            errors.append(f"{path}:{yaml_line(body, 'expect')}: unknown node '{node}' in expectations")
    ctx = dict(defaults.get("context") or {})
    ctx.update(body.get("context") or {})
    indicators = body.get("indicators", ctx.pop("indicators", ()))
    for flag in indicators:
        if flag not in flow.indicators:
            errors.append(f"{path}:{yaml_line(body, 'indicators') if 'indicators' in body else line}: "
                          f"unknown indicator '{flag}'")
    context = Context(
        name=str(ctx.get("name", "")), office=str(ctx.get("office", "")), office_phone=str(ctx.get("office_phone", "")),
        phone=str(ctx.get("phone", "")), birth_year=ctx.get("birth_year"), indicators=tuple(indicators),
        office_open=bool(body.get("office_open", ctx.get("office_open", True))), now_iso=ctx.get("now"),
    )
    turns = []
    raw_turns = body.get("turns") or []
    for i, raw in enumerate(raw_turns):
        tline = yaml_line(raw_turns, i)
        heard = _heard(raw)
        if isinstance(heard, str):
            errors.append(f"{path}:{tline}: {heard}")
        else:
            turns.append((tline, heard))
    return Case(name=str(body["name"]), line=line, context=context, turns=turns,
                expect=dict(body.get("expect") or {}), start=start)


def _heard(raw: Any) -> Heard | str:
    """A turn: an intent name, 'silence', 'unclear', free text, or a mapping of Heard's fields
    ('keys': digits pressed instead of speaking)."""
    if isinstance(raw, int):
        raw = str(raw)
    if isinstance(raw, str):
        if raw == SILENCE:
            return Heard(no_speech=True)
        if raw == UNCLEAR:
            return Heard(text="음", confidence=0.1, low_confidence=True)
        if raw in INTENTS:
            return Heard(text=raw, intent=raw)
        return Heard(text=raw)
    if not isinstance(raw, dict):
        return "a turn must be an intent, a text, or a mapping with 'text', 'intent', 'needs', 'risks'"
    unknown = set(raw) - {"text", "intent", "confidence", "needs", "risks", "possible_risks", "silence",
                          "low_confidence", "keys"}
    if unknown:
        return f"unknown turn key(s): {', '.join(sorted(unknown))}"
    if "keys" in raw:
        keys = str(raw["keys"])
        if not keys or any(c not in "0123456789*#" for c in keys):
            return f"keys '{keys}' are not keypad keys"
        return Heard(text=f"[{keys}]", digits=keys)
    intent = raw.get("intent", "other")
    if intent not in INTENTS:
        return f"unknown intent '{intent}'"
    possible = tuple(raw.get("possible_risks", ()))  # heard by the model alone: asked about first
    bad = [n for n in raw.get("needs", []) if n not in NEEDS] + [
        r for r in (*raw.get("risks", ()), *possible) if r not in RISKS]
    if bad:
        return f"unknown need or risk: {', '.join(bad)}"
    return Heard(text=str(raw.get("text", intent)), intent=intent, confidence=float(raw.get("confidence", 1.0)),
                 needs=tuple(raw.get("needs", ())), risks=tuple(dict.fromkeys((*raw.get("risks", ()), *possible))),
                 possible_risks=possible,
                 no_speech=bool(raw.get("silence", False)), low_confidence=bool(raw.get("low_confidence", False)))
