"""The runtime picks the brain from the settings, once, for every channel."""

from __future__ import annotations

from pathlib import Path

from app.runtime import build_runtime
from knotty.brains.openai import OpenAIBrain
from knotty.brains.scripted.brain import ScriptedBrain
from tests.conftest import make_settings


def test_offline_brain_without_a_key(tmp_path: Path) -> None:
    rt = build_runtime(make_settings(f"sqlite+aiosqlite:///{tmp_path}/k.db", tmp_path, KNOTTY_BRAIN=""))
    assert isinstance(rt.agent.brain, ScriptedBrain) and isinstance(rt.agent.fallback, ScriptedBrain)


def test_openai_brain_with_a_key_and_offline_fallback(tmp_path: Path) -> None:
    rt = build_runtime(
        make_settings(
            f"sqlite+aiosqlite:///{tmp_path}/k.db", tmp_path, KNOTTY_BRAIN="", OPENAI_API_KEY="sk-x"
        )
    )
    assert isinstance(rt.agent.brain, OpenAIBrain) and isinstance(rt.agent.fallback, ScriptedBrain)
