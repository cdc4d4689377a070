"""The one settings object, read from the environment (prefix ``VOICEBOT_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOICEBOT_", env_file=".env", extra="ignore")

    # Storage: a SQLite file works on a single machine; any SQLAlchemy URL otherwise.
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'voicebot.db'}"
    redis_url: str = "redis://127.0.0.1:6379/0"
    queue_prefix: str = "voicebot"  # lets several deployments (or a demo) share one Redis
    data_dir: Path = PROJECT_ROOT / "var"

    # Telephony. With no Twilio account SID the simulated phone network is used.
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = "+8227000000"
    # The address Twilio sees; signatures are computed over it, so behind a proxy
    # this must be the outside URL, not the one uvicorn binds.
    public_base_url: str = "http://127.0.0.1:8000"
    simulator_url: str = "http://127.0.0.1:8010"
    answer_mode: str = Field("record", pattern="^(record|gather)$")
    transfer_number: str = "+8221234567"
    office_name: str = "행복구청 복지정책과"
    office_phone: str = "02-123-4567"
    office_hours: tuple[int, int] = (9, 18)
    timezone: str = "Asia/Seoul"

    # Speech.
    stt_backend: str = Field("faster-whisper", pattern="^(faster-whisper|openai-whisper|simulated)$")
    whisper_model_dir: Path = PROJECT_ROOT / "var" / "models" / "whisper-base-ct2"
    openai_whisper_checkpoint: Path = PROJECT_ROOT / "var" / "models" / "whisper-base-openai.pt"
    stt_language: str = "ko"
    stt_threads: int = 2
    # faster-whisper encodes an answer in a window of its length plus 2 s, at least this
    # many seconds (30 = Whisper's full window, the slowest and the most conservative).
    stt_min_window_s: float = Field(15, ge=5, le=30)
    recording_retention_days: int = 0  # 0: delete local copies once transcribed

    # Understanding.
    nlu_backend: str = Field("auto", pattern="^(auto|wordvec|ngram|transformer)$")
    nlu_model_dir: Path = PROJECT_ROOT / "nlu" / "models"
    nlu_base_model: str = ""  # a hub encoder (e.g. klue/roberta-small) for scripts/train_nlu.py, where reachable

    # Officer web UI. Officers are listed as name:token pairs.
    officer_tokens: str = "officer:demo-officer-token"
    session_secret: str = "change-me-in-production"

    # Flow and campaign defaults.
    default_flow: Path = PROJECT_ROOT / "call_flows" / "welfare_screening_ko.yaml"
    max_concurrent_calls: int = 4
    max_attempts: int = 3
    retry_delay_s: int = 3600
    call_window: tuple[int, int] = (10, 20)

    @cached_property
    def officers(self) -> dict[str, str]:
        """token -> officer name."""
        pairs = (p.split(":", 1) for p in self.officer_tokens.split(",") if ":" in p)
        return {token.strip(): name.strip() for name, token in pairs}

    @property
    def simulated_telephony(self) -> bool:
        return not self.twilio_account_sid

    @property
    def effective_account_sid(self) -> str:
        return self.twilio_account_sid or "AC" + "0" * 32

    @property
    def effective_auth_token(self) -> str:
        return self.twilio_auth_token or "simulated-auth-token"
