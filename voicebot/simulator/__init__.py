"""A simulated phone network that speaks Twilio's protocol: the REST API for placing
calls, signed webhooks, TwiML, status and recording callbacks, served recordings."""
