"""What a classifier says about one answer, and the Protocol every classifier meets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Prediction:
    intent: str
    confidence: float
    needs: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    # Of the risks, those the model heard and the rules did not: the call asks about them
    # directly before it escalates (voicebot.flow.engine). Not part of the command-line output.
    possible_risks: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The fields ../shared/CONTRACT.md fixes for `voicebot nlu predict`."""
        out = asdict(self)
        out.pop("possible_risks")
        return out


class Classifier(Protocol):
    name: str

    def predict(self, texts: list[str]) -> list[Prediction]:
        """Judge each text on its words alone; the flow adds the question's context."""
        ...
