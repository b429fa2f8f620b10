"""The in-process benchmarks play whole signups through the real app, as callers and texters who answer
the question asked: a caller answered the read-back's first `<Gather>` (the one that only hears a caller
talking over the details) and was read the details again and again, so `bench.voice_profile` never ended."""

from __future__ import annotations

import pytest

from bench.in_process import Play, measure
from bench.sms_profile import _signup
from bench.voice_profile import _call


@pytest.mark.parametrize("play", [_call, _signup], ids=["voice", "sms"])
async def test_each_benchmarked_conversation_ends_within_a_signups_webhooks(play: Play) -> None:
    webhooks, cpu = await measure("sqlite", play, 3, None)  # a conversation that never ends raises
    assert 3 * 5 <= webhooks <= 3 * 15, "each conversation took the few webhooks of a signup"
    assert cpu > 0
