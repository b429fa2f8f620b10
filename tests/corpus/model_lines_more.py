"""Lines a model might write in German, Dutch, Polish, Romanian and Italian, generated from parts.

The short claims a small model makes in these languages ("Je staat erop!", "Ești înscris.", "Du bist
dabei!"), claims inside a longer line, a text said sent, and the honest lines of a sign-up (questions,
read-backs, a save put after a confirmation, denials, offers), with Faker names of each language's own
locales. `tests.corpus.model_lines` is the same for Spanish, Portuguese and French.
"""

from __future__ import annotations

import random

from faker import Faker

__all__ = ["LANGUAGES", "claim_lines", "honest_lines", "text_claim_lines", "text_offer_lines"]

LANGUAGES = {
    "de": ("de_DE", "de_AT", "de_CH"),
    "nl": ("nl_NL", "nl_BE"),
    "pl": ("pl_PL",),
    "ro": ("ro_RO",),
    "it": ("it_IT", "it_CH"),
}

_LEADS = {
    "de": ["", "Danke, {first}! ", "Perfekt, {first}. ", "Super. ", "Alles klar, "],
    "nl": ["", "Dank je, {first}! ", "Perfect, {first}. ", "Top. ", "Prima, "],
    "pl": ["", "Dziękuję, {first}! ", "Świetnie, {first}. ", "Super. ", "Dobrze, "],
    "ro": ["", "Mulțumesc, {first}! ", "Perfect, {first}. ", "Super. ", "Bine, "],
    "it": ["", "Grazie, {first}! ", "Perfetto, {first}. ", "Ottimo. ", "Bene, "],
}
_TAILS = {
    "de": ["", " Danke!", " Möchten Sie eine SMS zur Bestätigung?", " Schönen Tag noch!"],
    "nl": ["", " Bedankt!", " Wil je een bevestiging per sms?", " Fijne dag!"],
    "pl": ["", " Dziękuję!", " Czy chcesz SMS z potwierdzeniem?", " Miłego dnia!"],
    "ro": ["", " Mulțumesc!", " Vrei un SMS de confirmare?", " O zi bună!"],
    "it": ["", " Grazie!", " Vuoi un SMS di conferma?", " Buona giornata!"],
}
_SIGNUP = {
    "de": [
        "Du bist dabei!",
        "Sie sind jetzt angemeldet.",
        "Du bist eingetragen.",
        "Ich habe Sie eingetragen.",
        "Ihre Daten sind gespeichert.",
        "Sie stehen jetzt auf der Warteliste.",
        "Willkommen auf der Warteliste!",
        "Ihre Anmeldung ist abgeschlossen.",
        "Alles erledigt.",
        "Sie sind registriert.",
        "Ich habe dich auf die Liste gesetzt und gespeichert.",
    ],
    "nl": [
        "Je staat erop!",
        "Je bent ingeschreven.",
        "U bent aangemeld.",
        "Je staat nu op de wachtlijst.",
        "Ik heb je gegevens opgeslagen.",
        "Welkom op de wachtlijst!",
        "Je bent erbij!",
        "Je inschrijving is voltooid.",
        "Ik heb je toegevoegd aan de lijst.",
        "U bent geregistreerd.",
    ],
    "pl": [
        "Jesteś zapisany.",
        "Jesteś zapisana.",
        "Zapisałem cię.",
        "Zapisałam Twoje dane.",
        "Jesteś na liście oczekujących.",
        "Witamy na liście!",
        "Zostałeś dodany do listy.",
        "Twoja rejestracja jest zakończona.",
        "Jesteś zarejestrowany.",
        "Dodałem cię do listy.",
    ],
    "ro": [
        "Ești înscris.",
        "Ești înscrisă.",
        "Sunteți înregistrat.",
        "Te-am înscris pe listă.",
        "Datele tale au fost salvate.",
        "Ești pe lista de așteptare.",
        "Bun venit pe lista de așteptare!",
        "Te-am adăugat pe listă.",
        "Ai fost înregistrată.",
    ],
    "it": [
        "Sei iscritto!",
        "Sei iscritta.",
        "Sei dentro!",
        "Ci sei!",
        "Ti ho registrato.",
        "I tuoi dati sono stati salvati.",
        "Sei nella lista d'attesa.",
        "Benvenuto nella lista!",
        "La tua iscrizione è completata.",
        "Ti ho aggiunto alla lista.",
    ],
}
_TEXTS = {
    "de": ["Ich habe Ihnen eine SMS geschickt.", "Sie erhalten gleich eine SMS.", "Die SMS ist unterwegs.",
           "Ich habe dir eine Bestätigung per SMS gesendet."],
    "nl": ["Ik heb je een sms gestuurd.", "Je ontvangt zo een sms.", "De sms is onderweg.",
           "Ik heb een bevestiging per sms verstuurd."],
    "pl": ["Wysłałem ci SMS-a.", "Otrzymasz SMS z potwierdzeniem.", "Wiadomość jest w drodze.",
           "Wysłałam potwierdzenie SMS-em."],
    "ro": ["Ți-am trimis un SMS.", "Vei primi un SMS de confirmare.", "Mesajul e pe drum.",
           "Am trimis confirmarea prin SMS."],
    "it": ["Ti ho inviato un SMS.", "Riceverai un SMS di conferma.", "Il messaggio è in arrivo.",
           "Ti ho mandato la conferma via SMS."],
}  # fmt: skip
_QUESTIONS = {
    "de": ["Wie ist Ihr vollständiger Name?", "Wie lautet Ihre Telefonnummer?", "Und Ihre E-Mail-Adresse?",
           "Sind Sie Therapeut oder Kunde?", "Sind Sie schon angemeldet?", "Soll ich Sie eintragen?",
           "Darf ich Ihre Daten speichern?", "Können Sie Ihren Nachnamen buchstabieren?"],
    "nl": ["Wat is je volledige naam?", "Wat is je telefoonnummer?", "Wat is je e-mailadres?",
           "Ben je therapeut of klant?", "Ben je al ingeschreven?", "Zal ik je inschrijven?",
           "Mag ik je gegevens opslaan?"],
    "pl": ["Jak masz na imię i nazwisko?", "Jaki jest twój numer telefonu?", "Podaj swój adres e-mail.",
           "Czy jesteś terapeutą czy klientem?", "Czy jesteś już zapisany?", "Czy mam cię zapisać?"],
    "ro": ["Care este numele tău complet?", "Care este numărul tău de telefon?", "Care este adresa ta de email?",
           "Ești terapeut sau client?", "Ești deja înscris?", "Vrei să te înscriu?"],
    "it": ["Qual è il tuo nome completo?", "Qual è il tuo numero di telefono?", "Qual è il tuo indirizzo email?",
           "Sei un terapeuta o un cliente?", "Sei già iscritto?", "Vuoi che ti iscriva?"],
}  # fmt: skip
_LATER = {
    "de": ["Sobald Sie bestätigen, trage ich Sie ein.", "Sie sind noch nicht angemeldet.",
           "Ich habe noch nichts gespeichert.", "Ich lese vor: {name}, {email}. Ist das richtig?",
           "Ich werde Sie eintragen, wenn alles stimmt.", "Um Sie anzumelden, brauche ich Ihre E-Mail.",
           "Ihre Daten sind noch nicht gespeichert, mir fehlt Ihre Telefonnummer."],
    "nl": ["Zodra je bevestigt, schrijf ik je in.", "Je bent nog niet ingeschreven.",
           "Ik heb nog niets opgeslagen.", "Ik lees het voor: {name}, {email}. Klopt dat?",
           "Om je aan te melden heb ik je e-mailadres nodig."],
    "pl": ["Gdy potwierdzisz, zapiszę cię na listę.", "Nie jesteś jeszcze zapisany.",
           "Jeszcze nie zapisałem twoich danych.", "Przeczytam: {name}, {email}. Czy to się zgadza?",
           "Zanim cię zapiszę, potrzebuję twojego numeru telefonu."],
    "ro": ["După ce confirmi, te voi înscrie.", "Nu ești încă înscris.", "Încă nu am salvat datele tale.",
           "Recitesc: {name}, {email}. Este corect?", "Înainte să te înscriu, am nevoie de telefonul tău."],
    "it": ["Appena confermi, ti iscrivo.", "Non sei ancora iscritto.", "Non ho ancora salvato i tuoi dati.",
           "Ricapitolo: {name}, {email}. È corretto?", "Prima di iscriverti mi serve il tuo numero di telefono."],
}  # fmt: skip
_OFFERS = {
    "de": ["Möchten Sie eine SMS zur Bestätigung?", "Soll ich Ihnen eine Bestätigung per SMS schicken?"],
    "nl": ["Wil je een bevestiging per sms?", "Zal ik je een sms sturen ter bevestiging?"],
    "pl": ["Czy chcesz SMS z potwierdzeniem?", "Czy mam wysłać ci SMS-a z potwierdzeniem?"],
    "ro": ["Vrei un SMS de confirmare?", "Doriți să vă trimit un SMS de confirmare?"],
    "it": ["Vuoi un SMS di conferma?", "Posso inviarti un SMS di conferma?"],
}  # fmt: skip


def _lines(lang: str, forms: dict[str, list[str]], n: int, rng: random.Random, framed: bool) -> list[str]:
    fakes = [Faker(loc) for loc in LANGUAGES[lang]]
    for fake in fakes:
        fake.seed_instance(rng.randrange(2**32))
    out = []
    for i in range(n):
        fake = rng.choice(fakes)
        form = forms[lang][i % len(forms[lang])]
        if framed:
            form = rng.choice(_LEADS[lang]) + form + rng.choice(_TAILS[lang])
        first = fake.first_name()
        out.append(form.format(first=first, name=f"{first} {fake.last_name()}", email=fake.email()))
    return out


def claim_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines telling the person they are signed up, most in a lead and a tail."""
    return _lines(lang, _SIGNUP, n, rng, framed=True)


def text_claim_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines telling the person a confirmation text was sent or is coming."""
    return _lines(lang, _TEXTS, n, rng, framed=True)


def honest_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` lines true before any save: questions, read-backs, a save put off, denials."""
    half = n // 2
    return _lines(lang, _QUESTIONS, half, rng, framed=False) + _lines(
        lang, _LATER, n - half, rng, framed=False
    )


def text_offer_lines(lang: str, n: int, rng: random.Random) -> list[str]:
    """`n` offers of a confirmation text (true once the details are saved)."""
    return _lines(lang, _OFFERS, n, rng, framed=False)
