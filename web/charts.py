"""Signups per day by channel, laid out as a small stacked bar chart the template draws in SVG.

Pure geometry, no chart library and no JavaScript: the admin page inlines the SVG, and a table of
the same numbers sits next to it for screen readers. Days are UTC calendar days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Bar", "DayCounts", "SignupChart", "signups_by_day"]

KNOWN_CHANNELS = ("web", "sms", "voice", "cli")
WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 26


@dataclass(frozen=True)
class Bar:
    """One channel's share of one day's column."""

    x: float
    y: float
    width: float
    height: float
    channel: str
    css: str
    """A class name safe for any channel label (`ch-web`, ..., `ch-other`)."""
    count: int
    day: date


@dataclass(frozen=True)
class DayCounts:
    """Signups of one day, per channel."""

    day: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All channels together."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class SignupChart:
    """Everything the template needs to draw the chart and its table."""

    width: int
    height: int
    days: list[DayCounts]
    channels: list[str]
    bars: list[Bar]
    gridlines: list[tuple[float, int]]
    """(y, value) of the horizontal guides."""
    labels: list[tuple[float, str]]
    """(x, text) of the day labels under the axis."""
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def total(self) -> int:
        """Signups in the whole period."""
        return sum(d.total for d in self.days)


def css_class(channel: str) -> str:
    """The colour class of a channel."""
    return f"ch-{channel}" if channel in KNOWN_CHANNELS else "ch-other"


def signups_by_day(signups: Iterable[tuple[date, str, int]], *, today: date, days: int = 30) -> SignupChart:
    """Lay out (UTC day, channel, signups) counts of the last `days` days, ending `today` (the
    database's grouped counts, `WaitlistAdmin.signups_per_day`); other days are left out."""
    first = today - timedelta(days=days - 1)
    per_day: dict[date, Counter[str]] = {first + timedelta(days=i): Counter() for i in range(days)}
    for day, channel, count in signups:
        if day in per_day and count > 0:
            per_day[day][channel] += count
    seen = {ch for counts in per_day.values() for ch in counts}
    channels = [ch for ch in KNOWN_CHANNELS if ch in seen] + sorted(seen - set(KNOWN_CHANNELS))
    day_counts = [DayCounts(day, dict(counts)) for day, counts in per_day.items()]
    top = _nice_ceiling(max((d.total for d in day_counts), default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / days
    bar_w = round(slot * 0.72, 2)
    bars: list[Bar] = []
    labels: list[tuple[float, str]] = []
    for i, dc in enumerate(day_counts):
        x = round(LEFT + i * slot + (slot - bar_w) / 2, 2)
        y = float(HEIGHT - BOTTOM)
        for ch in channels:
            count = dc.counts.get(ch, 0)
            if not count:
                continue
            h = round(count / top * plot_h, 2)
            y = round(y - h, 2)
            bars.append(Bar(x, y, bar_w, h, ch, css_class(ch), count, dc.day))
        if i % 7 == (days - 1) % 7:
            labels.append((round(x + bar_w / 2, 2), dc.day.strftime("%b %-d")))
    gridlines = [(round(HEIGHT - BOTTOM - v / top * plot_h, 2), v) for v in _ticks(top)]
    return SignupChart(WIDTH, HEIGHT, day_counts, channels, bars, gridlines, labels)


def _nice_ceiling(value: int) -> int:
    """A round axis maximum at or above `value` (at least 4, so tiny counts still get guides)."""
    for nice in (4, 8, 12, 20, 40, 60, 100, 200, 400, 600, 1000):
        if value <= nice:
            return nice
    magnitude = int(10 ** (len(str(value)) - 1))
    return -(-value // magnitude) * magnitude


def _ticks(top: int) -> list[int]:
    return [top * i // 4 for i in range(1, 5)]
