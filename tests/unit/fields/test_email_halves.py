"""Half an address said on its own (issue 11): the part before the @, or the part after it."""

from __future__ import annotations

import pytest

from knotty.fields import extract_email_domain, extract_email_local, lost_at
from knotty.grounding import ungrounded_fields


@pytest.mark.parametrize(
    ("said", "local"),
    [
        ("the first part is jane dot doe", "jane.doe"),
        ("jane dot doe", "jane.doe"),
        ("j a n e dot d o e", "jane.doe"),
        ("jane dot doe at", "jane.doe"),  # the line cut off the rest
        ("it is jane underscore doe 42", "jane_doe42"),
        ("the part before the at is info", "info"),
        ("um it's j as in juliet a n e", "jane"),
    ],
)
def test_the_part_before_the_at_said_alone_is_read(said: str, local: str) -> None:
    assert extract_email_local(said) == local
    assert extract_email_domain(said) is None


@pytest.mark.parametrize(
    "said",
    [
        "I don't have an email",
        "jane doe",
        "what is this for",
        "no",
        "four one five five five five",
        "hold on",
        "jane dot doe at gmail dot com",
    ],
)
def test_words_that_are_no_half_of_an_address_are_not_taken(said: str) -> None:
    assert extract_email_local(said) is None


@pytest.mark.parametrize(
    ("said", "domain"),
    [
        ("at gmail dot com", "gmail.com"),
        ("@gmail.com", "gmail.com"),
        ("and then at gmail dot com", "gmail.com"),
        ("the second part is at gmail dot com", "gmail.com"),
        ("the domain is relax dot studio", "relax.studio"),
        ("it ends with yahoo dot co dot uk", "yahoo.co.uk"),
        ("at g mail dot com thanks", "gmail.com"),
    ],
)
def test_the_part_after_the_at_said_alone_is_read(said: str, domain: str) -> None:
    assert extract_email_domain(said) == domain


@pytest.mark.parametrize("said", ["at home", "at gmail", "jane at gmail dot com", "I'm at work dot com now"])
def test_no_domain_is_read_from_other_words(said: str) -> None:
    assert extract_email_domain(said) is None


def test_an_address_said_in_two_halves_counts_as_said_for_the_save() -> None:
    fields = {
        "full_name": "Jane Doe",
        "phone": "+14155550100",
        "email": "jane.doe@gmail.com",
        "role": "client",
    }
    texts = ["jane doe", "four one five five five five zero one zero zero", "the first part is jane dot doe",
             "at gmail dot com", "client"]  # fmt: skip
    assert ungrounded_fields(fields, texts, None) == {}


def test_an_address_spelled_in_two_halves_counts_as_said_though_more_words_follow() -> None:
    fields = {"full_name": "Tony Richardson", "phone": "+12015552189", "role": "client",
              "email": "tony2@healingbyrichardson.org"}  # fmt: skip
    texts = ["tony richardson", "it's 201 five five five 2189", "my email is t o n y two",
             "at h e a l i n g b y r i c h a r d s o n dot o r g", "I just want to get massages", "Yes!"]  # fmt: skip
    assert ungrounded_fields(fields, texts, None) == {}


def test_halves_the_line_garbled_count_as_said_when_they_read_as_the_address() -> None:
    fields = {"full_name": "Baltas Yaman", "phone": "+905012348253", "role": "therapist",
              "email": "b.yaman@yamantherapy.com"}  # fmt: skip
    texts = ["baltas yaman", "plus nine zero five zero one two three four eight two five three", "therapist",
             "b dot y a m a n", "y a m a n t h e r a p y dot see o m", "yeah that's it"]  # fmt: skip
    assert ungrounded_fields(fields, texts, None) == {}
    assert "email" in ungrounded_fields({**fields, "email": "b.yaman@yemantherapy.com"}, texts, None)


@pytest.mark.parametrize(
    "said",
    [
        "i n f oh h e a l i n g b y m o u l eye n.m a s s a g e",
        "jane dot doe relax dot studio",
        "email is b o o k w e l l n e s s b y gee o o d dot s t you d i o",
    ],
)
def test_a_whole_address_whose_at_the_line_lost_is_no_half_of_one(said: str) -> None:
    assert lost_at(said)
    assert extract_email_local(said) is None  # never the part before the @ of some other address


@pytest.mark.parametrize(
    "said",
    ["jane dot doe", "the first part is jane dot doe", "jane dot doe gmail dot com", "what is this dot com"],
)
def test_no_lost_at_where_an_address_is_half_or_found(said: str) -> None:
    assert not lost_at(said)


@pytest.mark.parametrize(
    ("said", "domain"),
    [
        ("at be o d y w o r k b y b are i t o dot c o u k", "bodyworkbybrito.co.uk"),
        ("at x dot c o m b r", "x.com.br"),
    ],
)
def test_a_country_ending_whose_dot_was_lost_in_a_spelling_is_split(said: str, domain: str) -> None:
    assert extract_email_domain(said) == domain
