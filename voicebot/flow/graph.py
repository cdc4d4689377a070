"""`voicebot flow graph`: the flow drawn for administrators (Graphviz, SVG or PNG).

Questions are boxes, statements notes, endings grey ovals; a dashed border means the
question is asked only to households with the crisis data in its condition. Edges are
labelled with the answers that take them and the scores they add. Risk actions and
global intents sit at the side because they can happen at any question."""

from __future__ import annotations

from pathlib import Path

import graphviz

from voicebot.flow.engine import first_next
from voicebot.flow.loader import load_flow
from voicebot.flow.model import RETURN, Flow, Node, Rule

FORMATS = ("svg", "png", "pdf", "dot")


def to_dot(flow: Flow) -> graphviz.Digraph:
    dot = graphviz.Digraph(flow.id, graph_attr={"rankdir": "TB", "label": f"{flow.id} ({flow.sha256[:12]})",
                                               "fontname": "NanumGothic,Noto Sans CJK KR,sans-serif"},
                           node_attr={"fontname": "NanumGothic,Noto Sans CJK KR,sans-serif", "fontsize": "10"},
                           edge_attr={"fontname": "NanumGothic,Noto Sans CJK KR,sans-serif", "fontsize": "9"})
    for node in flow.nodes.values():
        _node(dot, node, flow)
    with dot.subgraph(name="cluster_anytime") as side:
        side.attr(label="at any question", style="rounded", color="grey")
        for risk, action in flow.risks.items():
            side.node(f"risk_{risk}", f"risk: {risk}\\n{_short(action.say)}", shape="hexagon", color="red")
            dot.edge(f"risk_{risk}", action.goto or "(resume)", color="red")
        for intent, rule in flow.global_intents.items():
            ending = rule.end or ("transfer / call back" if intent == "request_human" else "ask again")
            side.node(f"global_{intent}", f"{intent}\\n→ {ending}", shape="component")
    if any(a.goto is None for a in flow.risks.values()):
        dot.node("(resume)", "resume the interview", shape="plaintext")
    return dot


def _node(dot: graphviz.Digraph, node: Node, flow: Flow) -> None:
    label = node.id + "\\n" + _short(node.ask or node.say or "")
    if node.instrument:
        label += f"\\n[{node.instrument}]"
    style = "dashed" if node.when else "solid"
    if node.when:
        label += "\\nif " + ", ".join(f"{op} {args}" for op, args in node.when.items())
    shape = "box" if node.is_question else "note"
    dot.node(node.id, label, shape=shape, style=style, color="blue" if node.id == flow.start else "black")
    edges: dict[str, list[str]] = {}
    for rule in list(node.answers.values()) + [c.rule for c in node.choices]:
        edges.setdefault(_target(dot, node, rule), []).append(_rule_label(rule))
    if node.mismatch is not None:
        edges.setdefault(_target(dot, node, node.mismatch), []).append(f"{node.verify} differs")
    fallthrough = node.next or (None if node.end else first_next(node))
    if node.end:
        edges.setdefault(_ending(dot, node.end), []).append("")
    elif fallthrough and (not node.is_question or node.when):
        edges.setdefault(_dest(dot, fallthrough), []).append("skipped" if node.when and node.is_question else "")
    for target, labels in edges.items():
        dot.edge(node.id, target, label="\\n".join(sorted({lbl for lbl in labels if lbl})))


def _rule_label(rule: Rule) -> str:
    label = rule.label.removeprefix("choice:")
    if rule.score:
        label += " (" + ", ".join(f"+{v:g} {k}" for k, v in rule.score.items()) + ")"
    if rule.item is not None:
        label += f" [{rule.item}]"
    if rule.risk:
        label += f" → risk: {rule.risk}"
    return label


def _target(dot: graphviz.Digraph, node: Node, rule: Rule) -> str:
    if rule.end:
        return _ending(dot, rule.end)
    target = rule.next or node.next
    return _dest(dot, target) if target else _ending(dot, "completed")


def _dest(dot: graphviz.Digraph, target: str) -> str:
    if target == RETURN:
        dot.node(RETURN, "back to where the risk was heard", shape="plaintext")
    return target


def _ending(dot: graphviz.Digraph, outcome: str) -> str:
    dot.node(f"end_{outcome}", outcome, shape="oval", style="filled", fillcolor="lightgrey")
    return f"end_{outcome}"


def _short(text: str, width: int = 28, lines: int = 3) -> str:
    words, out, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > width and line:
            out.append(line)
            line = ""
        line = f"{line} {word}".strip()
    out.append(line)
    clipped = out[:lines]
    if len(out) > lines:
        clipped[-1] += " …"
    return "\\n".join(clipped).replace('"', "'")


def draw(file: Path, out: Path) -> Path:
    """Writes the picture; the format follows the file extension."""
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"cannot draw to '{out.suffix}': use one of {', '.join('.' + f for f in FORMATS)}")
    dot = to_dot(load_flow(file))
    if fmt == "dot":
        out.write_text(dot.source, encoding="utf-8")
        return out
    out.write_bytes(dot.pipe(format=fmt))
    return out
