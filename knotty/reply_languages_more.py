"""The small and sign-up words of the five languages the reply guard reads claims in beyond its first four.

A model answers a German, Dutch, Polish, Romanian or Italian speaker in their language. The guard reads a
signup or a text said done in these languages (`reply_claims_more`), so an honest reply in one ("Wie ist
Ihr vollständiger Name?", "Jak masz na imię?") may reach the person: `reply_languages.unreadable` counts
these words as words it knows. Folded: accents gone, "ł" as "l", "ß" as "ss".
"""

from __future__ import annotations

import re

__all__ = ["MORE_ENDING", "MORE_WORDS"]

_GERMAN = """der die das dem den des ein eine einen einem einer eines und oder aber ist sind bist bin war waren
    wird werden werde ich du sie es wir ihr ihre ihren ihrem ihrer ihnen sein seine mein meine meinen
    dein deine deinen dich dir mich mir uns unsere unser nicht kein keine noch schon jetzt bitte danke
    vielen dank gerne gern ja nein auf mit fur von zu zum zur bei nach aus an am im in um uber wie was
    wer wo wann warum welche welcher welches haben habe hast hat hatte konnen kann konnten konnte mochten
    mochte mochtest willst wollen soll sollen darf brauche brauchen gut sehr perfekt super toll hallo
    guten tag abend morgen name namen vollstandigen vollstandiger vollstandige vorname nachname
    telefonnummer nummer handynummer adresse rolle therapeut therapeutin kunde kundin masseur
    masseurin warteliste liste daten angaben bestatigen bestatigung richtig korrekt stimmt alles
    nachricht also dann einmal wiederholen buchstabieren eintragen anmelden speichern sobald wenn damit
    dass ob auch nur erst hier sich lautet heisst heissen geben gib sagen sag noch mal diese dieser
    dieses"""
_DUTCH = """de het een en of maar is zijn bent ben was waren wordt worden ik je jij u uw jouw jullie hij zij ze
    wij we ons onze mijn me mij niet geen nog al nu dan als om te voor van met op in aan bij uit naar
    over door hoe wat wie waar wanneer waarom welke hebben heb hebt heeft kan kunt kunnen wil wilt
    willen zal zullen mag moet graag bedankt dank dankjewel alstublieft alsjeblieft ja nee goed prima
    perfect mooi hallo hoi dag naam volledige voornaam achternaam telefoonnummer nummer mobiele
    e-mailadres emailadres adres rol therapeut klant masseur wachtlijst lijst gegevens bevestigen
    bevestiging klopt juist correct bericht even spellen herhalen inschrijven aanmelden opslaan zodra
    dit dat deze die er ook alleen hier heet geven geef zeggen"""
_POLISH = """i a w z na do od po o u ze we ale lub albo czy to ten ta te jest sa jestem jestes byl byla bedzie
    nie tak juz jeszcze teraz prosze dziekuje dzieki dzien dobry czesc jak co kto gdzie kiedy dlaczego
    ktory jaki jaka jakie twoj twoja twoje twojego twoim pana pani panu panem mnie mi ci cie sie moj
    moja nasz nasza mam masz ma mamy moge mozesz moze chce chcesz potrzebuje podaj podac imie nazwisko
    pelne imienia numer telefonu telefon adres mail rola terapeuta terapeutka klient klientka
    masazysta lista listy oczekujacych dane potwierdzic potwierdzenie dobrze swietnie wiadomosc
    zapisac zarejestrowac zapisze zanim gdy aby zeby tylko tez raz przeliterowac brzmi twojej twoich
    danych moich mojej numerem telefonicznym adresem emailowy potrzebuje zgadza"""
_ROMANIAN = """si sau dar este sunt esti sunteti am ai are avem aveti fost va vei voi vom nu da deja acum inca
    rog multumesc buna ziua salut cum ce cine unde cand de la pe in cu din pentru despre care numele
    nume complet prenume telefon numar numarul adresa email rol terapeut terapeuta client clienta
    lista asteptare datele date confirma confirmi confirmare corect bine perfect mesaj tau ta tale
    dumneavoastra meu mea te ma ne sa se il o un una acest aceasta asta ati doriti vrei pot poti
    puteti spune spuneti inscrie inregistra dupa inainte daca doar"""
_ITALIAN = """il lo la i gli le un uno una e o ma di del della dei delle da in con su per tra fra che chi come cosa
    dove quando perche quale qual sono sei siamo siete ho hai ha abbiamo avete hanno stato stata non si
    no gia ora ancora adesso grazie prego favore ciao buongiorno buonasera bene perfetto ottimo nome
    completo cognome numero telefono cellulare indirizzo ruolo terapeuta cliente massaggiatore
    lista attesa dati confermare conferma corretto giusto messaggio tuo tua tuoi tue suo sua mio mia
    ti ci mi vi lei puoi posso vuoi vuole puo potrei dimmi inserire registrare iscrivere dopo prima
    appena se solo anche qui questo questa"""
MORE_WORDS = frozenset(w for words in (_GERMAN, _DUTCH, _POLISH, _ROMANIAN, _ITALIAN) for w in words.split())
"""Words of German, Dutch, Polish, Romanian and Italian a sign-up reply is made of, folded."""
MORE_ENDING = re.compile(
    r"(?:ych|ego|emu|ami|ach|owi|alem|alam|ujesz|ung|ungen|keit|lich|liche[nrs]?|ieren|iert|lijke?|heid|ului|ilor"
    r"|eaza|zione|zioni|ato|ata|ito|ita)$"
)
"""Endings of German, Dutch, Polish, Romanian and Italian words the list does not hold ("twoich", "Bestätigung",
"vollständigen", "confermata"): a word of five letters or more with one is a word the guard reads."""
