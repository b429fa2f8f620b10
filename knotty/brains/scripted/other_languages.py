"""Everyday words of the languages people write to Knotty in besides English and Spanish, which no name has.

"Hallo, ich möchte mich anmelden" sent as a first text was read as the name "Ich Möchte Mich Anmelden":
Knotty answered "Nice to meet you, Ich" and read it back as the name, where a "yes" saved it. So were
"je voudrais m'inscrire", "vorrei iscrivermi", "chcę się zapisać", "bekleme listesine katılmak istiyorum",
"jag vill gå med på väntelistan". Spanish has its own list and its own note (`intents.SPANISH_WORDS`);
these languages get no note (Knotty speaks English), only no name made of their words: a name read with
one of them in it is no name, and the name is asked for.

The words are the sentence's pronouns, "would like", "sign up", "waitlist", "please" and "thanks", folded
(no accents). None is anybody's name in any Faker locale nor an English word
(`tests/unit/brains/test_scripted_other_language_sentences.py` checks): "mich", "quero", "się", "vill",
"tack", "toi", "kong" and "asante" are names somewhere, and are left out, as are "saya" and "mau", which
Faker does not know as names but people have. A name that has one of them after all is taken when it is
said again word for word (`understanding`).
"""

from __future__ import annotations

from knotty.fields._name_reading import folded

__all__ = ["EVERYDAY_WORDS", "has_everyday_word"]

_BY_LANGUAGE = {
    "German": "ich möchte moechte würde gerne anmelden registrieren eintragen warteliste bitte danke möchten wollte",
    "French": "je voudrais veux souhaite inscrire m'inscrire liste attente merci vous",
    "Portuguese": "gostaria entrar cadastrar inscrever cadastro espera obrigado obrigada",
    "Italian": "vorrei voglio iscrivermi iscrivere registrarmi attesa grazie",
    "Polish": "chcę zapisać zapisz zarejestrować listę oczekujących dziękuję proszę",
    "Dutch": "ik wil graag aanmelden inschrijven wachtlijst bedankt",
    "Swedish": "jag väntelistan anmäla",
    "Turkish": "bekleme listesine katılmak istiyorum kaydolmak olmak lütfen teşekkürler",
    "Vietnamese": "muốn",
    "Indonesian": "ingin mendaftar daftar tunggu terima kasih",
    "Tagalog": "gusto magpalista sumali salamat",
    "Swahili": "mteja nataka kujiandikisha",
}

EVERYDAY_WORDS = frozenset(folded(word) for words in _BY_LANGUAGE.values() for word in words.split())


def has_everyday_word(name: str | None) -> bool:
    """Whether a name read has a word of one of these languages' sign-up sentences in it."""
    return bool(name) and any(folded(word) in EVERYDAY_WORDS for word in (name or "").split())
