"""Issue 16 (limits shared through Redis or Valkey when `KNOTTY_REDIS_URL` is set): two app servers on
two *different* databases share one Redis, so only Redis can make a limit hold across both; and a
Redis that goes away turns no request into an error (each process counts on its own meanwhile)."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from tests.conftest import new_database_url
from tests.security.test_shared_limits import _fields
from tests.support.redis_server import redis_server
from tests.web.conftest import web_app


async def _two_servers(stack: AsyncExitStack, tmp_path: Path, redis_url: str) -> list[str]:
    env = {"KNOTTY_SECRET_KEY": "shared-secret-key-for-two-servers-0123456789", "KNOTTY_REDIS_URL": redis_url}
    bases = []
    for i in range(2):
        folder = tmp_path / f"server{i}"
        folder.mkdir()
        database = await new_database_url("sqlite", folder, None, None)
        base, _runtime = await stack.enter_async_context(web_app(database, folder, **env))
        bases.append(base)
    return bases


async def _say(http: httpx.AsyncClient, base: str, fields: dict[str, str]) -> httpx.Response:
    response = await http.post(
        f"{base}/chat/message",
        data={**fields, "view": "page", "text": "what is MasseurMatch?"},
        headers={"HX-Request": "true"},
    )
    fields.update(_fields(response.text))
    return response


async def test_new_chats_from_one_address_are_counted_in_redis_across_both_servers(tmp_path: Path) -> None:
    with redis_server(tmp_path) as (url, _):
        async with AsyncExitStack() as stack, httpx.AsyncClient() as http:
            bases = await _two_servers(stack, tmp_path, url)
            statuses = []
            for i in range(31):
                http.cookies.clear()  # every page load mints a new session
                statuses.append((await http.get(f"{bases[i % 2]}/")).status_code)
            assert statuses == [200] * 30 + [429], "the second server knows what the first counted"


async def test_admin_guesses_are_counted_in_redis_across_both_servers(tmp_path: Path) -> None:
    with redis_server(tmp_path) as (url, _):
        async with AsyncExitStack() as stack, httpx.AsyncClient() as http:
            bases = await _two_servers(stack, tmp_path, url)
            statuses = []
            for i in range(12):
                guess = {"Authorization": f"Bearer wrong-guess-{i}"}
                statuses.append(
                    (await http.get(f"{bases[i % 2]}/admin/api/waitlist", headers=guess)).status_code
                )
            assert statuses == [401] * 10 + [429, 429]


async def test_a_redis_that_goes_away_turns_no_request_into_an_error(tmp_path: Path) -> None:
    with redis_server(tmp_path) as (url, process):
        async with AsyncExitStack() as stack, httpx.AsyncClient() as http:
            bases = await _two_servers(stack, tmp_path, url)
            fields = _fields((await http.get(f"{bases[0]}/")).text)
            assert (await _say(http, bases[0], fields)).status_code == 200
            process.kill()
            process.wait(timeout=10)
            for base in bases:
                assert (await _say(http, base, fields)).status_code == 200, "counted in the process instead"
            http.cookies.clear()
            assert (await http.get(f"{bases[1]}/")).status_code == 200
