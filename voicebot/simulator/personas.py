"""Scripted people who answer the phone. Personas are data: see personas.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FILE = Path(__file__).parent / "personas.yaml"
PICKUPS = ("answer", "busy", "no-answer", "voicemail", "failed")
SILENCE, NOISE, HANGUP = "<silence>", "<noise>", "<hangup>"
KEY, CLIP = "<key:", "<clip:"  # "<key:1>" presses 1 where keys are offered; "<clip:NAME>" plays NAME.wav


@dataclass(frozen=True)
class Rule:
    heard: str
    say: str


@dataclass(frozen=True)
class Persona:
    name: str
    language: str = "ko"
    pickup: str = "answer"
    ring_s: float = 2.0
    think_s: float = 0.5
    rules: tuple[Rule, ...] = ()
    default: str = "네"
    script: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""
    birth_year: int | None = None  # the year on this person's household record
    texts: str = "receive"  # receive | fail (a landline, a dead number): what happens to a text message
    clip_dir: str = ""  # where "<clip:NAME>" answers are read from (default: the shared Korean speech)
    text_reply: str = ""  # what this person texts back after a text message, if anything

    def reply(self, heard: str, turn: int) -> str:
        """What this person says after hearing ``heard``: the first matching rule, else
        the next line of the script, else the default."""
        for rule in self.rules:
            if rule.heard.lower() in heard.lower():
                return rule.say
        if turn < len(self.script):
            return self.script[turn]
        return self.default


class PersonaError(ValueError):
    pass


def load_personas(path: Path = DEFAULT_FILE) -> dict[str, Persona]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for name, body in (raw.get("personas") or {}).items():
        out[name] = parse(name, body, path)
    return out


def parse(name: str, body: dict[str, Any], path: Path | str = "<persona>") -> Persona:
    pickup = body.get("pickup", "answer")
    if pickup not in PICKUPS:
        raise PersonaError(f"{path}: persona {name}: pickup must be one of {', '.join(PICKUPS)}")
    rules = tuple(Rule(str(r["heard"]), str(r["say"])) for r in body.get("answers") or [])
    return Persona(name=name, language=body.get("language", "ko"), pickup=pickup,
                   ring_s=float(body.get("ring_s", 2.0)), think_s=float(body.get("think_s", 0.5)),
                   rules=rules, default=str(body.get("default", "네")),
                   script=tuple(str(s) for s in body.get("script") or ()),
                   description=str(body.get("description", "")), birth_year=body.get("birth_year"),
                   texts=str(body.get("texts", "receive")), text_reply=str(body.get("text_reply", "")),
                   clip_dir=str(body.get("clip_dir", "")))
