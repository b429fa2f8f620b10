"""What the Twilio channels themselves say: the phone menu, keyword replies, apologies, the confirmation text.

Everything else the person hears or reads comes from the agent. Kept in one place so the copy can be
reviewed (and translated) without reading the handlers.
"""

from __future__ import annotations

import re

__all__ = [
    "MENU_GOODBYE",
    "MENU_PROMPT",
    "MENU_REPROMPT",
    "MENU_SPANISH",
    "SMS_EMPTY",
    "SMS_HELP",
    "SMS_MEDIA_ONLY",
    "SMS_OPTED_IN",
    "SMS_UNAVAILABLE",
    "SPANISH_ENGLISH_MENU",
    "SPANISH_GOODBYE",
    "SPANISH_NOTE",
    "STREAM_ASK_AGAIN",
    "STREAM_LONG_GOODBYE",
    "STREAM_LONG_GOODBYE_SAVED",
    "STREAM_LOST",
    "STREAM_MOVING",
    "STREAM_SAVED",
    "STREAM_SILENT_GOODBYE",
    "STREAM_SILENT_GOODBYE_SAVED",
    "STREAM_STILL_THERE",
    "VOICE_GOODBYE_AFTER_FAILURES",
    "VOICE_HOLD_ON",
    "VOICE_NOISE",
    "VOICE_REPEAT",
    "VOICE_STALE_GOODBYE",
    "confirmation_sms",
]

MENU_PROMPT = (
    "Hi, thanks for calling MasseurMatch! We're launching soon. "
    "To join the early-access waitlist, press 1 or say waitlist."
)
MENU_REPROMPT = "Sorry, I didn't get that. To join the early-access waitlist, press 1 or say waitlist."
MENU_GOODBYE = "No problem. Thanks for calling MasseurMatch. Goodbye!"
MENU_SPANISH = "Para español, oprima nueve."
"""Said after the menu, in Spanish with a Spanish voice: the recogniser listens in English, so a Spanish
speaker would otherwise hear only English and not be understood."""
SPANISH_NOTE = (
    "Gracias por llamar a MasseurMatch. Lo siento, por ahora solo puedo ayudarle en inglés. También puede "
    "apuntarse en la web de MasseurMatch, o escribirnos un mensaje de texto a este número."
)
"""Said, in Spanish, to a caller who pressed 9; the English menu follows, then a goodbye in Spanish."""
SPANISH_ENGLISH_MENU = "To continue in English and join the early-access waitlist, press 1 or say waitlist."
SPANISH_GOODBYE = "Gracias por llamar a MasseurMatch. Adiós."

VOICE_HOLD_ON = "Sorry, I'm having a little trouble on my end. One moment please."
VOICE_REPEAT = "Sorry, I'm having a little trouble on my end. Could you say that again?"
STREAM_LOST = "Sorry, I lost you for a second there."
"""Said when a streaming call (realtime, relay) falls back to the webhook flow mid-call."""
STREAM_MOVING = "Please hold on a moment while I move this call over."
"""A streaming call's last words on a server shutting down: the call goes on by Gather (`STREAM_LOST` first)."""
STREAM_ASK_AGAIN = "Could you say that again?"
"""…followed by this when the caller's last words were stored but never answered."""
STREAM_SAVED = "Your details are saved."
"""…said instead of nothing when the conversation behind a lost stream had already saved its entry."""
STREAM_STILL_THERE = (
    'The caller has said nothing since you last spoke. Say "Are you still there?" and then ask your '
    "last question again, briefly, in the caller's language. Call no tool."
)
"""What the Realtime model is told to do after a silence (the `gather` line's re-ask, in its own voice)."""
STREAM_SILENT_GOODBYE = (
    "I can't seem to hear you, so I'll end the call here. Feel free to call back anytime. Goodbye!"
)
"""Said after the caller stayed silent twice, with nothing saved: the offline brain's words on `<Gather>`."""
STREAM_SILENT_GOODBYE_SAVED = (
    "I can't seem to hear you, so I'll end the call here. Your details are saved. Thanks, and goodbye!"
)
"""…and when their entry was already saved."""
STREAM_LONG_GOODBYE = (
    "We've been at this for a while, so I'll stop here for now. Your details weren't saved, but you're "
    "welcome to call back anytime to join the waitlist. Goodbye!"
)
"""Said when a Realtime call reaches `MAX_TURNS` of the caller's, nothing saved: the agent's words."""
STREAM_LONG_GOODBYE_SAVED = (
    "We've been at this for a while, so I'll stop here for now. Your signup is saved as you confirmed it. "
    "Goodbye!"
)
"""…and when their entry was already saved."""
VOICE_NOISE = "Sorry, I didn't quite catch that."
"""Said, before Knotty's last words again, when the recogniser heard sound but no words (line noise):
the offline brain's own words for an answer it did not understand."""
VOICE_STALE_GOODBYE = "Thanks for calling MasseurMatch. Please call again to join the waitlist. Goodbye!"
"""A call's webhook whose signed URL is too old to be a live call's (`channels.voice_call.URL_LIFETIME_S`)."""
VOICE_GOODBYE_AFTER_FAILURES = (
    "I'm sorry, I can't take your details right now. Please call back a little later. Goodbye!"
)

SMS_HELP = (
    "MasseurMatch: text us to join the early-access waitlist. "
    "Reply STOP to opt out, START to opt back in. Msg & data rates may apply."
)
SMS_OPTED_IN = "MasseurMatch: you're opted back in. Text us anytime to join the early-access waitlist."
SMS_EMPTY = "Your message came through empty. Could you type it again?"
SMS_MEDIA_ONLY = "Thanks! I can only read text, though. Could you type your answer?"
SMS_UNAVAILABLE = "Sorry, I'm having trouble on my end right now. Please text again in a few minutes."


_DOMAIN_LIKE = re.compile(r"[.\u3002\uff0e\uff61][^\W\d_]{2}")
"""A dot then two letters ('login.com'): phones make a link of it. Initials ('J.R.') have one letter."""


def confirmation_sms(full_name: str) -> str:
    """The confirmation text sent once a person accepted it (plain GSM characters: one or two segments).

    It greets by first name, unless that 'name' reads as a web address: the text may go to a number a
    stranger typed, and must carry no link of theirs from Knotty's number.
    """
    first = full_name.split(maxsplit=1)[0] if full_name.split() else ""
    greeting = f"Hi {first}! " if first and not _DOMAIN_LIKE.search(first) else ""
    return (
        f"{greeting}You're on the MasseurMatch early-access waitlist! "
        "We'll be in touch as soon as we launch. Reply STOP to opt out."
    )
