"""Two-way texting through the simulated Twilio: whole signups, keywords, odd messages, retries, outages."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from channels.sms_text import MAX_SMS_CHARS
from knotty.store.models import Conversation
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Texter

BEN = Person("Ben Okafor", "Ben.Okafor@Example.com", "ben dot okafor at example dot com", "client")


async def text_until_done(
    world: TwilioWorld, phone: Texter, person: Person, opening: str = "Hi! I'd like to join the waitlist"
) -> list[str]:
    """Text Knotty until the conversation is over; every reply."""
    replies = await phone.send(opening)
    for _ in range(15):
        assert len(replies) == 1, replies
        conv = await world.store.latest_conversation("sms", phone.number)
        if conv is not None and conv.status != "active":
            return phone.replies
        replies = await phone.send(person.answer(replies[0], spoken=False))
    raise AssertionError(f"the conversation did not end: {phone.replies}")


async def conversations(world: TwilioWorld, sender: str) -> list[Conversation]:
    async with world.store._session() as s:
        rows = await s.exec(
            select(Conversation).where(Conversation.channel == "sms", Conversation.external_id == sender)
        )
        return sorted(rows.all(), key=lambda c: c.created_at)


async def test_a_whole_text_conversation_signs_up_the_sender(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter("+14155550142")
    replies = await text_until_done(twilio, phone, BEN)
    assert all(0 < len(r) <= MAX_SMS_CHARS for r in replies)
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
        "Ben Okafor", "+14155550142", "ben.okafor@example.com", "client", "sms",
    )  # fmt: skip
    [conv] = await conversations(twilio, phone.number)
    assert conv.status == "completed"
    await twilio.settle()
    [text] = twilio.rest.messages_to("+14155550142")
    assert "waitlist" in text.body
    assert entry.id is not None
    saved = await twilio.store.get_entry(entry.id)
    assert saved is not None and saved.confirmation_sms_status == "sent"


async def test_thanks_does_not_reopen_but_asking_again_does(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await text_until_done(twilio, phone, BEN)
    [thanks_reply] = await phone.send("thanks!")
    assert "?" not in thanks_reply
    assert len(await conversations(twilio, phone.number)) == 1
    [again] = await phone.send("Hi, I'd like to sign up my friend")
    assert "?" in again
    convs = await conversations(twilio, phone.number)
    assert [c.status for c in convs] == ["completed", "active"]


async def test_stop_silences_the_number_start_reopens_it_help_explains(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await phone.send("hello")
    assert await phone.send("Stop") == []
    assert await twilio.store.is_opted_out(phone.number)
    assert await phone.send("hello?") == []  # an opted-out number gets nothing more
    [help_text] = await phone.send("HELP")
    assert "STOP" in help_text and len(help_text) <= 160
    [back] = await phone.send("START")
    assert "opted back in" in back
    assert not await twilio.store.is_opted_out(phone.number)
    [reply] = await phone.send("hi")
    assert "?" in reply


async def test_yes_is_an_answer_unless_the_number_opted_out(twilio: TwilioWorld) -> None:
    talking = twilio.sim.texter()
    await talking.send("hi")
    [reply] = await talking.send("yes")
    assert "opted" not in reply
    quiet = twilio.sim.texter()
    assert await quiet.send("UNSUBSCRIBE") == []
    [back] = await quiet.send("yes")
    assert "opted back in" in back and not await twilio.store.is_opted_out(quiet.number)


async def test_an_opted_out_number_gets_no_confirmation_text(twilio: TwilioWorld) -> None:
    caller = "+14155550166"
    assert await twilio.sim.texter(caller).send("STOP") == []
    call = await twilio.sim.call(caller)
    await call.press("1")
    for _ in range(12):
        if call.ended:
            break
        await call.say(BEN.answer(call.last_heard, spoken=True))
    [entry] = await twilio.store.list_entries()
    await twilio.settle()
    assert twilio.rest.messages == []
    assert entry.confirmation_sms_status is None, "no text was requested"
    assert not any("text" in line.lower() for line in call.heard), "so none was offered or promised"


async def test_twilio_answered_keywords_get_no_second_reply(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    assert await phone.send("HELP", OptOutType="HELP") == []


async def test_empty_and_picture_only_messages_get_a_polite_answer(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    [empty] = await phone.send("   ")
    [picture] = await phone.send(
        "", media=["https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"]
    )
    assert empty and picture and empty != picture
    assert await conversations(twilio, phone.number) == []


async def test_a_retried_text_gets_the_same_reply_and_advances_once(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await phone.send("hi")
    [first] = await phone.send("Ben Okafor")
    assert await phone.retry_last() == [first]
    assert phone.last is not None  # the same MessageSid under a fresh idempotency token
    fresh = twilio.sim.webhook(phone.last.url, phone.last.params)
    response = await twilio.sim.send(fresh)
    assert [m.text for m in ET.fromstring(response.text).iter("Message")] == [first]
    [conv] = await conversations(twilio, phone.number)
    lines = [m.content for m in await twilio.store.history(conv.id) if m.role == "user"]
    assert lines == ["hi", "Ben Okafor"]


async def test_a_copied_idempotency_token_does_not_fetch_another_messages_answer(twilio: TwilioWorld) -> None:
    """The token is an unsigned header: a different signed message carrying it is a message of its own."""
    victim = twilio.sim.texter()
    [_reply] = await victim.send("hi")
    assert victim.last is not None
    token = victim.last.headers["I-Twilio-Idempotency-Token"]
    attacker = twilio.sim.texter()
    sid = "SM" + "5" * 32
    params = {
        **victim.last.params,
        "From": attacker.number,
        **dict.fromkeys(("MessageSid", "SmsSid", "SmsMessageSid"), sid),
        "Body": "what did you say?",
    }
    response = await twilio.sim.send(twilio.sim.webhook(victim.last.url, params, token=token))
    assert response.status_code == 200
    assert len(await conversations(twilio, attacker.number)) == 1, "answered as the attacker's own message"
    [conv] = await conversations(twilio, victim.number)
    assert [m.content for m in await twilio.store.history(conv.id) if m.role == "user"] == ["hi"]


async def test_a_retried_last_text_sends_one_confirmation(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await text_until_done(twilio, phone, BEN)
    await phone.retry_last()
    await twilio.settle()
    assert len(twilio.rest.messages) == 1


async def test_a_database_outage_gets_an_apology(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], caplog: pytest.LogCaptureFixture
) -> None:
    async with twilio_world("postgresql+asyncpg://nobody@127.0.0.1:1/none", tmp_path, fake_rest) as world:
        logging.getLogger("knotty").addHandler(caplog.handler)  # the app's logger does not propagate
        try:
            [reply] = await world.sim.texter().send("hi")
        finally:
            logging.getLogger("knotty").removeHandler(caplog.handler)
        assert "trouble" in reply
    [failed] = [r for r in caplog.records if getattr(r, "fields", {}).get("event") == "sms_failed"]
    assert failed.exc_info and failed.exc_info[0] is not None, "the operator's log says what failed"


async def test_a_replayed_start_does_not_undo_a_later_stop(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await phone.send("STOP")
    await phone.send("START")
    start = phone.last
    await phone.send("STOP")
    assert start is not None and await twilio.store.is_opted_out(phone.number)
    await twilio.sim.send(start)  # the old START, signature and all, sent again
    assert await twilio.store.is_opted_out(phone.number), "the number's last word was STOP"


async def test_opt_out_keys_outlive_the_idempotency_pruning(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await phone.send("START")
    start = phone.last
    await phone.send("STOP")
    await twilio.store.prune_processed(before=datetime.now(UTC) + timedelta(days=1))
    assert start is not None
    await twilio.sim.send(start)
    assert await twilio.store.is_opted_out(phone.number)


async def test_a_returning_texter_is_told_the_number_is_listed_and_an_update_changes_that_entry(
    twilio: TwilioWorld,
) -> None:
    """Issue 11: the sender's verified number is already on the list; nothing stored is read out."""
    phone = twilio.sim.texter("+14155550142")
    await text_until_done(twilio, phone, BEN)
    [first] = await twilio.store.list_entries()
    [reply] = await phone.send("Hello, I'd like to update my signup")
    assert "already on our waitlist" in reply and "?" in reply
    for stored in ("Ben", "Okafor", "example.com", "client", "0142"):
        assert stored not in reply
    [reply] = await phone.send("yes, my email changed")
    newer = Person("Ben Okafor", "ben@okafor.example", "", "client", wants_text=False)
    for _ in range(8):
        if (
            "name" not in reply.lower()
            and "email" not in reply.lower()
            and "number" not in reply.lower()
            and "therapist" not in reply.lower()
            and "correct" not in reply.lower()
        ):
            break
        [reply] = await phone.send(newer.answer(reply, spoken=False))
    [entry] = await twilio.store.list_entries()  # the same entry, changed; no second one
    assert entry.id == first.id and entry.email == "ben@okafor.example" and entry.review_reason is None
    assert "updated" in " ".join(phone.replies[-3:]).lower()


async def test_a_returning_texter_asking_to_be_removed_is_told_nothing_was_removed(
    twilio: TwilioWorld,
) -> None:
    """ "Please remove me" to "already on our waitlist, change anything?" was read as yes ("Great! ...")."""
    phone = twilio.sim.texter("+14155550142")
    await text_until_done(twilio, phone, BEN)
    [before] = await twilio.store.list_entries()
    [reply] = await phone.send("Hi, it's Ben again")
    assert "already on our waitlist" in reply
    [reply] = await phone.send("please remove me from the waitlist")
    assert "not able to remove" in reply and "nothing has been changed" in reply
    [after] = await twilio.store.list_entries()
    assert (after.id, after.full_name, after.email) == (before.id, before.full_name, before.email)
    convs = await conversations(twilio, phone.number)
    assert convs[-1].status != "active"


async def test_a_returning_texter_who_wants_no_change_is_let_go(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter("+14155550142")
    await text_until_done(twilio, phone, BEN)
    [reply] = await phone.send("Hi there, I'd like to join")
    assert "already on our waitlist" in reply
    [reply] = await phone.send("no, all good")
    assert "stays as it is" in reply and "?" not in reply, (
        reply
    )  # never "all set": it may be a family member's
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.email) == ("Ben Okafor", "ben.okafor@example.com")
    convs = await conversations(twilio, phone.number)
    assert convs[-1].status != "active"
