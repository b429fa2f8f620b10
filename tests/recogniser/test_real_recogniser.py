"""The real-recogniser tier (issue 11): callers heard through espeak-ng, an 8 kHz mu-law line and Whisper tiny.en.

Five strangers call over the real Twilio voice routes; every word they say is spoken, squeezed
through a telephone channel and transcribed by a small real recogniser before Twilio posts it. It
gets a lot wrong. Whatever it hears, nobody is saved wrong, every call ends (saved exactly right or
ended politely, never left going round), and no webhook fails. Skipped with the reason when the tools
are absent (`scripts/recogniser-deps.sh`, which `make test` runs). Transcripts are cached under
`.cache/recogniser/`; `python -m tests.corpus.line_report --recogniser --calls N` plays more.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.migrate import migrate_async
from tests.corpus.line_play import LineVerdict, figures, line_world, pick_callers, play_calls

if TYPE_CHECKING:
    from tests.corpus.line_recogniser import Recogniser

pytestmark = [pytest.mark.recogniser, pytest.mark.slow]

RECOGNISER_SEED = 11_013
CALLS = 5
"""stepwise, all at once, front-loaded, first name only, the caller's own number: a few minutes the first time."""


@pytest.fixture(scope="module")
def recogniser() -> Recogniser:
    from tests.corpus.line_recogniser import Recogniser, missing_reason

    if (reason := missing_reason()) is not None:
        pytest.skip(reason)
    return Recogniser()


@pytest.fixture(scope="module")
async def verdicts(recogniser: Recogniser, tmp_path_factory: pytest.TempPathFactory) -> list[LineVerdict]:
    tmp: Path = tmp_path_factory.mktemp("recogniser")
    url = f"sqlite+aiosqlite:///{tmp / 'recogniser.db'}"
    await migrate_async(url)
    async with line_world(url, tmp) as world:
        return await play_calls(world, pick_callers(CALLS, RECOGNISER_SEED), lambda sc: recogniser, at_once=2)


def _show(verdicts: list[LineVerdict]) -> str:
    return "\n\n".join(
        f"{v.scenario.id}: {'; '.join(v.problems)}\n    " + "\n    ".join(v.transcript) for v in verdicts
    )


async def test_the_recogniser_really_mishears(verdicts: list[LineVerdict]) -> None:
    heard_differently = [line for v in verdicts for line in v.transcript if " heard as " in line
                         and line.split(" heard as ")[0][3:].lower().strip("'\"") != line.split(" heard as ")[1].lower().strip("'\"")]  # fmt: skip
    assert len(verdicts) == CALLS and heard_differently, _show(verdicts)


async def test_nobody_is_saved_wrong_through_a_real_recogniser(verdicts: list[LineVerdict]) -> None:
    assert figures(verdicts)["wrong_saves"] == 0, _show(verdicts)


async def test_every_call_ends_without_a_failed_webhook(verdicts: list[LineVerdict]) -> None:
    # Ended, not necessarily signed up: Whisper tiny garbles some addresses past every way of asking,
    # and then a polite goodbye with nothing saved is right (the success rate is the report's figure).
    assert all(v.saved_exact or v.ended_politely for v in verdicts), _show(verdicts)
    assert not [p for v in verdicts for p in v.problems if p.startswith("call error")], _show(verdicts)
