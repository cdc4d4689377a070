"""`voicebot flow simulate`: talk to a flow in the terminal, as the household would.

Typed answers go through the project's classifier exactly as transcripts do in a call,
so an administrator sees what the system understood and how the scores move. An empty
line is silence; end of input hangs up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from nlu.prediction import Classifier
from voicebot.flow.engine import Context, Engine, Heard, Step
from voicebot.flow.loader import FlowInvalid, load_flow


def simulate(file: Path, indicators: tuple[str, ...], name: str, classifier: Classifier | None = None,
             read: Callable[[str], str] = input, echo: Callable[[str], Any] = print,
             office_open: bool = True) -> int:
    try:
        flow = load_flow(file)
    except FlowInvalid as exc:
        for error in exc.errors:
            echo(error)
        return 1
    unknown = [i for i in indicators if i not in flow.indicators]
    if unknown:
        echo(f"unknown indicator(s): {', '.join(unknown)} (one of: {', '.join(flow.indicators)})")
        return 2
    if classifier is None:
        from voicebot.classifier import load_nlu
        from voicebot.settings import Settings

        classifier = load_nlu(Settings())
    engine = Engine(flow)
    ctx = Context(name=name, office="시뮬레이션 구청", office_phone="02-120-0000", indicators=indicators,
                  office_open=office_open, now_iso=datetime.now(ZoneInfo("Asia/Seoul")).isoformat())
    echo(f"{flow.id} ({flow.sha256[:12]}), indicators: {', '.join(indicators) or 'none'}. "
         "Empty line = silence, Ctrl-D = hang up.")
    step = engine.start(ctx)
    _show(step, echo)
    while not step.ended:
        try:
            text = read("> ").strip()
        except EOFError:
            break
        if not text:
            heard = Heard(no_speech=True)
        else:
            heard = Heard.understood(text, classifier.predict([text])[0])
        echo("  [silence]" if heard.no_speech else f"  [understood: intent={heard.intent} ({heard.confidence:.2f})"
             f"{' needs=' + ','.join(heard.needs) if heard.needs else ''}"
             f"{' RISKS=' + ','.join(heard.risks) if heard.risks else ''}]")
        step = engine.hear(step.state, heard, ctx)
        _show(step, echo)
        scores = ", ".join(f"{k} {v:g}" for k, v in sorted(step.state["scores"].items()) if v)
        echo(f"  [scores: {scores or '-'}; level {engine.level(step.state)}]")
    state = step.state if step.ended else engine.finish(step.state)
    echo(f"outcome: {state['outcome']}; level: {state['level']}; "
         f"case for an officer: {'yes' if engine.needs_case(state) else 'no'}")
    for inst, result in state["instruments"].items():
        echo(f"  {inst}: {result['total']:g} ({'positive' if result['positive'] else 'negative'})")
    return 0


def _show(step: Step, echo: Callable[[str], Any]) -> None:
    for action in step.actions:
        if action["type"] in ("say", "ask"):
            echo(f"AI: {action['text']}")
        elif action["type"] == "escalate":
            echo(f"  [urgent case: {action['risk']}]")
        elif action["type"] in ("transfer", "hangup"):
            echo(f"  [{action['type']}: {action['outcome']}]")
        elif action["type"] in ("case", "opt_out"):
            echo(f"  [{action['type']}]")
