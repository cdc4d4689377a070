"""The dialogue engine: pure functions of (state, what was heard) -> (new state, actions).

Nothing here touches Twilio, Whisper, the database or the queue. State is a plain
JSON-able dict so the edges can store it between webhooks."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from voicebot.flow.birth_year import find_birth_year
from voicebot.flow.callback_time import parse_callback_time
from voicebot.flow.model import LEVELS, RETURN, Flow, Node, Rule

if TYPE_CHECKING:
    from nlu.prediction import Prediction

MAX_HOPS = 200  # a validated flow never needs this many statements in a row
# What the engine says when a flow does not word it itself (messages: keys, year_keys,
# confirm; a risk's check).
DEFAULT_MESSAGES = {
    "ko": {"keys": "번호를 눌러 답하셔도 됩니다. {options}.",
           "year_keys": "태어나신 해를 숫자 네 자리로 눌러 주셔도 됩니다.",
           "confirm": "“{heard}”(이)라고 말씀하셨나요? 맞으면 '네', 아니면 '아니요'라고 말씀해 주세요.",
           "check:suicide": "한 가지 여쭤볼게요. 요즘 죽고 싶다는 생각이나 스스로를 해치고 싶은 생각이 드시나요?",
           "check:abuse": "한 가지 여쭤볼게요. 혹시 집에서 누군가에게 맞거나 위협을 받고 계신가요?",
           "check:medical_emergency": "한 가지 여쭤볼게요. 혹시 지금 몸이 위급한 상황이신가요?"},
    "en": {"keys": "You can also press a key: {options}.",
           "year_keys": "You can also type the four digits of the year on your keypad.",
           "confirm": "Did you say “{heard}”? Please say yes or no.",
           "check:suicide": "May I ask: do you have thoughts of ending your life or of harming yourself?",
           "check:abuse": "May I ask: is anyone at home hitting or threatening you?",
           "check:medical_emergency": "May I ask: are you in a medical emergency right now?"},
}
KEY_LABELS = {
    "ko": {"yes": "예", "no": "아니요", "unsure": "잘 모르겠음", "refuse": "답하지 않음"},
    "en": {"yes": "yes", "no": "no", "unsure": "not sure", "refuse": "rather not say"},
}


@dataclass(frozen=True)
class Context:
    """What the engine may know about the household and the office, fixed for one call."""

    name: str = ""
    office: str = ""
    office_phone: str = ""
    phone: str = ""
    birth_year: int | None = None
    indicators: tuple[str, ...] = ()
    office_open: bool = True
    now_iso: str | None = None  # for resolving "내일 오후 3시" in call-back requests

    def variables(self) -> dict[str, Any]:
        return {
            "name": self.name, "office": self.office, "office_phone": self.office_phone,
            "phone": self.phone, "birth_year": self.birth_year or "",
        }


@dataclass(frozen=True)
class Heard:
    """One answer as the edges understood it (speech-to-text, then the classifier)."""

    text: str = ""
    intent: str = "other"
    confidence: float = 1.0
    needs: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    possible_risks: tuple[str, ...] = ()  # of the risks, those only the model heard: asked about first
    no_speech: bool = False
    low_confidence: bool = False  # speech-to-text doubts its own transcript
    digits: str | None = None  # keys pressed instead of speaking

    @classmethod
    def understood(cls, text: str, pred: Prediction, low_confidence: bool = False) -> Heard:
        """An answer as the classifier judged it."""
        return cls(text=text, intent=pred.intent, confidence=pred.confidence, needs=tuple(pred.needs),
                   risks=tuple(pred.risks), possible_risks=tuple(pred.possible_risks), low_confidence=low_confidence)

    def as_state(self) -> dict[str, Any]:
        return {"text": self.text, "intent": self.intent, "confidence": self.confidence, "needs": list(self.needs),
                "risks": list(self.risks), "possible_risks": list(self.possible_risks)}

    @classmethod
    def from_state(cls, state: dict[str, Any], **changes: Any) -> Heard:
        """The answer as_state() kept (one saved before possible risks existed too), with
        `changes` made."""
        kept = cls(text=state["text"], intent=state["intent"], confidence=state["confidence"],
                   needs=tuple(state["needs"]), risks=tuple(state["risks"]),
                   possible_risks=tuple(state.get("possible_risks", ())))
        return replace(kept, **changes)


@dataclass
class Step:
    state: dict[str, Any]
    actions: list[dict[str, Any]] = field(default_factory=list)
    # Branches taken in this step ("health:yes", "global:opt_out", "risk:suicide"...):
    # what `voicebot flow test` measures coverage with. Not persisted.
    trace: list[str] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return bool(self.state.get("ended"))


def new_state() -> dict[str, Any]:
    return {
        "node": None, "retries": 0, "path": [], "scores": {}, "items": {}, "instruments": {},
        "free_needs": [], "needs": [], "risks": [], "stack": [], "ended": False, "outcome": None,
        # Risks only the model heard: denied when asked, or heard in an answer about the call
        # itself and so never asked (an officer looks at those: needs_case).
        "denied_risks": [], "unasked_risks": [],
        "level": "none", "callback_at": None, "turns": 0,
    }


class Engine:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    # -- public ----------------------------------------------------------------------
    def start(self, ctx: Context, at: str | None = None, resume: dict[str, Any] | None = None) -> Step:
        """Opens the call; `at` starts mid-flow (conversation tests that focus on one part).
        `resume` is the state of an earlier call that dropped mid-interview: what it heard still
        counts, and once past the flow's resume_after node the call goes back to the question
        it stopped at."""
        state = new_state()
        if resume and resume.get("node") and self.flow.resume_after and resume["node"] in self.flow.nodes:
            for key in ("scores", "items", "needs", "free_needs", "risks", "denied_risks", "unasked_risks"):
                state[key] = copy.deepcopy(resume.get(key, state[key]))
            state["resume_at"] = resume["node"]
        step = Step(state)
        self._goto(step, at or self.flow.start, ctx)
        return step

    def hear(self, state: dict[str, Any], heard: Heard, ctx: Context) -> Step:
        step = Step(copy.deepcopy(state))
        if step.ended or step.state["node"] is None:
            return step
        step.state["turns"] += 1
        node = self.flow.nodes[step.state["node"]]
        if step.state.get("checking") is not None:
            return self._checked(step, node, heard, ctx)
        return self._understand(step, node, heard, ctx)

    def _understand(self, step: Step, node: Node, heard: Heard, ctx: Context) -> Step:
        if heard.digits is not None:
            return self._keys(step, node, heard.digits, ctx)
        if step.state.get("confirming") is not None:
            return self._confirmed(step, node, heard, ctx)
        if heard.no_speech:
            return self._retry(step, node, ctx, "silence")
        self._credit_free_speech(step, heard)
        if heard.risks and self._risk(step, heard, node, ctx):
            return step
        if heard.intent in self.flow.global_intents and heard.confidence >= self.flow.min_confidence:
            return self._global(step, heard, node, ctx)
        if node.mismatch is not None and self._contradicts(node, heard, ctx):
            # Once may be a misheard number (asked again, with the keypad offered: typed
            # digits are never misheard); twice is the wrong person.
            if step.state["retries"] == 0:
                return self._retry(step, node, ctx, "unclear", year_keys=True)
            self._apply(step, node, node.mismatch, ctx)
            return step
        rule = self._match(node, heard)
        if rule is None and node.confirm and heard.text.strip() and (heard.low_confidence or
                                                                     heard.confidence < self.flow.min_confidence):
            return self._confirm(step, node, heard, ctx)
        if rule is None:
            return self._retry(step, node, ctx, "unclear")
        self._apply(step, node, rule, ctx)
        return step

    def _keys(self, step: Step, node: Node, digits: str, ctx: Context) -> Step:
        """A key pressed where the flow offered keys, or a year typed where a birth year is
        verified; anything else is not understood."""
        year = digits.rstrip("#")  # the key that ends a typed number, should Twilio pass it on
        if node.verify == "birth_year" and len(year) == 4 and year.isdigit():
            step.trace.append(f"{node.id}:key")
            if ctx.birth_year is not None and int(year) != ctx.birth_year and node.mismatch is not None:
                self._apply(step, node, node.mismatch, ctx)
            elif "default" in node.answers:
                self._apply(step, node, node.answers["default"], ctx)
            else:
                self._goto(step, node.next, ctx)
            return step
        value = node.keys.get(digits[:1])
        rule = None
        if value is not None:
            rule = node.answers.get(value) or next((c.rule for c in node.choices if value in c.match), None)
        if rule is None:
            return self._retry(step, node, ctx, "unclear")
        step.trace.append(f"{node.id}:key")
        self._apply(step, node, rule, ctx)
        return step

    def _confirm(self, step: Step, node: Node, heard: Heard, ctx: Context) -> Step:
        """Reads a doubtful answer back before it counts ("…라고 말씀하셨나요?")."""
        step.trace.append("confirm")
        step.state["confirming"] = heard.as_state()
        text = self._message("confirm").replace("{heard}", heard.text.strip()[:60])
        step.actions.append({**self._ask(node, "", ctx), "text": text, "confirm": True})
        return step

    def _confirmed(self, step: Step, node: Node, heard: Heard, ctx: Context) -> Step:
        doubted = step.state.pop("confirming")
        if heard.intent == "yes" and heard.confidence >= self.flow.min_confidence and not heard.low_confidence:
            step.trace.append("confirm:yes")
            sure = Heard.from_state(doubted, confidence=1.0)
            rule = match_rule(node, sure.text, sure.intent, 1.0, self.flow.min_confidence)
            if rule is not None:
                self._apply(step, node, rule, ctx)
                return step
        return self._retry(step, node, ctx, "unclear")

    def _check(self, step: Step, node: Node, heard: Heard, risk: str, ctx: Context) -> Step:
        """A risk only the model heard is asked about directly, as a counsellor would,
        before it escalates: the answer that raised it waits for the reply."""
        step.trace.append(f"check:{risk}")
        step.state["checking"] = {"risk": risk, "heard": heard.as_state()}
        text = self.flow.risks[risk].check or self._message(f"check:{risk}")
        step.actions.append({**self._ask(node, text, ctx), "check": risk})
        return step

    def _checked(self, step: Step, node: Node, reply: Heard, ctx: Context) -> Step:
        """Only a clear "no" sets the possible risk aside (kept for the officer to see);
        yes, silence, doubt or anything else escalates it. Then the answer that raised it
        is understood as if just heard."""
        pending = step.state.pop("checking")
        risk, stored = pending["risk"], pending["heard"]
        denied = (reply.digits is None and not reply.no_speech and not reply.low_confidence and not reply.risks
                  and reply.intent == "no" and reply.confidence >= self.flow.min_confidence)
        step.trace.append(f"check:{risk}:{'no' if denied else 'yes'}")
        risks = [r for r in stored["risks"] if not (denied and r == risk)]
        # What the reply itself says of risks counts too ("네, 죽고 싶어요").
        risks += [r for r in reply.risks if r not in risks]
        possible = [r for r in stored["possible_risks"] if r != risk and r in risks]
        possible += [r for r in reply.possible_risks if r not in possible and r not in stored["risks"]]
        denied_before = step.state.setdefault("denied_risks", [])  # a state saved before these lists existed
        if denied and risk not in denied_before:
            denied_before.append(risk)
        original = Heard.from_state(stored, risks=tuple(risks), possible_risks=tuple(possible))
        return self._understand(step, node, original, ctx)

    def _message(self, key: str) -> str:
        return self.flow.messages.get(key) or DEFAULT_MESSAGES.get(self.flow.language, DEFAULT_MESSAGES["ko"])[key]

    def hear_late(self, state: dict[str, Any], heard: Heard) -> Step:
        """An answer understood only after the call ended (the queue was down, the caller
        hung up while it was processed): nothing more is said, but what it tells still
        counts. Needs are credited and a risk is escalated to an officer at once."""
        step = Step(copy.deepcopy(state))
        step.state["turns"] += 1
        if heard.no_speech:
            return step
        self._credit_free_speech(step, heard)
        # A yes to a question whose answer raises a risk ("죽었으면 좋겠다고 생각하신 적이…?")
        # tells of it as surely as words would.
        node = self.flow.nodes.get(step.state.get("node") or "")
        rule = self._match(node, heard) if node is not None and not step.state.get("checking") else None
        told = [rule.risk] if rule is not None and rule.risk else []
        for risk in [*heard.risks, *told]:
            if risk not in step.state["risks"]:
                self._escalate(step, risk, None)
        step.state["level"] = self.level(step.state)
        return step

    def finish(self, state: dict[str, Any], outcome: str = "hung_up") -> dict[str, Any]:
        """Closes the books on a call that ended outside the flow (hang-up, failure)."""
        state = copy.deepcopy(state)
        pending = state.pop("checking", None)
        if pending is not None and pending["risk"] not in state["risks"]:
            state["risks"].append(pending["risk"])  # hung up on the direct question: an officer calls, urgently
        if not state.get("ended"):
            state["ended"] = True
            state["outcome"] = outcome
        self._score_instruments(state, final=True)
        state["level"] = self.level(state)
        return state

    def variables_prompt(self, text: str, ctx: Context) -> str:
        return text.format_map(ctx.variables())

    # -- moving through the graph ----------------------------------------------------
    def _goto(self, step: Step, target: str | None, ctx: Context) -> None:
        for _ in range(MAX_HOPS):
            if target == RETURN:
                target = step.state["stack"].pop() if step.state["stack"] else None
            if target is None:
                self._end(step, "completed")
                return
            node = self.flow.nodes[target]
            if node.when is not None and not self._holds(node.when, step.state, ctx):
                step.trace.append(f"{node.id}:skipped")
                target = node.next
                continue
            step.state["path"].append(node.id)
            step.trace.append(node.id)
            if node.say:
                self._say(step, node.say, ctx)
            if node.is_question:
                step.state["node"] = node.id
                step.state["retries"] = 0
                step.actions.append(self._ask(node, node.ask, ctx))
                return
            if node.end:
                self._end(step, node.end)
                return
            target = node.next
        raise RuntimeError(f"flow {self.flow.id} did not reach a question in {MAX_HOPS} steps")

    def _apply(self, step: Step, node: Node, rule: Rule, ctx: Context) -> None:
        step.trace.append(f"{node.id}:{rule.label}")
        self._count(step, node, rule)
        if rule.say:
            self._say(step, rule.say, ctx)
        if rule.risk:
            if rule.risk not in step.state["risks"]:
                self._escalate(step, rule.risk, ctx)
            action = self.flow.risks.get(rule.risk)
            if action is not None and action.goto and not rule.end:
                # Into the risk's questions (from where the rule says), then on with the interview.
                step.state["stack"].append(node.next)
                self._goto(step, rule.next or action.goto, ctx)
                return
        if rule.end:
            self._end(step, rule.end)
            return
        target = rule.next or node.next
        if node.id == self.flow.resume_after and step.state.get("resume_at"):
            step.trace.append("resume")
            target = step.state.pop("resume_at")
        self._goto(step, target, ctx)

    def _count(self, step: Step, node: Node, rule: Rule) -> None:
        """What an answer adds up to: its rule's scores and, on a screening item, the item."""
        for need, value in rule.score.items():
            add_score(step.state, need, value)
        if node.instrument and rule.item is not None:
            step.state["items"][node.id] = rule.item
            self._score_instruments(step.state)

    def _retry(self, step: Step, node: Node, ctx: Context, why: str, year_keys: bool = False) -> Step:
        step.state["retries"] += 1
        if step.state["retries"] > self.flow.max_retries:
            step.trace.append("move_on")
            self._say(step, self.flow.messages["move_on"], ctx)
            self._goto(step, node.next or first_next(node), ctx)
            return step
        step.trace.append(f"retry:{why}")
        self._say(step, self.flow.messages[why], ctx)
        rephrase = step.state["retries"] >= 2 and node.rephrase
        if rephrase:
            step.trace.append("rephrase")
        prompt = node.rephrase if rephrase else node.ask
        action = self._ask(node, prompt or "", ctx, keys=bool(node.keys))
        if year_keys:
            action = {**action, "text": f"{action['text']} {self._message('year_keys')}", "digits": 4}
        step.actions.append(action)
        return step

    def _global(self, step: Step, heard: Heard, node: Node, ctx: Context) -> Step:
        rule = self.flow.global_intents[heard.intent]
        step.trace.append(f"global:{heard.intent}")
        if heard.intent == "repeat":
            step.actions.append(self._ask(node, node.ask or "", ctx))
            return step
        if heard.intent == "request_human":
            step.trace.append(f"global:request_human:{'open' if ctx.office_open else 'closed'}")
            if ctx.office_open:
                self._say(step, rule.say or "", ctx)
                self._end(step, "transferred")
            else:
                self._say(step, rule.say_closed or rule.say or "", ctx)
                step.actions.append({"type": "case", "reason": "request_human"})
                self._end(step, rule.end or "callback")
            return step
        if heard.intent == "callback_later":
            step.state["callback_at"] = parse_callback_time(heard.text, ctx.now_iso)
        if heard.intent == "opt_out":
            step.actions.append({"type": "opt_out"})
        if rule.say:
            self._say(step, rule.say, ctx)
        default_end = {"callback_later": "callback", "opt_out": "opt_out"}.get(heard.intent, heard.intent)
        self._end(step, rule.end or default_end)
        return step

    def _risk(self, step: Step, heard: Heard, node: Node, ctx: Context) -> bool:
        """Acts on the first new risk at once; True when it took over the conversation."""
        for risk in heard.risks:
            if risk in step.state["risks"] or risk not in self.flow.risks:
                continue
            if risk in heard.possible_risks:
                about_the_call = (heard.intent in self.flow.global_intents
                                  and heard.confidence >= self.flow.min_confidence)
                if about_the_call or risk in step.state.get("denied_risks", ()):
                    # An answer about the call itself ("기계 말고 사람이랑 통화하고 싶어요"): what it
                    # asks is done, and the risk the model read into it goes to an officer unasked.
                    # A sign of a risk the resident already said no to in this call is not asked
                    # again (the same question twice reads as disbelief, and a second "no" would
                    # settle nothing): a second sign after a denial is for a person to weigh.
                    unasked = step.state.setdefault("unasked_risks", [])
                    if risk not in unasked:
                        unasked.append(risk)
                    step.trace.append(f"unasked:{risk}")
                    continue
                self._check(step, node, heard, risk, ctx)
                return True
            self._escalate(step, risk, ctx)
            action = self.flow.risks[risk]
            rule = self._match(node, heard)
            if rule is not None:  # the answer still counts for the question it answered
                self._count(step, node, rule)
            resume = (rule.next if rule else None) or node.next or first_next(node)
            if action.goto:
                step.state["stack"].append(resume)
                self._goto(step, action.goto, ctx)
            else:
                self._goto(step, resume, ctx)
            return True
        return False

    def _escalate(self, step: Step, risk: str, ctx: Context | None) -> None:
        """A risk heard: recorded, sent to an officer at once, and answered as the flow says
        (ctx None: the call is over and nothing more is said)."""
        step.state["risks"].append(risk)
        step.trace.append(f"risk:{risk}")
        step.actions.append({"type": "escalate", "risk": risk})
        if ctx is not None and risk in self.flow.risks:
            self._say(step, self.flow.risks[risk].say, ctx)

    # -- understanding an answer in this question's context ---------------------------
    def _match(self, node: Node, heard: Heard) -> Rule | None:
        return match_rule(node, heard.text, heard.intent, heard.confidence, self.flow.min_confidence,
                          heard.low_confidence)

    def _contradicts(self, node: Node, heard: Heard, ctx: Context) -> bool:
        if node.verify != "birth_year" or ctx.birth_year is None:
            return False
        year = find_birth_year(heard.text, int((ctx.now_iso or "2026")[:4]))
        return year is not None and year != ctx.birth_year

    def _credit_free_speech(self, step: Step, heard: Heard) -> None:
        for need in heard.needs:
            if need not in step.state["needs"]:
                step.state["needs"].append(need)
            if need not in step.state["free_needs"]:
                step.state["free_needs"].append(need)
                add_score(step.state, need, self.flow.free_speech_need_score)

    def _score_instruments(self, state: dict[str, Any], final: bool = False) -> None:
        for inst in self.flow.instruments.values():
            answered = [state["items"][i] for i in inst.items if i in state["items"]]
            if inst.id in state["instruments"] or not answered:
                continue
            if len(answered) < len(inst.items) and not final:
                continue
            total = sum(answered)
            positive = total >= inst.threshold
            state["instruments"][inst.id] = {"total": total, "positive": positive,
                                             "complete": len(answered) == len(inst.items)}
            if positive:
                add_score(state, inst.need, inst.score)

    def _holds(self, when: dict[str, Any], state: dict[str, Any], ctx: Context) -> bool:
        have = set(ctx.indicators)
        checks = {
            "any": lambda arg: bool(have & set(arg)),
            "all": lambda arg: set(arg) <= have,
            "none": lambda arg: not (have & set(arg)),
            "score_at_least": lambda arg: all(state["scores"].get(k, 0) >= v for k, v in arg.items()),
            "positive": lambda arg: any(state["instruments"].get(i, {}).get("positive") for i in arg),
            "unheard": lambda arg: not set(arg) & set(state["risks"]),
        }
        return all(checks[op](arg) for op, arg in when.items())

    # -- output ----------------------------------------------------------------------
    def _say(self, step: Step, text: str, ctx: Context) -> None:
        step.actions.append({"type": "say", "text": self.variables_prompt(text, ctx)})

    def _ask(self, node: Node, prompt: str, ctx: Context, keys: bool = False) -> dict[str, Any]:
        hints = list(node.hints) + [m for c in node.choices for m in c.match]
        action = {"type": "ask", "node": node.id, "text": self.variables_prompt(prompt, ctx), "hints": hints}
        if keys:
            labels = KEY_LABELS.get(self.flow.language, KEY_LABELS["ko"])
            form = "{d}번 {label}" if self.flow.language == "ko" else "{d} for {label}"
            options = ", ".join(form.format(d=d, label=labels.get(v, v)) for d, v in sorted(node.keys.items()))
            action["text"] += " " + self._message("keys").replace("{options}", options)
            action["keys"] = sorted(node.keys)
        return action

    def _end(self, step: Step, outcome: str) -> None:
        step.state["ended"] = True
        step.state["outcome"] = outcome
        step.state["node"] = None
        self._score_instruments(step.state, final=True)
        step.state["level"] = self.level(step.state)
        # A transfer ends the interview but not the call: the edge dials a person.
        step.actions.append({"type": "transfer" if outcome == "transferred" else "hangup", "outcome": outcome})

    def level(self, state: dict[str, Any]) -> str:
        return self.flow.level_for(sum(state["scores"].values()), bool(state["risks"]))

    def needs_case(self, state: dict[str, Any]) -> bool:
        """Whether a finished call goes to an officer for in-depth consultation."""
        return (bool(state["risks"]) or bool(state.get("unasked_risks"))
                or level_at_least(state["level"], self.flow.case_level))


def add_score(state: dict[str, Any], need: str, value: float) -> None:
    state["scores"][need] = state["scores"].get(need, 0) + value


def first_next(node: Node) -> str | None:
    for rule in list(node.answers.values()) + [c.rule for c in node.choices]:
        if rule.next:
            return rule.next
    return None


def top_needs(state: dict[str, Any], limit: int = 3) -> list[str]:
    ranked = sorted(((v, k) for k, v in state.get("scores", {}).items() if v > 0), reverse=True)
    return [k for _, k in ranked[:limit]]


def level_at_least(level: str, threshold: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index(threshold)


def match_rule(node: Node, text: str, intent: str, confidence: float, min_confidence: float,
               low_confidence: bool = False) -> Rule | None:
    """What an answer means for this question: a matching choice's words first, then
    the intent when the classifier is sure enough, then the question's default."""
    squashed = text.replace(" ", "").lower()
    for choice in node.choices:
        if any(m.replace(" ", "").lower() in squashed for m in choice.match):
            return choice.rule
    if confidence >= min_confidence and not low_confidence and intent in node.answers:
        return node.answers[intent]
    if "default" in node.answers and text.strip() and not low_confidence:
        return node.answers["default"]
    return None
