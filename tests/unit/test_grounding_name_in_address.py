"""What Knotty read in an address said with the person's own name in it, the save's check accepts too.

Seen on a fresh seed: İvecen Seven typed "ivecen underscore seven one nine eight eight at hotmail dot
com"; Knotty read ivecen_seven1988@ (her surname is Seven), read it back, she said yes, and the save's
grounding check, reading the words without her name, found ivecen_71988@ and refused: asked again twice,
then goodbye, no signup.
"""

from __future__ import annotations

import pytest

from knotty.brains.scripted.understanding import understand
from knotty.grounding import ungrounded_fields
from tests.corpus.strangers import plain_given_names

NUMBER_SURNAMES = ("Seven", "Ten", "Nine", "Four")
"""Surnames that are number words; the digits after them in the address are other numbers."""


@pytest.mark.parametrize("surname", NUMBER_SURNAMES)
def test_an_address_with_a_number_word_surname_is_read_and_grounded_alike(surname: str) -> None:
    for given in plain_given_names(8, 9090):
        name = f"{given.title()} {surname}"
        said = f"email is {given} underscore {surname.lower()} one two three at hotmail dot com"
        read = understand(said, "email", region="US", known_name=name).values.get("email")
        assert read == f"{given}_{surname.lower()}123@hotmail.com", (name, read)
        fields = {"full_name": name, "phone": "+12015558996", "email": read, "role": "client"}
        texts = [name, "2015558996", said, "I want to book a massage"]
        assert ungrounded_fields(fields, texts, None) == {}, (name, read)


def test_the_name_never_grounds_an_address_nobody_said() -> None:
    """The name words change how number words are read, not what counts as said."""
    fields = {
        "full_name": "Dawn Seven",
        "phone": "+12015558996",
        "email": "dawn.seven@gmail.com",
        "role": "client",
    }
    texts = ["Dawn Seven", "2015558996", "d dot seven at yahoo dot com", "client"]
    assert "email" in ungrounded_fields(fields, texts, None)
