"""A stranger guessing the admin token with a burst of requests spread over two server processes.

Wrong bearer tokens (the JSON API, the CSV, the erase step) count in the admin sign-in window, ten per
address per five minutes. The check read the window, then counted the guess after comparing the token:
two hundred guesses sent at once over two processes on PostgreSQL all passed the read before any was
counted, and every one was answered "wrong" (401), not "too many" (429). A guess is now counted and
checked in one step. Guesses from Faker (passwords, and the shapes of real tokens), through the real
servers over HTTP; both backends.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.security.test_shared_limits import _two_servers

TOKEN = "admin-token-for-security-tests-0123456789"
WINDOW = 10
"""Wrong tokens one address may send in the sign-in window (`web.ratelimit.ADMIN_LOGINS`)."""
BURST = 120


def _guesses(seed: int) -> list[str]:
    fake = Faker(["en_US", "de_DE", "ja_JP", "pt_BR"])
    fake.seed_instance(seed)
    makers = (
        lambda: fake.password(length=32),
        lambda: fake.sha256()[:40],
        lambda: str(fake.uuid4()),
        lambda: TOKEN[:-1] + fake.random_letter(),  # one character off the real token
    )
    return [makers[i % len(makers)]() for i in range(BURST)]


async def _guess(http: httpx.AsyncClient, base: str, n: int, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    kind = n % 3
    if kind == 0:
        return (await http.get(f"{base}/admin/api/waitlist", headers=headers)).status_code
    if kind == 1:
        return (await http.get(f"{base}/admin/waitlist.csv", headers=headers)).status_code
    erase = await http.post(f"{base}/admin/entries/{n}/erase", data={"confirm": str(n)}, headers=headers)
    return erase.status_code


@pytest.mark.parametrize("seed", [3, 11])
async def test_a_burst_of_wrong_bearer_tokens_over_two_processes_gets_ten_guesses(
    database_url: str, tmp_path: Path, seed: int
) -> None:
    async with (
        AsyncExitStack() as stack,
        httpx.AsyncClient(limits=httpx.Limits(max_connections=BURST), timeout=60) as http,
    ):
        bases = await _two_servers(stack, database_url, tmp_path, ADMIN_TOKEN=TOKEN)
        guesses = [g for g in _guesses(seed) if g != TOKEN]
        statuses = await asyncio.gather(
            *(_guess(http, bases[n % 2], n, token) for n, token in enumerate(guesses))
        )
        assert Counter(statuses) == {401: WINDOW, 429: len(guesses) - WINDOW}, Counter(statuses)

        right = {"Authorization": f"Bearer {TOKEN}"}
        for base in bases:  # the window is full in both: the right token waits too, so it tells nothing
            assert (await http.get(f"{base}/admin/api/waitlist", headers=right)).status_code == 429
            page = await http.get(f"{base}/admin")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf, page.text[:300]
            login = await http.post(f"{base}/admin/login", data={"token": TOKEN, "csrf": csrf.group(1)})
            assert login.status_code == 429
