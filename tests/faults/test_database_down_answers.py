"""Every page, download, API call and webhook while the database is away: a clear answer, never a 500.

Before: with PostgreSQL stopped (or the SQLite file unreadable) a signed-in admin opening `/admin` got
the login form (200), the CSV download and the erase step "sign in first" (401, 303), the bearer API
a 500 with the stack trace in the log; the web chat's 503s said nothing of when to come back. Now every
one is a 503 with `Retry-After` (HTML for the admin's browser, JSON for the bearer token), logged in one
warning line per request, and once the database is back the same cookie is still signed in and
nothing was erased.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from faker import Faker

from app.migrate import migrate_async
from tests.channels.conftest import KNOTTY_NUMBER, PUBLIC, TwilioWorld, twilio_world
from tests.faults.conftest import StoppableDatabase
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.tls_proxy import behind_tls_proxy

TOKEN = "admin-token-4d1e8b-77c2a9f0e3b5"
_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)"(?: id="[\w-]+")? value="([^"]*)"')


def _says_why(page: str) -> bool:
    """The page says the site is away for now: the admin's "unavailable", the chat's "can't chat right now"."""
    return "unavailable" in page.lower() or "can't chat right now" in page.replace("&#39;", "'")


async def _sign_in(http: httpx.AsyncClient) -> None:
    login = await http.get("/admin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf, login.text[:300]
    assert (await http.post("/admin/login", data={"token": TOKEN, "csrf": csrf.group(1)})).status_code == 303


def _logged(err: str) -> dict[str, list[dict[str, object]]]:
    """The warning and error lines of the app's JSON log, by request id."""
    by_request: dict[str, list[dict[str, object]]] = {}
    for line in err.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if record.get("level") in {"warning", "error", "critical"} and "request_id" in record:
            by_request.setdefault(str(record["request_id"]), []).append(record)
    return by_request


async def _while_down(
    world: TwilioWorld, take_down: Callable[[], Awaitable[None]], capsys: pytest.CaptureFixture[str]
) -> tuple[int, httpx.AsyncClient]:
    fake = Faker(["en_US", "pt_BR", "de_DE"])
    fake.seed_instance(1107)
    entry = (
        await world.store.save_entry(
            full_name=fake.name(), phone="+14155550142", email=fake.email(), role="therapist", channel="web"
        )
    ).entry
    assert entry.id is not None
    admin = behind_tls_proxy(world.base_url)
    bearer = behind_tls_proxy(world.base_url, headers={"Authorization": f"Bearer {TOKEN}"})
    visitor = behind_tls_proxy(world.base_url)
    await _sign_in(admin)
    ask = await admin.get(f"/admin/entries/{entry.id}/erase")
    csrf = re.search(r'name="csrf" value="([^"]+)"', ask.text)
    assert ask.status_code == 200 and csrf
    form = dict(_HIDDEN.findall((await visitor.get("/")).text))
    await visitor.post("/chat/message", data={**form, "view": "page", "text": fake.name()})
    call = await world.sim.call("+14155550179")
    await call.press("1")

    await take_down()
    capsys.readouterr()
    wrong: list[str] = []
    html = {
        "admin page": admin.get("/admin"),
        "admin search": admin.get("/admin", params={"q": entry.email}),
        "CSV download": admin.get("/admin/waitlist.csv"),
        "erase step": admin.get(f"/admin/entries/{entry.id}/erase"),
        "erase button": admin.post(
            f"/admin/entries/{entry.id}/erase",
            data={"csrf": csrf.group(1), "confirm": str(entry.id)},
            headers={"origin": PUBLIC},
        ),
        "transcript": admin.get("/admin/conversations/0123456789abcdef"),
        "sign out": admin.post("/admin/logout", data={"csrf": csrf.group(1)}, headers={"origin": PUBLIC}),
        "chat page": visitor.get("/"),
        "chat message": visitor.post("/chat/message", data={**form, "view": "page", "text": "hello"}),
        "chat restart": visitor.post("/chat/restart", data={**form, "view": "page"}),
    }
    api = {
        "API list": bearer.get("/admin/api/waitlist"),
        "API CSV": bearer.get("/admin/waitlist.csv"),
        "API erase": bearer.post(f"/admin/entries/{entry.id}/erase", data={"confirm": str(entry.id)}),
    }
    answers: dict[str, httpx.Response] = {}
    for name, request in {**html, **api}.items():
        answers[name] = answer = await request
        kind = answer.headers.get("content-type", "")
        says = (
            kind == "application/json" and "unavailable" in answer.json()["detail"]
            if name in api
            else "text/html" in kind and _says_why(answer.text)
        )
        if answer.status_code != 503 or not answer.headers.get("retry-after", "").isdigit():
            wrong.append(f"{name}: {answer.status_code} retry-after={answer.headers.get('retry-after')}")
        elif not says:
            wrong.append(f"{name}: {kind} {answer.text[:80]!r}")
        if "Traceback" in answer.text:
            wrong.append(f"{name}: a stack trace in the answer")
    sid = "SM" + "7" * 32
    text = await world.sim.post(
        "/twilio/sms", {"From": "+14155550111", "To": KNOTTY_NUMBER, "Body": "hi", "MessageSid": sid}
    )
    if text.status_code != 200 or "<Message>" not in text.text:
        wrong.append(f"text: {text.status_code} {text.text[:80]!r}")
    status = await world.sim.post("/twilio/voice/status", {**call._params(), "CallStatus": "completed"})
    if (
        status.status_code != 503
        or not isinstance(status, httpx.Response)
        or not status.headers.get("retry-after")
    ):
        wrong.append(f"call status: {status.status_code}")
    logged = _logged(capsys.readouterr().err)
    for name in [*[*html][:7], *api]:  # the admin's requests
        lines = logged.get(answers[name].headers.get("x-request-id", ""), [])
        said = [ln for ln in lines if ln.get("event") == "request_unavailable" or ln.get("level") == "error"]
        if [ln.get("event") for ln in said] != ["request_unavailable"] or "traceback" in said[0]:
            wrong.append(
                f"{name} logged {[(ln.get('level'), ln.get('event') or ln.get('message')) for ln in lines]}"
            )
    assert not wrong, f"{len(wrong)} answers while the database is away: {wrong}"
    await bearer.aclose()
    await visitor.aclose()
    return entry.id, admin


@pytest.mark.slow
async def test_postgres_stopped(
    stoppable_database: StoppableDatabase,
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with twilio_world(stoppable_database.url, tmp_path, fake_rest, ADMIN_TOKEN=TOKEN) as world:

        async def take_down() -> None:
            stoppable_database.stop()

        entry_id, admin = await _while_down(world, take_down, capsys)
        stoppable_database.start()
        back = await admin.get("/admin")
        await admin.aclose()
        assert back.status_code == 200 and 'id="waitlist"' in back.text, "still signed in once it is back"
        assert [e.id for e in await world.store.list_entries()] == [entry_id], "nothing was erased"


async def test_sqlite_file_unreadable(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/knotty.db"
    await migrate_async(url)
    async with twilio_world(url, tmp_path, fake_rest, ADMIN_TOKEN=TOKEN) as world:

        async def take_down() -> None:  # as root a chmod stops nothing: the file's bytes go instead
            for suffix in ("", "-wal", "-shm"):
                path = tmp_path / f"knotty.db{suffix}"
                if path.exists():
                    path.write_bytes(b"not a database " * 512)

        _entry_id, admin = await _while_down(world, take_down, capsys)
        await admin.aclose()
