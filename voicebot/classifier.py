"""The classifier the settings name (nlu/'s, with the safety rules beside it); loaded once
per process by the caller: a worker, the web app, the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voicebot.settings import Settings

if TYPE_CHECKING:
    from nlu.pipeline import SafeClassifier


def load_nlu(settings: Settings) -> SafeClassifier:
    from nlu import load_classifier

    return load_classifier(settings.nlu_model_dir, settings.nlu_backend, settings.nlu_encoder_dir,
                           settings.nlu_precision)
