"""The ASGI application `voicebot serve` runs: uvicorn voicebot.web.server:app (importable
from any directory, unlike the top-level server.py kept for `uvicorn server:app`)."""

from voicebot.web.app import create_app

app = create_app()
