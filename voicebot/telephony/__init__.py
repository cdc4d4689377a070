"""Telephony through Twilio: the REST client that places calls, TwiML, webhook signatures."""

from voicebot.telephony.base import CallInfo, CallRejected, MessageRejected, Messaging, RecordingMissing, Telephony
from voicebot.telephony.twilio_rest import TwilioTelephony, telephony_from_settings

__all__ = ["CallInfo", "CallRejected", "MessageRejected", "Messaging", "RecordingMissing", "Telephony",
           "TwilioTelephony", "telephony_from_settings"]
