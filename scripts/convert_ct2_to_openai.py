"""Converts the packaged CTranslate2 Whisper weights into an openai-whisper checkpoint,
tensor by tensor, then checks that both libraries write identical transcripts.

    python scripts/convert_ct2_to_openai.py [--model-dir DIR] [--output FILE] [--clips N]

The check decodes the same clips (espeak-ng English, through an 8 kHz mu-law phone
line) greedily with faster-whisper in float32 and with openai-whisper; exit 1 if any
transcript differs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voicebot.settings import Settings
from voicebot.speech.ct2_checkpoint import convert_to_openai_whisper
from voicebot.speech.weights import assemble_base

CLIPS = [
    "Yes, I could not afford to see a doctor.",
    "I am worried about losing my home because the rent is late.",
    "No, nothing, thank you.",
    "My electricity was cut off last month and I have no money for food.",
    "Please call me back tomorrow afternoon.",
    "I live alone and nobody visits me.",
    "Nineteen fifty five.",
    "I would like to talk to a person.",
]


def verify(model_dir: Path, checkpoint: Path, texts: list[str]) -> int:
    import torch
    import whisper
    from faster_whisper import WhisperModel

    from voicebot.simulator.voices import speak
    from voicebot.speech.audio import decode

    torch.set_num_threads(2)
    fast = WhisperModel(str(model_dir), device="cpu", compute_type="float32", cpu_threads=2)
    slow = whisper.load_model(str(checkpoint), device="cpu")
    same = 0
    for text in texts:
        audio = decode(speak(text, "en")[0])
        segments, _ = fast.transcribe(audio, language="en", beam_size=1, temperature=0.0,
                                      condition_on_previous_text=False, without_timestamps=True)
        a = " ".join(s.text.strip() for s in segments)
        result = slow.transcribe(audio, language="en", temperature=0.0, condition_on_previous_text=False,
                                 without_timestamps=True, fp16=False)
        b = " ".join(s["text"].strip() for s in result["segments"])
        same += a == b
        print(f"{'same' if a == b else 'DIFFERENT'}: faster-whisper {a!r} / openai-whisper {b!r}")
    print(f"{same}/{len(texts)} identical transcripts")
    return 0 if same == len(texts) else 1


def main() -> int:
    settings = Settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=settings.whisper_model_dir)
    parser.add_argument("--output", type=Path, default=settings.openai_whisper_checkpoint)
    parser.add_argument("--clips", type=int, default=len(CLIPS), help="clips to check (0: no check)")
    args = parser.parse_args()
    assemble_base(args.model_dir)
    start = time.perf_counter()
    out = convert_to_openai_whisper(args.model_dir, args.output)
    print(f"wrote {out} in {time.perf_counter() - start:.1f} s")
    return verify(args.model_dir, out, CLIPS[: args.clips]) if args.clips else 0


if __name__ == "__main__":
    raise SystemExit(main())
