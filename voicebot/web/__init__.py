"""The HTTP edge: Twilio webhooks and the officers' web UI."""
