"""Given names that are hardly ever surnames, for telling "Luis Miguel" (two given names) from "Ana Lima".

Asked for their full name, many people from Spain, Portugal, Latin America and the Philippines give
their two given names and stop ("Luis Miguel", "María José", "João Pedro"). Read as a first and a last
name, that is read back wrong. A careful operator knows those names are both given names and asks
for the last name. This is the short list such an operator carries: written by hand, kept to names
that are rarely family names (no "Thomas", "Paul", "Martin", "Rose" or "Lucas", which are both), and
used only when *every* word of a two-word answer is on it.
"""

from __future__ import annotations

import unicodedata

from knotty.fields._compound_given_names import COMPOUND_GIVEN_NAMES

__all__ = ["both_given_names", "given_name", "plain_words"]

_GIVEN = frozenset(
    """
    alejandro alejandra alfonso alicia ana andrea andres angela angeles antonio antonia beatriz
    camila carlos carla carmen carolina catalina cecilia clara concepcion consuelo cristina daniela
    diego dolores eduardo eduarda elena emilia enrique esperanza eugenia federico felipe
    fernanda fernando francisco francisca gabriela guadalupe guillermo gustavo ignacio ines isabel
    isabela javier jesus joaquin jorge jose josefa juan juana julia karla laura leticia lorena lourdes
    lucia luis luisa luz manuel manuela marcelo marco margarita maria mariana marisol mercedes miguel
    milagros monica natalia patricia pedro pilar rafaela raquel renata ricardo rocio
    rodrigo sebastian sofia soledad teresa valentina veronica victoria ximena
    joao jorge caio vitor vitoria heloisa leticia thiago matheus otavio
    giovanni giuseppe giulia francesca chiara alessandro alessandra matteo
    jan piotr krzysztof andrzej tomasz pawel michal marek grzegorz katarzyna malgorzata agnieszka magdalena
    joanna ewa zofia
    jean-pierre marie-claire
    mary ann anne anna jane beth lou sue mae
""".split(),  # noqa: SIM905 - a list of names reads best as words
)


def _plain(word: str) -> str:
    """The word lower-cased, without accents ("María" -> "maria")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain_words(name: str) -> list[str]:
    """The words of a name lower-cased, without accents, a hyphen read as a space ("Hans-Peter" -> hans, peter)."""
    return _plain(name).replace("-", " ").split()


def given_name(word: str) -> bool:
    """Whether ``word`` is on the list of given names that are hardly ever surnames ("Alejandro", "Piotr")."""
    return _plain(word) in _GIVEN


def both_given_names(name: str) -> bool:
    """Whether a name of two or three words is only given names ("Luis Miguel", "María José", a compound given
    name Faker knows: "José Ángel", "Hans Peter", "María del Carmen"), not a first and last name."""
    words = name.split()
    if len(words) == 2 and all(_plain(w) in _GIVEN for w in words):
        return True
    return 1 < len(words) <= 3 and " ".join(plain_words(name)) in COMPOUND_GIVEN_NAMES
