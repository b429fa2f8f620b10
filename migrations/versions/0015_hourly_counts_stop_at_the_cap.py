"""The hour's text counts in `knotty_accept_text` and `knotty_reserve_handoff` stop at the cap.

Both functions decide whether fewer texts (confirmations and handoffs) were requested in the last hour
than the cap. Counted to the end, the count's plan, made in a server process's first calls on a new
database's first rows before any analysis, read the whole waitlist at every acceptance: on launch
day, 741,450 rows read in 15 s of the benchmark, 6,004 at each acceptance on 6,000 entries. Each
count now reads at most the cap's number of entries of its index, newest first: the decision is the
same, and so is its cost whatever plan the function was given (`knotty.store.entry_reads` counts
the same way outside the functions).

The functions are those of 0012 and 0014 with only the counts changed; the downgrade puts those back.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import importlib

from migrations.server_functions import create_private_function

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_ACCEPT = importlib.import_module("migrations.versions.0012_accept_text_in_one_step")
_RESERVE = importlib.import_module("migrations.versions.0014_reserve_handoff_in_one_step")


def _recent(table: str, column: str) -> str:
    return (
        f"(SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} > p_hour_ago "  # noqa: S608 - constants
        f"ORDER BY {column} DESC LIMIT p_cap) AS recent)"
    )


_COUNTS = {  # the counts as 0012 and 0014 wrote them, and as they are now
    "(SELECT count(*) FROM waitlist_entries WHERE confirmation_sms_requested_at > p_hour_ago)": _recent(
        "waitlist_entries", "confirmation_sms_requested_at"
    ),
    "(SELECT count(*) FROM handoff_texts WHERE created_at > p_hour_ago)": _recent(
        "handoff_texts", "created_at"
    ),
    "(SELECT count(*) FROM waitlist_entries e WHERE e.confirmation_sms_requested_at > p_hour_ago)": _recent(
        "waitlist_entries", "confirmation_sms_requested_at"
    ),
    "(SELECT count(*) FROM handoff_texts h WHERE h.created_at > p_hour_ago)": _recent(
        "handoff_texts", "created_at"
    ),
}


def _bounded(definition: str) -> str:
    """`definition` with each of its hour's counts stopping at the cap (each must be there)."""
    found = [count for count in _COUNTS if count in definition]
    if len(found) != 2:
        raise RuntimeError(f"expected the hour's two counts, found {found}")
    for count in found:
        definition = definition.replace(count, _COUNTS[count])
    return definition


def upgrade() -> None:
    create_private_function(_bounded(_ACCEPT.ACCEPT_TEXT), _ACCEPT._SIGNATURE)
    create_private_function(_bounded(_RESERVE.RESERVE_HANDOFF), _RESERVE._SIGNATURE)


def downgrade() -> None:
    create_private_function(_ACCEPT.ACCEPT_TEXT, _ACCEPT._SIGNATURE)
    create_private_function(_RESERVE.RESERVE_HANDOFF, _RESERVE._SIGNATURE)
