"""The TwiML documents of a gathered phone call, built with the twilio library's `VoiceResponse`.

Every document that waits for the caller ends with a `<Redirect>`: Twilio continues to the verb
after a `<Gather>` that heard nothing, and a document that simply ends hangs up on the caller.
Callback URLs are absolute public URLs, so Twilio signs exactly what the app checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio.twiml.voice_response import Gather, VoiceResponse

from channels.voice_questions import Listening

if TYPE_CHECKING:
    from knotty import Settings

__all__ = [
    "LANGUAGE",
    "empty",
    "gather_menu",
    "gather_speech",
    "pause_and_redirect",
    "say_and_hang_up",
]

LANGUAGE = "en-US"
WAIT_FOR_SPEECH_S = 6
"""Seconds Twilio waits for the caller to start speaking at the menu before the Gather falls through."""
MENU_HINTS = "waitlist, wait list, join, join the waitlist, sign up, early access"


def _xml(response: VoiceResponse) -> str:
    return str(response.to_xml())


def gather_menu(settings: Settings, prompt: str, action: str) -> str:
    """The call's menu: keypad or speech, falling through to `action` itself when nothing is heard."""
    response = VoiceResponse()
    gather = Gather(
        input="dtmf speech",
        action=action,
        method="POST",
        num_digits=1,
        timeout=WAIT_FOR_SPEECH_S,
        speech_timeout=2,
        speech_model=settings.twilio_speech_model,
        language=LANGUAGE,
        hints=MENU_HINTS,
    )
    gather.say(prompt, voice=settings.twilio_voice)
    response.append(gather)
    response.redirect(action, method="POST")
    return _xml(response)


def gather_speech(settings: Settings, text: str, action: str, listening: Listening | None = None) -> str:
    """Say the agent's reply and listen for the answer as `listening` says; silence posts to the same `action`."""
    how = listening or Listening()
    response = VoiceResponse()
    gather = Gather(
        input=how.input,
        action=action,
        method="POST",
        timeout=how.wait_s,
        speech_timeout=how.speech_timeout_s,
        speech_model=settings.twilio_speech_model,
        language=LANGUAGE,
        hints=how.hints,
        profanity_filter="false",
        num_digits=how.num_digits,
        finish_on_key=how.finish_on_key,
    )
    gather.say(text, voice=settings.twilio_voice)
    response.append(gather)
    response.redirect(action, method="POST")
    return _xml(response)


def say_and_hang_up(settings: Settings, text: str) -> str:
    """The last words of a call."""
    response = VoiceResponse()
    if text:
        response.say(text, voice=settings.twilio_voice)
    response.hangup()
    return _xml(response)


def pause_and_redirect(settings: Settings, text: str, action: str, pause_s: int = 1) -> str:
    """Apologise, wait a moment, and try `action` again."""
    response = VoiceResponse()
    response.say(text, voice=settings.twilio_voice)
    response.pause(length=pause_s)
    response.redirect(action, method="POST")
    return _xml(response)


def empty() -> str:
    """A document with nothing to do (answers to status callbacks)."""
    return _xml(VoiceResponse())
