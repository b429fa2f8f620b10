"""The call's TwiML, written as strings, is byte for byte what the twilio library's `VoiceResponse`
writes, whatever the caller said or the brain replied (quotes, markup, ampersands, line breaks,
other scripts); and it stays well-formed XML that says exactly the text it was given."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from twilio.twiml.voice_response import Gather, VoiceResponse

from channels import voice_twiml as tw
from channels.voice_questions import Listening, listening_for
from knotty import Settings
from tests.conftest import make_settings

HOSTILE = [
    "What's your name?",
    "",
    'Say "yes" & <b>mean</b> it > 2',
    "]]><Hangup/><Say>",
    "line one\nline two\r\n\ttabbed",
    "Zoë Ñúñez 李雷 👋 — “curly” ‘quotes’",
    "&amp; already &lt;escaped&gt;",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'boom'>]>&e;",
]
URLS = [
    "https://knotty.example.com/twilio/voice/turn?n=2",
    "https://knotty.example.com/twilio/voice/turn?n=3&ask=email&said=a%22b%3C%3E%26c",
    'https://knotty.example.com/twilio/voice/turn?n=4&said=he said "hi" & <left>\n\t\r',
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings("sqlite+aiosqlite:///unused", tmp_path, PUBLIC_BASE_URL="https://knotty.example.com")


def _library_gather_speech(settings: Settings, text: str, action: str, how: Listening) -> str:
    response = VoiceResponse()
    gather = Gather(
        input=how.input,
        action=action,
        method="POST",
        timeout=how.wait_s,
        speech_timeout=how.speech_timeout_s,
        speech_model=settings.twilio_speech_model,
        language=tw.LANGUAGE,
        hints=how.hints,
        profanity_filter="false",
        num_digits=how.num_digits,
        finish_on_key=how.finish_on_key,
        barge_in=None if how.barge_in else False,
    )
    gather.say(text, voice=settings.twilio_voice)
    response.append(gather)
    response.redirect(action, method="POST")
    return str(response.to_xml())


def _library_gather_menu(
    settings: Settings, prompt: str, action: str, spanish: str = "", spanish_first: bool = False
) -> str:
    response = VoiceResponse()
    gather = Gather(
        input="dtmf speech",
        action=action,
        method="POST",
        num_digits=1,
        timeout=tw.WAIT_FOR_SPEECH_S,
        speech_timeout=2,
        speech_model=settings.twilio_speech_model,
        language=tw.LANGUAGE,
        hints=tw.MENU_HINTS,
    )
    if spanish and spanish_first:
        gather.say(spanish, voice=settings.twilio_voice_es, language=tw.SPANISH)
    gather.say(prompt, voice=settings.twilio_voice)
    if spanish and not spanish_first:
        gather.say(spanish, voice=settings.twilio_voice_es, language=tw.SPANISH)
    response.append(gather)
    response.redirect(action, method="POST")
    return str(response.to_xml())


def _library_say_and_hang_up(settings: Settings, text: str, spanish: bool = False) -> str:
    response = VoiceResponse()
    if text and spanish:
        response.say(text, voice=settings.twilio_voice_es, language=tw.SPANISH)
    elif text:
        response.say(text, voice=settings.twilio_voice)
    response.hangup()
    return str(response.to_xml())


def _library_pause_and_redirect(settings: Settings, text: str, action: str, pause_s: int) -> str:
    response = VoiceResponse()
    response.say(text, voice=settings.twilio_voice)
    response.pause(length=pause_s)
    response.redirect(action, method="POST")
    return str(response.to_xml())


@pytest.mark.parametrize("asking", ["", "name", "email", "phone", "role", "confirm", "sms"])
def test_every_gather_is_what_the_library_writes(settings: Settings, asking: str) -> None:
    how = listening_for(asking)
    for text in HOSTILE:
        for url in URLS:
            assert tw.gather_speech(settings, text, url, how) == _library_gather_speech(
                settings, text, url, how
            )


def test_the_menu_the_goodbye_the_hold_and_the_empty_answer_are_what_the_library_writes(
    settings: Settings,
) -> None:
    for text in HOSTILE:
        for url in URLS:
            assert tw.gather_menu(settings, text, url) == _library_gather_menu(settings, text, url)
            for first in (False, True):
                assert tw.gather_menu(
                    settings, text, url, spanish=text, spanish_first=first
                ) == _library_gather_menu(settings, text, url, text, first)
            assert tw.pause_and_redirect(settings, text, url, 3) == _library_pause_and_redirect(
                settings, text, url, 3
            )
        assert tw.say_and_hang_up(settings, text) == _library_say_and_hang_up(settings, text)
        assert tw.say_and_hang_up(settings, text, spanish=True) == _library_say_and_hang_up(
            settings, text, True
        )
    assert tw.empty() == str(VoiceResponse().to_xml())


def _as_parsed(text: str) -> str:
    """Text as an XML parser reads it back: line ends normalised to `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_hostile_text_stays_text(settings: Settings) -> None:
    for text in HOSTILE:
        for url in URLS:
            document = ET.fromstring(tw.gather_speech(settings, text, url, listening_for("email")))
            [gather] = document.iter("Gather")
            [say] = gather.iter("Say")
            [redirect] = document.iter("Redirect")
            assert (say.text or "") == _as_parsed(text)
            assert gather.get("action") == url, "attributes keep even their line breaks"
            assert redirect.text == _as_parsed(url)
            assert [verb.tag for verb in document] == ["Gather", "Redirect"], "no verb smuggled in"


def _library_gather_read_back(
    settings: Settings, body: str, question: str, action: str, over: str, tail: str = ""
) -> str:
    how = listening_for("confirm")
    response = VoiceResponse()
    details = Gather(
        input="speech",
        action=over,
        method="POST",
        timeout=tw.READ_BACK_GAP_S,
        speech_timeout=how.speech_timeout_s,
        speech_model=settings.twilio_speech_model,
        language=tw.LANGUAGE,
        hints=how.hints,
        profanity_filter="false",
    )
    details.say(body, voice=settings.twilio_voice)
    response.append(details)
    if tail:
        response.say(tail, voice=settings.twilio_voice)
    asked = Gather(
        input=how.input,
        action=action,
        method="POST",
        timeout=how.wait_s,
        speech_timeout=how.speech_timeout_s,
        speech_model=settings.twilio_speech_model,
        language=tw.LANGUAGE,
        hints=how.hints,
        profanity_filter="false",
        num_digits=how.num_digits,
        finish_on_key=how.finish_on_key,
    )
    asked.say(question, voice=settings.twilio_voice)
    response.append(asked)
    response.redirect(action, method="POST")
    return str(response.to_xml())


def test_the_read_back_and_its_question_are_what_the_library_writes(settings: Settings) -> None:
    """The details in a Gather of their own (words said over them go to `over`), their last sentence in a
    plain `<Say>` (the question's Gather hears what is said the moment it ends), then the question's."""
    question = "Is that all correct?"
    tail = "And you're joining as a client."
    for text in [t for t in HOSTILE if t.strip()]:
        body = f"Here's what I have. Your name is {text}."
        for url in URLS:
            over = f"{url}&over=1"
            said = f"{body} {tail} {question}"
            written = tw.gather_read_back(settings, said, url, over, listening_for("confirm"))
            assert written == _library_gather_read_back(settings, body, question, url, over, tail)
    # No question of its own: the details all the same, then one asked. Nothing relies on bargeIn="false"
    # (Twilio's reference does not say it drops words said over a prompt).
    plain = tw.gather_read_back(settings, "Please say yes.", URLS[0], URLS[1], listening_for("confirm"))
    assert plain == _library_gather_read_back(
        settings, "Please say yes.", tw.READ_BACK_QUESTION, URLS[0], URLS[1]
    )
    assert "bargeIn" not in plain


def _gathers(document: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each `<Gather>`'s action and what it says: (language, text) of its `<Say>`s."""
    return [
        (str(g.get("action")), [(say.get("language", "en-US"), say.text or "") for say in g.iter("Say")])
        for g in ET.fromstring(document).iter("Gather")
    ]


def test_a_read_back_in_one_sentence_or_in_two_languages_keeps_its_question_apart(settings: Settings) -> None:
    """Read-backs that had gone out as one `<Gather bargeIn="false">` (relying on Twilio to drop a yes said
    over them): one sentence ending in its question, and one after the Spanish note (runs of two languages)."""
    over, action = URLS[1], URLS[0]
    how = listening_for("confirm")
    one = "So that's Ana Lima, this number, ana@example.com, and a therapist, is that right?"
    written_one = tw.gather_read_back(settings, one, action, over, how)
    assert _gathers(written_one) == [
        (over, [("en-US", "So that's Ana Lima, this number, ana@example.com,")]),
        (action, [("en-US", "is that right?")]),
    ]
    assert [say.text for say in ET.fromstring(written_one).findall("Say")] == ["and a therapist,"]
    spanish = "Lo siento, solo puedo ayudarle en inglés."
    read_back = "I have Ana Lima, this number, ana@example.com. Is that all correct?"
    parts = (("es", spanish), ("en", read_back))
    written = tw.gather_read_back(settings, f"{spanish} {read_back}", action, over, how, parts)
    assert "bargeIn" not in written
    assert _gathers(written) == [
        (over, [(tw.SPANISH, spanish), ("en-US", "I have Ana Lima, this number,")]),  # then the address
        (action, [("en-US", "Is that all correct?")]),
    ]
    ends_in_spanish = (("en", "I have Ana Lima, this number, ana@example.com."), ("es", spanish))
    assert _gathers(tw.gather_read_back(settings, "", action, over, how, ends_in_spanish))[-1] == (
        action, [("en-US", tw.READ_BACK_QUESTION)],
    )  # fmt: skip
