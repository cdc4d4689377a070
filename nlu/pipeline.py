"""The classifier the system uses: a trained model for intent and needs, and for risks
the union of the model and the safety rules, so a risk never rests on the model alone."""

from __future__ import annotations

from pathlib import Path

from nlu.prediction import Classifier, Prediction
from nlu.safety import SafetyRules


class SafeClassifier:
    def __init__(self, model: Classifier, rules: SafetyRules | None = None) -> None:
        self.model = model
        self.rules = rules or SafetyRules()
        self.name = f"{model.name}+rules"

    def predict(self, texts: list[str]) -> list[Prediction]:
        preds = self.model.predict(texts)
        rule_risks = self.rules.risks(texts)
        out = []
        for pred, extra in zip(preds, rule_risks, strict=True):
            risks = sorted(set(pred.risks) | set(extra))
            needs = list(pred.needs)
            if "suicide" in risks and "mental_health" not in needs:
                needs.append("mental_health")
            out.append(Prediction(pred.intent, pred.confidence, needs, risks))
        return out


def load_classifier(model_dir: Path, backend: str = "auto") -> SafeClassifier:
    """backend: 'transformer', 'ngram', or 'auto' (whichever model_dir/DEFAULT names)."""
    if backend == "auto":
        default = model_dir / "DEFAULT"
        backend = default.read_text().strip() if default.exists() else "ngram"
    if backend == "transformer":
        from nlu.transformer import TransformerClassifier

        return SafeClassifier(TransformerClassifier.load(model_dir / "transformer"))
    from nlu.ngram import NgramClassifier

    path = model_dir / "ngram.joblib"
    if not path.exists():
        raise FileNotFoundError(f"no trained model at {path}: run `python scripts/train_nlu.py --model ngram`")
    return SafeClassifier(NgramClassifier.load(path))
