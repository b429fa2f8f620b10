"""Two `knotty serve` processes on one database, as two workers or two machines are, under attack.

Each process has its own memory (the idempotency tokens' replay cache, the turn gate), so whatever
keeps a replay from counting twice or a number from being texted twice must live in the database.
Played here over real HTTP against two real server processes: the same signed text delivered to
both at once at every step of a signup (Twilio retrying into another machine, or someone replaying
an observed request); a copied webhook replayed later into the other process; and a burst of web
signups typing one victim's number, split over both. The texter and the victim would expect one
conversation that advanced once per text, one entry, and one text.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from knotty.store import Store, create_engine
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, PUBLIC
from tests.channels.people import Person
from tests.integration.test_metrics import only_served_by, worker_pids
from tests.security.test_entry_takeover import on_web
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.serve_process import free_port, knotty_serve_process
from tests.support.twilio_sim import Texter, TwilioSim, Webhook

pytestmark = pytest.mark.slow

ANA = Person("Ana Lima", "ana.lima@example.com", "", "therapist", wants_text=True)
ANA_PHONE = "+14155550100"
VICTIM = "+14155550188"


@dataclass
class TwoServers:
    sims: list[TwilioSim]
    bases: list[str]
    rest: FakeTwilioRest
    store: Store

    async def both_at_once(self, hook: Webhook) -> list[str]:
        """The same signed request, byte for byte, delivered to both processes at the same moment."""
        answers = await asyncio.gather(*(sim.send(hook) for sim in self.sims))
        assert [a.status_code for a in answers] == [200, 200], [a.text[:200] for a in answers]
        return [a.text for a in answers]

    async def texts_to(self, phone: str, *, wait_s: float = 5.0) -> int:
        """How many texts went to `phone`: once the first arrived (or `wait_s` passed), the processes'
        senders get two more seconds to send any second one."""
        deadline = time.monotonic() + wait_s
        while not self.rest.messages_to(phone) and time.monotonic() < deadline:  # noqa: ASYNC110 - another process sends
            await asyncio.sleep(0.1)
        await asyncio.sleep(2.0)
        return len(self.rest.messages_to(phone))


@pytest.fixture
async def two_servers(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwoServers]:
    rest, rest_url = fake_rest
    env = _twilio_env(database_url, tmp_path, rest_url)
    engine = create_engine(database_url)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        bases: list[str] = []
        sims: list[TwilioSim] = []
        for _ in range(2):
            port = free_port()
            await stack.enter_async_context(knotty_serve_process(port, env))
            base = f"http://127.0.0.1:{port}"
            sim = TwilioSim(
                base,
                public_base_url=PUBLIC,
                auth_token=AUTH_TOKEN,
                account_sid=ACCOUNT_SID,
                number=KNOTTY_NUMBER,
            )
            await stack.enter_async_context(sim)
            bases.append(base)
            sims.append(sim)
        yield TwoServers(sims, bases, rest, Store(engine))


async def test_every_text_of_a_signup_delivered_to_both_processes_at_once_counts_once(
    two_servers: TwoServers,
) -> None:
    texter = two_servers.sims[0].texter(ANA_PHONE)
    answers = await two_servers.both_at_once(_text(texter, "Hi, I'd like to join the waitlist"))
    for _ in range(12):
        assert answers[0] == answers[1], "one text, two different answers: the conversation advanced twice"
        reply = _body(answers[0])
        if "?" not in reply:
            break
        answers = await two_servers.both_at_once(_text(texter, ANA.answer(reply, spoken=False)))
    else:
        raise AssertionError(f"the signup did not finish: {answers[0]!r}")
    assert "Ana" in answers[0], answers[0]
    [entry] = await two_servers.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email) == ("Ana Lima", ANA_PHONE, ANA.email_typed)
    assert await two_servers.texts_to(ANA_PHONE) == 1, "one confirmation text, whichever process saved"


async def test_a_text_replayed_into_the_other_process_later_changes_nothing(two_servers: TwoServers) -> None:
    first, second = two_servers.sims
    texter = first.texter(ANA_PHONE)
    opening = _text(texter, "Hi, I'd like to join the waitlist")
    asked_name = (await first.send(opening)).text
    name = _text(texter, "Ana Lima")
    asked_next = (await first.send(name)).text
    assert asked_next != asked_name
    for hook in (opening, name, opening):
        replayed = await second.send(hook)  # the other process never saw these requests
        assert replayed.status_code == 200
        assert replayed.text in (asked_name, asked_next), "a replay was answered as a new turn"
    conversation = await two_servers.store.latest_conversation("sms", ANA_PHONE)
    assert conversation is not None and conversation.turns == 2, "two texts, two turns (replays are none)"
    going_on = (await second.send(_text(texter, "ana.lima@example.com"))).text
    assert going_on not in (asked_name, asked_next), "the next real text goes on in the other process"


async def test_a_burst_of_web_signups_typing_one_number_over_both_processes_texts_it_once(
    two_servers: TwoServers,
) -> None:
    people = [
        Person(f"Mallory {s}", f"m{i}@example.com", "", "client", phone_said="415 555 0188", wants_text=True)
        for i, s in enumerate(["Ames", "Bloom", "Crane", "Dove", "Eck", "Fenn"])
    ]
    await asyncio.gather(*(on_web(two_servers.bases[i % 2], p) for i, p in enumerate(people)))
    assert await two_servers.texts_to(VICTIM) == 1, "the victim's number was texted more than once"


async def test_knotty_serve_with_two_workers_counts_replays_and_new_chats_once(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    """`knotty serve --workers 2` itself: one text delivered eight times at once (the kernel spreads the
    connections over both workers), then replayed into each worker in turn; new chats from one address."""
    _, rest_url = fake_rest
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("ADMIN_TOKEN", "OPENAI_API_KEY")}
    env.update(
        _twilio_env(database_url, tmp_path, rest_url), KNOTTY_BRAIN="scripted", KNOTTY_LOG_LEVEL="WARNING"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", "--workers", "2", "--port", str(port), cwd=tmp_path, env=env,
        start_new_session=True, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    engine = create_engine(database_url)
    store = Store(engine)
    fresh = httpx.Limits(max_keepalive_connections=0)
    try:
        async with httpx.AsyncClient(base_url=base, limits=fresh) as http:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get("/livez")).status_code == 200 and len(worker_pids(proc.pid)) == 2:
                        break
                await asyncio.sleep(0.1)
            workers = worker_pids(proc.pid)
            assert len(workers) == 2, "knotty serve did not start two workers"
            sim = TwilioSim(base, public_base_url=PUBLIC, auth_token=AUTH_TOKEN, account_sid=ACCOUNT_SID, number=KNOTTY_NUMBER, http=http)  # fmt: skip
            texter = sim.texter(ANA_PHONE)
            opening = _text(texter, "Hi, I'd like to join the waitlist")
            answers = await asyncio.gather(*(sim.send(opening) for _ in range(8)))
            assert {a.status_code for a in answers} == {200} and len({a.text for a in answers}) == 1
            name = _text(texter, "Ana Lima")
            first, second = workers
            with only_served_by(workers, first):
                asked = (await sim.send(name)).text
            with only_served_by(workers, second):
                again = (await sim.send(name)).text
            assert again == asked, "the other worker answered a replay as a new turn"
            conversation = await store.latest_conversation("sms", ANA_PHONE)
            assert conversation is not None and conversation.turns == 2, "two texts, two turns"
            statuses = []
            for _ in range(31):
                http.cookies.clear()
                statuses.append((await http.get("/")).status_code)
            assert statuses == [200] * 30 + [429], "the new-chat limit is summed over both workers"
    finally:
        await engine.dispose()
        os.killpg(proc.pid, signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)


def _twilio_env(database_url: str, tmp_path: Path, rest_url: str) -> dict[str, str]:
    """A deployment's settings: one database, one signing key, Twilio's webhooks and REST API."""
    return {
        "DATABASE_URL": database_url,
        "KNOTTY_DATA_DIR": str(tmp_path / "data"),
        "KNOTTY_SECRET_KEY": "shared-secret-key-for-two-servers-0123456789",
        "PUBLIC_BASE_URL": PUBLIC,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": rest_url,
    }


def _text(texter: Texter, body: str) -> Webhook:
    """The signed webhook of one text from `texter`, built but not sent."""
    sid = "SM" + uuid.uuid4().hex
    params = {
        "AccountSid": texter.sim.account_sid,
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "SmsSid": sid,
        "SmsStatus": "received",
        "From": texter.number,
        "To": texter.sim.number,
        "Body": body,
        "NumMedia": "0",
    }
    return texter.sim.webhook(texter.sim.public_url(texter.sim.sms_path), params)


def _body(twiml: str) -> str:
    """The text of the replies in a messaging TwiML document."""
    return " ".join((m.findtext("Body") or m.text or "") for m in ET.fromstring(twiml))
