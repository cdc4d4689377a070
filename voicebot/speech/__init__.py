"""Speech-to-text: one Protocol, a faster-whisper backend, an openai-whisper backend
and a simulated one, with the telephone-audio handling they share."""

from voicebot.speech.base import SpeechToText, Transcript
from voicebot.speech.factory import load_stt

__all__ = ["SpeechToText", "Transcript", "load_stt"]
