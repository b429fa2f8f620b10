"""Every cookie is `Secure` when people reach Knotty over https, even through a proxy it does not trust.

Before: the admin's session, its form anchor and the chat's session cookie were `Secure` only when the
request reached the app as https. Behind a TLS-terminating proxy not listed in `KNOTTY_TRUSTED_PROXIES`
(its `X-Forwarded-Proto` is ignored) they went out without it, so a browser would send the admin's
session over any plain-http link to the same host. Now `PUBLIC_BASE_URL` being https makes every cookie
`Secure`; with a plain-http `PUBLIC_BASE_URL` (local development) a cookie is `Secure` only over https,
so signing in over http://127.0.0.1 still works. Played over real HTTP.

Before (round 13): a web-only deployment that left `PUBLIC_BASE_URL` unset, behind such a proxy, set
every cookie without `Secure`. Now, unset, a cookie goes without `Secure` only to a plainly local
request (plain http to a loopback host, no proxy's header); any other host is taken to be reached
through a proxy that may have spoken https.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.support.tls_proxy import behind_tls_proxy
from tests.web.conftest import web_app

TOKEN = "admin-token-behind-a-tls-proxy-0123456789"
PUBLIC = "https://knotty.example.com"


def _set_cookies(response: httpx.Response) -> dict[str, str]:
    """Each cookie the response sets, by name: its whole `Set-Cookie` line."""
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


def _secure(line: str) -> bool:
    return "secure" in [part.strip().lower() for part in line.split(";")]


async def _every_cookie(http: httpx.AsyncClient, forwarded: dict[str, str]) -> dict[str, list[str]]:
    """Open the chat, sign in to the admin and out again: every `Set-Cookie` line, by cookie."""
    seen: dict[str, list[str]] = {}

    def keep(response: httpx.Response) -> httpx.Response:
        for name, line in _set_cookies(response).items():
            seen.setdefault(name, []).append(line)
        return response

    keep(await http.get("/", headers=forwarded))
    login = keep(await http.get("/admin", headers=forwarded))
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf, login.text[:300]
    signed_in = keep(
        await http.post("/admin/login", data={"token": TOKEN, "csrf": csrf.group(1)}, headers=forwarded)
    )
    assert signed_in.status_code == 303, signed_in.text[:200]
    page = keep(await http.get("/admin", headers=forwarded))
    assert page.status_code == 200 and 'id="waitlist"' in page.text, "the browser is signed in"
    again = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert again
    out = keep(await http.post("/admin/logout", data={"csrf": again.group(1)}, headers=forwarded))
    assert out.status_code == 303
    assert 'type="password"' in (await http.get("/admin", headers=forwarded)).text, "signed out"
    return seen


@pytest.mark.parametrize("proxies", ["10.20.30.40", "127.0.0.1"], ids=["untrusted-proxy", "trusted-proxy"])
async def test_an_https_public_url_makes_every_cookie_secure(
    database_url: str, tmp_path: Path, proxies: str
) -> None:
    env = {"ADMIN_TOKEN": TOKEN, "PUBLIC_BASE_URL": PUBLIC, "KNOTTY_TRUSTED_PROXIES": proxies}
    async with web_app(database_url, tmp_path, **env) as (base, _), behind_tls_proxy(base) as http:
        seen = await _every_cookie(http, {"X-Forwarded-Proto": "https"})
    assert {"knotty_session", "knotty_admin", "knotty_admin_form"} <= set(seen)
    plain = [line for lines in seen.values() for line in lines if not _secure(line)]
    assert plain == [], f"{len(plain)} cookies set without Secure behind the proxy: {plain}"


async def test_plain_http_development_signs_in_without_secure_cookies(
    database_url: str, tmp_path: Path
) -> None:
    env = {"ADMIN_TOKEN": TOKEN, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    async with web_app(database_url, tmp_path, **env) as (base, _), httpx.AsyncClient(base_url=base) as http:
        seen = await _every_cookie(http, {})  # an ordinary client: it returns no Secure cookie over http
    assert not [line for lines in seen.values() for line in lines if _secure(line)]


def _public_hosts(seed: int) -> list[str]:
    """Hosts people could reach a deployment at: generated names in many locales, some with a port."""
    fake = Faker(["en_US", "de_DE", "fr_FR", "ja_JP", "pt_BR", "pl_PL"])
    fake.seed_instance(seed)
    hosts = [fake.unique.domain_name(levels=fake.random_int(1, 2)) for _ in range(3)]
    return [*hosts, f"{fake.unique.domain_name()}:{fake.random_int(1024, 65000)}", fake.ipv4_public()]


@pytest.mark.parametrize("host", _public_hosts(1313), ids=lambda host: host)
async def test_no_public_url_behind_an_untrusted_proxy_sets_every_cookie_secure(
    database_url: str, tmp_path: Path, host: str
) -> None:
    """`PUBLIC_BASE_URL` unset, a TLS proxy Knotty does not trust passing the public `Host` on."""
    env = {"ADMIN_TOKEN": TOKEN, "KNOTTY_TRUSTED_PROXIES": "10.20.30.40"}
    async with web_app(database_url, tmp_path, **env) as (base, _), behind_tls_proxy(base) as http:
        seen = await _every_cookie(http, {"Host": host, "X-Forwarded-Proto": "https"})
    assert {"knotty_session", "knotty_admin", "knotty_admin_form"} <= set(seen)
    plain = [line for lines in seen.values() for line in lines if not _secure(line)]
    assert plain == [], f"{len(plain)} cookies set without Secure for {host}: {plain}"


@pytest.mark.parametrize(
    "forwarded",
    [{"X-Forwarded-For": Faker().ipv4_public()}, {"Forwarded": "proto=https"}, {"Via": "1.1 proxy"}],
    ids=["x-forwarded-for", "forwarded", "via"],
)
async def test_a_proxy_naming_a_loopback_host_still_gets_secure_cookies(
    database_url: str, tmp_path: Path, forwarded: dict[str, str]
) -> None:
    """A proxy that rewrites `Host` to its upstream (nginx's default `proxy_pass http://127.0.0.1:…`) but
    says it forwarded: not plainly local."""
    env = {"ADMIN_TOKEN": TOKEN, "KNOTTY_TRUSTED_PROXIES": "10.20.30.40"}
    async with web_app(database_url, tmp_path, **env) as (base, _), behind_tls_proxy(base) as http:
        seen = await _every_cookie(http, forwarded)
    plain = [line for lines in seen.values() for line in lines if not _secure(line)]
    assert plain == [], f"{len(plain)} cookies set without Secure: {plain}"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "knotty.localhost"])
async def test_no_public_url_on_this_machine_signs_in_over_plain_http(
    database_url: str, tmp_path: Path, host: str
) -> None:
    """Local development with nothing configured: plain http to a loopback host still signs in."""
    async with (
        web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        port = httpx.URL(base).port
        seen = await _every_cookie(http, {"Host": f"{host}:{port}"})
    assert not [line for lines in seen.values() for line in lines if _secure(line)]
