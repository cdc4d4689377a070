import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _predict(lines, *args, backend="auto"):
    proc = subprocess.run([sys.executable, "-m", "voicebot", "nlu", "predict", *args],
                          input="\n".join(json.dumps(x, ensure_ascii=False) for x in lines), capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "VOICEBOT_NLU_BACKEND": backend})
    assert proc.returncode == 0, proc.stderr
    return [json.loads(x) for x in proc.stdout.splitlines()]


@pytest.mark.parametrize("backend", ["auto", "blend", "e5", "wordvec", "ngram"])
def test_contract_shape_and_order(backend):
    rows = [{"id": i, "text": t} for i, t in enumerate(["네 맞아요", "아니요", "죽고 싶어요", "전화하지 마세요"])]
    out = _predict(rows, backend=backend)
    assert [o["id"] for o in out] == [0, 1, 2, 3]
    assert all(set(o) == {"id", "intent", "confidence", "needs", "risks"} for o in out)
    assert out[0]["intent"] == "yes" and out[1]["intent"] == "no"
    assert "suicide" in out[2]["risks"] and out[3]["intent"] == "opt_out"


def test_question_context_makes_yes_a_need():
    flow = str(ROOT / "call_flows" / "welfare_screening_ko.yaml")
    asked = _predict([{"id": "a", "text": "네"}], "--flow", flow, "--question", "income")
    assert "income_debt" in asked[0]["needs"]
    plain = _predict([{"id": "a", "text": "네"}])
    assert plain[0]["needs"] == []


def test_bad_input_line_is_reported():
    proc = subprocess.run([sys.executable, "-m", "voicebot", "nlu", "predict"], input="not json\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "stdin:1" in proc.stderr
