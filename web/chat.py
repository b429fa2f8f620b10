"""The htmx chat widget routes (GET /, /chat/...)."""

from __future__ import annotations

from typing import Any

__all__ = ["route_handlers"]


def route_handlers() -> list[Any]:
    """The widget's routes."""
    return []
