"""What a turn reads in one go answers what the separate reads would: who is listed (a returning person),
the conversation itself, and the save's and the text offer's reads on the driver (both databases)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import insert

from knotty.store import Store, create_engine, turn_sql
from knotty.store.entry_reads import ENTRIES_OF_SIGNUP, TEXT_CAPS, TEXT_DECISION
from knotty.store.models import HandoffText, table_of, utcnow
from knotty.store.repository import HOURLY_CAP_REACHED, TEXTED_RECENTLY, PlannedEntry
from knotty.transcript import ChatLine
from tests.conftest import new_database_url
from tests.support.accepted_text import accept_text
from tests.support.postgres import PostgresCluster
from tests.support.query_work import rows_touched, sqlite_steps, statements_sent

ANA, BO, CY = "+14155550100", "+14155550101", "+14155550102"


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    store = Store(engine)
    yield store
    await store.aclose()
    await engine.dispose()


@pytest.fixture
async def pg(
    tmp_path: Path, pg_cluster: PostgresCluster | None, pg_template: str | None
) -> AsyncIterator[asyncpg.Connection]:
    """A connection to a new, migrated PostgreSQL database: the plan tests are PostgreSQL's own."""
    if pg_cluster is None:
        pytest.skip("no PostgreSQL server on this machine")
    url = await new_database_url("postgres", tmp_path, pg_cluster, pg_template)
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    yield conn
    await conn.close()


async def _listed(store: Store) -> tuple[int, int]:
    ana = await store.save_entry(
        full_name="Ana Lima", phone=ANA, email="ana@example.com", role="client", channel="sms"
    )
    bo = await store.save_entry(
        full_name="Bo Chan", phone=BO, email="bo@example.com", role="client", channel="sms"
    )
    apart = await store.save_entry(  # shares Ana's email, not proven hers: kept apart, never "listed"
        full_name="Cy Dee", phone=CY, email="ana@example.com", role="client", channel="sms"
    )
    assert apart.entry.review_reason
    assert ana.entry.id is not None and bo.entry.id is not None
    return ana.entry.id, bo.entry.id


async def test_the_turns_read_says_who_is_listed_as_the_lookup_does(store: Store) -> None:
    ana, bo = await _listed(store)
    phones, emails = [ANA, CY], ["bo@example.com"]
    snap = await store.load_for_turn(
        "sms", ANA, "sms:first", opt_out_number=ANA, phones=phones, emails=emails
    )
    assert snap.listed is not None and snap.conversation is None
    assert snap.listed.rows == sorted(await store.listed_contacts(phones, emails))
    assert snap.listed.rows == [(ana, ANA, "ana@example.com"), (bo, BO, "bo@example.com")]
    assert (snap.listed.phones, snap.listed.emails) == ((ANA, CY), ("bo@example.com",))


async def test_nothing_is_looked_up_for_a_retry_or_a_number_that_opted_out(store: Store) -> None:
    await _listed(store)
    conv = await store.create_conversation("sms", ANA, {})
    await store.commit_turn(
        conv, messages=[ChatLine("user", "hi")], state="{}", stage="collecting", status="active",
        entry_id=None, processed_key="sms:done", result={"reply": "hello"},
    )  # fmt: skip
    retry = await store.load_for_turn("sms", ANA, "sms:done", phones=[ANA])
    assert retry.processed == {"reply": "hello"} and retry.listed is None
    await store.set_opt_out(BO, True)
    stopped = await store.load_for_turn("sms", BO, "sms:new", opt_out_number=BO, phones=[BO])
    assert stopped.opted_out and stopped.listed is None


async def test_the_conversation_read_on_the_driver_is_the_one_written(store: Store) -> None:
    conv = await store.create_conversation(
        "sms", ANA, {"stage": "collecting", "memory": {"scripted": {"v": 1}}}
    )
    await store.commit_turn(
        conv, messages=[ChatLine("user", "hi"), ChatLine("assistant", "hello")], state='{"stage": "saved"}',
        stage="saved", status="active", entry_id=None, processed_key=None, result={},
    )  # fmt: skip
    read = (await store.load_for_turn("sms", ANA)).conversation
    assert read is not None
    assert (read.id, read.channel, read.external_id, read.status, read.stage, read.state) == (
        conv.id, "sms", ANA, "active", "saved", {"stage": "saved"},
    )  # fmt: skip
    assert (read.version, read.turns, read.entry_id) == (1, 1, None)
    read.version += 1  # an attribute set as on any model (the agent counts its writes so)
    assert read.model_dump()["version"] == 2


async def test_the_saves_reads_on_the_driver(store: Store) -> None:
    ana, _bo = await _listed(store)
    same = await store.plan_entry(
        full_name="Ana Lima", phone=ANA, email="ana@example.com", role="client", channel="sms"
    )
    assert (same.id, same.owned, same.write) == (ana, False, None), "an identical signup changes nothing"
    assert await store.entry_name(ana) == "Ana Lima" and await store.entry_name(ana + 100) is None
    held = await store.plan_entry(
        full_name="Ana Lima-Cruz", phone=ANA, email="ana@example.com", role="client", channel="sms",
        proven_phone=ANA,
    )  # fmt: skip
    assert held.id == ana and held.write is not None and not held.write.new
    stranger = await store.plan_entry(
        full_name="Eve Ng", phone=ANA, email="eve@example.com", role="client", channel="sms"
    )
    assert stranger.write is not None and stranger.write.new and stranger.id > ana
    assert stranger.review_reason and f"#{ana}" in stranger.review_reason
    assert not await store.is_opted_out(ANA)
    assert await store.text_offer_reads(ANA, utcnow() - timedelta(days=1)) == (False, False)
    await store.set_opt_out(ANA, True)
    assert await store.is_opted_out(ANA)
    assert not await store.texted_since(ANA, utcnow() - timedelta(days=1))
    assert await store.text_offer_reads(ANA, utcnow() - timedelta(days=1)) == (True, False)
    now = utcnow()
    refused = await accept_text(
        store, ana, ANA, since=now - timedelta(days=1), hour_ago=now - timedelta(hours=1), hourly_cap=10
    )
    assert refused is None
    assert await store.texted_since(ANA, now - timedelta(days=1))
    assert not await store.texted_since(ANA, utcnow() + timedelta(seconds=1))
    assert await store.text_offer_reads(ANA, now - timedelta(days=1)) == (True, True)
    assert await store.text_offer_reads(BO, now - timedelta(days=1)) == (False, False)
    assert await store.text_offer_reads(ANA, utcnow() + timedelta(seconds=1)) == (True, False)


def test_a_conversation_built_from_a_row_works_as_the_first_model_of_a_process() -> None:
    """`from_row` is what a fresh server process (or a worker) may build first: its attributes must work."""
    code = (
        "from knotty.store.models import new_conversation\n"
        "conv = new_conversation('sms', '+14155550100', {'stage': 'collecting'})\n"
        "conv.version += 1\n"
        "assert (conv.version, conv.turns, conv.state) == (1, 0, {'stage': 'collecting'})\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


async def test_a_connection_the_pool_took_back_is_opened_again(tmp_path: Path) -> None:
    """SQLite: the hot path takes the pool's connection without a greenlet; one that must reconnect first
    (the pool invalidated it) is opened the usual way."""
    url = await new_database_url("sqlite", tmp_path, None, None)
    engine = create_engine(url)
    store = Store(engine)
    try:
        await store.set_opt_out(ANA, True)
        pooled = engine.sync_engine.pool.connect()
        pooled.invalidate()
        pooled.close()
        assert await store.is_opted_out(ANA)
        assert (await store.load_for_turn("sms", ANA, opt_out_number=ANA)).opted_out
    finally:
        await store.aclose()
        await engine.dispose()


async def test_the_newest_conversation_and_its_end_on_the_driver_are_the_orm_rows(store: Store) -> None:
    """A call's end reads the newest conversation and marks it ended on the driver: the same row the ORM reads."""
    assert await store.latest_conversation("voice", "CA1") is None
    older = await store.create_conversation("voice", "CA1", {"stage": "collecting"})
    await store.set_status(older.id, "abandoned")
    newer = await store.create_conversation("voice", "CA1", {"stage": "collecting", "memory": {"x": [1]}})
    latest = await store.latest_conversation("voice", "CA1")
    orm = await store.get_conversation(newer.id)
    assert latest is not None and orm is not None
    assert latest.model_dump() == orm.model_dump()
    await store.set_status(newer.id, "completed")
    ended = await store.get_conversation(newer.id)
    # The version stays: a turn still running when the call ended writes its save (a caller's "yes, bye").
    assert ended is not None and (ended.status, ended.version) == ("completed", orm.version)
    assert ended.updated_at > orm.updated_at
    gone = await store.get_conversation(older.id)
    assert gone is not None and gone.status == "abandoned"


async def test_the_caps_read_for_a_new_entrys_text_on_the_driver(store: Store) -> None:
    """Accepting a text for an entry this turn creates reads the caps in one statement: the number's
    recent text first, then the hour's confirmations and handoff texts together."""
    ana, _bo = await _listed(store)
    now = utcnow()
    caps = {"since": now - timedelta(days=30), "hour_ago": now - timedelta(hours=1)}
    assert await store.text_caps_refusal(ANA, **caps, hourly_cap=1) is None
    assert await accept_text(store, ana, ANA, **caps, hourly_cap=10) is None
    assert await store.text_caps_refusal(ANA, **caps, hourly_cap=10) == TEXTED_RECENTLY
    assert await store.text_caps_refusal(BO, **caps, hourly_cap=2) is None
    async with store.engine.begin() as conn:  # a handoff text to someone else counts against the hour
        await conn.execute(
            insert(table_of(HandoffText)).values(
                conversation_id="c1", phone=CY, asking="email", created_at=utcnow()
            )
        )
    assert await store.text_caps_refusal(BO, **caps, hourly_cap=2) == HOURLY_CAP_REACHED
    assert await store.text_caps_refusal(BO, **caps, hourly_cap=3) is None
    later = {"since": utcnow(), "hour_ago": utcnow()}
    assert await store.text_caps_refusal(ANA, **later, hourly_cap=1) is None


async def test_finding_a_senders_conversation_does_not_walk_the_channels_others(tmp_path: Path) -> None:
    """SQLite, without table statistics (nobody runs ANALYZE): the turn's read of a sender's newest
    conversation does the same work beside 3,000 other conversations of its channel as beside none
    (it walked and sorted all of them: 32 ms a turn at 20,000)."""
    url = await new_database_url("sqlite", tmp_path, None, None)
    engine = create_engine(url)
    store = Store(engine)
    try:
        await store.create_conversation("sms", ANA, {"stage": "collecting"})
    finally:
        await store.aclose()
        await engine.dispose()
    conn = sqlite3.connect(url.partition(":///")[2])

    def read() -> None:
        found = turn_sql._sqlite_latest(conn, "sms", ANA)  # the statement the turn's read runs
        assert found is not None and found.external_id == ANA

    alone = sqlite_steps(conn, read)
    columns = "id, channel, external_id, status, stage, state, version, turns, created_at, updated_at"
    conn.executemany(
        f"INSERT INTO conversations ({columns}) VALUES (?, 'sms', ?, 'completed', 'done', '{{}}', 0, 0, "  # noqa: S608
        "'2026-12-01 10:00:00.000000', '2026-12-01 10:00:00.000000')",
        [(f"other{k}", f"+1999{k:07d}") for k in range(3000)],
    )
    conn.commit()
    assert sqlite_steps(conn, read) <= alone + 20
    conn.close()


_CONVERSATIONS_OF = (
    "INSERT INTO conversations (id, channel, external_id, status, stage, state, version, turns, created_at, "
    "updated_at) SELECT $1 || g, CASE WHEN g % 2 = 0 THEN 'sms' ELSE 'voice' END, '+1999' || lpad(g::text, 7, '0'), "
    "'completed', 'done', '{}'::json, 0, 0, now(), now() FROM generate_series(1, $2::int) AS g"
)


@pytest.mark.parametrize("statement", ["the turn's read", "the newest conversation"])
async def test_a_plan_made_beside_a_few_hundred_conversations_still_finds_a_sender_by_one_entry(
    pg: asyncpg.Connection, statement: str
) -> None:
    """PostgreSQL keeps one plan per statement on the turn's connections (`pg_connections`). Made
    while the table held a few hundred conversations and had no statistics, the plan for a sender's
    newest conversation read the channel's index, every conversation of the channel, and kept doing
    so as the table grew (3,202 rows for one lookup beside 6,400 conversations). One index on
    (channel, sender, time) leaves no such plan (migration 0011)."""
    await pg.execute("SET plan_cache_mode = force_generic_plan")  # as the turn's connections
    await pg.execute(_CONVERSATIONS_OF, "early", 400)
    if statement == "the turn's read":
        sql, values = (
            turn_sql._PG_READ,
            f"('sms', '{ANA}', 'sms:SMnew', '{ANA}', ARRAY['{ANA}'], ARRAY[]::text[])",
        )
    else:
        sql, values = turn_sql._PG_LATEST, f"('sms', '{ANA}')"
    await pg.execute(f"PREPARE lookup AS {sql}")
    await pg.execute(f"EXECUTE lookup{values}")  # its one plan, made now
    await pg.execute(_CONVERSATIONS_OF, "later", 6000)
    await pg.execute(
        "INSERT INTO conversations (id, channel, external_id, status, stage, state, version, turns, "
        "created_at, updated_at) VALUES ('ana', 'sms', $1, 'active', 'collecting', '{}', 0, 0, now(), now())",
        ANA,
    )
    plan = json.loads(await pg.fetchval(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE lookup{values}"))
    assert rows_touched(plan[0]["Plan"]) <= 10, json.dumps(plan, indent=1)


@pytest.mark.parametrize(
    ("phones", "emails"),
    [([BO], []), ([], ["bo@example.com"]), ([BO, CY], ["bo@example.com"])],
    ids=["a phone alone", "an email alone", "both"],
)
async def test_recognising_a_returning_person_reads_their_entries_not_the_whole_waitlist(
    tmp_path: Path, phones: list[str], emails: list[str]
) -> None:
    """Who holds the contacts a person gave (the turn's read on the driver, and the store's lookup
    through SQLAlchemy) takes the same work beside 3,000 other entries as beside none. On the turn's
    read, a phone without an email (a caller's own number, the commonest case) read every entry of the
    waitlist: SQLite gives up both indexes beside `email IN ()` (SQLAlchemy writes an empty list as a
    subquery, which SQLite does not trip on)."""
    url = await new_database_url("sqlite", tmp_path, None, None)
    engine = create_engine(url)
    store = Store(engine)
    try:
        bo = await store.save_entry(
            full_name="Bo Chan", phone=BO, email="bo@example.com", role="client", channel="sms"
        )
        listed = [(bo.entry.id, BO, "bo@example.com")]
        statements = statements_sent(engine)
        assert await store.listed_contacts(phones, emails) == listed
        store_lookup = statements[-1]
    finally:
        await store.aclose()
        await engine.dispose()
    conn = sqlite3.connect(url.partition(":///")[2])

    def turns_read() -> None:
        assert turn_sql._sqlite_read(conn, "sms", BO, None, None, (phones, emails))[4] == listed

    def stores_lookup() -> None:
        assert conn.execute(*store_lookup).fetchall() == listed

    alone = sqlite_steps(conn, turns_read), sqlite_steps(conn, stores_lookup)
    conn.executemany(
        "INSERT INTO waitlist_entries (id, full_name, phone, email, role, channel, created_at, updated_at, "
        "confirmation_sms_attempts) VALUES (?, 'Someone Else', ?, ?, 'client', 'sms', "
        "'2026-12-01 10:00:00.000000', '2026-12-01 10:00:00.000000', 0)",
        [(1000 + k, f"+1999{k:07d}", f"other{k}@example.com") for k in range(3000)],
    )
    conn.commit()
    beside = sqlite_steps(conn, turns_read), sqlite_steps(conn, stores_lookup)
    conn.close()
    assert beside[0] <= alone[0] + 20, f"the turn's read: {alone[0]} steps alone, {beside[0]} beside 3,000"
    assert beside[1] <= alone[1] + 20, f"the store's lookup: {alone[1]} steps alone, {beside[1]} beside 3,000"


def _decided(plan: PlannedEntry) -> tuple[bool, str | None, bool | None]:
    """What a plan decided, its new entry's id aside (each plan of a new entry takes the next id)."""
    return plan.owned, plan.review_reason, plan.write.new if plan.write is not None else None


async def test_a_saves_plan_reads_the_text_offer_as_its_own_read_does(store: Store) -> None:
    """A save that will offer a confirmation text reads the offer's facts with its plan (one go): the
    same answers as `text_offer_reads`, whichever way the plan goes (new, identical, owned)."""
    ana, _bo = await _listed(store)
    day_ago = utcnow() - timedelta(days=1)
    await store.set_opt_out(BO, True)
    assert await accept_text(store, ana, ANA, since=day_ago, hour_ago=day_ago, hourly_cap=10) is None
    signups = [
        ("Ana Lima", ANA, "ana@example.com", None),  # identical to Ana's listed entry: nothing written
        ("Ana Lima-Cruz", ANA, "ana@example.com", ana),  # her own entry, changed
        ("Dee Fox", "+14155550199", "dee@example.com", None),  # new, never texted
        ("Bo Chan", BO, "bo2@example.com", None),  # Bo's number opted out
    ]
    for name, phone, email, owned in signups:
        plan = await store.plan_entry(
            full_name=name, phone=phone, email=email, role="client", channel="sms",
            owned_entry_id=owned, offer_since=day_ago,
        )  # fmt: skip
        assert plan.text_offer == await store.text_offer_reads(phone, day_ago)
        unasked = await store.plan_entry(
            full_name=name, phone=phone, email=email, role="client", channel="sms", owned_entry_id=owned
        )
        assert unasked.text_offer is None and _decided(unasked) == _decided(plan)
    assert {await store.text_offer_reads(p, day_ago) for p in (ANA, BO)} == {(False, True), (True, False)}


_ENTRIES_OF = (
    "INSERT INTO waitlist_entries (full_name, phone, email, role, channel, created_at, updated_at, "
    "confirmation_sms_attempts) SELECT 'Person ' || g, '+1888' || lpad(($1 + g)::text, 7, '0'), "
    "'person' || ($1 + g) || '@example.org', 'client', 'sms', now(), now(), 0 FROM generate_series(1, $2::int) AS g"
)


_SMALLER_WAITLISTS = pytest.mark.parametrize(
    ("earlier", "analysed"),
    [(1000, True), (5, False)],
    ids=["on 1,000 analysed entries", "on a new waitlist's first 5"],
)
"""The waitlists a plan is made on, before it runs on 6,000 entries."""


async def _planned_on_a_smaller_waitlist(
    pg: asyncpg.Connection, sql: str, values: str, earlier: int, *, analysed: bool, then: str = ""
) -> Any:
    """The plan of `sql` (with `values`), made as the turn's connections make it (once, generic) on a
    waitlist of `earlier` entries, analysed or not, then run on 6,000 (after the statement `then`)."""
    await pg.execute("SET plan_cache_mode = force_generic_plan")  # as the turn's connections
    await pg.execute(_ENTRIES_OF, 0, earlier)
    if analysed:
        await pg.execute("ANALYZE waitlist_entries")
    await pg.execute(f"PREPARE lookup AS {sql}")
    await pg.execute(f"EXECUTE lookup{values}")  # its one plan, made now
    await pg.execute(_ENTRIES_OF, earlier, 6000 - earlier)
    if then:
        await pg.execute(then)
    return json.loads(await pg.fetchval(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE lookup{values}"))[0]["Plan"]


@_SMALLER_WAITLISTS
async def test_a_plan_made_on_a_smaller_waitlist_still_finds_a_persons_contacts_by_their_index_entries(
    pg: asyncpg.Connection, earlier: int, analysed: bool
) -> None:
    """The turn's read also asks which listed entries hold the contacts the person gave. Asked as
    `phone = ANY(...) OR email = ANY(...)`, its one plan, made on a waitlist of 1,000 entries that
    autovacuum had analysed, read every entry at every turn (6,003 of them once the waitlist had
    grown to 6,000), until a later analysis replaced it. Made on a new database's first few entries,
    before any analysis, it walked the whole partial index of listed emails, which looked tiny then
    (the empty-database benchmark: 600 entries a turn, more with every signup). Each contact is now
    its own lookup on the plain index of its kind."""
    values = f"('sms', '{ANA}', 'sms:SMnew', '{ANA}', ARRAY['+18880000003', '{BO}'], ARRAY['person5003@example.org'])"
    plan = await _planned_on_a_smaller_waitlist(pg, turn_sql._PG_READ, values, earlier, analysed=analysed)
    listed = (await pg.fetchrow(f"EXECUTE lookup{values}"))["listed"]
    assert [(p, e) for _, p, e in json.loads(listed)] == [
        ("+18880000003", "person3@example.org"),
        ("+18880005003", "person5003@example.org"),
    ]
    assert rows_touched(plan) <= 20, json.dumps(plan, indent=1)


@_SMALLER_WAITLISTS
async def test_a_saves_plan_made_on_a_smaller_waitlist_still_reads_only_the_entries_it_asks_for(
    pg: asyncpg.Connection, earlier: int, analysed: bool
) -> None:
    """Every save reads the listed entries holding its phone or email and the entry the conversation
    owns (`ENTRIES_OF_SIGNUP`). Asked as one `OR`, its one plan, made on a new database's first
    entries, read the whole waitlist at every save (6,008 rows at 6,000 entries)."""
    values = "('+18880000003', 'person5003@example.org', 17)"
    kept_apart = (
        "UPDATE waitlist_entries SET review_reason = 'shares a phone', phone = '+18880000003' WHERE id = 4000"
    )
    plan = await _planned_on_a_smaller_waitlist(
        pg, ENTRIES_OF_SIGNUP.postgres, values, earlier, analysed=analysed, then=kept_apart
    )
    found = [(row["id"], row["phone"], row["email"]) for row in await pg.fetch(f"EXECUTE lookup{values}")]
    assert found == [  # the entry kept apart with the same phone is not one of them
        (3, "+18880000003", "person3@example.org"),
        (17, "+18880000017", "person17@example.org"),
        (5003, "+18880005003", "person5003@example.org"),
    ]
    assert rows_touched(plan) <= 20, json.dumps(plan, indent=1)


_REQUESTED_THIS_HOUR = "UPDATE waitlist_entries SET confirmation_sms_requested_at = now() WHERE id % 40 = 1"
"""150 of the 6,000 entries had a confirmation text requested in the last hour: more than the cap (100)."""


@_SMALLER_WAITLISTS
async def test_a_text_acceptances_plan_made_on_a_smaller_waitlist_counts_the_hour_only_up_to_the_cap(
    pg: asyncpg.Connection, earlier: int, analysed: bool
) -> None:
    """Every acceptance of a text counts the texts requested in the last hour (`TEXT_CAPS`). Counted to
    the end, its one plan, made on a new database's first entries, read the whole waitlist at every
    acceptance (6,004 rows at 6,000 entries). It now counts newest first and stops at the cap: the
    same decision, at most the cap's number of index entries read."""
    values = "('+18880000003', now() - interval '30 days', now() - interval '1 hour', 100)"
    plan = await _planned_on_a_smaller_waitlist(
        pg, TEXT_CAPS.postgres, values, earlier, analysed=analysed, then=_REQUESTED_THIS_HOUR
    )
    texted, requested = await pg.fetchrow(f"EXECUTE lookup{values}")
    assert (texted, requested) == (False, 100)  # 150 requested: the cap is reached, and said so
    assert rows_touched(plan) <= 250, json.dumps(plan, indent=1)


async def test_a_listed_entrys_acceptance_planned_on_a_new_waitlist_reads_no_more_than_the_cap(
    pg: asyncpg.Connection,
) -> None:
    """A listed entry's acceptance reads `TEXT_DECISION`, which counts the hour as `TEXT_CAPS` does. Its
    plans are made at a server process's first acceptances, on launch day a new database's first
    entries; counted to the end (as `knotty_accept_text` did before migration 0015, and its read after
    0017), a capped acceptance on 6,000 entries then read all of them."""
    now = utcnow()
    caps = (now - timedelta(days=30), now - timedelta(hours=1), 100)
    work = (
        "SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables "
        "WHERE relname = 'waitlist_entries'"
    )
    await pg.execute("SET plan_cache_mode = force_generic_plan")  # as a long-lived connection's plans
    await pg.execute(_ENTRIES_OF, 0, 5)
    decide = TEXT_DECISION.postgres
    assert tuple(await pg.fetchrow(decide, "+18880000003", *caps, 3)) == (False, False, 0)  # planned here
    await pg.execute(_ENTRIES_OF, 5, 5995)
    await pg.execute(_REQUESTED_THIS_HOUR)
    async with pg.transaction():
        before = await pg.fetchval(work)
        capped = tuple(await pg.fetchrow(decide, "+18880004000", *caps, 4000))
        read = await pg.fetchval(work) - before
    assert capped == (False, False, 100)  # neither queued nor texted: the hour's cap refuses it
    assert read <= 250
