"""The admin table sorts and pages in the database: every page in order, no row twice or missing, on
SQLite and PostgreSQL alike, with the filters applied before the paging."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from knotty.store import Store
from tests.web.conftest import web_app
from tests.web.test_admin_http import TOKEN, _names, _sign_in
from web.admin_table import PAGE_SIZE

FIRST_NAMES = ["ana", "Bea", "cleo", "Dora", "eve", "Fay", "gia", "Hana", "ida", "Jo", "kim", "Lea"]
"""Distinct first letters in mixed case: the order is the same under any collation, case aside."""
ROWS = 2 * PAGE_SIZE + 11


async def _seed(store: Store) -> list[str]:
    names = []
    for i in range(ROWS):
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} Zed{i:03d}"
        role = "therapist" if i % 3 == 0 else "client"
        await store.save_entry(
            full_name=name, phone=f"+1415555{i:04d}", email=f"p{i}@example.com", role=role, channel="web"
        )
        names.append(name)
    return names


def _joined(pages: list[list[str]]) -> list[str]:
    return [name for page in pages for name in page]


def _pager(page: str) -> str:
    found = re.search(r"Entries (\d+)–(\d+) of (\d+)", page)
    assert found, "the pager says which rows these are"
    return found.group(0)


async def test_every_page_in_order_without_repeats(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        names = await _seed(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            await _sign_in(http)

            async def pages(**params: str) -> list[list[str]]:
                found = []
                for number in (1, 2, 3):
                    page = await http.get("/admin", params={**params, "page": str(number)})
                    assert page.status_code == 200
                    found.append(_names(page.text))
                return found

            by_name = await pages(sort="full_name", dir="asc")
            assert [len(p) for p in by_name] == [PAGE_SIZE, PAGE_SIZE, 11]
            assert _joined(by_name) == sorted(names, key=str.casefold), "case-insensitive A-Z across pages"
            backwards = await pages(sort="full_name", dir="desc")
            assert _joined(backwards) == sorted(names, key=str.casefold, reverse=True)
            newest = await pages()
            assert _joined(newest) == names[::-1], "newest first by default"

            last = await http.get("/admin", params={"sort": "full_name", "dir": "asc", "page": "999"})
            assert _names(last.text) == by_name[2], "a page past the end shows the last one"
            assert _pager(last.text) == f"Entries {2 * PAGE_SIZE + 1}–{ROWS} of {ROWS}"

            therapists = [n for i, n in enumerate(names) if i % 3 == 0]
            filtered = await http.get(
                "/admin", params={"role": "therapist", "sort": "full_name", "dir": "asc"}
            )
            assert _names(filtered.text) == sorted(therapists, key=str.casefold)[:PAGE_SIZE]
            assert _pager(filtered.text) == f"Entries 1–{len(therapists)} of {len(therapists)}"


async def test_the_store_pages_any_column_with_the_id_breaking_ties(
    database_url: str, tmp_path: Path
) -> None:
    """Many rows share a role: paging by role still shows each row once, in the same order both ways."""
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (_, runtime):
        await _seed(runtime.store)
        store = runtime.store
        for descending in (False, True):
            seen: list[tuple[str, int | None]] = []
            for offset in range(0, ROWS, 7):
                page = await store.list_entries(sort="role", descending=descending, limit=7, offset=offset)
                seen.extend((e.role, e.id) for e in page)
            assert len(seen) == ROWS == len({i for _, i in seen})
            assert seen == sorted(seen, reverse=descending)
        assert await store.count_entries(role="client") == ROWS - len(range(0, ROWS, 3))
        assert await store.count_entries(search="zed00") == 10
        assert await store.count_entries(search="\x00") == ROWS, "a NUL in the search is dropped alike"
