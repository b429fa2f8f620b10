"""`knotty serve` says where it listens and what it uses; `knotty check` reaches the database, the model
and Twilio and says what works; `knotty twilio-setup` won't point a live number at a loopback address.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, fake_rest  # noqa: F401 - fixture
from tests.integration.knotty_cli import empty_postgres_database, knotty_async, knotty_env
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve
from tests.support.postgres import PostgresCluster
from tests.support.serve_process import free_port

ADMIN_TOKEN = "an-admin-token-long-enough-to-pass"
PUBLIC = "https://knotty.example.com"


@pytest.fixture
async def pg_url(pg_cluster: PostgresCluster | None) -> str:
    """An empty PostgreSQL database, its URL with a password as providers show it (the test server trusts any)."""
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    url = await empty_postgres_database(pg_cluster)
    return url.replace("postgresql://postgres@", "postgresql://postgres:pa55-w0rd-secret@")


async def test_serve_prints_its_url_admin_brain_and_masked_database(tmp_path: Path, pg_url: str) -> None:
    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=pg_url)).returncode == 0
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", "--port", str(port), cwd=tmp_path,
        env=knotty_env(tmp_path, DATABASE_URL=pg_url, ADMIN_TOKEN=ADMIN_TOKEN),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        banner: list[str] = []
        while not banner or not banner[-1].lstrip().startswith("voice mode"):
            banner.append((await asyncio.wait_for(proc.stdout.readline(), 30)).decode())
            assert banner[-1], "serve ended before printing its banner"
        text = "".join(banner)
        assert f"Knotty is serving on http://127.0.0.1:{port}" in text
        assert f"admin:      http://127.0.0.1:{port}/admin" in text
        assert "brain:      scripted (offline)" in text
        db = pg_url.rsplit("/", 1)[1]
        assert "database:   PostgreSQL postgres@127.0.0.1:" in text and f"/{db} (password ***)" in text
        assert "pa55-w0rd-secret" not in text
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(100):
                try:
                    if (await http.get("/livez")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            assert (await http.get("/readyz")).status_code == 200
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)


def everything_configured(pg_url: str, model_url: str, rest_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": pg_url,
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": f"{model_url}/v1",
        "PUBLIC_BASE_URL": PUBLIC,
        "KNOTTY_SECRET_KEY": "k" * 48,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": rest_url,
    }


async def test_check_reaches_everything_and_says_what_works(
    tmp_path: Path,
    pg_url: str,
    fake_rest: tuple[FakeTwilioRest, str],  # noqa: F811 - the fixture imported above
) -> None:
    _, rest_url = fake_rest
    model = FakeOpenAI(lambda request: text_answer("OK"))
    async with serve(model) as model_url:
        env = everything_configured(pg_url, model_url, rest_url)
        before = await knotty_async("check", cwd=tmp_path, settings=env)
        assert before.returncode == 2
        assert "database: FAILED" in before.stdout and "run `knotty migrate` first" in before.stdout
        assert "twilio: FAILED" in before.stdout and "run `knotty twilio-setup`" in before.stdout
        assert (await knotty_async("migrate", cwd=tmp_path, settings=env)).returncode == 0
        setup = await knotty_async("twilio-setup", cwd=tmp_path, settings=env)
        assert setup.returncode == 0, setup.stderr
        ran = await knotty_async("check", cwd=tmp_path, settings=env)
    assert ran.returncode == 0, ran.stdout
    lines = ran.stdout.splitlines()
    assert lines[0] == "configuration: ok"
    assert (
        lines[1].startswith("database: ok: PostgreSQL postgres@127.0.0.1:")
        and "schema is up to date" in lines[1]
    )
    assert lines[2].startswith(f"model: ok: gpt-4o-mini at {model_url}/v1 answered in ")
    assert lines[3] == f"twilio: ok: {KNOTTY_NUMBER} is on the account and its webhooks point at {PUBLIC}"
    assert model.requests and model.requests[-1]["max_tokens"] == 1
    assert "pa55-w0rd-secret" not in ran.stdout


async def test_check_names_what_fails(
    tmp_path: Path,
    pg_url: str,
    fake_rest: tuple[FakeTwilioRest, str],  # noqa: F811 - the fixture imported above
) -> None:
    _, rest_url = fake_rest
    model = FakeOpenAI(lambda request: ModelAnswer(status=401))
    # A port held bound but not listening: every connection to it is refused, and no other test's
    # server can take it meanwhile (a merely free port once was, and answered otherwise).
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        async with serve(model) as model_url:
            env = everything_configured(pg_url, model_url, rest_url)
            env.update(TWILIO_AUTH_TOKEN="wrong-token", DATABASE_URL=pg_url.rsplit(":", 1)[0] + f":{port}/x")
            ran = await knotty_async("check", cwd=tmp_path, settings=env)
    assert ran.returncode == 2
    assert "database: FAILED: PostgreSQL" in ran.stdout and "nothing accepts connections" in ran.stdout
    assert "model: FAILED" in ran.stdout and "OPENAI_API_KEY: refused by the server (HTTP 401)" in ran.stdout
    assert (
        "twilio: FAILED: TWILIO_AUTH_TOKEN: Twilio refused the account SID and token (HTTP 401)" in ran.stdout
    )
    assert "Traceback" not in ran.stdout + ran.stderr


async def test_check_lists_configuration_problems(tmp_path: Path) -> None:
    ran = await knotty_async("check", cwd=tmp_path, PUBLIC_BASE_URL=PUBLIC, TWILIO_ACCOUNT_SID=ACCOUNT_SID)
    assert ran.returncode == 2
    assert "configuration: 1 problem(s)\n  KNOTTY_SECRET_KEY: not set while serving https" in ran.stdout
    assert "twilio: FAILED: TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER not set" in ran.stdout
    assert "model: not configured: the offline brain answers every turn" in ran.stdout


@pytest.mark.parametrize(
    "public",
    ["http://127.0.0.1:8000", "https://localhost:8443", "https://10.0.0.5", "http://knotty.example.com"],
)
async def test_twilio_setup_refuses_an_address_twilio_cannot_reach(
    tmp_path: Path,
    fake_rest: tuple[FakeTwilioRest, str],  # noqa: F811 - the fixture imported above
    public: str,
) -> None:
    rest, rest_url = fake_rest
    env = {
        "PUBLIC_BASE_URL": public,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": KNOTTY_NUMBER,
        "TWILIO_API_BASE_URL": rest_url,
    }
    ran = await knotty_async("twilio-setup", cwd=tmp_path, settings=env)
    assert ran.returncode == 2
    assert ran.error_lines == [
        f"knotty: PUBLIC_BASE_URL: {public} is not a public https address Twilio can reach, and the live number "
        "would point at it; set PUBLIC_BASE_URL to the app's public https URL (or pass --force)"
    ]
    assert rest.number_updates == []
    forced = await knotty_async("twilio-setup", "--force", cwd=tmp_path, settings=env)
    assert forced.returncode == 0, forced.stderr
    assert rest.numbers[KNOTTY_NUMBER]["voice_url"] == f"{public}/twilio/voice"


def _not_a_model(status: int, content_type: bytes, body: bytes) -> object:
    """A web server in place of the model's API: `status` with `body` to any request."""

    async def app(scope: dict[str, object], receive: object, send: object) -> None:
        assert callable(receive) and callable(send)
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", content_type)]}
        )
        await send({"type": "http.response.body", "body": body})

    return app


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (200, b"text/html; charset=utf-8", b"<!doctype html><title>Welcome</title><p>It works!</p>"),
        (200, b"application/json", b'{"status": "ok", "service": "gateway"}'),
        (405, b"text/html", b"<h1>405 Method Not Allowed</h1>"),
        (501, b"text/html", b"<p>Error code: 501 Unsupported method ('POST')</p>"),
    ],
    ids=["html-page", "json-status", "405", "501"],
)
async def test_check_fails_a_base_url_that_is_no_model(
    tmp_path: Path, status: int, content_type: bytes, body: bytes
) -> None:
    """Before: `OPENAI_BASE_URL` at a web server that answers 200 to anything (a landing page, a gateway's
    root without `/v1`) was "model: ok", and every turn then fell back to the offline brain; a 405 or 501
    said "try again or check the account". Now each is FAILED, naming OPENAI_BASE_URL."""
    database = f"sqlite:///{tmp_path}/knotty.db"
    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=database)).returncode == 0
    async with serve(_not_a_model(status, content_type, body)) as url:
        ran = await knotty_async(
            "check", cwd=tmp_path, DATABASE_URL=database, OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=url
        )
    [model] = [line for line in ran.stdout.splitlines() if line.startswith("model:")]
    assert ran.returncode == 2, ran.stdout
    assert model.startswith("model: FAILED") and "OPENAI_BASE_URL: not an OpenAI-compatible API" in model, (
        model
    )
    assert "Traceback" not in ran.stdout + ran.stderr


async def test_check_finds_entry_ids_behind_rows_written_with_ids_of_their_own(
    tmp_path: Path, pg_url: str
) -> None:
    """Before: rows imported with their own ids (a spreadsheet's, a table editor's) left PostgreSQL's id
    sequence behind them: every new signup collided, was retried, and the person was told to try again
    later, while `knotty check` said ok. Now check names it and the statement that puts it right."""
    from faker import Faker

    from knotty.store import Store, create_engine

    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=pg_url)).returncode == 0
    fake = Faker(["en_US", "es_MX", "fr_FR"])
    fake.seed_instance(1108)
    conn = await asyncpg.connect(pg_url)
    try:
        for entry_id in (1, 2, 3):
            await conn.execute(
                "INSERT INTO waitlist_entries (id, full_name, phone, email, role, channel, created_at, updated_at, "
                "confirmation_sms_attempts) VALUES ($1, $2, $3, $4, 'client', 'web', now(), now(), 0)",
                entry_id, fake.name(), f"+1415555{entry_id:04d}", fake.unique.email(),
            )  # fmt: skip
        behind = await knotty_async("check", cwd=tmp_path, DATABASE_URL=pg_url)
        [line] = [ln for ln in behind.stdout.splitlines() if ln.startswith("database:")]
        assert behind.returncode == 2 and line.startswith("database: FAILED"), behind.stdout
        assert "next id 1, highest 3" in line, line
        await conn.execute(line.rsplit("run `", 1)[1].rstrip("`"))  # the statement it prints, as given
    finally:
        await conn.close()
    fixed = await knotty_async("check", cwd=tmp_path, DATABASE_URL=pg_url)
    assert "database: ok" in fixed.stdout, fixed.stdout
    engine = create_engine(pg_url)
    try:
        saved = await Store(engine).save_entry(
            full_name=fake.name(),
            phone="+14155550104",
            email=fake.unique.email(),
            role="therapist",
            channel="web",
        )
    finally:
        await engine.dispose()
    assert saved.entry.id == 4
