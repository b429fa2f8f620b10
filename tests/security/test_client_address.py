"""Issue 10, item 3: a client forging `X-Forwarded-For` to dodge the per-address limits.

With `FORWARDED_ALLOW_IPS=*` (once recommended for Fly.io, Render and Railway) uvicorn believed the
left-most `X-Forwarded-For` hop, which the client writes, so every request could claim a new address:
unlimited new chats and admin sign-in guesses, never a 429. Now the app believes forwarding headers
only from `KNOTTY_TRUSTED_PROXIES`, takes the right-most hop a trusted proxy appended (or the
platform's own header, e.g. `Fly-Client-IP`), and the limits hold, through the real server.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from tests.conftest import make_settings
from tests.web.conftest import web_app

TOKEN = "admin-token-for-security-tests-0123456789"
PROXY = "127.0.0.2"
"""The platform's proxy in these tests: a second loopback address the test connects from."""
PLAIN_HTTP = "http://127.0.0.1:8000"
"""`PUBLIC_BASE_URL` of these deployments, said to be plain http: their cookies are then `Secure` only on a
request a trusted proxy says is https (unset, any request with a proxy's header gets `Secure` ones,
which these plain-http clients would not send back)."""


def _forged() -> str:
    return f"203.0.113.{secrets.randbelow(250) + 1}"


@asynccontextmanager
async def _client(base: str, local_address: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.AsyncHTTPTransport(local_address=local_address) if local_address else None
    async with httpx.AsyncClient(base_url=base, transport=transport) as http:
        yield http


async def _new_chat_statuses(http: httpx.AsyncClient, headers: list[dict[str, str]]) -> list[int]:
    statuses = []
    for h in headers:
        http.cookies.clear()  # every page load asks for a new conversation
        statuses.append((await http.get("/", headers=h)).status_code)
    return statuses


async def _login_statuses(
    http: httpx.AsyncClient, attempts: int, headers: dict[str, str] | None = None
) -> list[int]:
    statuses = []
    for i in range(attempts):
        extra = headers or {"X-Forwarded-For": _forged()}
        page = await http.get("/admin", headers=extra)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf, page.text[:200]
        login = await http.post(
            "/admin/login", data={"token": f"guess-{i}", "csrf": csrf.group(1)}, headers=extra
        )
        statuses.append(login.status_code)
    return statuses


async def test_a_direct_client_forging_x_forwarded_for_still_hits_the_limits(
    database_url: str, tmp_path: Path
) -> None:
    """Behind Render or Railway the app trusts only the platform's private network, not the client."""
    env = {"KNOTTY_TRUSTED_PROXIES": "10.0.0.0/8", "ADMIN_TOKEN": TOKEN, "PUBLIC_BASE_URL": PLAIN_HTTP}
    async with web_app(database_url, tmp_path, **env) as (base, _), _client(base) as http:
        forged = [{"X-Forwarded-For": f"{_forged()}", "X-Real-IP": _forged()} for _ in range(31)]
        assert await _new_chat_statuses(http, forged) == [200] * 30 + [429]
        assert await _login_statuses(http, 11) == [401] * 10 + [429]


async def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(
    database_url: str, tmp_path: Path
) -> None:
    """The proxy appends the address it saw; whatever the client wrote to the left of it doesn't count."""
    env = {
        "KNOTTY_TRUSTED_PROXIES": f"{PROXY},10.0.0.0/8",
        "ADMIN_TOKEN": TOKEN,
        "PUBLIC_BASE_URL": PLAIN_HTTP,
    }
    async with web_app(database_url, tmp_path, **env) as (base, _), _client(base, PROXY) as proxy:
        client = "198.51.100.7"
        forged = [{"X-Forwarded-For": f"{_forged()}, {client}, 10.1.2.3"} for _ in range(31)]
        assert await _new_chat_statuses(proxy, forged) == [200] * 30 + [429]
        neighbour = [{"X-Forwarded-For": "198.51.100.8"}]
        assert await _new_chat_statuses(proxy, neighbour) == [200], (
            "another client behind the proxy has its own limit"
        )
        assert await _login_statuses(proxy, 11, {"X-Forwarded-For": f"{_forged()}, 198.51.100.9"}) == [
            401
        ] * 10 + [429]


async def test_fly_client_ip_counts_only_from_the_platform_proxy(database_url: str, tmp_path: Path) -> None:
    env = {"KNOTTY_TRUSTED_PROXIES": PROXY, "KNOTTY_CLIENT_IP_HEADER": "Fly-Client-IP"}
    async with web_app(database_url, tmp_path, **env) as (base, _):
        async with _client(base, PROXY) as proxy:
            via_fly = [{"Fly-Client-IP": "198.51.100.20", "X-Forwarded-For": _forged()} for _ in range(31)]
            assert await _new_chat_statuses(proxy, via_fly) == [200] * 30 + [429]
            assert await _new_chat_statuses(proxy, [{"Fly-Client-IP": "198.51.100.21"}]) == [200]
        async with _client(base) as direct:
            forged = [{"Fly-Client-IP": _forged()} for _ in range(31)]
            assert await _new_chat_statuses(direct, forged) == [200] * 30 + [429], (
                "a direct client can't claim Fly's header"
            )


@pytest.mark.parametrize("spec", ["*", "10.0.0.0/8,*", "proxy.internal"])
def test_trusting_every_peer_or_a_typo_stops_start_up(spec: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="KNOTTY_TRUSTED_PROXIES"):
        make_settings("sqlite+aiosqlite:///:memory:", tmp_path, KNOTTY_TRUSTED_PROXIES=spec)


async def test_https_comes_from_the_trusted_proxy_only(database_url: str, tmp_path: Path) -> None:
    env = {"KNOTTY_TRUSTED_PROXIES": PROXY, "PUBLIC_BASE_URL": PLAIN_HTTP}
    async with web_app(database_url, tmp_path, **env) as (base, _):
        async with _client(base, PROXY) as proxy:
            cookie = (await proxy.get("/chat/embed", headers={"X-Forwarded-Proto": "https"})).headers[
                "set-cookie"
            ]
            assert "secure" in cookie.lower() and "samesite=none" in cookie.lower()
        async with _client(base) as direct:
            cookie = (await direct.get("/chat/embed", headers={"X-Forwarded-Proto": "https"})).headers[
                "set-cookie"
            ]
            assert "secure" not in cookie.lower()


def _addresses_of_one_host(count: int) -> list[str]:
    """`count` different IPv6 addresses in one random documentation /64 (2001:db8::/32), each written fully."""
    net = f"2001:db8:{secrets.randbits(16):x}:{secrets.randbits(16):x}"
    return [
        ":".join([net, *(f"{secrets.randbits(64):016x}"[i : i + 4] for i in range(0, 16, 4))])
        for _ in range(count)
    ]


async def test_an_ipv6_host_rotating_its_address_within_its_64_still_hits_the_limits(
    database_url: str, tmp_path: Path
) -> None:
    """Any cloud server or home router gets a whole IPv6 /64 and may send every request from a new
    address in it: counted per full address, a script had unlimited new chats (and so unlimited
    "already on our waitlist" probes) and unlimited admin sign-in guesses, never a 429."""
    env = {"KNOTTY_TRUSTED_PROXIES": PROXY, "KNOTTY_CLIENT_IP_HEADER": "Fly-Client-IP", "ADMIN_TOKEN": TOKEN}
    async with web_app(database_url, tmp_path, **env) as (base, _), _client(base, PROXY) as proxy:
        rotating = [{"Fly-Client-IP": a} for a in _addresses_of_one_host(31)]
        assert await _new_chat_statuses(proxy, rotating) == [200] * 30 + [429]
        [neighbour] = _addresses_of_one_host(1)
        assert await _new_chat_statuses(proxy, [{"Fly-Client-IP": neighbour}]) == [200], (
            "another /64 is another client"
        )
        guesses = _addresses_of_one_host(11)
        statuses = [(await _login_statuses(proxy, 1, {"Fly-Client-IP": a}))[0] for a in guesses]
        assert statuses == [401] * 10 + [429]


async def test_an_ipv4_mapped_ipv6_address_is_the_same_client_as_its_ipv4(
    database_url: str, tmp_path: Path
) -> None:
    env = {"KNOTTY_TRUSTED_PROXIES": PROXY, "KNOTTY_CLIENT_IP_HEADER": "Fly-Client-IP"}
    async with web_app(database_url, tmp_path, **env) as (base, _), _client(base, PROXY) as proxy:
        client = _forged()
        both = [{"Fly-Client-IP": client if i % 2 else f"::ffff:{client}"} for i in range(31)]
        assert await _new_chat_statuses(proxy, both) == [200] * 30 + [429]
