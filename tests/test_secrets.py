"""Outside the demo and the tests, no service starts with a default or missing secret.
(Sessions are server-side tokens, not signed cookies: a forged or replayed one is refused,
tests/test_workplace.py.)"""

import subprocess
import sys

import pytest

from voicebot.settings import DEMO_SESSION_SECRET, InsecureSettings, Settings
from voicebot.web.app import create_app

PRODUCTION = {"VOICEBOT_ENVIRONMENT": "production", "VOICEBOT_SESSION_SECRET": "", "VOICEBOT_TWILIO_ACCOUNT_SID": "",
              "VOICEBOT_TWILIO_AUTH_TOKEN": ""}
GOOD = {"environment": "production", "session_secret": "s" * 40, "twilio_account_sid": "AC" + "1" * 32,
        "twilio_auth_token": "t" * 32}


@pytest.mark.parametrize("command", [["serve"], ["worker", "dial"], ["scheduler"]])
def test_services_refuse_to_start_with_default_secrets(command, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **PRODUCTION,
           "VOICEBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    proc = subprocess.run([sys.executable, "-m", "voicebot", *command], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 78
    assert "VOICEBOT_SESSION_SECRET" in proc.stderr and "VOICEBOT_TWILIO_AUTH_TOKEN" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("override,variable", [
    ({"session_secret": "change-me-in-production"}, "VOICEBOT_SESSION_SECRET"),
    ({"session_secret": DEMO_SESSION_SECRET}, "VOICEBOT_SESSION_SECRET"),
    ({"session_secret": "short"}, "VOICEBOT_SESSION_SECRET"),
    ({"twilio_auth_token": "simulated-auth-token"}, "VOICEBOT_TWILIO_AUTH_TOKEN"),
    ({"twilio_account_sid": ""}, "VOICEBOT_TWILIO_ACCOUNT_SID"),
])
def test_each_default_secret_is_named(override, variable):
    settings = Settings(**{**GOOD, **override})
    with pytest.raises(InsecureSettings, match=variable):
        create_app(settings)
    assert Settings(**GOOD).insecure() == []
