"""The SQLite volume fills up under a running server: `/readyz` says so (a platform stops sending traffic,
an operator is alerted, `knotty check` says how much is free), no one is told they are signed up, and once there is room it all goes on.

Before: `/readyz` only read, so it answered 200 while every signup failed (found by the twelfth operator
round). A real filesystem of 24 MB (tmpfs) holds the database and is filled with a real file.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.check import check_database
from app.migrate import migrate_async
from knotty.store.sqlite_file import MIN_FREE_BYTES
from tests.conftest import make_settings
from tests.faults.web_signups import TOLD, emails_in, people, sign_up
from tests.web.conftest import web_app


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB filesystem of its own (tmpfs), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path) -> Path:
    """Write a file until the filesystem has no room left; the file."""
    filler = disk / "filler"
    chunk = b"\0" * (256 * 1024)
    with filler.open("wb") as out:
        try:
            while True:
                out.write(chunk)
                out.flush()
        except OSError:
            pass
    return filler


async def test_a_full_disk_is_not_ready_and_no_one_is_told_they_are_saved(
    small_disk: Path, tmp_path: Path
) -> None:
    path = small_disk / "knotty.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    first, during, after = people(7733, 3)
    async with web_app(url, tmp_path) as (base, _runtime), httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/readyz")).status_code == 200
        status, said = await sign_up(base, *first)
        assert status == 200 and TOLD.search(said), said

        filler = _fill(small_disk)
        ready = await http.get("/readyz")
        assert ready.status_code == 503, f"ready with {MIN_FREE_BYTES} bytes needed and none free"
        status, said = await sign_up(base, *during)
        assert not TOLD.search(said), f"{during[0]} was told {said!r} on a full disk"
        assert status in (200, 503), said

        found = await check_database(make_settings(url, tmp_path))
        assert found.outcome == "failed" and "KB free" in found.detail, found
        filler.unlink()
        assert (await http.get("/readyz")).status_code == 200
        status, said = await sign_up(base, *after)
        assert status == 200 and TOLD.search(said), said
    assert emails_in(path) == {first[2], after[2]}
