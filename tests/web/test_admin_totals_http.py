"""The admin page's totals, chart and CSV download against what the database holds, whatever its length.

The page once read at most 100,000 entries for its totals and chart, and the download stopped there
without a word. Here the entries are Faker's people in many locales, created over the last six weeks,
and the waitlist is made longer than the old cap (shrunk for the test, where it still exists) and
than a page of the download: the numbers a person reads must be the database's, exactly.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from faker import Faker
from sqlalchemy import update

from knotty.export import EXPORT_COLUMNS, csv_text
from knotty.store import Store
from knotty.store.models import WaitlistEntry
from tests.web.conftest import web_app
from tests.web.test_admin_http import TOKEN, _sign_in

LOCALES = ["en_US", "es_MX", "pt_BR", "fr_FR", "de_DE", "ja_JP", "ru_RU", "ar_EG", "vi_VN", "tr_TR"]
PEOPLE = 67
CHANNELS = ["web", "sms", "voice", "cli"]


async def _seed(store: Store, seed: int) -> list[WaitlistEntry]:
    """Faker's people, each signed up on a day of the last 45 (some before the chart's 30)."""
    rng = random.Random(seed)
    fake = Faker(LOCALES)
    fake.seed_instance(seed)
    ids = []
    for k in range(PEOPLE):
        person = fake[rng.choice(LOCALES)]
        saved = await store.save_entry(
            full_name=person.name(),
            phone=f"+1415555{k:04d}",
            email=f"p{k}.{rng.randrange(10**6)}@example.org",
            role=rng.choice(["therapist", "client"]),
            channel=rng.choice(CHANNELS),
        )
        ids.append(saved.entry.id)
    now = datetime.now(UTC)
    async with store.engine.begin() as conn:
        for entry_id in ids:
            when = now - timedelta(days=rng.randrange(45), hours=rng.randrange(24), minutes=rng.randrange(60))
            await conn.execute(
                update(WaitlistEntry).where(WaitlistEntry.id == entry_id).values(created_at=min(when, now))  # type: ignore[arg-type]
            )
    return await store.list_entries(limit=10**6)


def _utc_day(moment: datetime) -> date:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()


def _stats(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="num">(\d+)</span>', page)]


def _chart_days(page: str) -> dict[date, int]:
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>(?:<td>\d+</td>)*?<td>(\d+)</td></tr>", page)
    return {date.fromisoformat(day): int(total) for day, total in rows}


async def test_totals_chart_and_download_are_the_databases_however_long_the_list(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.admin_page

    # The old cap, where it exists, shrunk below this waitlist; the download's page shrunk too, so
    # the rows cross many pages.
    monkeypatch.setattr(web.admin_page, "CHART_SOURCE_LIMIT", 25, raising=False)
    monkeypatch.setattr(web.admin_page, "CSV_PAGE", 6, raising=False)
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        everyone = await _seed(runtime.store, seed=1010)
        assert len(everyone) == PEOPLE
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await _sign_in(http)).status_code == 303
            page = await http.get("/admin")
            assert page.status_code == 200
            today = datetime.now(UTC).date()
            first = today - timedelta(days=29)
            in_chart = Counter(d for e in everyone if first <= (d := _utc_day(e.created_at)) <= today)
            roles = Counter(e.role for e in everyone)
            assert _stats(page.text) == [
                PEOPLE,
                roles["therapist"],
                roles["client"],
                sum(in_chart.values()),
            ], "on the waitlist, therapists, clients, in the last 30 days"
            assert _chart_days(page.text) == dict(in_chart), "the chart's table, day by day"

            newest_first = sorted(everyone, key=lambda e: e.id or 0, reverse=True)
            some_name = everyone[3].full_name.split()[-1][:3]
            filters: list[dict[str, str]] = [
                {},
                {"role": "client"},
                {"channel": "sms"},
                {"q": some_name},
                {"q": "@example.org", "role": "therapist"},
            ]
            for params in filters:
                download = await http.get("/admin/waitlist.csv", params=params)
                assert download.status_code == 200
                matching = await runtime.store.list_entries(
                    search=params.get("q"),
                    role=params.get("role"),
                    channel=params.get("channel"),
                    limit=10**6,
                )
                wanted = [e for e in newest_first if e.id in {m.id for m in matching}]
                assert download.text == csv_text(wanted), f"every matching entry, newest first: {params}"
                rows = list(csv.reader(io.StringIO(download.text)))
                assert tuple(rows[0]) == EXPORT_COLUMNS and len(rows) == len(wanted) + 1
            nobody = await http.get("/admin/waitlist.csv", params={"q": "no such person at all"})
            assert nobody.status_code == 200 and nobody.text == csv_text([])


async def test_a_download_the_database_fails_is_never_a_whole_looking_file(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database failing before the first rows is a 503 that says so; failing after some is a
    response cut off unfinished (the browser's download fails), never a CSV that looks complete."""
    import web.admin_page
    from knotty import StoreUnavailable

    monkeypatch.setattr(web.admin_page, "CSV_PAGE", 5, raising=False)
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed(runtime.store, seed=77)
        read = runtime.store.matching_entries_before
        fail_after = [0]

        async def flaky(*args: object, **kwargs: object) -> list[WaitlistEntry]:
            if fail_after[0] <= 0:
                raise StoreUnavailable("the database went away")
            fail_after[0] -= 1
            return await read(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(runtime.store, "matching_entries_before", flaky)
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await _sign_in(http)).status_code == 303
            down = await http.get("/admin/waitlist.csv")
            assert down.status_code == 503 and "unavailable" in down.text
            fail_after[0] = 3
            with pytest.raises(httpx.HTTPError):
                await http.get("/admin/waitlist.csv")
