"""A captured signed webhook, its boundaries moved, is no new webhook.

Twilio signs the URL and then each sorted name and value run together with no separator, so one
captured request can be re-split and still carry a valid signature: the next parameter folded into a
SID's value (`MessageSid=SM…NumMedia0`, `NumMedia` dropped), or a SID's own pair folded into the value
before it. Every such re-split is sent with the captured signature, which the test first checks is
still valid, so that each case is an attack a stranger holding one request could really make. What a
person would notice is what is judged: their STOP stays their last word, their text is answered once,
their call's turn is taken once, and nothing new appears in the database.
"""

from __future__ import annotations

from collections.abc import Iterator

from twilio.request_validator import RequestValidator

from tests.channels.conftest import AUTH_TOKEN, TwilioWorld
from tests.channels.test_sms import conversations
from tests.support.twilio_sim import Webhook


def _resplits(hook: Webhook) -> Iterator[tuple[str, dict[str, str]]]:
    """Every re-split of `hook`'s form that moves where a SID's value starts or ends."""
    pairs = sorted(hook.params.items())
    for i, (name, value) in enumerate(pairs):
        if not name.endswith("Sid"):
            continue
        if i + 1 < len(pairs):  # the next pair folded into the SID
            nxt, nxt_value = pairs[i + 1]
            params = {n: v for n, v in pairs if n != nxt}
            params[name] = value + nxt + nxt_value
            yield f"{nxt} folded into {name}", params
        if i > 0:  # the SID's own pair folded into the value before it
            before, before_value = pairs[i - 1]
            params = {n: v for n, v in pairs if n != name}
            params[before] = before_value + name + value
            yield f"{name} folded into {before}", params


def _replays(hook: Webhook) -> Iterator[tuple[str, Webhook]]:
    """The re-split copies of `hook`, each under `hook`'s own signature (checked to be still valid)."""
    signature = hook.headers["X-Twilio-Signature"]
    validator = RequestValidator(AUTH_TOKEN)
    for how, params in _resplits(hook):
        assert validator.validate(hook.url, params, signature), f"{how}: the signature no longer holds"
        yield how, Webhook(hook.url, params, {**hook.headers, "I-Twilio-Idempotency-Token": how})


async def test_a_resplit_start_does_not_undo_a_later_stop(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await phone.send("STOP")
    await phone.send("START")
    start = phone.last
    await phone.send("STOP")
    assert start is not None
    tried = 0
    for how, replay in _replays(start):
        response = await twilio.sim.send(replay)
        assert response.status_code < 500, f"{how}: {response.status_code}"
        assert await twilio.store.is_opted_out(phone.number), f"{how}: the old START opted them back in"
        tried += 1
    assert tried >= 4, "MessageSid, SmsSid, SmsMessageSid and AccountSid each re-split"


async def test_a_resplit_text_is_answered_once(twilio: TwilioWorld) -> None:
    phone = twilio.sim.texter()
    await phone.send("Hi, I'd like to join")
    await phone.send("Maya Lindqvist")
    said = phone.last
    [before] = await conversations(twilio, phone.number)
    assert said is not None and before.turns == 2
    for how, replay in _replays(said):
        response = await twilio.sim.send(replay)
        assert response.status_code < 500, f"{how}: {response.status_code}"
        now = [(c.id, c.turns) for c in await conversations(twilio, phone.number)]
        assert now == [(before.id, 2)], f"{how}: the text was taken as a new turn"


async def test_a_resplit_call_turn_is_taken_once(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.press("1")
    await call.say("Maya Lindqvist")
    said = call.last
    [before] = await twilio.store.list_conversations()
    assert said is not None and "/turn" in said.url
    for how, replay in _replays(said):
        response = await twilio.sim.send(replay)
        assert response.status_code < 500, f"{how}: {response.status_code}"
        after = [(c.id, c.turns) for c in await twilio.store.list_conversations()]
        assert after == [(before.id, before.turns)], f"{how}: a second turn or call"
