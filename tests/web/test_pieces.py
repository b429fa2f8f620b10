"""The web layer's small parts on their own: rate windows, the signing key, CSRF tokens, origins, the chart."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.conftest import make_settings
from web.charts import signups_by_day
from web.csrf import CsrfTokens
from web.headers import embed_ancestors
from web.ratelimit import RateLimits, SlidingWindow
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


def test_rate_limits_record_nothing_when_any_window_refuses() -> None:
    clock = Clock()
    limits = RateLimits(per_session=SlidingWindow(5, 60, clock=clock), per_address=SlidingWindow(2, 60, clock=clock))
    assert limits.take((limits.per_session, "s1"), (limits.per_address, "ip")) == 0
    assert limits.take((limits.per_session, "s2"), (limits.per_address, "ip")) == 0
    assert limits.take((limits.per_session, "s1"), (limits.per_address, "ip")) > 0
    assert limits.per_session.retry_after("s1") == 0
    assert len(limits.per_session._hits["s1"]) == 1


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
    assert embed_ancestors(["https://a.example; script-src *", "javascript:alert(1)", "a.example"]) == "'self'"
    assert embed_ancestors(["https://a.example", "*"]) == "*"


def test_the_chart_stacks_each_days_channels_and_counts_only_the_period() -> None:
    today = date(2025, 3, 31)
    noon = datetime(2025, 3, 31, 12, tzinfo=UTC)
    signups = [(noon, "web"), (noon, "web"), (noon, "sms"), (noon - timedelta(days=1), "voice")]
    signups += [(noon - timedelta(days=40), "web"), (noon, "kiosk")]
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
