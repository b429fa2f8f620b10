"""The waitlist as CSV, written once for every consumer (`knotty export`, the admin page's download).

Columns and formatting live here so the two exports can never drift apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from knotty.store.models import WaitlistEntry

__all__ = ["EXPORT_COLUMNS", "csv_text", "write_csv"]

EXPORT_COLUMNS = ("full_name", "phone", "email", "role", "channel", "created_at")


def _row(entry: WaitlistEntry) -> list[str]:
    return [entry.created_at.isoformat() if c == "created_at" else str(getattr(entry, c)) for c in EXPORT_COLUMNS]


def write_csv(entries: Iterable[WaitlistEntry], out: TextIO) -> int:
    """Write the header and one row per entry to `out`; returns the number of entries written."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow(_row(entry))
        count += 1
    return count


def csv_text(entries: Iterable[WaitlistEntry]) -> str:
    """The whole CSV document as a string."""
    buffer = io.StringIO(newline="")
    write_csv(entries, buffer)
    return buffer.getvalue()
