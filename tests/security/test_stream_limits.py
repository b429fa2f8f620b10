"""Issue 10, item 6 (the voice streams' part): a stream's peer cannot make the server hold unbounded memory.

Before the fix, ConversationRelay's non-final `prompt` pieces were kept until a final one came,
however many arrived, and the server took WebSocket messages of up to uvicorn's default 16 MiB.
Now the pieces of an utterance are capped (`channels.relay.prompt_buffer`) and `knotty serve` refuses
messages over 64 KiB with close code 1009, before buffering them, and goes on serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import websockets

from app.commands.serve import WS_MAX_MESSAGE_BYTES
from channels.relay.prompt_buffer import MAX_PROMPT_CHARS
from channels.stream_token import issue_stream_token
from channels.voice_connect import RELAY_PATH
from tests.channels.conftest import AUTH_TOKEN, twilio_world
from tests.conftest import new_database_url
from tests.support.fake_relay import FakeRelay
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.serve_process import free_port, knotty_serve_process

MIB = 1024 * 1024


async def test_endless_partial_prompts_do_not_grow_memory(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    database_url = await new_database_url("sqlite", tmp_path, None, None)
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_VOICE_MODE="relay") as world:
        call = await world.sim.call("+14155550123")
        await call.press("1")
        relay = await FakeRelay(
            world.sim.local_ws_url(call.stream_url), call.stream_url, AUTH_TOKEN, call_sid=call.sid
        ).connect()
        await relay.reply(count=1)
        piece = "blah " * 4000  # 20 KB, well under the message size limit
        pieces = 1000  # 20 MB in all, none of it final
        tracemalloc.start()
        try:
            for i in range(pieces):
                await relay.send(
                    {"type": "prompt", "voicePrompt": f"{i} {piece}", "lang": "en-US", "last": False}
                )
            # The final piece: the reply to it means the server has read every message before it.
            await relay.send({"type": "prompt", "voicePrompt": "Ana Lima", "lang": "en-US", "last": True})
            await relay.reply(count=2)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 4 * MIB, (
            f"{peak / MIB:.1f} MiB held while {pieces * len(piece) / MIB:.0f} MiB of partial prompts arrived"
        )
        conv = await world.store.latest_conversation("voice", call.sid)
        assert conv is not None
        # The caller gets an answer (the agent's re-ask for a long message, or a reply), never silence,
        # and no more than the cap of what was said ever reaches the conversation.
        assert relay.replies[1]
        assert all(
            len(m.content or "") <= MAX_PROMPT_CHARS
            for m in await world.store.history(conv.id)
            if m.role == "user"
        )
        await relay.close()


@asynccontextmanager
async def knotty_serve(tmp_path: Path) -> AsyncIterator[str]:
    """`knotty serve` itself, in its own process (relay mode, SQLite, the offline brain)."""
    port = free_port()
    env = {
        "KNOTTY_DATA_DIR": str(tmp_path / "served"),
        "KNOTTY_VOICE_MODE": "relay",
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    async with knotty_serve_process(port, env, stop_timeout_s=10):
        yield f"http://127.0.0.1:{port}"


async def _relay(base: str, call_sid: str) -> FakeRelay:
    url = (
        base.replace("http://", "ws://")
        + f"{RELAY_PATH}/{issue_stream_token(AUTH_TOKEN, call_sid=call_sid, caller='+14155550123', mode='relay')}"
    )
    relay = await FakeRelay(url, url, AUTH_TOKEN, call_sid=call_sid).connect()
    assert "name" in (await relay.reply(count=1)).lower()
    return relay


@pytest.mark.slow
async def test_an_oversized_message_is_refused_and_the_server_goes_on(tmp_path: Path) -> None:
    async with knotty_serve(tmp_path) as base:
        relay = await _relay(base, "CA" + "a" * 32)
        huge = json.dumps({"type": "prompt", "voicePrompt": "x" * MIB, "last": False})
        assert len(huge) > WS_MAX_MESSAGE_BYTES
        with contextlib.suppress(websockets.ConnectionClosed):  # closed while it was still being written
            await relay.ws.send(huge)
        async with asyncio.timeout(5):
            await relay.ws.wait_closed()
        assert relay.ws.close_code == 1009  # "message too big", not a server error
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{base}/healthz")).status_code == 200
        other = await _relay(base, "CA" + "b" * 32)  # other calls are served as before
        assert "name" not in (await other.ask("Ana Lima")).lower()
        await other.close()
