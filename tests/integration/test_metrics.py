"""`/metrics` scraped during real conversations over HTTP: turns and latency by channel and brain,
fallbacks by cause, sign-ups, confirmation texts by outcome, rate-limit refusals; and who may read it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from faker import Faker
from prometheus_client.parser import text_string_to_metric_families

from app.migrate import migrate_async
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, twilio_world
from tests.channels.people import Person
from tests.integration.knotty_cli import knotty_env
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import free_port, serve
from tests.web.conftest import SIGNUP, WebVisitor, web_app

TOKEN = "a-metrics-token-for-the-scraper-0123"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path}/metrics.db"
    await migrate_async(url)
    return url


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(http: httpx.AsyncClient) -> Samples:
    response = await http.get("/metrics", headers=BEARER)
    assert response.status_code == 200, response.text
    content_type = response.headers["content-type"]
    assert content_type.startswith("text/plain; version=") and content_type.count("charset=utf-8") == 1
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of `name` over the series whose labels include `labels` (0 when there is none)."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


async def test_metrics_are_off_without_a_token_and_closed_to_a_wrong_one(
    sqlite_url: str, tmp_path: Path
) -> None:
    async with web_app(sqlite_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/metrics", headers=BEARER)).status_code == 404
    async with (
        web_app(sqlite_url, tmp_path, KNOTTY_METRICS_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            refused = await http.get("/metrics", headers=headers)
            assert refused.status_code == 401 and "knotty_turns" not in refused.text
        assert (await http.get("/metrics", headers=BEARER)).status_code == 200


async def test_a_web_signup_shows_in_turns_latency_signups_and_refusals(
    database_url: str, tmp_path: Path
) -> None:
    async with (
        web_app(database_url, tmp_path, KNOTTY_METRICS_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        before = await scrape(http)
        visitor = WebVisitor(http)
        await visitor.open()
        for answer in SIGNUP[:2]:
            await visitor.say(answer)
        during = await scrape(http)
        assert (
            value(during, "knotty_turns_total", channel="web", brain="scripted")
            - value(before, "knotty_turns_total", channel="web", brain="scripted")
            >= 2
        )
        for answer in SIGNUP[2:]:
            await visitor.say(answer)
        after = await scrape(http)
        turns = value(after, "knotty_turns_total", channel="web", brain="scripted") - value(
            before, "knotty_turns_total", channel="web", brain="scripted"
        )
        assert turns >= len(SIGNUP)
        timed = value(after, "knotty_turn_seconds_count", channel="web", brain="scripted") - value(
            before, "knotty_turn_seconds_count", channel="web", brain="scripted"
        )
        assert timed == turns
        assert value(after, "knotty_turn_seconds_bucket", channel="web", brain="scripted", le="+Inf") >= timed
        assert value(after, "knotty_waitlist_entries", role="therapist", channel="web") == 1
        posts = value(
            after, "knotty_http_requests_total", method="POST", path="/chat/message", status_code="200"
        )
        assert posts - value(
            before, "knotty_http_requests_total", method="POST", path="/chat/message", status_code="200"
        ) == len(SIGNUP)

        for i in range(40):  # past the per-session chat limit
            if (await visitor.say(f"hello {i}")).status_code == 429:
                break
        else:
            raise AssertionError("the chat limit never refused")
        refused = await scrape(http)
        assert (
            value(refused, "knotty_http_requests_total", path="/chat/message", status_code="429")
            - value(before, "knotty_http_requests_total", path="/chat/message", status_code="429")
            == 1
        )


async def test_a_dead_model_shows_as_fallbacks_by_cause(sqlite_url: str, tmp_path: Path) -> None:
    env = {
        "KNOTTY_METRICS_TOKEN": TOKEN,
        "KNOTTY_BRAIN": "openai",
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": "http://127.0.0.1:1/v1",
    }
    async with web_app(sqlite_url, tmp_path, **env) as (base, _), httpx.AsyncClient(base_url=base) as http:
        before = await scrape(http)
        visitor = WebVisitor(http)
        await visitor.open()
        await visitor.say(SIGNUP[0])
        after = await scrape(http)
    fallbacks = {
        dict(labels)["reason"]: v - before.get((name, labels), 0)
        for (name, labels), v in after.items()
        if name == "knotty_brain_fallbacks_total" and v - before.get((name, labels), 0) > 0
    }
    assert fallbacks, "no fallback counted"
    assert all(reason != "other" for reason in fallbacks), fallbacks
    assert value(after, "knotty_turns_total", channel="web", brain="scripted") > value(
        before, "knotty_turns_total", channel="web", brain="scripted"
    )


async def test_a_text_signup_counts_its_turns_and_its_confirmation_text(
    sqlite_url: str, tmp_path: Path
) -> None:
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    ben = Person("Ben Okafor", "ben.okafor@example.com", "ben dot okafor at example dot com", "client")
    async with (
        serve(rest) as rest_url,
        twilio_world(sqlite_url, tmp_path, (rest, rest_url), KNOTTY_METRICS_TOKEN=TOKEN) as world,
        httpx.AsyncClient(base_url=world.base_url) as http,
    ):
        before = await scrape(http)
        phone = world.sim.texter("+14155550142")
        replies = await phone.send("Hi! I'd like to join the waitlist")
        for _ in range(15):
            conv = await world.store.latest_conversation("sms", phone.number)
            if conv is not None and conv.status != "active":
                break
            replies = await phone.send(ben.answer(replies[0], spoken=False))
        await world.settle()
        after = await scrape(http)
    texts = len(phone.replies)
    assert (
        value(after, "knotty_turns_total", channel="sms", brain="scripted")
        - value(before, "knotty_turns_total", channel="sms", brain="scripted")
        >= texts - 1
    )
    assert (
        value(after, "knotty_confirmation_texts_total", outcome="sent")
        - value(before, "knotty_confirmation_texts_total", outcome="sent")
        == 1
    )
    assert value(after, "knotty_waitlist_entries", role="client", channel="sms") == 1


def worker_pids(supervisor: int) -> list[int]:
    """The worker processes uvicorn started under `supervisor` (its children)."""
    children = []
    for task in Path(f"/proc/{supervisor}/task").iterdir():
        children += [int(pid) for pid in (task / "children").read_text().split()]
    return [
        pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]  # not the resource tracker


@contextmanager
def only_served_by(workers: list[int], serving: int) -> Iterator[None]:
    """Pause every worker but `serving` (briefly: uvicorn restarts a worker silent for 5 s), so it takes every connection."""
    paused = [pid for pid in workers if pid != serving]
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    for pid in paused:  # a signal lands when the worker next runs: one still running may take the connection
        for _ in range(200):
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("T", "t"):
                break
            time.sleep(0.005)
    try:
        yield
    finally:
        for pid in paused:
            os.kill(pid, signal.SIGCONT)


async def test_every_worker_reports_the_whole_server(tmp_path: Path) -> None:
    """`knotty serve --workers 2`: turns answered by one worker are in the metrics the other one serves."""
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", "--workers", "2", "--port", str(port), cwd=tmp_path,
        env=knotty_env(tmp_path, KNOTTY_METRICS_TOKEN=TOKEN), start_new_session=True,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    fresh_connections = httpx.Limits(
        max_keepalive_connections=0
    )  # each request is a new connection to accept
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=fresh_connections) as http:
            for _ in range(300):
                try:
                    if (await http.get("/livez")).status_code == 200 and len(worker_pids(proc.pid)) == 2:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            first, second = worker_pids(proc.pid)
            workers = [first, second]
            visitor = WebVisitor(http)
            # One request per pause: under a loaded machine a whole signup in one pause outlasted
            # uvicorn's 5 s and the paused worker was restarted.
            with only_served_by(workers, first):
                await visitor.open()
            for answer in SIGNUP[:3]:
                with only_served_by(workers, first):
                    assert (await visitor.say(answer)).status_code == 200
            for answer in SIGNUP[3:]:
                with only_served_by(workers, second):
                    assert (await visitor.say(answer)).status_code == 200
            # A request is counted once its response is sent: let the last one's count land in this
            # worker before it is paused (pausing it in between was a race the test made, not a loss).
            for _ in range(50):
                with only_served_by(workers, second):
                    from_second = await scrape(http)
                if value(from_second, "knotty_http_requests_total", path="/chat/message") == len(SIGNUP):
                    break
                await asyncio.sleep(0.1)
            with only_served_by(workers, first):
                from_first = await scrape(http)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    for seen in (from_first, from_second):
        assert (
            value(seen, "knotty_turns_total", channel="web", brain="scripted") == len(SIGNUP) + 1
        )  # the opening turn too
        assert value(seen, "knotty_http_requests_total", path="/chat/message", status_code="200") == len(
            SIGNUP
        )
        assert value(seen, "knotty_waitlist_entries", role="therapist", channel="web") == 1


async def test_turns_answered_with_an_apology_are_counted_by_channel(tmp_path: Path) -> None:
    """The database is away: every text, call and chat is answered "sorry, try again" (HTTP 200 to
    Twilio), so the request counts look healthy; `knotty_turns_failed_total` is what an alert can see."""
    fake = Faker(["en_US", "es_MX", "fr_FR", "de_DE"])
    fake.seed_instance(8_2028)
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    away = f"postgresql://knotty@127.0.0.1:{free_port()}/knotty"
    async with (
        serve(rest) as rest_url,
        twilio_world(away, tmp_path, (rest, rest_url), KNOTTY_METRICS_TOKEN=TOKEN) as world,
        httpx.AsyncClient(base_url=world.base_url) as http,
    ):
        before = await scrape(http)
        texts = [fake.name(), fake.email(), "hi", "I'm a therapist"]
        phone = world.sim.texter("+14155550143")
        for text in texts:
            [reply] = await phone.send(text)
            assert "trouble" in reply.lower(), reply
        call = await world.sim.call("+14155550144")
        await call.press("1")  # the menu needs no database; the signup's first turn does
        visitor = WebVisitor(http)
        await visitor.open("/")
        said = await visitor.say("hi")
        assert said.status_code == 503, said.status_code
        after = await scrape(http)

    def failed(channel: str) -> float:
        return value(after, "knotty_turns_failed_total", channel=channel) - value(
            before, "knotty_turns_failed_total", channel=channel
        )

    assert (failed("sms"), failed("web")) == (len(texts), 1)
    assert failed("voice") >= 1  # the caller is held and the turn tried again: each try counts
    assert value(after, "knotty_turns_total") == value(before, "knotty_turns_total")
