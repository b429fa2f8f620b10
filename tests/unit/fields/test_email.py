from __future__ import annotations

import pytest

from knotty.fields import FieldError, extract_email, normalize_email, speak_email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ana@x.com", "ana@x.com"),
        ("Ana@X.com", "ana@x.com"),
        ("  ANA.LIMA@GMAIL.COM ", "ana.lima@gmail.com"),
        ("<ana+spa@gmail.com>", "ana+spa@gmail.com"),
        ("mailto:ana@gmail.com", "ana@gmail.com"),
        ("john_smith-77@mail.co.uk", "john_smith-77@mail.co.uk"),
    ],
)
def test_normalize_email_accepts(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "didn't catch"),
        ("ana.gmail.com", "missing the at sign"),
        ("ana@@gmail.com", "more than one at sign"),
        ("ana lima@gmail.com", "spaces"),
        ("@gmail.com", "before the at sign"),
        ("ana@", "after the at sign"),
        ("ana@gmail", "needs a dot"),
        ("ana..lima@gmail.com", "two dots"),
        ("ana@gmail.com.", "end with a dot"),
        ("ana@gmail,com", "character"),
        ("ana@gmail.c", "too short"),
    ],
)
def test_normalize_email_rejects_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_email(raw)
    assert info.value.field == "email"
    assert reason in info.value.reason


# --- extract_email -------------------------------------------------------------

JS = "john.smith@gmail.com"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # written
        ("Ana@X.com", "ana@x.com"),
        ("sure it's ana.lima@gmail.com thanks", "ana.lima@gmail.com"),
        ("John.Smith@Gmail.com.", JS),
        ("my email: <ana+spa@studio.massage>, thanks", "ana+spa@studio.massage"),
        ("j.smith@company.io", "j.smith@company.io"),
        # spoken
        ("john dot smith at gmail dot com", JS),
        ("my email is john dot smith at gmail dot com", JS),
        ("John dot Smith at Gmail dot com.", JS),
        ("john smith at gmail dot com", "johnsmith@gmail.com"),
        ("my email address is ana lima at gmail dot com", "analima@gmail.com"),
        ("john period smith at gmail dot com", JS),
        ("john point smith at gmail dot com", JS),
        ("john underscore smith at yahoo dot com", "john_smith@yahoo.com"),
        ("john under score smith at yahoo dot com", "john_smith@yahoo.com"),
        ("john dash smith at outlook dot com", "john-smith@outlook.com"),
        ("john hyphen smith at outlook dot com", "john-smith@outlook.com"),
        ("john at sign gmail dot com", "john@gmail.com"),
        ("john at the rate gmail dot com", "john@gmail.com"),
        ("john at hotmail dot co dot uk", "john@hotmail.co.uk"),
        ("yeah so it's um ana dot lima at gmail dot com", "ana.lima@gmail.com"),
        ("email me at john at gmail dot com", "john@gmail.com"),
        ("mike at gmail dot com", "mike@gmail.com"),
        ("oscar at icloud dot com", "oscar@icloud.com"),
        # spelled letter by letter
        ("j o h n at gmail dot com", "john@gmail.com"),
        ("J O H N dot S M I T H at gmail dot com", JS),
        ("j-o-h-n at gmail dot com", "john@gmail.com"),
        ("capital j o h n at gmail dot com", "john@gmail.com"),
        ("double u i l l at gmail dot com", "will@gmail.com"),
        ("i n a at gmail dot com", "ina@gmail.com"),
        ("jay oh aitch en at gmail dot com", "john@gmail.com"),
        ("j as in juliet o h n at gmail dot com", "john@gmail.com"),
        ("j for john o h n at gmail dot com", "john@gmail.com"),
        ("j as in juliet, o as in oscar, h as in hotel, n as in november at gmail dot com", "john@gmail.com"),
        ("juliet oscar hotel november at gmail dot com", "john@gmail.com"),
        # a word, then its spelling
        ("ana, a n a, dot lima at gmail dot com", "ana.lima@gmail.com"),
        ("ana dot lima, l i m a, at gmail dot com", "ana.lima@gmail.com"),
        ("jon, j o h n, at gmail dot com", "john@gmail.com"),
        ("john smith, that's j o h n s m i t h at gmail dot com", "johnsmith@gmail.com"),
        ("ana lima, that's a n a dot l i m a at gmail dot com", "ana.lima@gmail.com"),
        # numbers said within
        ("john seventy seven at yahoo dot com", "john77@yahoo.com"),
        ("john one two three at gmail dot com", "john123@gmail.com"),
        ("john 77 at gmail dot com", "john77@gmail.com"),
        ("bob oh seven at aol dot com", "bob07@aol.com"),
        ("it is ana underscore lima 85 at hotmail dot com thanks", "ana_lima85@hotmail.com"),
        # recogniser forms and domain fixes
        ("j o h n at g mail dot com", "john@gmail.com"),
        ("john dot smith at g mail dot com", JS),
        ("john at gee mail dot com", "john@gmail.com"),
        ("john at hot mail dot com", "john@hotmail.com"),
        ("ana.lima at gmail.com", "ana.lima@gmail.com"),
        ("my email is john dot smith at gmail.com", JS),
        ("john at gmail com", "john@gmail.com"),
        ("john at gmail dotcom", "john@gmail.com"),
        # with other fields around it
        ("john dot smith at gmail dot com, and I'm a therapist", JS),
        ("ana at gmail dot com and my number is 415 555 0100", "ana@gmail.com"),
    ],
)
def test_extract_email_finds(text: str, expected: str) -> None:
    assert extract_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I'm at home",
        "I'm at home right now",
        "I'm at the gym. Call me later",
        "I work at google dot com",
        "we met at gmail dot com",
        "look at this dot com",
        "meet me at the spa dot com",
        "I'll be at massage envy dot com",
        "my email is at gmail",  # no local part
        "john at gmail",  # no ending: never guess ".com"
        "ana at",
        "just call me at 415 555 0100",
        "call me at 5. Thanks",
        "john dot smith",
        "my name is Ana Lima",
        "ana@gmail",  # written, but no dot in the domain
        "ana lima@@gmail.com",
        "I'm a therapist",
    ],
)
def test_extract_email_returns_none(text: str) -> None:
    assert extract_email(text) is None


# --- speak_email ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "spoken"),
    [
        ("ana.lima@gmail.com", "a n a, dot, l i m a, at gmail dot com"),
        (
            "john_smith-77@yahoo.co.uk",
            "j o h n, underscore, s m i t h, dash, seven seven, at yahoo dot co dot u k",
        ),
        ("bob@aol.com", "b o b, at a o l dot com"),
        ("ana+spa@zen.massage", "a n a, plus, s p a, at z e n dot massage"),
        ("Ana@Hotmail.com", "a n a, at hotmail dot com"),
    ],
)
def test_speak_email(email: str, spoken: str) -> None:
    assert speak_email(email) == spoken


@pytest.mark.parametrize(
    "email", ["ana.lima@gmail.com", "john_smith-77@yahoo.co.uk", "bob07@aol.com", "j@zen.spa"]
)
def test_speak_email_round_trips_through_extract_email(email: str) -> None:
    assert extract_email(speak_email(email)) == email


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ANA@GMAIL.COM", "ana@gmail.com"),
        ("ana @ gmail.com", "ana@gmail.com"),
        ("the email is info at zen spa dot com", "info@zenspa.com"),
        ("my e-mail is ana at gmail dot com", "ana@gmail.com"),
        ("a n a l i m a at gmail dot com", "analima@gmail.com"),
        ("ana lima eighty five at gmail dot com", "analima85@gmail.com"),
        ("ana at lima dot com dot br", "ana@lima.com.br"),
        ("You can email me at ana dot lima at gmail dot com.", "ana.lima@gmail.com"),
        ("My email is Ana Lima at Gmail dot com.", "analima@gmail.com"),
        ("ana 1985 at gmail dot com", "ana1985@gmail.com"),
        ("It's ana, at, gmail, dot com", "ana@gmail.com"),
        ("b o b zero seven at a o l dot com", "bob07@aol.com"),
    ],
)
def test_extract_email_more_ways_of_saying_it(text: str, expected: str) -> None:
    assert extract_email(text) == expected


@pytest.mark.parametrize("text", ["Its ana.lima at gmail", "ana at gmail dot calm"])
def test_extract_email_does_not_finish_an_address_for_them(text: str) -> None:
    assert extract_email(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "n as in november a as in alpha d as in delta i as in india a as in alpha dot "
            "k as in kilo h as in hotel a as in alpha n as in november at hotmail dot com",
            "nadia.khan@hotmail.com",
        ),
        ("ana dot dasilva at proton dot me", "ana.dasilva@proton.me"),
        ("I'm a therapist, jose dot haddad at yahoo dot com", "jose.haddad@yahoo.com"),
        (
            "hi this is wei tanaka I'm a therapist wei underscore tanaka at mail dot com",
            "wei_tanaka@mail.com",
        ),
        ("I'm a licensed massage therapist ana lima at gmail dot com", "analima@gmail.com"),
        ("my name is wei tanaka wei underscore tanaka at mail dot com", "wei_tanaka@mail.com"),
        ("john smith at gmail dot com", "johnsmith@gmail.com"),
    ],
)
def test_extract_email_long_spellings_and_what_comes_before(text: str, expected: str) -> None:
    assert extract_email(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kenji petrova, therapist, kenjipetrova at relaxspa dot co, 512-257-1825",
            "kenjipetrova@relaxspa.co",
        ),
        ("mary jane johansson therapist mary dash jane at hotmail dot com", "mary-jane@hotmail.com"),
        ("priya baker therapist priya underscore baker at mail dot com", "priya_baker@mail.com"),
        ("ana lima, ana dot lima at gmail dot com", "ana.lima@gmail.com"),
        ("n as in november, a as in alpha, at gmail dot com", "na@gmail.com"),
        ("ana, dot, lima at gmail dot com", "ana.lima@gmail.com"),
        ("J, O, H, N at gmail.com", "john@gmail.com"),
        ("ana massage at gmail dot com", "anamassage@gmail.com"),
        ("massage dot therapist at gmail dot com", "massage.therapist@gmail.com"),
    ],
)
def test_extract_email_where_the_address_starts(text: str, expected: str) -> None:
    assert extract_email(text) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("j\u043ehn@gmail.com", "before the at sign has a letter"),  # Cyrillic о in the mailbox
        ("\uff41\uff4e\uff41@gmail.com", "before the at sign has a letter"),  # fullwidth ａｎａ
        ("ana.lim\u00e1@gmail.com", "before the at sign has a letter"),  # even an accent: few systems take it
        ("john@gm\u0430il.com", "only looks like a plain one"),  # Cyrillic а in a Latin name
        (
            "ana@\u0440\u0430\u0443\u0440\u0430l.com",
            "only looks like a plain one",
        ),  # раураl: whole-script lookalike
        ("ana@\u0261mail.com", "only looks like a plain one"),  # LATIN SMALL LETTER SCRIPT G
        ("ana@g\u03bfogle.com", "only looks like a plain one"),  # Greek ο
    ],
)
def test_lookalike_addresses_are_refused_politely(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_email(raw)
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "ana@m\u00fcnchen.de",
            "ana@m\u00fcnchen.de",
        ),  # an accented Latin domain is a real, visible difference
        ("ana@caf\u00e9.fr", "ana@caf\u00e9.fr"),
        ("ana@\uff47\uff4d\uff41\uff49\uff4c.com", "ana@gmail.com"),  # fullwidth domain folds to the real one
    ],
)
def test_accented_latin_domains_are_accepted(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


def test_a_lookalike_in_a_sentence_is_not_taken_as_the_address() -> None:
    assert extract_email("it's j\u043ehn@gmail.com") is None
