"""nlu/ is a library that voicebot/ uses, never the other way round."""

import ast

from tests.conftest import ROOT


def test_nlu_never_imports_voicebot():
    offenders = []
    for path in sorted((ROOT / "nlu").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "voicebot"]
    assert offenders == []
