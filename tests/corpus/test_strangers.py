"""People the project never met (Faker, many locales), played through the real core on SQLite.

The fixed seed here is the suite's; the figures in docs/offline-brain.md come from other seeds
(`python -m tests.corpus.report --strangers --seed=N`), so passing this says something about them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.migrate import migrate_async
from tests.corpus.generate import generate
from tests.corpus.report import ended_right, run_corpus, summary, wrong_save
from tests.corpus.runner import Outcome, repeated_questions

pytestmark = pytest.mark.slow

SUITE_SEED = 11_000
PER_BEHAVIOUR = 8


@pytest.fixture(scope="module")
async def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    path: Path = tmp_path_factory.mktemp("strangers") / "strangers.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    return await run_corpus(url, SUITE_SEED, strangers=True, per_behaviour=PER_BEHAVIOUR)


def test_strangers_are_varied() -> None:
    people = [s.person for s in generate(PER_BEHAVIOUR, SUITE_SEED, strangers=True)]
    assert len(people) >= 300
    assert any(not p.full_name.isascii() for p in people)
    assert any("-" in p.last or " " in p.last for p in people)
    assert sum(p.international for p in people) > len(people) // 5


def test_no_stranger_is_saved_wrong(outcomes: list[Outcome]) -> None:
    wrong = [f"{o.scenario.id}: {'; '.join(o.problems)}" for o in outcomes if wrong_save(o)]
    assert not wrong, "\n".join(wrong)


def test_no_stranger_is_asked_the_same_question_the_same_way_a_third_time(outcomes: list[Outcome]) -> None:
    """Issue 11, no loops: the third ask of a field changes the way, and there is no fourth."""
    looped = [f"{o.scenario.id}: {p}" for o in outcomes for p in repeated_questions(o.transcript)]
    assert not looped, "\n".join(looped)


def test_strangers_sign_up_right(outcomes: list[Outcome]) -> None:
    failed = [
        f"{o.scenario.id}: {'; '.join(o.problems)}\n    " + "\n    ".join(o.transcript)
        for o in outcomes
        if not o.ok
    ]
    # A read-back the person had to correct once fails `ok` (docs/offline-brain.md lists the open classes).
    assert len(failed) <= len(outcomes) // 100, f"{summary(outcomes)}\n\n" + "\n\n".join(failed[:5])


def test_every_stranger_ends_saved_exactly_right_or_not_saved_as_meant(outcomes: list[Outcome]) -> None:
    """Issue 11's done-when on the suite's seed: saved exactly right (leavers not saved), whatever read-back
    was corrected on the way, no loop."""
    wrong = [f"{o.scenario.id}: {'; '.join(o.problems)}\n    " + "\n    ".join(o.transcript)
             for o in outcomes if not ended_right(o)]  # fmt: skip
    assert not wrong, "\n\n".join(wrong[:5])


def test_the_loop_check_catches_a_field_asked_the_same_way_three_times() -> None:
    ask = "K: Sorry, I didn't catch your last name. And your last name, please?"
    assert repeated_questions([ask, "P: it's nice", ask, "P: it's nice"]) == []
    assert repeated_questions([ask, "P: x", ask, "P: x", ask]) == ["asked the last_name the same way 3 times"]
    spelled = "K: And your last name, please? Could you spell it for me, letter by letter?"
    assert repeated_questions([ask, "P: x", ask, "P: x", spelled]) == []
