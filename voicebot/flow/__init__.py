"""Call flows: the YAML script language, its validator and the pure dialogue engine."""

from voicebot.flow.engine import Context, Engine, Heard, Step
from voicebot.flow.loader import FlowInvalid, load_flow, validate_file
from voicebot.flow.model import Flow

__all__ = ["Context", "Engine", "Flow", "FlowInvalid", "Heard", "Step", "load_flow", "validate_file"]
