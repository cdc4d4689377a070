"""The layers: nlu/ is a library that voicebot/ uses, never the other way round; what judges
answers at run time leaves the training libraries out."""

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


def test_judging_needs_neither_scikit_learn_nor_transformers():
    """They train; the shipped models judge with numpy and a traced torch network. Importing
    either costs every worker and every `voicebot nlu predict` seconds of start-up."""
    import subprocess
    import sys

    code = ("import sys; from nlu.pipeline import MODELS, load_classifier; "
            "print(load_classifier(MODELS, 'blend').predict(['네 맞아요'])[0].intent, "
            "sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'transformers', 'peft'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["yes", "[]"], out.stdout + out.stderr[-2000:]
