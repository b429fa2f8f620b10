"""Brains behind the agent: the OpenAI brain and the offline (scripted) brain."""

from __future__ import annotations

from knotty.brains.base import Brain, BrainContext, BrainError, BrainStep, ChatLine, ToolCall

__all__ = ["Brain", "BrainContext", "BrainError", "BrainStep", "ChatLine", "ToolCall"]
