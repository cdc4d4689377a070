from __future__ import annotations

from voicebot.settings import Settings
from voicebot.speech.base import SpeechToText


def load_stt(settings: Settings) -> SpeechToText:
    """The configured backend; loaded once per process by the caller."""
    if settings.stt_backend == "simulated":
        from voicebot.speech.simulated import SimulatedSTT

        return SimulatedSTT()
    from voicebot.speech.weights import assemble_base

    if settings.whisper_model_dir == Settings.model_fields["whisper_model_dir"].default:
        assemble_base(settings.whisper_model_dir)  # the packaged base model, put together once
    if settings.stt_backend == "openai-whisper":
        from voicebot.speech.ct2_checkpoint import ensure_openai_checkpoint
        from voicebot.speech.whisper_openai import OpenAIWhisperSTT

        checkpoint = ensure_openai_checkpoint(settings.whisper_model_dir, settings.openai_whisper_checkpoint)
        return OpenAIWhisperSTT(checkpoint, threads=settings.stt_threads)
    from voicebot.speech.whisper_fast import FasterWhisperSTT

    return FasterWhisperSTT(settings.whisper_model_dir, threads=settings.stt_threads,
                            compute_type=settings.stt_compute_type, device=settings.stt_device,
                            decoding=settings.stt_decoding())
