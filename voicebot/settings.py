"""The one settings object, read from the environment (prefix ``VOICEBOT_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Secrets the demo and the tests run with. Anywhere else they are refused (check_secrets).
DEMO_SESSION_SECRET = "demo-session-secret-not-for-production"
DEMO_PASSWORD = "demo-password"  # the demo's officer and administrator (voicebot demo creates them)
SIMULATED_AUTH_TOKEN = "simulated-auth-token"
KNOWN_DEFAULTS = {"", "change-me-in-production", DEMO_SESSION_SECRET, DEMO_PASSWORD, SIMULATED_AUTH_TOKEN}


class InsecureSettings(SystemExit):
    """Raised at start-up instead of running a production service with a default secret."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOICEBOT_", env_file=".env", extra="ignore")

    # production: every secret must be set; demo and test run with the published demo values.
    environment: str = Field("production", pattern="^(production|demo|test)$")

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
    stt_device: str = Field("cpu", pattern="^(cpu|cuda|auto)$")
    stt_compute_type: str = "int8"  # float16 on a GPU
    # faster-whisper encodes an answer in a window of its length plus 2 s, at least this
    # many seconds (30 = Whisper's full window, the slowest and the most conservative).
    stt_min_window_s: float = Field(15, ge=5, le=30)
    # Decoding, chosen on real Korean telephone speech (scripts/bench_stt.py, BENCHMARKS.md):
    # beam 5 with no VAD, CER 0.099 against 0.130 for greedy with VAD, 5-s answers 0.61-0.66 s at p95.
    stt_beam_size: int = Field(5, ge=1, le=10)
    stt_fallback: str = ""  # temperatures to decode again at when a result looks wrong, e.g. "0.2,0.4,0.6,0.8"
    # Silero VAD: "span" cuts only the silence before and after the speech, "cut" every pause
    # too, "off" leaves the energy gate alone to find silence. Off: Twilio already trims a
    # recording's silent edges (trim-silence), and the VAD clipped soft onsets of older speakers.
    stt_vad: str = Field("off", pattern="^(span|cut|off)$")
    recording_retention_days: int = 0  # 0: delete local copies once transcribed

    # Understanding.
    nlu_backend: str = Field("auto", pattern="^(auto|blend|e5|wordvec|ngram)$")
    nlu_model_dir: Path = PROJECT_ROOT / "nlu" / "models"
    nlu_encoder_dir: Path = PROJECT_ROOT / "var" / "models" / "e5-small"  # `voicebot nlu install` writes it
    # The encoder's arithmetic: "auto" is bfloat16 on a processor that computes it natively
    # (twice as fast, the same decisions but for near ties: BENCHMARKS.md), else float32.
    nlu_precision: str = Field("auto", pattern="^(auto|float32|bfloat16)$")

    # The officers' workplace: accounts are made with `voicebot user add`. The secret keys
    # hashes (sign-in rate limits); sessions live in the database.
    session_secret: str = ""
    session_idle_minutes: int = Field(120, ge=5)
    session_hours: int = Field(10, ge=1, le=24)
    flows_dir: Path = PROJECT_ROOT / "call_flows"  # the call scripts administrators publish to

    # Flow and campaign defaults.
    default_flow: Path = PROJECT_ROOT / "call_flows" / "welfare_screening_ko.yaml"
    max_concurrent_calls: int = 4  # live calls on the Twilio account, all campaigns together
    account_calls_per_second: float = 1.0  # Twilio's default for an account
    account_texts_per_second: float = 10.0
    # A live call with no news (callback, answer) for this long is asked about at Twilio.
    reconcile_after_s: float = Field(180, ge=1)
    max_attempts: int = 3
    retry_delay_s: int = 3600
    call_window: tuple[int, int] = (10, 20)

    def stt_decoding(self):  # noqa: ANN201  (a Decoding; imported late, speech is not always installed)
        from voicebot.speech.whisper_fast import Decoding

        fallback = tuple(float(t) for t in self.stt_fallback.split(",") if t.strip())
        return Decoding(beam_size=self.stt_beam_size, min_window_s=self.stt_min_window_s, vad=self.stt_vad != "off",
                        vad_span=self.stt_vad == "span", fallback=fallback)

    @property
    def simulated_telephony(self) -> bool:
        return not self.twilio_account_sid

    @property
    def effective_account_sid(self) -> str:
        return self.twilio_account_sid or "AC" + "0" * 32

    @property
    def effective_auth_token(self) -> str:
        return self.twilio_auth_token or SIMULATED_AUTH_TOKEN

    @property
    def effective_session_secret(self) -> str:
        return self.session_secret or (DEMO_SESSION_SECRET if self.environment != "production" else "")

    def insecure(self) -> list[str]:
        """What keeps this configuration from running in production, naming the variable."""
        if self.environment != "production":
            return []
        problems = []
        if self.session_secret in KNOWN_DEFAULTS or len(self.session_secret) < 32:
            problems.append("VOICEBOT_SESSION_SECRET must be set to a random string of at least 32 characters "
                            "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        if not self.twilio_account_sid:
            problems.append("VOICEBOT_TWILIO_ACCOUNT_SID is not set: production calls go through Twilio "
                            "(VOICEBOT_ENVIRONMENT=demo runs on the simulated phone network)")
        if self.twilio_auth_token in KNOWN_DEFAULTS:
            problems.append("VOICEBOT_TWILIO_AUTH_TOKEN must be set to the account's auth token")
        return problems

    def check_secrets(self, what: str) -> None:
        """Refuses to start a production service with a default or missing secret."""
        problems = self.insecure()
        if problems:
            raise InsecureSettings(f"voicebot {what}: refusing to start with default or missing secrets:\n  - "
                                   + "\n  - ".join(problems))
