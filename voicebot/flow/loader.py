"""Reads a flow file, checks it, and reports every mistake as ``FILE:LINE: message``.

ruamel.yaml keeps the line of every key, so each message points at the line an
administrator has to change."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from string import Formatter
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from nlu.labels import GLOBAL_INTENTS, INTENTS, NEEDS, RISKS
from voicebot.flow.model import (
    CONDITION_OPS,
    LEVELS,
    OUTCOMES,
    RETURN,
    VARIABLES,
    VERIFIABLE,
    Choice,
    Flow,
    GlobalRule,
    Instrument,
    Node,
    RiskAction,
    Rule,
)

ANSWER_KEYS = set(INTENTS) - set(GLOBAL_INTENTS) | {"default"}
RULE_KEYS = {"next", "score", "item", "say", "end", "risk"}
NODE_KEYS = {
    "say", "ask", "rephrase", "when", "next", "end", "instrument", "answers", "choices", "hints", "verify", "mismatch",
    "keys", "confirm",
}
MESSAGE_VARIABLES = {"keys": ("options",), "confirm": ("heard",)}  # what those messages may name besides VARIABLES
TOP_KEYS = {
    "id", "title", "language", "voice", "start", "indicators", "settings", "messages",
    "global_intents", "risks", "instruments", "nodes", "references", "description",
}
REQUIRED_MESSAGES = ("unclear", "silence", "move_on")
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge")}
MAX_BYTES, MAX_DEPTH, MAX_NODES = 1_000_000, 40, 200_000


class FlowInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def validate_file(path: str | Path) -> list[str]:
    """Every error in the file as ``FILE:LINE: message``; empty when the flow is valid."""
    try:
        load_flow(path)
    except FlowInvalid as exc:
        return exc.errors
    return []


def read_yaml(path: Path) -> tuple[Any, bytes]:
    """The document with line numbers kept, and its bytes; FlowInvalid with FILE:LINE otherwise.
    Plain YAML only: a tag (!!python/object, !!binary, !custom) is refused, not constructed."""
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise FlowInvalid([f"{path}:0: cannot read file: {exc.strerror}"]) from None
    if len(raw_bytes) > MAX_BYTES:
        raise FlowInvalid([f"{path}:1: file is larger than {MAX_BYTES // 1000} kB; a call flow is far smaller"])
    try:
        text = raw_bytes.decode("utf-8")
        yaml = YAML(typ="rt")
        node = yaml.compose(text)
        _check_nodes(path, node)
        return (yaml.constructor.construct_document(node) if node is not None else None), raw_bytes
    except UnicodeDecodeError:
        raise FlowInvalid([f"{path}:1: file is not UTF-8 text"]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FlowInvalid([f"{path}:{line}: YAML syntax error: {exc.problem or exc.context}"]) from None
    except RecursionError:
        raise FlowInvalid([f"{path}:1: the file nests too deeply to be a call flow"]) from None


def _check_nodes(path: Path, root: Any) -> None:
    """Every node of the composed document: only plain YAML types, and not nested absurdly deep."""
    stack = [(root, 0)] if root is not None else []
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        line = node.start_mark.line + 1
        if node.tag not in PLAIN_TAGS:
            raise FlowInvalid([f"{path}:{line}: YAML tag '{node.tag}' is not allowed in a call flow"])
        if depth > MAX_DEPTH:
            raise FlowInvalid([f"{path}:{line}: nested more than {MAX_DEPTH} levels deep"])
        if seen > MAX_NODES:
            raise FlowInvalid([f"{path}:{line}: more than {MAX_NODES} values (aliases included)"])
        if isinstance(node.value, list):
            for item in node.value:
                for child in (item if isinstance(item, tuple) else (item,)):
                    stack.append((child, depth + 1))


def load_flow(path: str | Path) -> Flow:
    path = Path(path)
    doc, raw_bytes = read_yaml(path)
    checker = _Checker(path)
    flow = checker.build(doc, hashlib.sha256(raw_bytes).hexdigest())
    if checker.errors:
        raise FlowInvalid(sorted(set(checker.errors), key=_line_of))
    assert flow is not None
    return flow


def _line_of(message: str) -> tuple[int, str]:
    parts = message.split(":")
    return (int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0, message)


def _kline(container: Any, key: str, default: int) -> int:
    return yaml_line(container, key) if isinstance(container, dict) and key in container else default


def yaml_line(container: Any, key: Any = None) -> int:
    try:
        if key is None:
            return container.lc.line + 1
        if isinstance(container, CommentedSeq):
            return container.lc.item(key)[0] + 1
        return container.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return 1


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[str] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(f"{self.path}:{line}: {message}")

    # -- shapes: a value of the wrong kind is an error at its line, never a traceback ----
    def _map(self, container: Any, key: Any, line: int, what: str) -> dict:
        value = container.get(key) if isinstance(container, dict) else None
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(_kline(container, key, line), f"{what} must be a mapping")
            return {}
        bad = [k for k in value if not isinstance(k, str | int) or isinstance(k, bool)]
        if bad:
            self.error(_kline(container, key, line), f"{what} has a key that is not a name")
            return {k: v for k, v in value.items() if k not in bad}
        return value

    def _list(self, container: Any, key: Any, line: int, what: str) -> list:
        value = container.get(key) if isinstance(container, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(_kline(container, key, line), f"{what} must be a list")
            return []
        return value

    def _names(self, container: Any, key: Any, line: int, what: str) -> tuple[str, ...]:
        """A list of words or ids: each must be text (or a plain number)."""
        items = self._list(container, key, line, what)
        if any(isinstance(i, dict | list | bool) or i is None for i in items):
            self.error(_kline(container, key, line), f"{what} must be a list of words")
            return ()
        return tuple(str(i) for i in items)

    def _number(self, container: Any, key: Any, line: int, what: str, default: float,
                whole: bool = False) -> float:
        value = container.get(key, default) if isinstance(container, dict) else default
        if isinstance(value, bool) or not isinstance(value, int | float) or (whole and value != int(value)):
            self.error(_kline(container, key, line), f"{what} must be {'a whole number' if whole else 'a number'}")
            return default
        return value

    # -- structure -----------------------------------------------------------------
    def build(self, doc: Any, sha: str) -> Flow | None:
        if not isinstance(doc, CommentedMap):
            self.error(1, "a flow file must be a mapping with 'id', 'start' and 'nodes'")
            return None
        for key in doc:
            if key not in TOP_KEYS:
                self.error(yaml_line(doc, key), f"unknown top-level key '{key}'")
        for key in ("id", "start", "nodes", "messages"):
            if key not in doc:
                self.error(1, f"missing required key '{key}'")
        for key in ("id", "start", "language", "voice"):
            if (key in doc and not isinstance(doc[key], str | int)) or isinstance(doc.get(key), bool):
                self.error(yaml_line(doc, key), f"'{key}' must be text")
        self.indicators = self._names(doc, "indicators", 1, "'indicators'")
        raw_nodes = self._map(doc, "nodes", 1, "'nodes'")
        if "nodes" in doc and not raw_nodes:
            if isinstance(doc["nodes"], dict) or doc["nodes"] is None:
                self.error(yaml_line(doc, "nodes"), "'nodes' must be a mapping of node id to node")
            return None
        self.node_ids = {str(n) for n in raw_nodes}
        self.raw_nodes = raw_nodes
        instruments = self._instruments(self._map(doc, "instruments", 1, "'instruments'"))
        self.instrument_ids = set(instruments)
        nodes = {str(nid): self._node(str(nid), body, raw_nodes, nid) for nid, body in raw_nodes.items()}
        raw_messages = self._map(doc, "messages", 1, "'messages'")
        messages = {str(k): self._text(v, _kline(raw_messages, k, 1), f"message '{k}'",
                                       MESSAGE_VARIABLES.get(str(k), ())) or ""
                    for k, v in raw_messages.items()}
        for name in REQUIRED_MESSAGES:
            if isinstance(doc.get("messages"), dict) and name not in messages:
                self.error(yaml_line(doc, "messages"), f"missing message '{name}'")
        globals_ = self._globals(self._map(doc, "global_intents", 1, "'global_intents'"))
        risks = self._risks(self._map(doc, "risks", 1, "'risks'"))
        settings = self._map(doc, "settings", 1, "'settings'")
        start = str(doc.get("start", ""))
        if "start" in doc and start not in self.node_ids:
            self.error(yaml_line(doc, "start"), f"start node '{start}' is not defined")
        for inst in instruments.values():
            for item in inst.items:
                if item not in self.node_ids:
                    self.error(yaml_line(doc, "instruments"), f"instrument '{inst.id}' lists unknown node '{item}'")
        raw_levels = self._map(settings, "levels", 1, "'levels'") or {"low": 1, "moderate": 3, "high": 6}
        levels = {str(k): float(self._number(raw_levels, k, 1, f"level '{k}'", 0)) for k in raw_levels}
        for name in levels:
            if name not in LEVELS[1:4]:
                self.error(yaml_line(settings, "levels"), f"unknown level '{name}' (use low, moderate, high)")
        case_level = str(settings.get("case_level", "moderate"))
        if case_level not in LEVELS:
            self.error(yaml_line(settings, "case_level"), f"unknown case level '{case_level}'")
        resume_after = settings.get("resume_after", "consent" if "consent" in self.node_ids else None)
        if resume_after is not None and (not isinstance(resume_after, str) or resume_after not in self.node_ids):
            self.error(_kline(settings, "resume_after", 1), f"resume_after names unknown node '{resume_after}'")
        if self.errors:
            return None
        flow = Flow(
            id=str(doc["id"]), path=str(self.path), sha256=sha,
            language=str(doc.get("language", "ko")), voice=str(doc.get("voice", "ko-KR")),
            start=start, indicators=self.indicators, nodes=nodes, messages=messages,
            global_intents=globals_, risks=risks, instruments=instruments,
            min_confidence=float(self._number(settings, "min_confidence", 1, "min_confidence", 0.5)),
            max_retries=int(self._number(settings, "max_retries", 1, "max_retries", 2, whole=True)),
            free_speech_need_score=float(self._number(settings, "free_speech_need_score", 1,
                                                      "free_speech_need_score", 1)),
            levels=levels, case_level=case_level, resume_after=resume_after,
        )
        self._graph_checks(flow, doc)
        return flow

    def _instruments(self, raw: Any) -> dict[str, Instrument]:
        out = {}
        for iid, body in raw.items():
            line = yaml_line(raw, iid)
            if not isinstance(body, dict):
                self.error(line, f"instrument '{iid}' must be a mapping")
                continue
            if not isinstance(body.get("need"), str) or body.get("need") not in NEEDS:
                self.error(line, f"instrument '{iid}' has unknown need '{body.get('need')}'")
            if not body.get("cite") or not isinstance(body.get("cite"), str):
                self.error(line, f"instrument '{iid}' must cite its source ('cite')")
            out[str(iid)] = Instrument(
                id=str(iid), items=self._names(body, "items", line, f"instrument '{iid}' items"),
                threshold=float(self._number(body, "threshold", line, "threshold", 1)), need=str(body.get("need")),
                score=float(self._number(body, "score", line, "score", 1)), cite=str(body.get("cite", "")),
            )
        return out

    def _target(self, value: Any, line: int, allow_return: bool = True) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.error(line, "a target must be a node id")
            return None
        target = str(value)
        if target == RETURN and allow_return:
            return target
        if target not in self.node_ids:
            self.error(line, f"unknown node '{target}'")
        return target

    def _end(self, value: Any, line: int) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or value not in OUTCOMES:
            self.error(line, f"unknown outcome '{value}' (one of: {', '.join(OUTCOMES)})")
        return str(value)

    def _text(self, value: Any, line: int, what: str, extra: tuple[str, ...] = ()) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(line, f"{what} must be non-empty text")
            return None
        try:
            names = {field for _, field, _, _ in Formatter().parse(value) if field is not None}
        except ValueError as exc:
            self.error(line, f"{what} has a broken {{variable}}: {exc}")
            return value
        for name in sorted(names - set(VARIABLES) - set(extra)):
            self.error(line, f"{what} uses unknown variable '{{{name}}}' (one of: {', '.join(VARIABLES)})")
        return value

    def _rule(self, body: Any, line: int) -> Rule:
        if body is None:
            body = {}
        if isinstance(body, str):  # shorthand: `yes: next_node`
            return Rule(next=self._target(body, line))
        if not isinstance(body, dict):
            self.error(line, "an answer rule must be a node id or a mapping")
            return Rule()
        for key in body:
            if key not in RULE_KEYS:
                self.error(yaml_line(body, key), f"unknown answer key '{key}' (one of: {', '.join(sorted(RULE_KEYS))})")
        score = {}
        for need, value in self._map(body, "score", line, "'score'").items():
            if need not in NEEDS:
                self.error(yaml_line(body, "score"), f"unknown need '{need}' (one of: {', '.join(NEEDS)})")
            elif not isinstance(value, int | float):
                self.error(yaml_line(body, "score"), f"score for '{need}' must be a number")
            else:
                score[str(need)] = float(value)
        item = body.get("item")
        if item is not None and (isinstance(item, bool) or not isinstance(item, int)):
            self.error(_kline(body, "item", line), "'item' must be a whole number")
            item = None
        risk = body.get("risk")
        if risk is not None and risk not in RISKS:
            self.error(_kline(body, "risk", line), f"unknown risk '{risk}' (one of: {', '.join(RISKS)})")
            risk = None
        return Rule(
            next=self._target(body.get("next"), yaml_line(body, "next") if "next" in body else line),
            score=score, item=item,
            say=self._text(body.get("say"), _kline(body, "say", line), "say"),
            end=self._end(body.get("end"), _kline(body, "end", line)), risk=risk,
        )

    def _node(self, nid: str, body: Any, parent: Any, key: Any) -> Node:
        line = yaml_line(parent, key)
        if not isinstance(body, dict):
            self.error(line, f"node '{nid}' must be a mapping")
            return Node(id=nid)
        for k in body:
            if k not in NODE_KEYS:
                self.error(yaml_line(body, k), f"unknown key '{k}' in node '{nid}'")
        if body.get("say") is None and body.get("ask") is None:
            self.error(line, f"node '{nid}' has no prompt: give it 'say' or 'ask'")
        answers: dict[str, Rule] = {}
        raw_answers = self._map(body, "answers", line, f"'answers' of node '{nid}'")
        for intent, rule in raw_answers.items():
            rline = yaml_line(raw_answers, intent)
            if intent in GLOBAL_INTENTS:
                self.error(rline, f"'{intent}' is a global intent: handle it under 'global_intents'")
            elif intent not in ANSWER_KEYS:
                self.error(rline, f"unknown intent '{intent}' (one of: {', '.join(sorted(ANSWER_KEYS))})")
            answers[str(intent)] = replace(self._rule(rule, rline), label=str(intent))
        choices = []
        raw_choices = self._list(body, "choices", line, f"'choices' of node '{nid}'")
        for i, choice in enumerate(raw_choices):
            cline = yaml_line(raw_choices, i)
            if not isinstance(choice, dict) or not choice.get("match") or not isinstance(choice["match"], list):
                self.error(cline, "a choice needs 'match': a list of words")
                continue
            rule_body = {k: v for k, v in choice.items() if k != "match"}
            match = self._names(choice, "match", cline, "'match'")
            if not match:
                continue
            choices.append(Choice(match, replace(self._rule(rule_body, cline), label=f"choice:{match[0]}")))
        if body.get("ask") is not None and not answers and not choices:
            self.error(line, f"question '{nid}' says nothing about its answers ('answers' or 'choices')")
        if body.get("ask") is None and (answers or choices):
            self.error(line, f"node '{nid}' has answers but no 'ask'")
        instrument = body.get("instrument")
        if instrument is not None and (not isinstance(instrument, str) or instrument not in self.instrument_ids):
            self.error(yaml_line(body, "instrument"), f"unknown instrument '{instrument}'")
        when = body.get("when")
        if when is not None:
            self._condition(when, yaml_line(body, "when"))
        verify, mismatch = body.get("verify"), None
        if verify is not None and (not isinstance(verify, str) or verify not in VERIFIABLE):
            self.error(yaml_line(body, "verify"), f"cannot verify '{verify}' (one of: {', '.join(VERIFIABLE)})")
        if "mismatch" in body:
            mismatch = replace(self._rule(body["mismatch"], yaml_line(body, "mismatch")), label="mismatch")
            if verify is None:
                self.error(yaml_line(body, "mismatch"), f"node '{nid}' has 'mismatch' but nothing to 'verify'")
        elif verify is not None:
            self.error(yaml_line(body, "verify"), f"node '{nid}' verifies '{verify}' but has no 'mismatch' rule")
        keys = self._keys(nid, body, line, answers, choices)
        confirm = body.get("confirm", False)
        if not isinstance(confirm, bool):
            self.error(_kline(body, "confirm", line), "'confirm' must be true or false")
            confirm = False
        return Node(
            id=nid, say=self._text(body.get("say"), _kline(body, "say", line), "say"),
            ask=self._text(body.get("ask"), _kline(body, "ask", line), "ask"),
            rephrase=self._text(body.get("rephrase"), _kline(body, "rephrase", line), "rephrase"), when=_plain(when),
            next=self._target(body.get("next"), yaml_line(body, "next") if "next" in body else line),
            end=self._end(body.get("end"), _kline(body, "end", line)), instrument=instrument, answers=answers,
            choices=tuple(choices), hints=self._names(body, "hints", line, "'hints'"),
            verify=verify, mismatch=mismatch, keys=keys, confirm=confirm,
        )

    def _keys(self, nid: str, body: dict, line: int, answers: dict[str, Rule], choices: list[Choice]) -> dict[str, str]:
        """digit -> an answer key of this question or the first word of one of its choices."""
        raw = self._map(body, "keys", line, f"'keys' of node '{nid}'")
        kline = _kline(body, "keys", line)
        words = {w for c in choices for w in c.match}
        out = {}
        for digit, value in raw.items():
            key = str(digit)
            if len(key) != 1 or key not in "0123456789":
                self.error(kline, f"key '{digit}' of node '{nid}' must be one digit, 0-9")
            elif not isinstance(value, str) or (value not in answers and value not in words):
                self.error(kline, f"key {key} of node '{nid}' must name one of its answers or choice words")
            else:
                out[key] = value
        return out

    def _condition(self, when: Any, line: int) -> None:
        if not isinstance(when, dict) or not when:
            self.error(line, "a condition must be a mapping such as {any: [electricity_cutoff]}")
            return
        for op, arg in when.items():
            if op not in CONDITION_OPS:
                self.error(line, f"unknown condition '{op}' (one of: {', '.join(CONDITION_OPS)})")
            elif op == "score_at_least":
                if not isinstance(arg, dict) or any(isinstance(v, bool) or not isinstance(v, int | float)
                                                    for v in arg.values()):
                    self.error(line, "score_at_least must map needs to numbers")
                    continue
                for need in arg:
                    if need not in NEEDS:
                        self.error(line, f"unknown need '{need}' in condition")
            else:
                kind, known, hint = {
                    "positive": ("screening instrument", self.instrument_ids, "declare it under 'instruments'"),
                    "unheard": ("risk", set(RISKS), f"one of: {', '.join(RISKS)}"),
                }.get(op, ("crisis indicator", set(self.indicators), "declare it under 'indicators'"))
                if not isinstance(arg, list) or any(not isinstance(i, str) for i in arg):
                    self.error(line, f"'{op}' must list {kind}s")
                    continue
                for name in arg:
                    if name not in known:
                        self.error(line, f"unknown {kind} '{name}' in condition ({hint})")

    def _globals(self, raw: Any) -> dict[str, GlobalRule]:
        out = {}
        for intent, body in raw.items():
            line = yaml_line(raw, intent)
            if intent not in GLOBAL_INTENTS:
                self.error(line, f"unknown global intent '{intent}' (one of: {', '.join(GLOBAL_INTENTS)})")
                continue
            body = body or {}
            if not isinstance(body, dict):
                self.error(line, f"global intent '{intent}' must be a mapping")
                continue
            out[str(intent)] = GlobalRule(
                say=self._text(body.get("say"), line, "say"),
                say_closed=self._text(body.get("say_closed"), line, "say_closed"),
                end=self._end(body.get("end"), line),
            )
        return out

    def _risks(self, raw: Any) -> dict[str, RiskAction]:
        out = {}
        for risk, body in raw.items():
            line = yaml_line(raw, risk)
            if risk not in RISKS:
                self.error(line, f"unknown risk '{risk}' (one of: {', '.join(RISKS)})")
                continue
            body = body or {}
            if not isinstance(body, dict):
                self.error(line, f"risk '{risk}' must be a mapping")
                continue
            say = self._text(body.get("say"), line, "say")
            if say is None:
                self.error(line, f"risk '{risk}' needs a 'say' safety message")
            check = self._text(body["check"], _kline(body, "check", line), "check") if "check" in body else None
            out[str(risk)] = RiskAction(
                say=say or "", goto=self._target(body.get("goto"), line, allow_return=False),
                transfer_offer=bool(body.get("transfer_offer", False)), check=check,
            )
        return out

    # -- graph ---------------------------------------------------------------------
    def _graph_checks(self, flow: Flow, doc: Any) -> None:
        edges = {nid: _successors(node) for nid, node in flow.nodes.items()}
        entry = {flow.start} | {r.goto for r in flow.risks.values() if r.goto}
        seen: set[str] = set()
        stack = list(entry)
        while stack:
            nid = stack.pop()
            if nid in seen or nid not in flow.nodes:
                continue
            seen.add(nid)
            stack.extend(t for t in edges[nid] if t != RETURN)
        for nid in flow.nodes:
            if nid not in seen:
                self.error(yaml_line(self.raw_nodes, nid), f"node '{nid}' is unreachable")
        # A node can finish the call if some path from it reaches an end (or a return).
        can_exit = {nid for nid, node in flow.nodes.items() if _ends(node) or RETURN in edges[nid]}
        changed = True
        while changed:
            changed = False
            for nid, targets in edges.items():
                if nid not in can_exit and any(t in can_exit for t in targets):
                    can_exit.add(nid)
                    changed = True
        for nid in flow.nodes:
            if nid not in can_exit:
                self.error(yaml_line(self.raw_nodes, nid),
                           f"node '{nid}' is in a loop without exit: no path ends the call")
        for nid, node in flow.nodes.items():
            if node.is_question and not edges[nid] and not _ends(node):
                self.error(yaml_line(self.raw_nodes, nid), f"question '{nid}' has no 'next' and no 'end'")


def _successors(node: Node) -> set[str]:
    rules = list(node.answers.values()) + [c.rule for c in node.choices]
    targets = {r.next for r in rules if r.next} | ({node.next} if node.next else set())
    return targets


def _ends(node: Node) -> bool:
    rules = list(node.answers.values()) + [c.rule for c in node.choices]
    return bool(node.end) or any(r.end for r in rules)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value

