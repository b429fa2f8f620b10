"""Litestar dependencies: route handlers receive the built core by name, never construct it."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import Provide

from knotty.agent import Agent
from knotty.config import Settings
from knotty.store import Store

__all__ = ["DEPENDENCIES"]


def _agent(state: State) -> Agent:
    return state.runtime.agent  # type: ignore[no-any-return]


def _store(state: State) -> Store:
    return state.runtime.store  # type: ignore[no-any-return]


def _settings(state: State) -> Settings:
    return state.runtime.settings  # type: ignore[no-any-return]


DEPENDENCIES = {
    "agent": Provide(_agent, sync_to_thread=False),
    "store": Provide(_store, sync_to_thread=False),
    "settings": Provide(_settings, sync_to_thread=False),
}
