"""The classifier the system uses: a trained model, and rules over Kiwi lemmas beside it.
Risks and needs are the union of the two, so a risk the rules know is never missed and
a need stated in plain words is not missed; a risk only the model heard, only a warning
sign tells of (nlu/safety.py), or whose words were heard only through recognition errors
(nlu/misheard.py), is marked as possible, for the call to ask about; an intent that
steers the call (wrong number, opt-out, a person, later, repeat), when stated outright,
wins over the model's, and so do its words heard through errors in a short answer."""

from __future__ import annotations

from pathlib import Path

from nlu.intent_cues import IntentCues
from nlu.labels import GLOBAL_INTENTS, NEEDS
from nlu.lemmas import lemma_strings, preload
from nlu.misheard import misheard_intent, misheard_risks
from nlu.need_cues import NeedCues
from nlu.prediction import Classifier, Prediction
from nlu.safety import SafetyRules

MODELS = Path(__file__).parent / "models"
RULE_CONFIDENCE = 0.95
MISHEARD_CUE_CONFIDENCE = 0.8  # a cue's words heard through errors: still acted on (flows ask for 0.5)
STEERING = {*GLOBAL_INTENTS, "refuse"}  # answers that steer the call or decline the question


class SafeClassifier:
    def __init__(self, model: Classifier, rules: SafetyRules | None = None) -> None:
        self.model = model
        self.rules = rules or SafetyRules()
        self.need_cues = NeedCues()
        self.intent_cues = IntentCues()
        self.name = f"{model.name}+rules"

    def predict(self, texts: list[str]) -> list[Prediction]:
        preds = self.model.predict(texts)
        out = []
        for text, pred, lemma in zip(texts, preds, lemma_strings(texts), strict=True):
            rule_risks, possible, ruled_out = rule_assessment(self.rules, text, lemma)
            # The model adds risks the rules missed, but not one the rules saw denied.
            risks = sorted((set(pred.risks) - ruled_out) | possible | rule_risks)
            intent, confidence = pred.intent, pred.confidence
            stated, cue_confidence = self.intent_cues.intent_in(lemma), RULE_CONFIDENCE
            if not stated:
                stated, cue_confidence = misheard_intent(text), MISHEARD_CUE_CONFIDENCE
            if stated and stated != intent:
                intent, confidence = stated, cue_confidence
            # An answer that only steers the call or declines ("말하기 싫어요") states no need
            # of its own; the model's guess from its words ("하기 싫어" -> mental_health) is dropped.
            cue_needs, denied = self.need_cues.assess(lemma)
            # Nor a need the cues saw denied ("아픈 데는 없어요"): the model reads the words only.
            model_needs = set() if stated in STEERING else set(pred.needs) - denied
            needs = model_needs | set(cue_needs)
            if "suicide" in risks:
                needs.add("mental_health")
            out.append(Prediction(intent, confidence, [n for n in NEEDS if n in needs], risks,
                                  [r for r in risks if r not in rule_risks]))
        return out


def rule_assessment(rules: SafetyRules, text: str, lemma: str) -> tuple[set[str], set[str], set[str]]:
    """(the risks the rules heard, those only a warning sign or words heard through
    recognition errors tell of, those the rules saw denied). Misheard words never bring
    back a denied risk; a warning sign in another clause does ("죽고 싶진 않은데 아침에 눈을
    안 떴으면 좋겠어요"): asking settles it."""
    heard, ruled_out = rules.assess(lemma)
    possible = (set(misheard_risks(text)) - ruled_out) | rules.warning_signs(lemma)
    return set(heard), possible - set(heard), ruled_out


def default_backend(model_dir: Path) -> str:
    """The backend model_dir/DEFAULT names (scripts/train_nlu.py --default writes it)."""
    default = model_dir / "DEFAULT"
    return default.read_text().strip() if default.exists() else "wordvec"


def load_classifier(model_dir: Path, backend: str = "auto", encoder_dir: Path | None = None,
                    precision: str = "auto") -> SafeClassifier:
    """backend: 'blend' (the fine-tuned encoder beside the lemma-vector n-grams), 'e5' (the
    encoder alone), 'wordvec' (n-grams + lemma vectors), 'ngram' (the baseline), or 'auto'
    (whichever model_dir/DEFAULT names). encoder_dir: the base model `voicebot nlu install`
    made (default: nlu.encoder.DEFAULT_BASE). precision: the encoder's ('auto': bfloat16 where
    the processor computes it natively, else float32)."""
    if backend == "auto":
        backend = default_backend(model_dir)
    preload()
    if backend in ("blend", "e5"):
        return SafeClassifier(load_encoder_model(model_dir, backend, encoder_dir, precision))
    from nlu.lexical import LexicalModel

    path = model_dir / f"{backend}.npz"
    if not path.exists():
        raise FileNotFoundError(f"no trained model at {path}: run `python scripts/train_nlu.py --model {backend}`")
    return SafeClassifier(LexicalModel.load(path))


def load_encoder_model(model_dir: Path, backend: str, encoder_dir: Path | None = None,
                       precision: str = "auto") -> Classifier:
    import json

    from nlu.encoder import DEFAULT_BASE
    from nlu.encoder.classifier import META, EncoderClassifier, need_thresholds

    if not (model_dir / "e5" / META).exists():
        raise FileNotFoundError(f"no fine-tuned encoder in {model_dir / 'e5'}: run `python scripts/train_nlu.py "
                                "--model encoder`")
    encoder = EncoderClassifier.load(model_dir / "e5", encoder_dir or DEFAULT_BASE, precision=precision)
    if backend == "e5":
        return encoder
    from nlu.encoder.blend import BlendClassifier
    from nlu.lexical import LexicalModel

    meta = json.loads((model_dir / "e5" / META).read_text(encoding="utf-8"))
    return BlendClassifier(encoder, LexicalModel.load(model_dir / "wordvec.npz"), meta["blend_weight"],
                           need_thresholds(meta), meta["risk_thresholds"])
