"""A stranger flooding the voice streams' WebSocket endpoint with handshakes that are refused.

Each refused handshake to `/twilio/relay/<token>` (no signature, a forged one, a captured handshake
whose token expired, another mode's token) was logged, and uvicorn wrote a line of its own with the
path, the stream token in it: a flood from one address filled the operator's log, one or two lines a
handshake in every process. Refusals are now counted per client address (an IPv6 client by its /64)
across processes, like the admin's sign-in guesses: twenty logged per address and window, then one
`stream_refusals_capped` line for both processes together, and uvicorn's handshake lines are dropped.
The cap never refuses a handshake that would be accepted: Twilio's streams come from addresses every
Twilio customer's share. Two real `knotty serve` processes on one database, reached over real
WebSockets through a trusted proxy; the attackers' addresses and tokens from Faker.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
import websockets
from faker import Faker

from channels.stream_token import issue_stream_token
from channels.voice_connect import RELAY_PATH
from tests.channels.conftest import AUTH_TOKEN, PUBLIC
from tests.support.fake_media_stream import signed_headers
from tests.support.serve_process import free_port, knotty_serve_process

pytestmark = pytest.mark.slow

PUBLIC_WS = "wss://" + PUBLIC.removeprefix("https://")
FLOOD = 60
"""Refused handshakes each attacker sends, spread over both processes."""
LOGGED = 20
"""Refusals logged per address and window (`channels.stream_refusals.STREAM_REFUSALS`)."""


def _attackers(fake: Faker) -> list[list[str]]:
    """Two attackers: one IPv4 address, and one IPv6 host sending each handshake from a new address of its /64."""
    network = ipaddress.IPv6Network((ipaddress.IPv6Address(fake.ipv6()), 64), strict=False)
    six = [str(network[fake.random_int(1, 2**64 - 2)]) for _ in range(FLOOD)]
    return [[fake.ipv4_public()] * FLOOD, six]


def _refused_handshake(fake: Faker, n: int) -> tuple[str, dict[str, str]]:
    """The path and headers of one handshake that is refused, of four kinds in turn."""
    kind = n % 4
    if kind == 0:  # no signature, a made-up token
        return f"{RELAY_PATH}/{fake.sha256()}", {}
    if kind == 1:  # a made-up signature
        forged = base64.b64encode(fake.binary(length=20)).decode()
        return f"{RELAY_PATH}/{fake.uuid4()}", {"X-Twilio-Signature": forged}
    call_sid = "CA" + fake.hexify("^" * 32)
    if kind == 2:  # a captured handshake, replayed after its token expired
        token = issue_stream_token(
            AUTH_TOKEN, call_sid=call_sid, caller=fake.msisdn(), mode="relay", now=time.time() - 3600
        )
    else:  # a Media Streams token at the relay's path
        token = issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller=fake.msisdn(), mode="realtime")
    path = f"{RELAY_PATH}/{token}"
    return path, signed_headers(AUTH_TOKEN, PUBLIC_WS + path)


async def _status(base: str, path: str, headers: dict[str, str], address: str) -> int:
    """The handshake's answer: 101 when the stream opened (closed again at once), else the HTTP status."""
    url = base.replace("http://", "ws://") + path
    try:
        async with websockets.connect(
            url, additional_headers={**headers, "X-Forwarded-For": address}, compression=None, open_timeout=20
        ):
            return 101
    except websockets.InvalidStatus as refused:
        return int(refused.response.status_code)


def _lines(log_path: Path) -> list[dict[str, Any]]:
    lines = []
    for raw in log_path.read_text(encoding="utf-8").splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            lines.append({"message": raw})
    return lines


@pytest.mark.parametrize("seed", [5, 21])
async def test_a_flood_of_refused_handshakes_is_logged_up_to_a_cap_per_address(
    database_url: str, tmp_path: Path, seed: int
) -> None:
    fake = Faker(["en_US", "de_DE", "ja_JP", "pt_BR", "tr_TR"])
    fake.seed_instance(seed)
    env = {
        "DATABASE_URL": database_url,
        "KNOTTY_DATA_DIR": str(tmp_path / "data"),
        "KNOTTY_SECRET_KEY": "shared-secret-key-for-two-servers-0123456789",
        "KNOTTY_LOG_LEVEL": "INFO",
        "KNOTTY_VOICE_MODE": "relay",
        "KNOTTY_TRUSTED_PROXIES": "127.0.0.1/32",
        "PUBLIC_BASE_URL": PUBLIC,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    }
    log_path = tmp_path / "served.log"
    attackers = _attackers(fake)
    handshakes = [_refused_handshake(fake, n) for n in range(FLOOD)]
    async with AsyncExitStack() as stack:
        bases = []
        for _ in range(2):
            port = free_port()
            await stack.enter_async_context(knotty_serve_process(port, env, log_path=log_path))
            bases.append(f"http://127.0.0.1:{port}")
        started = len(_lines(log_path))
        gate = asyncio.Semaphore(12)

        async def send(n: int, address: str) -> int:
            async with gate:
                return await _status(bases[n % 2], *handshakes[n], address)

        for addresses in attackers:
            statuses = await asyncio.gather(*(send(n, address) for n, address in enumerate(addresses)))
            assert statuses == [403] * FLOOD, "every one of the flood is refused"

        # Twilio's own stream, from an address the flood capped (Twilio's addresses are shared): accepted.
        call_sid = "CA" + fake.hexify("^" * 32)
        token = issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller=fake.msisdn(), mode="relay")
        path = f"{RELAY_PATH}/{token}"
        for n, addresses in enumerate(attackers):
            assert await _status(
                bases[n], path, signed_headers(AUTH_TOKEN, PUBLIC_WS + path), addresses[0]
            ) == (
                101 if n == 0 else 403  # the second one is the same handshake again: "already opened"
            )
    lines = _lines(log_path)[started:]  # both processes stopped: every line is written
    events = [line.get("event") for line in lines]
    refusals = sum(e in ("stream_refused", "twilio_signature_rejected") for e in events)
    assert refusals <= 2 * LOGGED + 1, f"{refusals} refusal lines for {2 * FLOOD + 1} refused handshakes"
    assert events.count("stream_refusals_capped") == 2, "once per address and window, for both processes"
    handshake_lines = [line for line in lines if "WebSocket" in str(line.get("message", ""))]
    assert handshake_lines == [], handshake_lines[:3]
    tokens = [p.rsplit("/", 1)[1] for p, _ in handshakes] + [token]
    leaked = [line for line in lines if any(t in json.dumps(line) for t in tokens)]
    assert leaked == [], "a stream token in the log"
