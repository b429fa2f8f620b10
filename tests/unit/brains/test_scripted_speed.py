"""A normal turn reads only its own utterance and costs well under a millisecond."""

from __future__ import annotations

import statistics
import time

from knotty.state import Modality
from tests.unit.brains.conftest import Talk

LINES = (
    "um, yeah, my name's ana lima",
    "four one five five five five zero one zero zero",
    "ana dot lima at gmail dot com",
    "I give massages for a living",
    "yep that's right",
    "yes please",
)


async def test_memory_keeps_up_with_the_transcript() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100")
    await t.open()
    for line in LINES:
        await t.say(line)
        assert t.state.memory["scripted"]["cursor"] == len(t.history)


async def test_a_turn_costs_well_under_a_millisecond() -> None:
    costs: list[float] = []
    for n in range(30):
        t = Talk(Modality.SPOKEN if n % 2 else Modality.WRITTEN, caller_number="+14155550100")
        await t.open()
        for line in LINES:
            started = time.process_time()
            await t.say(line)
            costs.append(time.process_time() - started)
    assert statistics.median(costs) < 0.001
