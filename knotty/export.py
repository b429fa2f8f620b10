"""The waitlist as CSV, written once for every consumer (`knotty export`, the admin page's download).

Columns and formatting live here so the two exports can never drift apart. Cells are written so a
spreadsheet opens them as text: one starting with `=`, `+`, `-`, `@`, a tab or a carriage return
gets a leading `'` (OWASP's advice against CSV formula injection), and so does one whose first visible
character is one of those after spaces or invisible characters, or in its full-width form (`＝`),
except a plain signed number such as an E.164 phone number, which no spreadsheet can run.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from knotty.store.models import WaitlistEntry

__all__ = ["EXPORT_COLUMNS", "CsvWriter", "csv_text", "safe_cell", "write_csv"]

EXPORT_COLUMNS = (
    "full_name",
    "phone",
    "email",
    "role",
    "channel",
    "created_at",
    "updated_at",
    "confirmation_sms_status",
    "review_reason",
    "id",
)
"""`id` last: the number `knotty erase ID` and the admin page's erase take (added after the others, so a
sheet reading the columns by position still finds them where they were)."""
_TIMES = ("created_at", "updated_at")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]?[0-9]+")


def _first_seen(value: str) -> str:
    """The first character a spreadsheet may read as a formula's start: after any spaces and invisible
    formatting characters (zero-width space, BOM, word joiner ...), in its compatibility form (the
    full-width `＝` is `=`; some spreadsheets, in some locales, take it as one)."""
    for char in value:
        if not char.isspace() and unicodedata.category(char) != "Cf":
            return unicodedata.normalize("NFKC", char)[:1]
    return ""


def safe_cell(value: str) -> str:
    """`value` as a spreadsheet will show it and never evaluate it."""
    if (value.startswith(_FORMULA_START) or _first_seen(value) in _FORMULA_START[:4]) and (
        not _SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _row(entry: WaitlistEntry) -> list[str]:
    return [
        getattr(entry, c).isoformat() if c in _TIMES else safe_cell(str(getattr(entry, c) or ""))
        for c in EXPORT_COLUMNS
    ]


class CsvWriter:
    """The CSV written to `out` as entries come: the header at once, then `rows` as often as needed."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)
        self._writer.writerow(EXPORT_COLUMNS)
        self.count = 0
        """Entries written so far."""

    def rows(self, entries: Iterable[WaitlistEntry]) -> None:
        """One row per entry."""
        for entry in entries:
            self._writer.writerow(_row(entry))
            self.count += 1


def write_csv(entries: Iterable[WaitlistEntry], out: TextIO) -> int:
    """Write the header and one row per entry to `out`; returns the number of entries written."""
    writer = CsvWriter(out)
    writer.rows(entries)
    return writer.count


def csv_text(entries: Iterable[WaitlistEntry]) -> str:
    """The whole CSV document as a string."""
    buffer = io.StringIO(newline="")
    write_csv(entries, buffer)
    return buffer.getvalue()
