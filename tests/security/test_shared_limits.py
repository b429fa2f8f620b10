"""Issue 16 (shared limits; the limits of issue 10, item 3, spread over instances): a script sharing its
requests between two app servers.

The chat and admin limits lived in each process's memory, so `--workers 2` or a second machine
doubled every limit (and a deploy reset them): a script alternating between two instances got twice
the messages, new chats and admin token guesses. Here two real servers share one database, as two
workers or two machines do, and every limit holds across both.
"""

from __future__ import annotations

import html
import re
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from tests.web.conftest import web_app

TOKEN = "admin-token-for-security-tests-0123456789"
_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)"(?: id="[\w-]+")? value="([^"]*)"')


async def _two_servers(stack: AsyncExitStack, database_url: str, tmp_path: Path, **env: str) -> list[str]:
    """Two app servers on one database (and one signing key, as a deployment has)."""
    env = {"KNOTTY_SECRET_KEY": "shared-secret-key-for-two-servers-0123456789", **env}
    bases = []
    for _ in range(2):
        base, _runtime = await stack.enter_async_context(web_app(database_url, tmp_path, **env))
        bases.append(base)
    return bases


def _fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


async def test_one_session_gets_its_20_messages_across_both_servers_not_40(
    database_url: str, tmp_path: Path
) -> None:
    async with AsyncExitStack() as stack, httpx.AsyncClient() as http:
        bases = await _two_servers(stack, database_url, tmp_path)
        fields = _fields((await http.get(f"{bases[0]}/")).text)
        statuses = []
        for i in range(22):
            response = await http.post(
                f"{bases[i % 2]}/chat/message",
                data={**fields, "view": "page", "text": "what is MasseurMatch?"},
                headers={"HX-Request": "true"},
            )
            statuses.append(response.status_code)
            fields.update(_fields(response.text))
            if (
                response.status_code == 200 and 'id="knotty-input"' not in response.text
            ):  # a chat that went in circles
                restarted = await http.post(
                    f"{bases[(i + 1) % 2]}/chat/restart", data={**fields, "view": "page"}
                )
                fields.update(_fields(restarted.text))
        assert statuses[:20] == [200] * 20
        assert statuses[20:] == [429, 429], "the second server knows what the first counted"


async def test_new_chats_from_one_address_are_counted_across_both_servers(
    database_url: str, tmp_path: Path
) -> None:
    async with AsyncExitStack() as stack, httpx.AsyncClient() as http:
        bases = await _two_servers(stack, database_url, tmp_path)
        statuses = []
        for i in range(31):
            http.cookies.clear()  # every page load mints a new session
            statuses.append((await http.get(f"{bases[i % 2]}/")).status_code)
        assert statuses == [200] * 30 + [429]


async def test_admin_token_guesses_are_counted_across_both_servers(database_url: str, tmp_path: Path) -> None:
    async with AsyncExitStack() as stack, httpx.AsyncClient() as http:
        bases = await _two_servers(stack, database_url, tmp_path, ADMIN_TOKEN=TOKEN)
        statuses = []
        for i in range(12):
            guess = {"Authorization": f"Bearer wrong-guess-{i}"}
            statuses.append((await http.get(f"{bases[i % 2]}/admin/api/waitlist", headers=guess)).status_code)
        assert statuses == [401] * 10 + [429, 429]
        right = {"Authorization": f"Bearer {TOKEN}"}
        assert (await http.get(f"{bases[0]}/admin/api/waitlist", headers=right)).status_code == 429, (
            "even the right token waits"
        )
