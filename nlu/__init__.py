"""Korean understanding of interview answers: intent, needs and risks (CONTRACT.md)."""

from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.pipeline import SafeClassifier, load_classifier
from nlu.prediction import Classifier, Prediction

__all__ = ["INTENTS", "NEEDS", "RISKS", "Classifier", "Prediction", "SafeClassifier", "load_classifier"]
