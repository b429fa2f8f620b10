"""The generated corpus, played through the real agent core on SQLite, judged against the database."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from app.migrate import migrate_async
from tests.corpus.generate import generate
from tests.corpus.report import run_corpus, summary
from tests.corpus.runner import Outcome

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
async def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    path: Path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    return await run_corpus(url)


def test_the_corpus_is_large_and_covers_both_modalities() -> None:
    scenarios = generate()
    assert len(scenarios) >= 150
    assert {s.modality for s in scenarios} == {"spoken", "written"}
    assert len({s.person.email for s in scenarios}) == len(scenarios)


def test_every_conversation_ends_correctly(outcomes: list[Outcome]) -> None:
    failed = [
        f"{o.scenario.id}: {'; '.join(o.problems)}\n    " + "\n    ".join(o.transcript)
        for o in outcomes
        if not o.ok
    ]
    assert not failed, f"{len(failed)} of {len(outcomes)} failed\n{summary(outcomes)}\n\n" + "\n\n".join(
        failed[:5]
    )


def test_turns_stay_short(outcomes: list[Outcome]) -> None:
    def median(behaviour: str) -> float:
        return statistics.median(o.turns for o in outcomes if o.scenario.behaviour == behaviour)

    assert median("stepwise") <= 8
    assert median("all_at_once") < median("stepwise")
    assert max(o.turns for o in outcomes if o.scenario.behaviour == "stepwise") <= 8
