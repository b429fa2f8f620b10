"""Issue 11, through the real Twilio routes: the keypad for a number from abroad, a refused read-back asked
again another way, and names that trip readers (two given names, "Emil") on a call and by text."""

from __future__ import annotations

from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call


async def _start(twilio: TwilioWorld, caller: str) -> Call:
    call = await twilio.sim.call(caller)
    await call.press("1")
    assert "name" in call.last_heard.lower()
    return call


async def test_a_national_number_from_abroad_typed_on_the_keypad_is_told_how_to_add_the_country_code(
    twilio: TwilioWorld,
) -> None:
    call = await _start(twilio, "+447400123456")
    await call.say("ana lima")
    await call.press("07400123456#")  # the way it is dialled inside the UK
    heard = call.last_heard.lower()
    assert "country code" in heard and "+44" in heard  # the hint the spoken path gets too
    assert "keypad" in heard and "0 0" in heard  # and how to type one: a keypad has no "+"
    await call.press("00447400123456#")
    assert "email" in call.last_heard.lower()
    for said in ("ana dot lima at gmail dot com", "client"):
        await call.say(said)
    assert "plus four four" in call.last_heard.lower()
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.phone == "+447400123456"


async def test_a_country_code_typed_without_a_plus_is_taken(twilio: TwilioWorld) -> None:
    call = await _start(twilio, "+447400123457")
    await call.say("ana lima")
    await call.say("mumble mumble")
    assert "keypad" in call.last_heard.lower()
    await call.press("447400123457#")
    assert "email" in call.last_heard.lower() and "sorry" not in call.last_heard.lower()


async def test_a_phone_number_said_wrong_at_the_read_back_is_asked_again_the_next_way_not_given_up(
    twilio: TwilioWorld,
) -> None:
    call = await _start(twilio, "+14155550190")
    for said in (
        "ana lima",
        "four one five, five five five, zero one nine one",
        "ana dot lima at gmail dot com",
    ):
        await call.say(said)
    await call.say("client")
    asked: list[str] = []
    for _ in range(3):  # the line keeps getting the number wrong, and the caller keeps saying so
        if "same as before" in call.last_heard.lower():  # the same wrong number heard again, asked alone
            await call.say("no")
        else:
            assert "all correct" in call.last_heard.lower() or "right?" in call.last_heard.lower()
            await call.say("no, the phone number is wrong")
        if "text" in call.last_heard.lower():
            await call.say("no thanks")  # finishing by text is another way out; this caller stays on
        assert not call.ended and "phone" in call.last_heard.lower()
        asked.append(call.last_heard)
        if "keypad" in call.last_heard.lower() and "type it on" in call.last_heard.lower():
            break
        await call.say("four one five, five five five, zero one nine two")
    assert len(set(asked)) == len(asked)  # each time another way: never the same question twice
    assert "slowly" in asked[-2].lower() and "keypad" in asked[-1].lower()
    await call.press("4155550190#")
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.phone == "+14155550190"


async def test_two_given_names_are_completed_with_the_last_name_on_a_call(twilio: TwilioWorld) -> None:
    call = await _start(twilio, "+14155550191")
    await call.say("luis miguel")
    assert "last name" in call.last_heard.lower()
    for said in ("garcia", "this number", "luis at gmail dot com", "client"):
        await call.say(said)
    assert "Luis Miguel Garcia" in call.last_heard
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == "Luis Miguel Garcia"


async def test_emil_is_a_name_on_a_call(twilio: TwilioWorld) -> None:
    call = await _start(twilio, "+14155550192")
    await call.say("my name is emil")
    assert "emil" in call.last_heard.lower() and "last name" in call.last_heard.lower()
    for said in ("novak", "this number", "e m i l at gmail dot com", "therapist"):
        await call.say(said)
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.email) == ("Emil Novak", "emil@gmail.com")


async def test_two_given_names_and_emil_are_names_by_text(twilio: TwilioWorld) -> None:
    for number, first, last, email, full in (
        ("+14155550193", "Luis Miguel", "García", "luis@gmail.com", "Luis Miguel García"),
        ("+14155550194", "Emil", "Novak", "emil@gmail.com", "Emil Novak"),
    ):
        texter = twilio.sim.texter(number)
        await texter.send("hi")
        [reply] = await texter.send(first)
        assert "last name" in reply.lower()
        for said in (last, "this number", email, "client"):
            [reply] = await texter.send(said)
        assert f"name {full};" in reply
        await texter.send("yes")
    names = {e.full_name for e in await twilio.store.list_entries()}
    assert names == {"Luis Miguel García", "Emil Novak"}
