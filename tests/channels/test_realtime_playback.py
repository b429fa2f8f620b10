"""What the caller heard, from mark echoes: the arithmetic behind barge-in truncation."""

from __future__ import annotations

from channels.realtime.playback import Cut, Playback
from channels.realtime.twilio_wire import base64_size, is_base64

CHUNK_20MS = 160


def test_a_mark_follows_every_100_ms_of_audio_and_the_end_of_an_item() -> None:
    playback = Playback()
    marks = [playback.sent("a", CHUNK_20MS) for _ in range(12)]
    assert [m is not None for m in marks] == [False, False, False, False, True] * 2 + [False, False]
    assert playback.flush("a") is not None  # the 40 ms tail
    assert playback.flush("a") is None


def test_the_cut_is_at_the_last_echoed_mark_and_queued_items_are_cut_at_zero() -> None:
    playback = Playback(mark_every_ms=20)
    first = [playback.sent("a", CHUNK_20MS) for _ in range(10)]  # 200 ms
    second = playback.sent("b", CHUNK_20MS)
    assert all(first) and second
    for name in first[:3]:
        assert name is not None and playback.acknowledged(name)  # 60 ms of "a" played
    assert playback.playing
    assert playback.interrupt() == [Cut("a", 60), Cut("b", 0)]
    assert not playback.playing and playback.is_cut("a") and playback.is_cut("b")
    # Twilio echoes the cleared marks too; they change nothing.
    assert not playback.acknowledged(first[5]) and playback.heard_ms("a") == 60


def test_audio_sent_before_its_first_mark_is_still_cut() -> None:
    playback = Playback()
    assert playback.sent("a", CHUNK_20MS) is None
    assert playback.playing
    assert playback.interrupt() == [Cut("a", 0)]


def test_nothing_to_cut_once_everything_played() -> None:
    playback = Playback()
    mark = playback.sent("a", 800)
    assert mark is not None and playback.acknowledged(mark)
    assert not playback.playing and playback.interrupt() == []
    assert playback.heard_ms("a") == 100


def test_base64_is_measured_without_decoding_and_nothing_else_passes() -> None:
    assert [base64_size(s) for s in ("", "AAAA", "AAA=", "AA==")] == [0, 3, 2, 1]
    assert is_base64("q83vASNFZ4k=") and is_base64("")
    assert not is_base64('abc"}') and not is_base64("ab\\u0022") and not is_base64(None) and not is_base64(42)
