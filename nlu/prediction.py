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

    def as_dict(self) -> dict:
        return asdict(self)


class Classifier(Protocol):
    name: str

    def predict(self, texts: list[str]) -> list[Prediction]:
        """Judge each text on its words alone; the flow adds the question's context."""
        ...
