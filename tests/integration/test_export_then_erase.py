"""An operator erases a person they found in `knotty export`, and exports a large waitlist.

Before, the export had no `id` column, although `knotty erase ID` and its own error message sent the
operator to the export for the id: a person found there could not be erased without the admin API.
And the export read the whole waitlist into memory at once (100,000 entries: 352 MB resident).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from faker import Faker
from sqlalchemy import insert

from knotty.store import Store, create_engine
from knotty.store.models import WaitlistEntry, table_of
from tests.integration.knotty_cli import knotty_async

LOCALES = ["en_US", "ja_JP", "de_DE", "pt_BR", "fr_FR", "es_MX", "pl_PL", "en_IN"]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_the_export_gives_the_id_that_erase_takes(database_url: str, tmp_path: Path) -> None:
    fake = Faker(LOCALES)
    fake.seed_instance(77)
    engine = create_engine(database_url)
    store = Store(engine)
    try:
        people = []
        for i in range(6):
            person = {
                "full_name": fake.name(),
                "phone": f"+1202555{i:04d}",
                "email": f"{fake.unique.user_name()}@{fake.free_email_domain()}",
                "role": "therapist" if i % 2 else "client",
            }
            await store.save_entry(
                full_name=person["full_name"],
                phone=person["phone"],
                email=person["email"],
                role=person["role"],
                channel="web",
            )
            people.append(person)
        exported = await knotty_async("export", "--csv", "-", cwd=tmp_path, DATABASE_URL=database_url)
        assert exported.returncode == 0, exported.stderr
        rows = _rows(exported.stdout)
        leaving = people[2]
        [row] = [r for r in rows if r["email"] == leaving["email"]]
        ran = await knotty_async("erase", row["id"], cwd=tmp_path, DATABASE_URL=database_url)
        assert ran.returncode == 0, ran.stderr
        left = {e.email for e in await store.list_entries()}
        assert left == {p["email"] for p in people} - {leaving["email"]}
    finally:
        await engine.dispose()


async def test_a_waitlist_larger_than_a_page_is_exported_whole_and_once(
    database_url: str, tmp_path: Path
) -> None:
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    count = 4_321  # more than two of the export's pages
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(table_of(WaitlistEntry)),
                [
                    {
                        "full_name": f"Person {i}",
                        "phone": f"+1303{i:07d}",
                        "email": f"p{i}@example.org",
                        "role": "client",
                        "channel": "sms",
                        "created_at": now,
                        "updated_at": now,
                        "confirmation_sms_attempts": 0,
                    }
                    for i in range(count)
                ],
            )
    finally:
        await engine.dispose()
    out = tmp_path / "waitlist.csv"
    ran = await knotty_async("export", "--csv", str(out), cwd=tmp_path, DATABASE_URL=database_url)
    assert ran.returncode == 0, ran.stderr
    assert f"wrote {count} entries" in ran.stderr
    rows = _rows(out.read_text(encoding="utf-8"))
    assert sorted(r["email"] for r in rows) == sorted(f"p{i}@example.org" for i in range(count))
    ids = [int(r["id"]) for r in rows]
    assert ids == sorted(ids, reverse=True), "newest first"
