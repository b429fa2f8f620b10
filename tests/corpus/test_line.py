"""The modelled phone line (`tests.corpus.line`) makes the mistakes it claims, reproducibly.

If the model silently stopped making a kind of mistake, the noisy-line figures would flatter Knotty.
"""

from __future__ import annotations

from tests.corpus.line import Line, NoisyLine
from tests.corpus.line_caller import keypad_digits, spell_address

NUMBER = "four one five, five five five, zero one two eight"
ADDRESS = "j o h n dot s m i t h at gmail dot com"
SAMPLES = 300


def _heard(text: str, level: float = 1.0, careful: bool = False, surname: str | None = None) -> list[str]:
    return [NoisyLine(seed, level, surname=surname).hear(text, careful=careful) for seed in range(SAMPLES)]


def test_a_clean_line_and_level_zero_change_nothing() -> None:
    assert Line().hear(NUMBER) == NUMBER
    assert set(_heard(NUMBER, level=0)) == {NUMBER}


def test_same_seed_same_mistakes() -> None:
    assert _heard(ADDRESS) == _heard(ADDRESS)
    assert len(set(_heard(ADDRESS))) > SAMPLES // 3


def test_digits_are_grouped_repeated_lost_and_turned_into_homophones() -> None:
    heard = _heard(NUMBER)
    assert any(h == "415 555 0128" for h in heard)
    digits = ["".join(c for c in h if c.isdigit()) for h in heard]
    assert any(len(d) == 11 for d in digits) and any(0 < len(d) < 10 for d in digits)
    assert any(" for " in f" {h} " for h in heard) and any(
        " to " in f" {h} " or " too " in f" {h} " for h in heard
    )


def test_letters_are_heard_as_words_and_symbols_written_or_dropped() -> None:
    heard = _heard(ADDRESS)
    assert (
        any("jay o" in h for h in heard)
        and any(" eye " in h for h in heard)
        and any(" tea " in h for h in heard)
    )
    assert any("smith@gmail" in h.replace(" ", "") and "@" in h for h in heard)
    assert any("s m i t h gmail" in h for h in heard)  # "at" dropped
    assert any(".com" in h for h in heard)


def test_a_misheard_surname_stays_misheard_on_that_call() -> None:
    lines = [NoisyLine(seed, surname="lima") for seed in range(SAMPLES)]
    misheard = [line for line in lines if line.misheard]
    assert SAMPLES // 6 < len(misheard) < SAMPLES // 2
    for line in misheard[:20]:
        assert {line.hear("ana lima") for _ in range(5)} == {f"ana {line.misheard}"}


def test_careful_speech_is_heard_better() -> None:
    def wrong(careful: bool) -> int:
        return sum(h != NUMBER.replace(",", "") for h in _heard(NUMBER, careful=careful))

    assert wrong(careful=True) < wrong(careful=False) * 0.8


def test_what_the_caller_types_and_spells() -> None:
    assert keypad_digits("+14155550128") == "4155550128#"
    assert keypad_digits("+447400123456") == "447400123456#"
    assert keypad_digits("+447400123456", attempt=2) == "00447400123456#"
    assert spell_address("a.b_1@x-y.co") == "a dot b underscore one at x dash y dot c o"


def test_the_gather_hints_become_whisper_hot_words() -> None:
    from tests.corpus.line_recogniser import whisper_prompt

    prompt = whisper_prompt("$OOV_CLASS_DIGIT_SEQUENCE, this number, $UNKNOWN_CLASS,  my number is ")
    assert prompt == "0 1 2 3 4 5 6 7 8 9, this number, my number is."
    assert whisper_prompt("") == ""
