from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicebot.cli import app
from voicebot.flow import load_flow, validate_file

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "call_flows").glob("*.yaml"))
SHIPPED = [p for p in SHIPPED if not p.name.endswith(".tests.yaml")]

MINIMAL = """\
id: tiny
start: ask_it
indicators: [rent_arrears]
messages: {unclear: u, silence: s, move_on: m}
nodes:
  ask_it:
    ask: 괜찮으세요?
    answers:
      yes: done
      no: done
  done:
    say: 안녕히 계세요.
    end: completed
"""


def test_shipped_flows_are_valid():
    assert len(SHIPPED) >= 2
    for path in SHIPPED:
        assert validate_file(path) == [], path


def _errors(tmp_path, text):
    f = tmp_path / "flow.yaml"
    f.write_text(text, encoding="utf-8")
    return f, validate_file(f)


def test_minimal_flow_is_valid(tmp_path):
    assert _errors(tmp_path, MINIMAL)[1] == []


@pytest.mark.parametrize("old,new,line,message", [
    ("      yes: done\n", "      yes: nowhere\n", 9, "unknown node 'nowhere'"),
    ("      yes: done\n", "      maybe: done\n", 9, "unknown intent 'maybe'"),
    ("    ask: 괜찮으세요?\n", "    rephrase: 다시\n", 6, "has no prompt"),
    ("      no: done\n", "      no: {next: done, score: {wealth: 2}}\n", 10, "unknown need 'wealth'"),
    ("    ask: 괜찮으세요?\n", "    ask: 괜찮으세요?\n    when: {any: [moon_cutoff]}\n", 8, "unknown crisis indicator 'moon_cutoff'"),
    ("    ask: 괜찮으세요?\n", "    ask: 괜찮으세요?\n    when: {sometimes: [rent_arrears]}\n", 8, "unknown condition 'sometimes'"),
    ("    ask: 괜찮으세요?\n", "    ask: 괜찮으세요?\n    when: {positive: [phq9]}\n", 8,
     "unknown screening instrument 'phq9'"),
    ("    ask: 괜찮으세요?\n", "    ask: 괜찮으세요?\n    when: {unheard: [sadness]}\n", 8, "unknown risk 'sadness'"),
    ("      yes: done\n", "      yes: {risk: sadness, next: done}\n", 9, "unknown risk 'sadness'"),
    ("start: ask_it\n", "start: begin\n", 2, "start node 'begin' is not defined"),
    ("    end: completed\n", "    end: exploded\n", 13, "unknown outcome 'exploded'"),
    ("    ask: 괜찮으세요?\n", "    ask: \"{nickname}님 괜찮으세요?\"\n", 7, "unknown variable '{nickname}'"),
    ("      yes: done\n", "      repeat: done\n", 9, "'repeat' is a global intent"),
    ("    end: completed\n", "    next: ask_it\n", 11, "loop without exit"),
    ("messages: {unclear: u, silence: s, move_on: m}\n", "messages: {unclear: u}\n", 4, "missing message 'silence'"),
])
def test_broken_flows_get_line_numbered_errors(tmp_path, old, new, line, message):
    assert old in MINIMAL
    f, errors = _errors(tmp_path, MINIMAL.replace(old, new))
    assert any(e.startswith(f"{f}:{line}: ") and message in e for e in errors), errors


def test_unreachable_node(tmp_path):
    f, errors = _errors(tmp_path, MINIMAL + "  orphan:\n    say: 고립\n    end: completed\n")
    assert f"{f}:14: node 'orphan' is unreachable" in errors


def test_yaml_syntax_error_has_line(tmp_path):
    f, errors = _errors(tmp_path, MINIMAL.replace("      no: done\n", "      no: [done\n"))
    assert len(errors) == 1 and errors[0].startswith(f"{f}:") and "YAML syntax error" in errors[0]
    assert int(errors[0].split(":")[1]) >= 10


def test_cli_validate_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["flow", "validate", str(SHIPPED[0])])
    assert ok.exit_code == 0
    f, _ = _errors(tmp_path, MINIMAL.replace("      yes: done\n", "      yes: nowhere\n"))
    bad = runner.invoke(app, ["flow", "validate", str(f)])
    assert bad.exit_code == 1
    assert f"{f}:9: unknown node 'nowhere'" in bad.output
    assert "Traceback" not in bad.output


def test_flow_hash_changes_with_content(tmp_path):
    f, _ = _errors(tmp_path, MINIMAL)
    first = load_flow(f).sha256
    f.write_text(MINIMAL.replace("안녕히 계세요", "안녕히 가세요"), encoding="utf-8")
    assert load_flow(f).sha256 != first


@pytest.mark.parametrize("text,line,message", [
    ("id: x\nstart: a\nnodes:\n  a: !!python/object/apply:os.system [\"echo owned\"]\n", 4, "YAML tag"),
    ("id: x\nstart: a\nnodes:\n  a:\n    say: !custom hello\n", 5, "YAML tag"),
    ("id: x\nstart: a\nnodes: " + "[" * 60 + "]" * 60 + "\n", 3, "nested more than"),
    ("id: x\nstart: a\nnodes: " + "[" * 1500 + "]" * 1500 + "\n", 1, "nests too deeply"),
])
def test_tags_and_absurd_nesting_are_refused_not_constructed(tmp_path, text, line, message):
    f = tmp_path / "evil.yaml"
    f.write_text(text, encoding="utf-8")
    errors = validate_file(f)
    assert len(errors) == 1 and errors[0].startswith(f"{f}:{line}: ") and message in errors[0]


def _mutate(node, rng, depth=0):
    values = [None, 1, -3, 2.5, "x", [], [1, 2], {}, {"a": 1}, [[[]]], True, "{unknown}", [{"x": []}]]
    if isinstance(node, dict) and node:
        key = rng.choice(list(node.keys()))
        if rng.random() < 0.3 or depth > 4:
            node[key] = rng.choice(values)
        else:
            _mutate(node[key], rng, depth + 1)
    elif isinstance(node, list) and node:
        i = rng.randrange(len(node))
        if rng.random() < 0.3 or depth > 4:
            node[i] = rng.choice(values)
        else:
            _mutate(node[i], rng, depth + 1)


def test_any_malformed_shape_is_a_file_line_message(tmp_path):
    """A list where a number belongs, a number where a mapping belongs, anywhere in the
    shipped flow: always FILE:LINE: message, never a traceback."""
    import io
    import random
    import re

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    source = SHIPPED[0].read_text(encoding="utf-8")
    rng = random.Random(2026)
    shape = re.compile(r"^.+:\d+: .+")
    for i in range(40):
        doc = yaml.load(source)
        for _ in range(rng.randint(1, 3)):
            _mutate(doc, rng)
        out = io.StringIO()
        yaml.dump(doc, out)
        f = tmp_path / f"mutant{i}.yaml"
        f.write_text(out.getvalue(), encoding="utf-8")
        errors = validate_file(f)  # raises nothing
        assert all(shape.match(e) and e.startswith(str(f)) for e in errors), errors
