"""A normal turn reads only its own utterance (the memory keeps up with the transcript), so a turn's cost
does not grow with the conversation; what a turn costs is measured by `python -m bench.core` and
`bench.readers`, not by a timed test."""

from __future__ import annotations

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
