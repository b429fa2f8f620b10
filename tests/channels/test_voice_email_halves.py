"""Issue 11, through the real Twilio routes: an address said in two halves ("the first part is jane dot
doe" ... "at gmail dot com"), or cut in two by the line, is put together, read back whole, and never
saved half."""

from __future__ import annotations

from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call


async def _at_the_email_question(twilio: TwilioWorld, caller: str) -> Call:
    call = await twilio.sim.call(caller)
    await call.press("1")
    for said in ("jane doe", "this number"):
        await call.say(said)
    assert "email" in call.last_heard.lower()
    return call


async def _finish_as_jane_doe_therapist(call: Call) -> None:
    """Answer what is asked until the read-back is confirmed. An address naming another surname (info@
    healingbymoulin., hello@bodyworkbybrito.) gets "Could I have your last name too?": it is "doe" (the
    role said there had been saved as the surname, "Jane Doe Therapist")."""
    for _ in range(4):
        heard = call.last_heard.lower()
        if "last name" in heard:
            await call.say("doe")
        elif "therapist" in heard:
            await call.say("therapist")
        else:
            await call.say("yes")
            return


async def test_an_address_said_in_two_halves_after_a_miss_is_put_together_and_read_back_whole(
    twilio: TwilioWorld,
) -> None:
    call = await _at_the_email_question(twilio, "+14155550171")
    await call.say("jane dot doe at gnail")  # the line garbles it: no address
    await call.say("the first part is jane dot doe")
    heard = call.last_heard.lower()
    assert "j a n e, dot, d o e" in heard and "after the at" in heard  # the half, kept, and the rest asked
    assert await twilio.store.list_entries() == []
    await call.say("at gmail dot com")
    heard = call.last_heard.lower()
    assert "j a n e, dot, d o e, at gmail dot com" in heard  # the whole address, read back at once
    assert "therapist" in heard and "client" in heard  # and on to the role
    await call.say("client")
    assert "j a n e, dot, d o e, at gmail dot com" in call.last_heard.lower()
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.email == "jane.doe@gmail.com"


async def test_an_address_the_line_cut_in_two_is_joined_not_missed(twilio: TwilioWorld) -> None:
    call = await _at_the_email_question(twilio, "+14155550172")
    await call.say("j a n e underscore d o e four two at")  # the recogniser stopped at the pause
    assert "sorry" not in call.last_heard.lower()
    await call.say("yahoo dot com")
    assert "j a n e, underscore, d o e four two, at yahoo dot com" in call.last_heard.lower()
    for said in ("therapist", "yes"):
        await call.say(said)
    [entry] = await twilio.store.list_entries()
    assert entry.email == "jane_doe42@yahoo.com"


async def test_half_an_address_is_never_saved_when_the_caller_leaves(twilio: TwilioWorld) -> None:
    call = await _at_the_email_question(twilio, "+14155550173")
    await call.say("the first part is jane dot doe")
    await call.say("sorry, I have to go, bye")
    assert call.ended
    assert await twilio.store.list_entries() == []


async def test_a_whole_address_said_after_a_half_replaces_it(twilio: TwilioWorld) -> None:
    call = await _at_the_email_question(twilio, "+14155550174")
    await call.say("the first part is jane dot doe")
    await call.say("actually it's jd at outlook dot com")
    assert "therapist" in call.last_heard.lower()
    await call.say("client")
    heard = call.last_heard.lower()
    assert "j d, at outlook dot com" in heard and "j a n e" not in heard
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.email == "jd@outlook.com"


async def test_an_address_misheard_every_way_is_asked_in_two_spelled_parts_before_giving_up(
    twilio: TwilioWorld,
) -> None:
    call = await _at_the_email_question(twilio, "+14155550175")
    await call.say("hello at bohoker relax dot com")  # "booker", as the line hears it every time
    await call.say("client")
    asked: list[str] = []
    for _ in range(12):
        heard = call.last_heard.lower()
        if "two parts" in heard or call.ended:
            break
        if "text you" in heard:
            await call.say("no thanks")  # this caller stays on the line
            continue
        if "same as before" in heard:  # the same wrong address heard again, asked about alone
            await call.say("no")
            continue
        if "all correct" in heard or "right?" in heard:
            await call.say("no, the email is wrong")
            continue
        asked.append(heard)
        await call.say("hello at bohoker relax dot com")
    assert len(set(asked)) == len(asked)  # each time another way: never the same question twice
    assert "two parts" in call.last_heard.lower() and "before the at" in call.last_heard.lower()
    assert not call.ended and await twilio.store.list_entries() == []
    await call.say("h e l l o")
    assert "after the at" in call.last_heard.lower()
    await call.say("at b o o k e r r e l a x dot c o m")
    assert "h e l l o, at b o o k e r r e l a x dot com" in call.last_heard.lower()
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.email == "hello@bookerrelax.com"


async def test_an_address_whose_at_the_line_lost_is_asked_for_in_its_two_parts(twilio: TwilioWorld) -> None:
    call = await _at_the_email_question(twilio, "+14155550176")
    await call.say("i n f oh h e a l i n g b y m o u l eye n.m a s s a g e")  # where does the domain start?
    heard = call.last_heard.lower()
    assert "before the at" in heard and "sorry, i didn't catch that email" not in heard
    await call.say("i n f o")
    assert "after the at" in call.last_heard.lower()
    await call.say("h e a l i n g b y m o u l i n dot massage")  # its "at" lost again: the part asked for
    assert "i n f o, at h e a l i n g b y m o u l i n dot massage" in call.last_heard.lower()
    await _finish_as_jane_doe_therapist(call)
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.email) == ("Jane Doe", "info@healingbymoulin.massage")


async def test_a_number_typed_wrong_on_the_last_way_is_asked_that_way_once_more_not_given_up(
    twilio: TwilioWorld,
) -> None:
    call = await twilio.sim.call("+14155550177")
    await call.press("1")
    await call.say("jane doe")
    for _ in range(8):  # the line garbles every way of saying it, until the keypad is asked for
        heard = call.last_heard.lower()
        if "type it on your phone's keypad" in heard:
            break
        await call.say("no thanks" if "text you" in heard else "mumble mumble")
    assert "type it on your phone's keypad" in call.last_heard.lower()
    await call.press("4155550178#")  # a slip of the finger
    for said in ("jane dot doe at gmail dot com", "client"):
        await call.say(said)
    assert "zero one seven eight" in call.last_heard.lower()
    await call.say("no, the phone number is wrong")
    if "text" in call.last_heard.lower():  # every way was tried: the offer to text comes first
        await call.say("no thanks")
    heard = call.last_heard.lower()
    assert not call.ended and "keypad" in heard  # the last way once more, not "call us back later"
    await call.press("4155550177#")
    assert "zero one seven seven" in call.last_heard.lower()
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.phone == "+14155550177"


async def test_the_first_half_said_again_gets_the_second_half_asked_again_not_a_miss(
    twilio: TwilioWorld,
) -> None:
    call = await _at_the_email_question(twilio, "+14155550179")
    await call.say("the first part is h e l l o")
    await call.say("at b o d y w o r k b y b r i t o dot c o you k mumble")  # garbled: no domain in it
    await call.say("h e l l o")  # asked again, the caller starts over with the first half
    heard = call.last_heard.lower()
    assert "after the at" in heard and not call.ended
    await call.say("at b o d y w o r k b y b r i t o dot c o u k")  # the line lost the dot before "uk"
    assert "h e l l o, at b o d y w o r k b y b r i t o dot co dot u k" in call.last_heard.lower()
    await _finish_as_jane_doe_therapist(call)
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.email) == ("Jane Doe", "hello@bodyworkbybrito.co.uk")


async def test_a_second_half_garbled_into_another_first_half_is_a_miss_not_a_new_start(
    twilio: TwilioWorld,
) -> None:
    call = await _at_the_email_question(twilio, "+14155550180")
    await call.say("m e g a n dot o")
    assert "after the at" in call.last_heard.lower()
    await call.say("that's double u b d d")  # "at w e b dot d e", as a small recogniser wrote it
    heard = call.last_heard.lower()
    assert "w b d d" not in heard and "email" in heard  # asked for the address again, nothing kept
    await call.say("megan dot o at web dot de")
    for said in ("client", "yes"):
        await call.say(said)
    [entry] = await twilio.store.list_entries()
    assert entry.email == "megan.o@web.de"


async def test_a_number_changed_after_the_last_way_and_garbled_gets_that_way_once_more(
    twilio: TwilioWorld,
) -> None:
    call = await twilio.sim.call("+14155550182")
    await call.press("1")
    await call.say("jane doe")
    for _ in range(8):
        heard = call.last_heard.lower()
        if "type it on your phone's keypad" in heard:
            break
        await call.say("no thanks" if "text you" in heard else "mumble mumble")
    await call.press("4155550183#")
    await call.say("jane dot doe at gmail dot com")
    await call.say("oh and change my number two 22015555861")  # "to 415 555 0182", as the line heard it
    if "text" in call.last_heard.lower():  # every way was tried: the offer to text comes first
        await call.say("no thanks")
    heard = call.last_heard.lower()
    assert not call.ended and "keypad" in heard  # not "call us back later": the number was taken once
    await call.press("4155550182#")
    await call.say("client")
    assert "zero one eight two" in call.last_heard.lower()
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.phone == "+14155550182"
