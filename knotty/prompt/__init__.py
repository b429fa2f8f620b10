"""Knotty's prompt, exactly as MasseurMatch wrote it: the one copy every channel and brain uses."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["knotty_prompt"]


@cache
def knotty_prompt() -> str:
    """The prompt text, read once from the packaged `knotty.md`."""
    return files(__package__).joinpath("knotty.md").read_text(encoding="utf-8")
