"""What a worker process holds for all its jobs: services, and the speech and
language models, loaded on first use and kept for the life of the process."""

from __future__ import annotations

import os
from functools import cache

from nlu import SafeClassifier
from voicebot.classifier import load_nlu
from voicebot.pacing import Pacer
from voicebot.services import Services
from voicebot.settings import Settings
from voicebot.speech import SpeechToText, load_stt


@cache
def services() -> Services:
    return Services(Settings())


@cache
def pacer() -> Pacer:
    s = services().settings
    return Pacer(services().redis, s.queue_prefix)


@cache
def stt() -> SpeechToText:
    return load_stt(services().settings)


@cache
def classifier() -> SafeClassifier:
    s = services().settings
    # torch's OpenMP threads otherwise spin for a while after every answer, starving
    # Whisper and the other workers on a small machine (the demo took 89 s instead of 63 s).
    # Read when torch is first imported, which is here.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return load_nlu(s)


def preload() -> None:
    """Called before a worker starts taking jobs, so the first caller does not wait."""
    stt()
    classifier()
