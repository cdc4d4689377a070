"""The web server: Twilio webhooks and the officers' UI.

    uvicorn server:app --host 0.0.0.0 --port 8000    (or: voicebot serve, from any directory)
"""

from voicebot.web.server import app

__all__ = ["app"]
