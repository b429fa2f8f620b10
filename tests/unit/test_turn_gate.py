"""The per-process turn gate: a free slot is taken at once, a full gate turns a turn away after its wait."""

from __future__ import annotations

import asyncio

from knotty.admission import TurnGate


async def test_free_slots_are_taken_and_a_full_gate_turns_away_after_the_wait() -> None:
    gate = TurnGate(limit=2, wait_s=0.05)
    async with gate.slot() as first, gate.slot() as second:
        assert (first, second) == (True, True)
        assert gate.in_flight == 2 and not gate.has_room
        loop = asyncio.get_running_loop()
        began = loop.time()
        async with gate.slot() as third:
            assert third is False
        assert loop.time() - began >= 0.04
        assert gate.turned_away == 1 and gate.in_flight == 2
    assert gate.in_flight == 0 and gate.has_room


async def test_a_waiting_turn_gets_the_slot_another_frees() -> None:
    gate = TurnGate(limit=1, wait_s=1.0)
    got: list[bool] = []

    async def second() -> None:
        async with gate.slot() as ok:
            got.append(ok)

    async with gate.slot():
        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.02)
        assert got == []
    await waiting
    assert got == [True] and gate.turned_away == 0


async def test_background_work_waits_as_long_as_it_takes() -> None:
    gate = TurnGate(limit=1, wait_s=0.0)
    async with gate.slot():
        later = asyncio.create_task(_hold(gate))
        await asyncio.sleep(0.05)
        assert not later.done()
    assert await later is True


async def _hold(gate: TurnGate) -> bool:
    async with gate.slot(wait_s=-1) as ok:
        return ok
