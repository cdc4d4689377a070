"""Evaluates the NLU honestly, on rows it was not trained on.

    python scripts/eval_nlu.py

(a) held-out interview answers (nlu/data/answers.tsv, test split: phrasings never seen),
(b) the 40% of ../shared/data/wellness_dev.tsv kept out of training, mapped by its README,
(c) false-positive risk (and need) rate on the 40% of chatbot_train.tsv kept out of training.
Prints per-label precision/recall/F1 and the intent confusion matrix of the transformer
and of the n-gram model (each with the safety rules), then the headline figures of
every variant side by side: transformer, baseline (character n-grams + linear model),
each with and without the rules, and the rules alone.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.preprocessing import MultiLabelBinarizer

from nlu import dataset
from nlu.intent_cues import IntentCues
from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.lemmas import lemma_strings
from nlu.need_cues import NeedCues
from nlu.ngram import NgramClassifier
from nlu.pipeline import SafeClassifier
from nlu.prediction import Prediction
from nlu.safety import SafetyRules

MODELS = Path(__file__).resolve().parent.parent / "nlu" / "models"


class RulesOnly:
    """The rules on their own: safety rules, need cues, intent cues ("other" when silent)."""

    name = "rules"

    def __init__(self, rules: SafetyRules) -> None:
        self.rules, self.needs, self.intents = rules, NeedCues(), IntentCues()

    def predict(self, texts: list[str]) -> list[Prediction]:
        return [Prediction(self.intents.intent_in(lemma) or "other", 1.0, self.needs.needs_in(lemma),
                           self.rules.risks_in(lemma)) for lemma in lemma_strings(texts)]


def headline(clf, answers, wellness, chat) -> dict[str, float]:
    pa = clf.predict([e.text for e in answers])
    pw = clf.predict([e.text for e in wellness])
    pc = clf.predict([e.text for e in chat])
    suicidal = [i for i, e in enumerate(wellness) if "suicide" in e.risks]
    need_bin = MultiLabelBinarizer(classes=list(NEEDS))
    mapped = [i for i, e in enumerate(wellness) if e.needs]
    return {
        "intent macro-F1 (held-out answers)": f1_score([e.intent for e in answers], [p.intent for p in pa],
                                                       average="macro", labels=list(INTENTS), zero_division=0),
        "suicide recall (wellness eval)": sum("suicide" in pw[i].risks for i in suicidal) / max(len(suicidal), 1),
        "risk flag rate (chatbot eval)": sum(bool(p.risks) for p in pc) / len(pc),
        "need flag rate (chatbot eval)": sum(bool(p.needs) for p in pc) / len(pc),
        "needs micro-F1 (wellness eval, mapped rows)": f1_score(
            need_bin.fit_transform([wellness[i].needs for i in mapped]),
            need_bin.transform([pw[i].needs for i in mapped]), average="micro", zero_division=0),
        "needs micro-F1 (held-out answers)": f1_score(
            need_bin.fit_transform([e.needs for e in answers]), need_bin.transform([p.needs for p in pa]),
            average="micro", zero_division=0),
    }


def report(clf, answers, wellness) -> None:
    start = time.perf_counter()
    pa = clf.predict([e.text for e in answers])
    print(f"\n=== {clf.name}  ({(time.perf_counter() - start) * 1000 / len(answers):.2f} ms/answer) ===")
    print("intent on held-out answers:")
    print(classification_report([e.intent for e in answers], [p.intent for p in pa], labels=list(INTENTS),
                                zero_division=0, digits=3))
    print("confusion matrix (rows: true, columns: predicted; order:", ", ".join(INTENTS), ")")
    print(confusion_matrix([e.intent for e in answers], [p.intent for p in pa], labels=list(INTENTS)))
    pw = clf.predict([e.text for e in wellness])
    for labels, name, get in ((NEEDS, "needs", lambda x: x.needs), (RISKS, "risks", lambda x: x.risks)):
        binr = MultiLabelBinarizer(classes=list(labels))
        print(f"\n{name} on wellness eval rows:")
        print(classification_report(binr.fit_transform([get(e) for e in wellness]),
                                    binr.transform([get(p) for p in pw]), target_names=list(labels),
                                    zero_division=0, digits=3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", action="store_true", help="headline table only")
    args = parser.parse_args()
    answers, wellness, chat = dataset.answers("test"), dataset.wellness("eval"), dataset.chatbot("eval")
    print(f"held-out answers: {len(answers)}, wellness eval rows: {len(wellness)} "
          f"({sum('suicide' in e.risks for e in wellness)} suicide), chatbot eval rows: {len(chat)}")
    rules = SafetyRules()
    ngram = NgramClassifier.load(MODELS / "ngram.joblib")
    models: dict[str, object] = {}
    if (MODELS / "transformer" / "labels.json").exists():
        from nlu.transformer import TransformerClassifier

        transformer = TransformerClassifier.load(MODELS / "transformer")
        models["transformer + rules"] = SafeClassifier(transformer, rules)
        models["transformer alone"] = transformer
    models["n-gram + rules"] = SafeClassifier(ngram, rules)
    models["baseline: n-gram alone"] = ngram
    models["rules alone"] = RulesOnly(rules)
    default = (MODELS / "DEFAULT").read_text().strip() if (MODELS / "DEFAULT").exists() else "ngram"
    print(f"shipped default (nlu/models/DEFAULT): {default} + rules")
    if not args.brief:
        for name in ("transformer + rules", "n-gram + rules"):
            if name in models:
                report(models[name], answers, wellness)
    rows = {name: headline(clf, answers, wellness, chat) for name, clf in models.items()}
    width = max(len(k) for k in rows) + 2
    print("\n" + f"{'figure':46}" + "".join(f"{k:>{width}}" for k in rows))
    for fig in next(iter(rows.values())):
        print(f"{fig:46}" + "".join(f"{r[fig]:>{width}.3f}" for r in rows.values()))


if __name__ == "__main__":
    main()
