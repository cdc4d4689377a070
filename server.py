"""The web server: Twilio webhooks and the officers' UI.

    uvicorn server:app --host 0.0.0.0 --port 8000
"""

from voicebot.web.app import create_app

app = create_app()
