"""Texts kept for later: an inbound text that found the process overloaded, answered once a slot frees.

Kept in `processed_turns` under the key `sms-later:<MessageSid>` (no new table: the row is an
idempotency record of the webhook anyway), with what the text said as its result. `created_at` is the
row's lease: a row is due once it is `lease_s` old, a worker claims it by moving `created_at` to now
with a conditional update (one winner across processes), and deletes it once the turn is answered.
A worker that dies mid-way leaves the row to come due again; the turn itself is idempotent (the
text's own key `sms:<MessageSid>`), so running it twice never advances the conversation twice. Each
claim counts a try in the row (`tries`, and when the first was, `first`): the worker sends a reply
again only after asking whether the last try's left, and gives up after a bound (`channels.sms_later`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from knotty.store.boundary import translates_errors
from knotty.store.models import KEPT_TEXT_PREFIX, KEPT_TEXTS, ProcessedTurn, table_of, utcnow

__all__ = ["LATER_KEY_PREFIX", "DeferredText", "DeferredTexts"]

LATER_KEY_PREFIX = KEPT_TEXT_PREFIX
"""Keys of texts kept for later; never pruned while they wait."""
_T = table_of(ProcessedTurn)
_KEPT = text(KEPT_TEXTS)
"""The kept texts in their index's own words (a bound prefix would leave the index unused)."""


@dataclass(frozen=True)
class DeferredText:
    """One kept text: who sent it, what it said, and its Twilio id."""

    key: str
    sender: str
    body: str
    message_sid: str
    tries: int = 1
    """This claim is the text's how-manyth (1: no reply was tried before)."""
    first_try: datetime | None = None
    """When the text was first claimed: a reply of an earlier try left after this."""


@translates_errors
class DeferredTexts:
    """Keep, claim and finish texts answered later (`StoreUnavailable` when the database is away)."""

    def __init__(self, engine: AsyncEngine, lease_s: float = 30.0) -> None:
        self.engine = engine
        self.lease_s = lease_s

    async def keep(self, sender: str, body: str, message_sid: str) -> bool:
        """Keep a text for later (due at once); False when it already is (Twilio sent the webhook again)."""
        row: dict[str, Any] = {
            "key": LATER_KEY_PREFIX + message_sid,
            "conversation_id": "",
            "result": {"from": sender, "body": body, "sid": message_sid},
            "created_at": utcnow() - timedelta(seconds=self.lease_s),
        }
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(_T), row)
            return True
        except IntegrityError:
            return False

    async def claim(self, limit: int) -> list[DeferredText]:
        """Up to `limit` due texts, each claimed by this worker for `lease_s` seconds, oldest first."""
        now = utcnow()
        due = now - timedelta(seconds=self.lease_s)
        async with self.engine.begin() as conn:
            rows = (
                await conn.execute(
                    select(_T.c.key, _T.c.result, _T.c.created_at)
                    .where(_KEPT, _T.c.created_at <= due)
                    .order_by(_T.c.created_at)
                    .limit(limit)
                )
            ).all()
        claimed = []
        for key, result, seen in rows:
            tries = int(result.get("tries", 0)) + 1
            first = str(result.get("first") or now.isoformat())
            counted = {**result, "tries": tries, "first": first}
            async with self.engine.begin() as conn:
                res = await conn.execute(
                    update(_T)
                    .where(_T.c.key == key, _T.c.created_at == seen)
                    .values(created_at=now, result=counted)
                )
            if res.rowcount == 1:
                claimed.append(
                    DeferredText(
                        key,
                        str(result.get("from", "")),
                        str(result.get("body", "")),
                        str(result.get("sid", "")),
                        tries,
                        _moment(first),
                    )
                )
        return claimed

    async def finish(self, key: str) -> None:
        """The text was answered: forget it."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(_T).where(_T.c.key == key))

    async def waiting(self) -> int:
        """How many texts wait (due or claimed)."""
        async with self.engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(_T).where(_KEPT))).scalar_one())


def _moment(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
