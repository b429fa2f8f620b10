"""Twilio's message statuses land on the outbox row, signed like every webhook (issue 13).

A callback can also prove a send whose answer never came back: the row is `sent` with that SID and
is never posted again. A forged callback is refused; statuses only move forward.
"""

from __future__ import annotations

from tests.channels.conftest import TwilioWorld
from tests.faults.conftest import accept, settled

PHONE = "+14155550150"


async def test_statuses_land_on_the_row_in_order(fast_world: TwilioWorld) -> None:
    world = fast_world
    entry_id = await accept(world.store, PHONE)
    [outcome] = await settled(world.store, world.rest, {PHONE: entry_id})
    [message] = world.rest.messages
    assert outcome.status == "sent" and message.status_callback
    path = message.status_callback.removeprefix(world.sim.public_base_url)
    for status in ("sent", "delivered", "sent"):  # the late `sent` must not undo `delivered`
        answer = await world.sim.post(path, world.rest.callback_params(message, status))
        assert answer.status_code == 200
    [row] = (await world.store.outbox.texts_of([entry_id])).values()
    assert (row.status, row.twilio_status, row.sid) == ("sent", "delivered", message.sid)


async def test_an_undelivered_text_says_so_on_the_entry(fast_world: TwilioWorld) -> None:
    world = fast_world
    entry_id = await accept(world.store, PHONE)
    await settled(world.store, world.rest, {PHONE: entry_id})
    [message] = world.rest.messages
    path = (message.status_callback or "").removeprefix(world.sim.public_base_url)
    answer = await world.sim.post(
        path, world.rest.callback_params(message, "undelivered", error_code="30003")
    )
    assert answer.status_code == 200
    entry = await world.store.get_entry(entry_id)
    assert entry is not None and entry.confirmation_sms_status == "failed"
    [row] = (await world.store.outbox.texts_of([entry_id])).values()
    assert row.twilio_status == "undelivered" and "30003" in (row.last_error or "")


async def test_a_forged_status_callback_is_refused(fast_world: TwilioWorld) -> None:
    world = fast_world
    entry_id = await accept(world.store, PHONE)
    await settled(world.store, world.rest, {PHONE: entry_id})
    [message] = world.rest.messages
    path = (message.status_callback or "").removeprefix(world.sim.public_base_url)
    forged = world.sim.webhook(
        world.sim.public_url(path), world.rest.callback_params(message, "failed"), signature="forged"
    )
    assert (await world.sim.send(forged)).status_code == 403
    [row] = (await world.store.outbox.texts_of([entry_id])).values()
    assert row.twilio_status == "queued"
