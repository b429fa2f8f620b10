"""The offline brain's memory is stored in the form conversations already hold (`dataclasses.asdict`, plus
its version), whatever writes it: a conversation started before a change to how it is written reads on."""

from __future__ import annotations

from dataclasses import asdict

from knotty.brains.scripted.memory import Memory


def _busy() -> Memory:
    return Memory(
        cursor=9,
        full_name="Ana Lima",
        phone="+14155550100",
        email="ana@example.com",
        asking="role",
        misses={"email": 2},
        asked={"full_name": 1, "email": 3},
        corrections={"phone": 1},
        reasons={"email": "the domain does not exist"},
        listed_asked=["+14155550100"],
        turn=5,
        seed=77,
    )


def test_the_stored_form_is_what_conversations_already_hold() -> None:
    mem = _busy()
    dumped = mem.dump()
    assert dumped == {"v": 1, **asdict(mem)}
    assert list(dumped) == ["v", *asdict(mem)], "the same keys in the same order, so the same JSON"


def test_a_stored_memory_reads_back_the_same() -> None:
    mem = _busy()
    assert Memory.load(mem.dump()) == mem


def test_what_was_stored_does_not_change_with_the_memory_afterwards() -> None:
    mem = _busy()
    dumped = mem.dump()
    mem.miss("email")
    mem.listed_asked.append("ana@example.com")
    mem.asked["role"] = 1
    assert dumped["misses"] == {"email": 2}
    assert dumped["listed_asked"] == ["+14155550100"]
    assert "role" not in dumped["asked"]


def test_a_memory_of_another_version_or_with_unknown_keys_still_reads() -> None:
    assert Memory.load({"v": 0, "full_name": "Ana Lima"}) == Memory()
    assert Memory.load({"v": 1, "full_name": "Ana Lima", "gone": True}).full_name == "Ana Lima"


def test_what_was_last_asked_reads_as_from_the_whole_memory() -> None:
    mem = _busy()
    assert Memory.asked_of(mem.dump()) == ("role", 0)
    mem.asking = "email"
    assert Memory.asked_of(mem.dump()) == ("email", 2)
    mem.asking = ""
    assert Memory.asked_of(mem.dump()) is None
    assert Memory.asked_of({"v": 0, "asking": "email"}) is None
    assert Memory.asked_of({}) is None
