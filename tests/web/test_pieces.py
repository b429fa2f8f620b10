"""The web layer's small parts on their own: rate windows, the signing key, CSRF tokens, origins, the chart."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

from app.runtime import Runtime
from knotty.limits import SlidingWindow
from knotty.store.rate_limits import Hit, SharedCounters, storable_key
from tests.conftest import make_settings
from web.charts import signups_by_day
from web.csrf import CsrfTokens
from web.headers import embed_ancestors
from web.secret_key import load_secret_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_sliding_window_refuses_the_hit_over_the_limit_until_the_oldest_expires() -> None:
    clock = Clock()
    window = SlidingWindow(3, 10.0, clock=clock)
    for _ in range(3):
        assert window.retry_after("a") == 0
        window.record("a")
        clock.now += 1
    assert window.retry_after("a") == 7.0, "the first hit leaves the window 10 s after it came"
    assert window.retry_after("b") == 0, "other keys are unaffected"
    clock.now += 7
    assert window.retry_after("a") == 0


async def _counters(runtime: Runtime, clock: Clock) -> SharedCounters:
    counters = runtime.store.limits
    counters._clock = clock  # the store's own statements and connection, on a clock the test moves
    return counters


async def test_shared_counters_refuse_over_the_limit_and_count_nothing_refused(runtime: Runtime) -> None:
    clock = Clock()
    clock.now = 6000.0  # the start of a 60 s window
    counters = await _counters(runtime, clock)
    session, address = Hit("s:1", 5, 60), Hit("a:ip", 2, 60)
    assert await counters.take([session, address]) == 0
    assert await counters.take([Hit("s:2", 5, 60), address]) == 0
    wait = await counters.take([session, address])
    assert 0 < wait <= 120, "the address is full: refused, with how long to wait"
    assert await counters.peek(Hit("s:1", 2, 60)) == 0, "the refused hit left the session's count at one"
    assert await counters.peek(address) > 0
    assert await counters.take([Hit("s:3", 5, 60)]) == 0, "other keys are unaffected"


async def test_shared_counters_slide_across_the_window_edge(runtime: Runtime) -> None:
    clock = Clock()
    clock.now = 6050.0  # ten seconds before a window ends
    counters = await _counters(runtime, clock)
    hit = Hit("s:edge", 3, 60)
    for _ in range(3):
        assert await counters.take([hit]) == 0
    clock.now = 6061.0  # a new fixed window, but the three hits are 11 s old
    assert await counters.take([hit]) > 0, "a burst across the edge is not let through twice"
    clock.now = 6050.0 + 60 + 21  # the previous window now weighs 3 * 39/60 < 2
    assert await counters.take([hit]) == 0
    clock.now = 6000.0 + 60 * 4
    assert await counters.prune() >= 1, "ended windows are pruned"


async def test_keys_too_long_or_with_nul_are_counted_not_failed(runtime: Runtime) -> None:
    counters = await _counters(runtime, Clock())
    for key in ("s:" + "x" * 5000, "s:a\x00b"):
        assert await counters.take([Hit(key, 1, 60)]) == 0
        assert await counters.take([Hit(key, 1, 60)]) > 0, "the same key is the same counter"
    assert storable_key("s:a\x00b") != storable_key("s:a\x00c")


def test_tracked_keys_are_capped() -> None:
    window = SlidingWindow(1, 60, max_keys=100)
    for i in range(1000):
        window.record(f"k{i}")
    assert len(window._hits) == 100
    assert window.retry_after("k999") > 0 and window.retry_after("k0") == 0


def test_the_generated_key_is_private_and_survives_a_restart(tmp_path: Path) -> None:
    settings = make_settings("sqlite://", tmp_path)
    first = load_secret_key(settings)
    path = settings.data_dir / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key(settings) == first and len(first) >= 32
    assert load_secret_key(make_settings("sqlite://", tmp_path, KNOTTY_SECRET_KEY="from-env")) == "from-env"
    path.write_text("")
    replaced = load_secret_key(settings)
    assert replaced != first and load_secret_key(settings) == replaced


def test_csrf_tokens_belong_to_one_session_and_one_key() -> None:
    tokens = CsrfTokens("key-one")
    token = tokens.issue("a" * 32)
    assert tokens.valid("a" * 32, token)
    assert not tokens.valid("b" * 32, token)
    assert not tokens.valid("a" * 32, "")
    assert not CsrfTokens("key-two").valid("a" * 32, token)


def test_only_real_origins_reach_frame_ancestors() -> None:
    assert embed_ancestors([]) == "'self'"
    assert embed_ancestors(["https://a.example", "http://localhost:3000", "https://*.b.example"]) == (
        "'self' https://a.example http://localhost:3000 https://*.b.example"
    )
    assert (
        embed_ancestors(["https://a.example; script-src *", "javascript:alert(1)", "a.example"]) == "'self'"
    )
    assert embed_ancestors(["https://a.example", "*"]) == "*"


def test_the_chart_stacks_each_days_channels_and_counts_only_the_period() -> None:
    today = date(2025, 3, 31)
    signups = [(today, "web", 2), (today, "sms", 1), (today - timedelta(days=1), "voice", 1)]
    signups += [(today - timedelta(days=40), "web", 1), (today, "kiosk", 1)]
    chart = signups_by_day(signups, today=today, days=30)
    assert chart.total == 5
    assert chart.channels == ["web", "sms", "voice", "kiosk"]
    last_day = [b for b in chart.bars if b.day == today]
    assert [(b.channel, b.count) for b in last_day] == [("web", 2), ("sms", 1), ("kiosk", 1)]
    assert [b.css for b in last_day] == ["ch-web", "ch-sms", "ch-other"]
    assert last_day[0].y + last_day[0].height == chart.baseline, "the first channel sits on the axis"
    assert last_day[1].y + last_day[1].height == last_day[0].y, "the next one stacks on top"
    assert all(chart.plot_left <= b.x and b.x + b.width <= chart.plot_right for b in chart.bars)
    assert chart.labels[-1][1] == "Mar 31"
    assert signups_by_day([], today=today).bars == []
