"""A spoofed caller ID must not change someone else's signup, nor spend that number's texts.

Anyone with a SIP trunk can call with any caller ID. Knotty took a call's `From` as proof of holding
the number: a stranger calling with someone's number as caller ID and giving that entry's first name
changed the entry (surname, email, role), heard "this number is already on our waitlist", and spent
the number's own allowance of confirmation texts. Now a caller ID is proof only when Twilio's
SHAKEN/STIR verdict (`StirVerstat`) attests it (`KNOTTY_CALLER_ID_TRUST=attested`, the default);
any other caller is treated like a web visitor typing the number: their signup is kept apart beside
the listed entry, nothing of it is said, and their texts count against an allowance of their own.

Played over real HTTP with Twilio-signed webhooks (the `<Gather>` line, ConversationRelay and Media
Streams) against the real app on both databases, with people from Faker in several locales, and
judged by what the caller heard and what the database holds.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import phonenumbers
import pytest
from faker import Faker

from channels.stream_token import _serializer, issue_stream_token, read_stream_token
from knotty.store.models import WaitlistEntry
from tests.channels.conftest import AUTH_TOKEN, TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.channels.test_realtime import Speaker, realtime_world, stream_for
from tests.channels.test_relay import relay_world
from tests.channels.test_voice import converse
from tests.security.test_entry_takeover import by_text
from tests.security.test_text_handoff import _two_misses
from tests.security.test_texts_per_address import LOCALES, _numbers
from tests.security.test_texts_per_sender import _ascii
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import ATTESTED, Call

UNPROVEN = (
    None,
    "No-TN-Validation",
    "TN-Validation-Failed-A",
    "TN-Validation-Passed-B",
    "TN-Validation-Passed-C",
)
"""`StirVerstat` of calls whose caller ID proves nothing: none at all (abroad, older networks), no
identity header, a failed check, a carrier vouching only for its customer (B) or its gateway (C)."""


def _phone(i: int) -> str:
    """A distinct valid mobile number in E.164, as a caller ID or SMS sender carries it."""
    typed = _numbers(i + 1)[i]
    return phonenumbers.format_number(phonenumbers.parse(typed, "US"), phonenumbers.PhoneNumberFormat.E164)


def _holder_and_stranger(seed: int) -> tuple[Person, Person]:
    """A Faker person, and a stranger with the same first name and another surname, email and role."""
    fake = Faker(LOCALES[seed % len(LOCALES)])
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    other = next(s for s in (fake.last_name() for _ in range(50)) if _ascii(s) != _ascii(last))
    roles = ("therapist", "client") if seed % 2 else ("client", "therapist")

    def person(surname: str, role: str, tag: str) -> Person:
        user = f"{_ascii(first) or 'sam'}.{_ascii(surname)[:8] or 'lee'}{tag}"
        return Person(
            f"{first} {surname}", f"{user}@example.com", f"{user} at example dot com", role, wants_text=False
        )

    return person(last, roles[0], str(seed)), person(other, roles[1], f"x{seed}")


def _moved(holder: Person) -> Person:
    """The holder again, with a new email."""
    user = holder.email_typed.split("@")[0] + "new"
    return Person(
        holder.name, f"{user}@example.com", f"{user} at example dot com", holder.role, wants_text=False
    )


def _row(entry: WaitlistEntry) -> tuple[int | None, str, str, str, str, str | None]:
    return (entry.id, entry.full_name, entry.phone, entry.email, entry.role, entry.review_reason)


async def _listed(world: TwilioWorld, phone: str, holder: Person) -> WaitlistEntry:
    """The holder's entry, signed up by text from `phone` (an SMS sender is trusted)."""
    await by_text(world, phone, holder)
    [entry] = await world.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email) == (holder.name, phone, holder.email_typed)
    return entry


def _assert_kept_apart(
    entries: list[WaitlistEntry], before: WaitlistEntry, stranger: Person, phone: str
) -> None:
    """The listed entry is exactly as it was; the stranger's signup sits apart beside it."""
    listed = [e for e in entries if e.review_reason is None]
    assert [_row(e) for e in listed] == [_row(before)], "the listed entry was changed"
    [apart] = [e for e in entries if e.review_reason is not None]
    assert (apart.full_name, apart.phone, apart.email, apart.role) == (
        stranger.name, phone, stranger.email_typed, stranger.role,
    )  # fmt: skip
    assert apart.duplicate_of == before.id


def _assert_told_nothing(heard: list[str], holder: Person) -> None:
    said = " ".join(heard).lower()
    assert "already on our waitlist" not in said, heard
    surname = holder.name.split()[-1].lower()
    assert surname not in said and holder.email_typed.split("@")[0] not in said, heard


async def _gather_call(world: TwilioWorld, phone: str, person: Person, stir: str | None) -> Call:
    call = await world.sim.call(phone, stir=stir)
    await call.press("1")
    await converse(call, person)
    return call


@pytest.mark.parametrize(("stir", "seed"), [(stir, 11 + i) for i, stir in enumerate(UNPROVEN)])
async def test_a_spoofed_unattested_caller_id_cannot_change_the_entry_on_the_gather_line(
    twilio: TwilioWorld, stir: str | None, seed: int
) -> None:
    phone = _phone(seed)
    holder, stranger = _holder_and_stranger(seed)
    before = await _listed(twilio, phone, holder)
    call = await _gather_call(twilio, phone, stranger, stir)
    assert call.ended_by == "hangup", call.transcript
    _assert_told_nothing(call.heard, holder)
    _assert_kept_apart(await twilio.store.list_entries(), before, stranger, phone)
    await twilio.settle()
    assert twilio.rest.messages_to(phone) == []


@pytest.mark.parametrize("seed", [21, 22])
async def test_an_attested_holder_still_updates_their_own_entry(twilio: TwilioWorld, seed: int) -> None:
    phone = _phone(seed)
    holder, _ = _holder_and_stranger(seed)
    before = await _listed(twilio, phone, holder)
    moved = _moved(holder)
    call = await _gather_call(twilio, phone, moved, ATTESTED)
    assert "already on our waitlist" in " ".join(call.heard).lower(), call.heard
    [entry] = await twilio.store.list_entries()
    assert (entry.id, entry.full_name, entry.email, entry.review_reason) == (
        before.id, holder.name, moved.email_typed, None,
    )  # fmt: skip


async def test_trust_any_takes_every_caller_id_as_before(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """`KNOTTY_CALLER_ID_TRUST=any` (callers outside SHAKEN/STIR): an unattested caller ID is the holder."""
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_CALLER_ID_TRUST="any") as world:
        phone = _phone(31)
        holder, _ = _holder_and_stranger(31)
        before = await _listed(world, phone, holder)
        moved = _moved(holder)
        call = await _gather_call(world, phone, moved, None)
        assert "already on our waitlist" in " ".join(call.heard).lower(), call.heard
        [entry] = await world.store.list_entries()
        assert (entry.id, entry.email, entry.review_reason) == (before.id, moved.email_typed, None)


async def test_an_unattested_caller_is_never_offered_to_finish_by_text(twilio: TwilioWorld) -> None:
    phone = _phone(41)
    unproven = await twilio.sim.call(phone, stir=None)
    assert not await _two_misses(unproven), "the caller ID's holder would be texted"
    attested = await twilio.sim.call(_phone(42), stir=ATTESTED)
    assert await _two_misses(attested)
    assert twilio.rest.messages_to(phone) == []


async def test_a_spoofer_does_not_spend_the_numbers_own_texts(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """With one text an hour per sender: the spoofer's calls spend an allowance of their own, counted
    even to the number they spoof, and its holder texting afterwards still gets theirs."""
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_SMS_HOURLY_CAP_PER_SENDER="1") as world:
        typed = _numbers(60)
        phone, targets = _phone(50), [_phone(i) for i in (51, 52, 53)]
        for i, target in enumerate(typed[51:53]):
            fake = Faker(LOCALES[i])
            fake.seed_instance(50 + i)
            user = f"{_ascii(fake.first_name()) or 'sam'}{i}"
            mallory = Person(
                f"{fake.first_name()} {fake.last_name()}", f"{user}@example.com", f"{user} at example dot com",
                "client", phone_said=target,
            )  # fmt: skip
            await _gather_call(world, phone, mallory, None)
        await world.settle()
        assert [len(world.rest.messages_to(t)) for t in targets[:2]] == [1, 0], (
            "one text an hour for the spoofer"
        )
        fake = Faker("de_DE")
        fake.seed_instance(55)
        holder = Person(
            f"{fake.first_name()} {fake.last_name()}", "holder55@example.com", "", "therapist",
            phone_said=typed[53],
        )  # fmt: skip
        await by_text(world, phone, holder)
        await world.settle()
        assert len(world.rest.messages_to(targets[2])) == 1, (
            "the holder's own allowance was spent by the spoofer"
        )


async def test_a_spoofed_caller_id_over_conversation_relay_cannot_change_the_entry(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with relay_world(database_url, tmp_path, fake_rest) as world:
        phone = _phone(71)
        holder, stranger = _holder_and_stranger(71)
        before = await _listed(world, phone, holder)
        for stir, person in ((None, stranger), (ATTESTED, None)):
            call = await world.sim.call(phone, stir=stir)
            await call.press("1")
            url = world.sim.local_ws_url(call.stream_url)
            relay = await FakeRelay(
                url, call.stream_url, AUTH_TOKEN, call_sid=call.sid, caller=phone
            ).connect()
            reply = await relay.reply(count=1)
            if person is None:  # the holder, attested: told the number is listed
                assert "already on our waitlist" in reply.lower(), reply
                await relay.close()
                break
            for _ in range(14):
                if relay.ended is not None:
                    break
                reply = await relay.ask(person.answer(reply, spoken=True))
            await relay.close()
            _assert_told_nothing(relay.replies, holder)
        _assert_kept_apart(await world.store.list_entries(), before, stranger, phone)


async def test_a_spoofed_caller_id_over_media_streams_cannot_change_the_entry(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with realtime_world(database_url, tmp_path, fake_rest) as (world, fake):
        phone = _phone(81)
        holder, stranger = _holder_and_stranger(81)
        before = await _listed(world, phone, holder)
        call = await world.sim.call(phone, stir="TN-Validation-Failed-A")
        await call.press("1")
        client = stream_for(world, call)
        await client.connect()
        model = await fake.next_session()
        await model.wait_for("response.create")
        says = Speaker(model, client)
        person = {
            "full_name": stranger.name,
            "phone": phone,
            "email": stranger.email_typed,
            "role": stranger.role,
        }
        await says.up_to_the_read_back(person, stranger.name, "this number", f"I'm a {stranger.role}")
        await model.hear("Yes, that's right.")
        await asyncio.sleep(0.2)
        saved = await model.call_tool("save_waitlist_entry", person)
        assert saved["ok"] is True, saved
        assert not {"kept_apart", "another_person", "updated_apart"} & saved.keys(), saved
        await client.stop()
        _assert_kept_apart(await world.store.list_entries(), before, stranger, phone)


def test_a_streams_attestation_travels_only_in_its_signed_token() -> None:
    """The streaming modes read the attestation from the token the answering webhook signed: a token
    minted with another key is refused, and one minted before the attestation was carried proves nothing."""
    sid, caller = "CA" + "5" * 32, _phone(90)
    proven = issue_stream_token(AUTH_TOKEN, call_sid=sid, caller=caller, mode="relay", caller_proven=True)
    grant = read_stream_token(AUTH_TOKEN, proven, mode="relay")
    assert grant is not None and grant.caller_proven and grant.caller == caller
    forged = issue_stream_token(
        "not-the-auth-token", call_sid=sid, caller=caller, mode="relay", caller_proven=True
    )
    assert read_stream_token(AUTH_TOKEN, forged, mode="relay") is None
    old = _serializer(AUTH_TOKEN, "relay").dumps([sid, caller, "relay", int(time.time())])
    older = read_stream_token(AUTH_TOKEN, str(old), mode="relay")
    assert older is not None and not older.caller_proven


async def _attested_once(world: TwilioWorld, phone: str) -> Call:
    """A call whose incoming webhook alone carries `StirVerstat` (Twilio does not say later ones repeat it)."""
    call = Call(world.sim, phone, stir=ATTESTED)
    await call.start()
    call.stir = None
    return call


@pytest.mark.parametrize("seed", [41, 42])
async def test_an_attestation_sent_only_with_the_incoming_call_holds_for_the_whole_call(
    twilio: TwilioWorld, seed: int
) -> None:
    """Twilio sends `StirVerstat` with the incoming call; its menu's `<Gather>` action need not repeat it.
    An attested holder pressing 1 at the menu was then taken for a stranger: their change kept apart."""
    phone = _phone(seed)
    holder, _ = _holder_and_stranger(seed)
    before = await _listed(twilio, phone, holder)
    moved = _moved(holder)
    call = await _attested_once(twilio, phone)
    await call.press("1")
    await converse(call, moved)
    assert "already on our waitlist" in " ".join(call.heard).lower(), call.heard
    [entry] = await twilio.store.list_entries()
    assert (entry.id, entry.full_name, entry.email, entry.review_reason) == (
        before.id, holder.name, moved.email_typed, None,
    )  # fmt: skip


async def test_an_attestation_sent_only_with_the_incoming_call_reaches_the_relay(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """The same on ConversationRelay: the stream's signed token carries the incoming call's verdict."""
    async with relay_world(database_url, tmp_path, fake_rest) as world:
        phone = _phone(43)
        holder, _ = _holder_and_stranger(43)
        await _listed(world, phone, holder)
        call = await _attested_once(world, phone)
        await call.press("1")
        url = world.sim.local_ws_url(call.stream_url)
        relay = await FakeRelay(url, call.stream_url, AUTH_TOKEN, call_sid=call.sid, caller=phone).connect()
        reply = await relay.reply(count=1)
        await relay.close()
        assert "already on our waitlist" in reply.lower(), reply
