"""Question context for `voicebot nlu predict --question`: the classifier judges the
words; the flow's question says what they mean. "네" to "끼니를 거르시나요?" is a food
need; to "식사는 잘 하세요?" it is none."""

from __future__ import annotations

from dataclasses import replace

from nlu.prediction import Prediction
from voicebot.flow.engine import match_rule
from voicebot.flow.model import Node


def apply_question(pred: Prediction, node: Node, text: str = "") -> Prediction:
    rule = match_rule(node, text, pred.intent, pred.confidence, min_confidence=0.0)
    if rule is None:
        return pred
    needs = list(pred.needs) + [n for n, v in rule.score.items() if v > 0 and n not in pred.needs]
    return replace(pred, needs=needs)
