"""The offline brain: understands people without a network and follows the prompt's signup flow."""

from __future__ import annotations

from knotty.brains.scripted.brain import ScriptedBrain

__all__ = ["ScriptedBrain"]
