"""Brains for tests of the core itself: they do exactly what a test tells them."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any

from knotty.brains.base import Brain, BrainContext, BrainError, BrainStep, ToolCall

__all__ = ["FailingBrain", "FunctionBrain", "SlowBrain", "save_call"]

_ids = itertools.count(1)


def save_call(**arguments: Any) -> BrainStep:
    """A step that calls save_waitlist_entry with these arguments."""
    return BrainStep(tool_calls=(ToolCall(f"t{next(_ids)}", "save_waitlist_entry", arguments),))


class FunctionBrain(Brain):
    """Answers each step with `decide(ctx)`; records every context it saw."""

    def __init__(self, decide: Callable[[BrainContext], BrainStep], name: str = "fake") -> None:
        self.decide = decide
        self.name = name
        self.seen: list[BrainContext] = []

    async def step(self, ctx: BrainContext) -> BrainStep:
        self.seen.append(ctx)
        return self.decide(ctx)


class FailingBrain(Brain):
    """Always fails, as an unreachable model does."""

    name = "failing"

    async def step(self, ctx: BrainContext) -> BrainStep:
        raise BrainError("model unreachable")


class SlowBrain(Brain):
    """Takes longer than any turn budget."""

    name = "slow"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def step(self, ctx: BrainContext) -> BrainStep:
        await asyncio.sleep(self.seconds)
        return BrainStep(text="too late")
