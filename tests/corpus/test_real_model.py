"""The real-model tier (issue 12): SmolLM2-135M behind `KNOTTY_BRAIN=openai`, over simulated SMS and calls.

A small model that calls tools badly is the point: whatever it does, nobody is told they are signed
up when they are not, nothing wrong is saved, no tool syntax or prompt text reaches a person, and no
request gets a 5xx. Skipped only when the build is absent (`scripts/model-deps.sh`, which `make test`
runs). `python -m tests.corpus.model_report` plays more conversations and prints the figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.migrate import migrate_async
from knotty.state import Modality
from tests.corpus.model_play import Verdict, figures, model_world, pick, play
from tests.corpus.model_server import missing_reason, model_server

pytestmark = [pytest.mark.model, pytest.mark.slow]

BEHAVIOURS = ("stepwise", "all_at_once", "own_number", "hang_up")
"""Texts and calls: 8 conversations, a few minutes with the model answering one at a time."""


@pytest.fixture(scope="session")
def model_url() -> Iterator[str]:
    if (reason := missing_reason()) is not None:
        pytest.skip(reason)
    with model_server() as url:
        yield url


@pytest.fixture(scope="module")
async def verdicts(model_url: str, tmp_path_factory: pytest.TempPathFactory) -> list[Verdict]:
    tmp: Path = tmp_path_factory.mktemp("model")
    url = f"sqlite+aiosqlite:///{tmp / 'model.db'}"
    await migrate_async(url)
    async with model_world(url, tmp, model_url) as world:
        played = [await play(world, sc) for sc in pick(1, BEHAVIOURS)]
        await world.settle()
    return played


def test_the_sample_covers_texts_and_calls(verdicts: list[Verdict]) -> None:
    assert {v.scenario.modality for v in verdicts} == {Modality.SPOKEN, Modality.WRITTEN} and len(
        verdicts
    ) >= 8


def test_nobody_is_told_they_are_signed_up_when_they_are_not(verdicts: list[Verdict]) -> None:
    assert figures(verdicts)["false_signup_claims"] == 0, [v.replies for v in verdicts if v.false_claims]


def test_nothing_wrong_is_saved(verdicts: list[Verdict]) -> None:
    assert figures(verdicts)["wrong_saves"] == 0, [v.problems for v in verdicts if v.wrong_save]


def test_no_tool_syntax_or_prompt_text_is_shown(verdicts: list[Verdict]) -> None:
    assert [leak for v in verdicts for leak in v.leaks] == []


def test_no_server_errors_and_every_conversation_ends(verdicts: list[Verdict]) -> None:
    f = figures(verdicts)
    assert f["server_errors"] == 0 and f["unfinished"] == 0, [(v.scenario.id, v.problems) for v in verdicts]


def test_almost_everyone_is_saved_exactly_right(verdicts: list[Verdict]) -> None:
    f = figures(verdicts)
    assert f["exact_save_rate"] >= 0.8, f"{f}\n" + "\n".join(
        f"{v.scenario.id}: {v.problems}" for v in verdicts if v.problems
    )
