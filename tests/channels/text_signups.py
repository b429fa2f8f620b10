"""A person signing up by text through the simulated Twilio, as the replay and erasure tests need one."""

from __future__ import annotations

from faker import Faker

from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Texter, Webhook
from tests.unit.brains.callers import caller

__all__ = ["sign_up_by_text", "text_signup_overheard"]


async def sign_up_by_text(phone: Texter, person: dict[str, str]) -> list[str]:
    """Answer what Knotty asks until it is done (yes to the read-back and to the text); the transcript."""
    said = ["hi"]
    replies = await phone.send("hi")
    for _ in range(14):
        asked = replies[-1].lower() if replies else ""
        if "?" not in asked:
            break
        if any(w in asked for w in ("correct", "right?", "all good", "change anything")):
            answer = "yes"
        elif "name" in asked:
            answer = person["full_name"]
        elif "email" in asked:
            answer = person["email"]
        elif "phone" in asked or "number" in asked:
            answer = phone.number
        elif "therapist" in asked or "client" in asked:
            answer = "I'm a therapist"
        else:
            answer = "yes"
        said.append(answer)
        replies = await phone.send(answer)
    return said


async def text_signup_overheard(
    world: TwilioWorld, seed: int, locales: list[str] | tuple[str, ...]
) -> tuple[dict[str, str], Texter, list[Webhook]]:
    """A Faker person (of `locales[seed]`) texts a whole signup while an eavesdropper records every webhook,
    and gets their one confirmation text: (the person, their phone, the webhooks captured)."""
    fake = Faker(locales[seed % len(locales)])
    fake.seed_instance(seed)
    person = {"full_name": f"{fake.first_name()} {fake.last_name()}", "email": fake.unique.free_email()}
    phone = world.sim.texter(caller(seed, locales)["phone"])
    hooks = world.sim.record()
    await sign_up_by_text(phone, person)
    await world.settle()
    assert len(world.rest.messages_to(phone.number)) == 1
    return person, phone, hooks
