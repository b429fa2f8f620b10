"""Each conversation gets a reading of its own, though one utterance is read once per context.

`understand` keeps the readings of recent utterances (a "yes" is read by the offline brain and again by the
save's read-back check; "yes", "client", a first "Hi" recur across conversations). The brain then changes
the reading it was given ("de Elder" was said to be wrong: "angelina the elder" is The Elder). Were the kept
reading handed out itself, the next person saying those words would hear the other person's name.
"""

from __future__ import annotations

from faker import Faker

from knotty.brains.scripted.understanding import understand


def test_a_reading_changed_by_one_conversation_is_not_the_next_ones() -> None:
    fake = Faker("nl_NL")
    fake.seed_instance(1207)
    for _ in range(20):
        said = f"{fake.first_name()} {fake.last_name()}"
        first = understand(said, "full_name", region="NL")
        kept = dict(first.values)
        first.values["full_name"] = "Somebody Else"
        first.clears.append("email")
        first.spelled.append("else")
        again = understand(said, "full_name", region="NL")
        assert again.values == kept, said
        assert not again.clears and not again.spelled, said


def test_the_same_words_in_another_context_are_read_in_that_context() -> None:
    """A reading is kept for its context, not its words alone: "Dana Whitfield" asked for the name is a name;
    asked for the role, a known name, the same words are no name to take over it."""
    assert understand("Dana Whitfield", "full_name", region="US").values["full_name"] == "Dana Whitfield"
    assert understand("yes", "confirm", region="US", known_name="Dana Whitfield").yes is True
    assert understand("yes", "full_name", region="US").values.get("full_name") is None
    assert understand("therapist", "role", region="US").values["role"] == "therapist"
    assert understand("therapist", "role", region="US", spoken=True).values["role"] == "therapist"
