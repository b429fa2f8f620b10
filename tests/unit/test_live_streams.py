"""The drain's hand-over reaches every stream open at shutdown, also one that opens during it.

A stream whose connection was accepted before the listener closed can send its `setup` (relay) or
`start` (media stream) after the drain listed the streams to hand over. It used to stay open until
uvicorn closed it (code 1012: the caller heard Twilio's apology for a lost stream); it is now asked to
hand over at once, like the others.
"""

from __future__ import annotations

import asyncio

from channels.live_streams import LiveStreams


class _Stream:
    """A call on a stream: it stays open until asked to hand over, then ends."""

    def __init__(self, streams: LiveStreams) -> None:
        self.handed_over = False
        self._done = asyncio.Event()
        self._streams = streams

    async def hand_over(self) -> None:
        self.handed_over = True
        self._done.set()

    async def run(self) -> None:
        with self._streams.holding(self.hand_over):
            await self._done.wait()


async def test_a_stream_opened_while_the_others_hand_over_is_handed_over_too() -> None:
    streams = LiveStreams()
    first, late = _Stream(streams), _Stream(streams)
    slow_to_end, asked = asyncio.Event(), asyncio.Event()

    async def first_hand_over() -> None:
        first.handed_over = True
        asked.set()
        await slow_to_end.wait()  # its last line still being said
        first._done.set()

    first.hand_over = first_hand_over  # type: ignore[method-assign]
    running = [asyncio.create_task(first.run())]
    await asyncio.sleep(0)
    draining = asyncio.create_task(streams.drain(timeout_s=0.05, hand_over_s=2.0))
    await asyncio.wait_for(asked.wait(), 1.0)
    running.append(asyncio.create_task(late.run()))  # its `setup` arrives now
    await asyncio.sleep(0.05)
    slow_to_end.set()
    handed = await asyncio.wait_for(draining, 3.0)
    await asyncio.wait_for(asyncio.gather(*running), 1.0)
    assert first.handed_over and late.handed_over
    assert handed == 1 and len(streams) == 0


async def test_streams_opened_before_any_shutdown_are_left_alone() -> None:
    streams = LiveStreams()
    stream = _Stream(streams)
    task = asyncio.create_task(stream.run())
    await asyncio.sleep(0.05)
    assert not stream.handed_over and len(streams) == 1
    await stream.hand_over()
    await task
    assert len(streams) == 0
