"""Erasing a signup from the admin page, over real HTTP on both databases.

Before, erasure was `knotty erase ID` only: the admin page showed no entry id and had no way to
erase, and the rate-limit counters keyed by the person's phone (the texts their chat asked for) were
left behind. Now the page shows each entry's id, asks before erasing, and erases only on a `POST`
carrying the session's CSRF token and the confirmation, from this site (or with the bearer token).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from faker import Faker

from tests.channels.test_erase_entry import _every_row, _holding
from tests.conftest import new_database_url
from tests.support.redis_server import redis_server
from tests.support.tls_proxy import behind_tls_proxy
from tests.web.conftest import WebVisitor, bubbles, web_app
from tests.web.test_admin_http import TOKEN, _sign_in

LOCALES = ["en_US", "fr_FR", "de_DE", "pt_BR", "es_ES", "it_IT", "nl_NL", "en_GB"]
ENV = {"ADMIN_TOKEN": TOKEN, "PUBLIC_BASE_URL": "https://waitlist.example.com"}


def _person(fake: Faker, last4: int) -> dict[str, str]:
    return {
        "name": f"{fake.first_name()} {fake.last_name()}",
        "phone": f"202 555 {last4:04d}",
        "e164": f"+1202555{last4:04d}",
        "email": f"{fake.unique.user_name()}@{fake.free_email_domain()}",
    }


async def _sign_up(base: str, who: dict[str, str]) -> None:
    """One web visitor signs up and says yes to the confirmation text (which counts a text to the number)."""
    async with behind_tls_proxy(base) as chat:
        visitor = WebVisitor(chat)
        await visitor.open("/")
        for text in [who["name"], who["phone"], who["email"], "I'm a massage therapist", "yes", "yes"]:
            await visitor.say(text)
        said = " ".join(bubbles(visitor.last.text if visitor.last else ""))
        assert "text" in said.lower(), said


class _Records(logging.Handler):
    """The log records Knotty writes while attached."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record)


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)


@pytest.fixture
def people() -> list[dict[str, str]]:
    fake = Faker(LOCALES)
    fake.seed_instance(9_2026)
    return [_person(fake, 141), _person(fake, 142)]


async def test_the_admin_page_shows_the_id_asks_then_erases_everything_of_one_person(
    database_url: str, tmp_path: Path, people: list[dict[str, str]]
) -> None:
    leaving, staying = people
    async with web_app(database_url, tmp_path, **ENV) as (base, runtime):
        await _sign_up(base, leaving)
        await _sign_up(base, staying)
        entries = {e.email: e for e in await runtime.store.list_entries()}
        gone, kept = entries[leaving["email"]], entries[staying["email"]]
        before = await _every_row(database_url)
        assert _holding(before, leaving["e164"]).get("rate_limit_hits"), "a counter names the number"

        async with behind_tls_proxy(base) as http:
            await _sign_in(http)
            page = await http.get("/admin")
            assert f'href="/admin/entries/{gone.id}/erase"' in page.text, "the id and the erase link"
            ask = await http.get(f"/admin/entries/{gone.id}/erase")
            assert ask.status_code == 200 and leaving["name"] in ask.text
            assert len(await runtime.store.list_entries()) == 2, "asking erases nothing"
            records = _Records()
            logging.getLogger("knotty").addHandler(records)
            try:
                done = await http.post(
                    f"/admin/entries/{gone.id}/erase",
                    data={"csrf": _csrf(ask.text), "confirm": str(gone.id)},
                    headers={"Origin": "https://waitlist.example.com"},
                )
            finally:
                logging.getLogger("knotty").removeHandler(records)
            assert done.status_code == 200, done.text
            assert f"Entry {gone.id} erased" in done.text
            again = await http.post(
                f"/admin/entries/{gone.id}/erase", data={"csrf": _csrf(ask.text), "confirm": str(gone.id)}
            )
            assert again.status_code == 404

        after = await _every_row(database_url)
        assert _holding(after, leaving["email"], leaving["name"], leaving["e164"]) == {}
        for needle in (staying["email"], staying["name"], staying["e164"]):
            assert _holding(after, needle) == _holding(before, needle), needle
        assert [e.id for e in await runtime.store.list_entries()] == [kept.id]
        [erased] = [r.__dict__["fields"] for r in records.seen if r.getMessage() == "admin_erased"]
        assert erased["entry_id"] == gone.id and erased["counters"] >= 1, erased
        logged = " ".join(str(r.__dict__.get("fields")) for r in records.seen)
        assert not any(
            needle.lower() in logged.lower()
            for needle in (leaving["email"], leaving["name"], leaving["e164"])
        ), logged


async def test_forged_cross_site_and_tokenless_posts_erase_nothing(
    database_url: str, tmp_path: Path, people: list[dict[str, str]]
) -> None:
    leaving, _ = people
    async with web_app(database_url, tmp_path, **ENV) as (base, runtime):
        await _sign_up(base, leaving)
        [entry] = await runtime.store.list_entries()
        assert entry.id is not None
        url = f"/admin/entries/{entry.id}/erase"
        confirm = {"confirm": str(entry.id)}
        async with behind_tls_proxy(base) as stranger:
            assert (await stranger.post(url, data=confirm)).status_code == 401, "no session, no token"
            wrong = {"Authorization": "Bearer not-the-admin-token-0123456789"}
            assert (await stranger.post(url, data=confirm, headers=wrong)).status_code == 401
            assert (await stranger.post(url, data=confirm, headers={"Authorization": ""})).status_code == 401
            asked = await stranger.get(url)
            assert asked.status_code == 303 and entry.full_name not in asked.text
        async with behind_tls_proxy(base) as admin:
            await _sign_in(admin)
            token = _csrf((await admin.get(url)).text)
            attacks = {
                "cross-site origin": ({"csrf": token, **confirm}, {"Origin": "https://evil.example"}),
                "null origin": ({"csrf": token, **confirm}, {"Origin": "null"}),
                "cross-site fetch": ({"csrf": token, **confirm}, {"Sec-Fetch-Site": "cross-site"}),
                "no csrf": (confirm, {}),
                "forged csrf": ({"csrf": "A" * 43, **confirm}, {}),
                "no confirmation": ({"csrf": token}, {}),
                "another entry's confirmation": ({"csrf": token, "confirm": str(entry.id + 1)}, {}),
            }
            for name, (form, headers) in attacks.items():
                refused = await admin.post(url, data=form, headers=headers)
                assert refused.status_code in (400, 403), (name, refused.status_code)
                assert [e.id for e in await runtime.store.list_entries()] == [entry.id], name
            get = await admin.get(url, params={"csrf": token, **confirm})
            assert get.status_code == 200 and len(await runtime.store.list_entries()) == 1, "GET never erases"
        async with behind_tls_proxy(base) as script:
            bearer = {"Authorization": f"Bearer {TOKEN}"}
            unconfirmed = await script.post(url, headers=bearer)
            assert unconfirmed.status_code == 400 and len(await runtime.store.list_entries()) == 1
            done = await script.post(url, data=confirm, headers=bearer)
            assert done.status_code == 200 and done.json()["erased"] == entry.id, done.text
            assert await runtime.store.list_entries() == []
            missing = await script.post(url, data=confirm, headers=bearer)
            assert missing.status_code == 404


async def test_erasing_with_redis_counters_removes_the_ones_naming_the_person(
    tmp_path: Path, people: list[dict[str, str]]
) -> None:
    leaving, staying = people
    with redis_server(tmp_path) as (redis_url, _):
        database = await new_database_url("sqlite", tmp_path, None, None)
        async with web_app(database, tmp_path, KNOTTY_REDIS_URL=redis_url, **ENV) as (base, runtime):
            await _sign_up(base, leaving)
            await _sign_up(base, staying)
            redis = aioredis.Redis.from_url(redis_url, decode_responses=True)
            try:
                before = await redis.keys("*")
                assert any(leaving["e164"] in k for k in before), before
                entry = next(e for e in await runtime.store.list_entries() if e.email == leaving["email"])
                async with behind_tls_proxy(base) as script:
                    done = await script.post(
                        f"/admin/entries/{entry.id}/erase",
                        data={"confirm": str(entry.id)},
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                assert done.status_code == 200 and done.json()["counters"] >= 1, done.text
                after = await redis.keys("*")
            finally:
                await redis.aclose()
            assert [k for k in after if leaving["e164"] in k] == []
            assert sorted(k for k in after if staying["e164"] in k) == sorted(
                k for k in before if staying["e164"] in k
            )
            assert sorted(k for k in before if leaving["e164"] not in k) == sorted(after)


async def test_a_csrf_token_from_before_sign_in_erases_nothing(
    database_url: str, tmp_path: Path, people: list[dict[str, str]]
) -> None:
    """Session fixation of the forms' anchor: someone who got the login page (its anchor cookie and a
    CSRF token for it) and planted that cookie in the admin's browser knows no token of the session
    the admin then signs into."""
    leaving, _ = people
    async with web_app(database_url, tmp_path, **ENV) as (base, runtime):
        await _sign_up(base, leaving)
        [entry] = await runtime.store.list_entries()
        url = f"/admin/entries/{entry.id}/erase"
        async with behind_tls_proxy(base) as attacker:
            known = _csrf((await attacker.get("/admin")).text)
            planted = attacker.cookies.get("knotty_admin_form", path="/admin")
        assert planted
        async with behind_tls_proxy(base) as admin:
            admin.cookies.set("knotty_admin_form", planted, path="/admin")
            assert (await _sign_in(admin)).status_code == 303
            page = await admin.get("/admin")
            assert entry.full_name in page.text, "signed in"
            forged = await admin.post(url, data={"csrf": known, "confirm": str(entry.id)})
            assert forged.status_code == 403, forged.text
            assert [e.id for e in await runtime.store.list_entries()] == [entry.id]
            own = _csrf((await admin.get(url)).text)
            assert own != known
            done = await admin.post(url, data={"csrf": own, "confirm": str(entry.id)})
            assert done.status_code == 200 and await runtime.store.list_entries() == []


@pytest.mark.parametrize("entry_id", [2**31, 2**63, 10**30, -(2**63) - 1])
async def test_an_entry_number_no_column_can_hold_is_no_entry_not_a_server_error(
    database_url: str, tmp_path: Path, people: list[dict[str, str]], entry_id: int
) -> None:
    """An admin who pastes a phone number (or any long number) as an entry's id, on the erase page or in
    `POST /admin/entries/ID/erase`, got a 500 ("internal error"): the id went to the database as it was,
    past what its integer column holds (SQLite's 64 bits, PostgreSQL's 32). It is no entry: a 404 that
    says so, and nothing is erased."""
    staying, _ = people
    async with web_app(database_url, tmp_path, **ENV) as (base, runtime):
        await _sign_up(base, staying)
        [entry] = await runtime.store.list_entries()
        url = f"/admin/entries/{entry_id}/erase"
        async with behind_tls_proxy(base) as admin:
            await _sign_in(admin)
            asked = await admin.get(url)
            assert asked.status_code == 404 and "not found" in asked.text.lower(), asked.text[:300]
        async with behind_tls_proxy(base) as script:
            bearer = {"Authorization": f"Bearer {TOKEN}"}
            done = await script.post(url, data={"confirm": str(entry_id)}, headers=bearer)
            assert done.status_code == 404, done.text
            assert done.json() == {"error": f"there is no entry {entry_id}"}
        assert [e.id for e in await runtime.store.list_entries()] == [entry.id], "nothing was erased"
