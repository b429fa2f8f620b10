"""A signup or a text said done in the languages a model answers in beyond the guard's first four.

A small model answers a German, Dutch, Polish, Romanian or Italian speaker in their language, and a
Swedish, Danish, Norwegian, Turkish, Indonesian, Malay, Tagalog, Swahili or Vietnamese one now and then (the
guard reads no other word of these last: their replies wait for the database, `reply_languages`). Its claims
there are short ("Je staat erop!", "Ești înscris.", "Du bist dabei!", "Zapisałem cię.", "Terdaftar!",
"Umesajiliwa, Juma!", "SMS terkirim!"): no pattern of the four languages sees them, and a
reply of three words is too short to be judged unreadable. So each clause is looked at for the words that
say it is done (a participle of saving or signing up, "on the list", "welcome to the list"; a text sent or
coming), unless the clause denies, puts off or offers it ("noch nicht", "sobald", "czy chcesz") or asks it
(the sentence ends in "?" and no later clause of it opens the question: "Du bist angemeldet, möchtest du
eine SMS?" claims, "Sind Sie schon angemeldet, Anna?" asks).

Text given here is folded (`reply_guard._fold`: accents gone; "ł", "ı" and "đ" have none and stay).
"""

from __future__ import annotations

import re

__all__ = ["claims_signup_more", "claims_text_more", "offers_text_more"]

_SIGNUP_DONE = re.compile(
    r"""(?ix)
    # German
    \b(?:angemeldet|eingetragen|registriert|gespeichert|hinzugefugt|aufgenommen|vorgemerkt|erfasst)\b
    | \b(?:bist|sind|seid)\s+(?:\w+\s+){0,2}?dabei\b
    | \b(?:sind|bist|stehen|stehst|steht)\s+(?:\w+\s+){0,2}?auf\s+(?:der|unserer)\s+\w*liste\b
    | \b(?:anmeldung|registrierung|eintragung)\s+(?:ist|war|wurde)\s+(?:\w+\s+)?
        (?:abgeschlossen|erfolgreich|bestatigt|erledigt|komplett|gespeichert)
    | \bwillkommen\s+(?:auf|in|bei)\s+(?:der|unserer)\s+\w*liste
    | \balles\s+(?:ist\s+)?(?:erledigt|gespeichert|eingetragen)\b
    # Dutch
    | \b(?:ingeschreven|aangemeld|geregistreerd|opgeslagen|toegevoegd)\b
    | \b(?:sta|staat|staan)\s+(?:nu\s+|er\s+|al\s+)*(?:erop|erbij|op\s+de\s+\w*lijst)\b
    | \b(?:bent|ben|zijn|zit|zitten)\s+(?:nu\s+|er\s+|al\s+)*(?:erbij|binnen|op\s+de\s+\w*lijst)\b
    | \bwelkom\s+op\s+de\s+\w*lijst
    | \b(?:aanmelding|inschrijving|registratie)\s+is\s+(?:\w+\s+)?(?:voltooid|afgerond|bevestigd|gelukt|compleet)
    # Polish
    | \b(?:zapisan|zarejestrowan|dodan|wpisan)(?:y|a|i|e|ego)\b
    | \b(?:zapisa|zarejestrowa|doda|wpisa)[lł](?:em|am|ismy|ysmy|o|a)?\b
    | \b(?:jestes|jest\s+pan|jest\s+pani|jestescie)\s+(?:juz\s+|teraz\s+)*na\s+li(?:s|ś)cie\b
    | \bwitamy\s+na\s+li
    | \b(?:rejestracja|zapis)\s+(?:jest\s+|zosta[lł]a?\s+)?(?:\w+\s+)?(?:zakonczon|potwierdzon|gotow)
    # Romanian
    | \b(?:esti|sunteti|este|e|fost|am|ai|ati|au)\s+(?:acum\s+|deja\s+|cu\s+succes\s+)*
        (?:inscris|inregistrat|adaugat|salvat)(?:a|i|e)?\b  # not French's "je vous inscris"
    | \b(?:esti|sunteti|e)\s+(?:acum\s+|deja\s+)*pe\s+lista\b
    | \bbun\s+venit\s+pe\s+lista
    # Italian
    | \b(?:iscritt|registrat|aggiunt|salvat|inserit)[oaie]\b
    | \bsei\s+(?:ora\s+|gia\s+)*(?:dentro|nella\s+lista|in\s+lista)\b | \bci\s+sei\b
    | \bbenvenut[oaie]\s+(?:nella|in)\s+lista
    | \b(?:iscrizione|registrazione)\s+(?:e\s+)?(?:stata\s+)?(?:\w+\s+)?(?:completat|confermat|avvenut|riuscit|conclus)
    # Swedish, Danish, Norwegian
    | \b(?:registrerad|registrerade|registrert|registreret|tilmeldt|pameldt|anmald|sparad|sparade|sparat|lagret|gemt|tillagd)\b
    | \bpa\s+(?:vantelistan|ventelisten|ventelista|listan|listen|lista)\b
    | \bdu\s+(?:ar|er)\s+(?:nu\s+|na\s+)?med\b
    # Turkish
    | \b(?:kayded|kaydett|kaydol|eklen|eklend)\w*\b | \bkay[iı]t\s+ol\w* | \bkayd[iı]n[iı]z\w*
    | \bkay[iı]tl[iı]s[iı]n\w* | \blisteye\s+eklen | \blistede(?:siniz|sin)\b | \btamamland[iı]\b
    # Indonesian, Malay
    | \b(?:terdaftar|berdaftar|didaftarkan|didaftar|tersimpan|disimpan|ditambahkan|tercatat|dicatat)\b
    | \b(?:sudah|telah|udah)\s+(?:masuk|ada|tercantum)\b
    | \b(?:pendaftaran|registrasi)\s+(?:\w+\s+)?(?:berhasil|selesai|sukses|lengkap|beres)
    | \bselamat\s+datang\s+di\s+daftar
    # Tagalog
    | \b(?:nakarehistro|narehistro|nairehistro|rehistrado|naka-?register|naka-?sign\s*up|nai-?save|na-?save
        |naitala|naidagdag|idinagdag|nailista|nakalista)\b
    | \bnasa\s+(?:listahan|waitlist|lista)\b | \b(?:registrado|rehistrado)\s+ka\b
    # Swahili
    | \b(?:u|a|m|tu|i|zi|ya|li)me(?:sajiliwa|andikishwa|hifadhiwa|ongezwa|rekodiwa|orodheshwa)\b
    | \b(?:ni|tu)meku(?:sajili|andikisha|ongeza|hifadhi)\w*
    | \b(?:uko|mko|yuko)\s+(?:kwenye|katika)\s+orodha\b | \bkaribu\s+kwenye\s+orodha
    # Vietnamese (folded: "đã được lưu" is "đa đuoc luu")
    | \b[dđ]a\s+(?:[dđ]uoc\s+)?(?:[dđ]ang\s+ky|luu|them|ghi\s+(?:nhan|danh|lai))\b
    | \bco\s+ten\s+trong\s+danh\s+sach | \b[dđ]ang\s+ky\s+(?:thanh\s+cong|xong|hoan\s+tat)
    """
)
_TEXT_NAMED = re.compile(
    r"""(?ix)\b(?:sms\w*|nachricht\w*|bestatigung\w*|wiadomo(?:s|ś)\w*|potwierdzeni\w*|bericht\w*|bevestiging\w*
        |mesaj\w*|confirmare\w*|messaggio|messaggi|conferma|meddelande\w*|besked\w*|bekr(?:a|æ)ftelse\w*
        |pesan|konfirmasi|ujumbe|mensahe|kumpirmasyon|tin\s+nhan|xac\s+nhan)"""
)
_TEXT_SENT = re.compile(
    r"""(?ix)
    \b(?:geschickt|gesendet|versendet|verschickt|unterwegs|erhaltst|bekommst|schicke|sende)\b
    | \b(?:sie|du)\s+(?:\w+\s+){0,2}?(?:erhalten|bekommen)\b
    | \b(?:wys[lł]a[lł]\w*|wys[lł]an\w*|otrzymasz|otrzymacie|otrzyma\s+pan|otrzyma\s+pani|dostaniesz|dostanie\s+pan|dostanie\s+pani|w\s+drodze)\b
    | \b(?:verstuurd|gestuurd|verzonden|onderweg|stuur)\b | \b(?:je|u|jij)\s+(?:\w+\s+)?ontvangt\b | \bontvang\s+je\b
    | \b(?:trimis\w*|vei\s+primi|veti\s+primi|primesti|primiti|pe\s+drum)\b
    | \b(?:inviat[oaie]|mandat[oaie]|riceverai|ricevera|riceverete|arrivera|in\s+arrivo)\b
    | \b(?:skickat|skickade|sendt|sendte|sendt|kommer\s+att\s+fa|far\s+du)\b
    | \b(?:gonderdim|gonderildi|gonderdik|alacaks[iı]n[iı]z|alacaks[iı]n|yolda)\b
    | \b(?:terkirim|dikirim|dikirimkan|mengirim|mengirimkan|kirimkan|menerima|akan\s+terima)\b
    | \b(?:naipadala|ipinadala|napadala|pinadalhan|padadalhan|matatanggap|natanggap)\b
    | \b(?:ume|ime|nime|tume)tum(?:a|wa|iwa)\b | \b(?:nimekutumia|tumekutumia|utapokea|mtapokea)\b
    | \b[dđ]a\s+(?:[dđ]uoc\s+)?gui\b | \bse\s+nhan\s+[dđ]uoc\b
    """
)
_NOT_SO = re.compile(
    r"""(?ix)\b(?:
    nicht|nichts|kein\w*|sobald|wenn|falls|nachdem|bevor|damit|um\s+\w+\s+zu|mochten?|mochtest|willst|wollen|soll
        |sollen|kann|konnen|darf|erst
    | niet|niets|geen|nog|zodra|wanneer|nadat|voordat|wil|wilt|zal|kunnen|mag|om\s+\w+\s+te
    | nie|nic|jeszcze|gdy|kiedy|jak\s+tylko|zanim|czy|chcesz|chce|chcia[lł]\w*|moge|mozesz|mozemy|aby|zeby
    | nu\s+(?:esti|e|ai|am|sunteti|este|sunt|te|v-?am|ti-?am)|nimic|inca|cand|dupa|inainte|daca|vrei|doriti|vreti|pot
        |putem|poti|sa
    | non|niente|nulla|ancora|quando|appena|dopo|prima|se|vuoi|vuole|posso|possiamo|puoi
    | inte|ikke|ikkje|innan|innen|nar|vill|vil|ska|skal|kan
    | degil|henuz|once|sonra|ister\w*|eger
    | belum|tidak|bukan|jika|kalau|setelah|sesudah|sebelum|mau|ingin|apakah|bisa|boleh
    | hindi|wala|kapag|kung|bago|pagkatapos|gusto
    | hapana|bado|kama|baada|kabla|unataka|ungependa|ukithibitisha
    | chua|khong|khi|neu|truoc|muon
    )\b"""
)
"""A clause that denies, puts off, wishes or offers ("noch nicht", "sobald Sie bestätigen", "zodra", "czy
chcesz", "după ce", "appena", "när"): what it names is not said done."""
_FUTURE = re.compile(
    r"""(?ix)\b(?:werde|werden|wird|wirst|bede|bedzie|bedziesz|zostaniesz|zostanie|(?:voi|vei|va|vom|veti|vor)\s+fi
    |sarai|sara|sarete|zult|zal\s+worden|akan)\b"""
)
"""A signup put in the future ("ich werde Sie eintragen", "zostaniesz zapisany", "vei fi înscris") is not done;
a text put there is ("Sie werden eine SMS erhalten", "vei primi un SMS")."""
_OPENS_QUESTION = re.compile(
    r"""(?ix)^\s*(?:mochten|mochtest|willst|wollen|soll|kann|darf|wie|was|wann|hattest|hatten|brauchen|brauchst|gibt
    |czy|chcesz|jak|co|wil|wilt|zal|kan|mag|hoe|wat|vrei|doriti|cum|ce|vuoi|vuole|posso|puoi|come|vill|vil|ska|skal
    |hur|hvad|hva|ister)\b"""
)
_TEXT_OFFERED = re.compile(
    r"""(?ix)\b(?:sms\w*|\w*nachricht|wiadomo(?:s|ś)\w*|bericht\w*|mesaj\w*|messaggio|meddelande\w*|besked\w*)"""
)
_OFFER = re.compile(
    r"""(?ix)\b(?:mochten|mochtest|willst|wollen|soll\s+ich|kann\s+ich|darf\s+ich|chcesz|chcia[lł]\w*|moge|wil|wilt|zal\s+ik
    |kan\s+ik|mag\s+ik|vrei|doriti|vreti|pot\s+sa|vuoi|vuole|desideri|vill|vil|ska\s+jag|skal\s+jeg)\b"""
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_CLAUSE = re.compile(r"[^,;:]+")
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
"""An address's dots end no sentence, and its words are no claim ("registriert@example.de")."""


def _done_in(clause: str, done: re.Pattern[str]) -> bool:
    """`clause` says something done; one capitalised word after its first is a name's, not a deed ("Ana
    Salvati, is that right?", "Giulia Iscritti"), where words found together are not ("Ihre Anmeldung ist
    abgeschlossen": German's nouns are capitalised)."""
    return any(
        not clause[m.start()].isupper() or not clause[: m.start()].strip() or " " in m.group()
        for m in done.finditer(clause)
    )


def _says(text: str, done: re.Pattern[str], names: re.Pattern[str] | None, *, future_claims: bool) -> bool:
    for sentence in _SENTENCE.finditer(_ADDRESS.sub(" ", text)):
        clauses = [c.group() for c in _CLAUSE.finditer(sentence.group())]
        asked = "?" in sentence.group()
        for i, clause in enumerate(clauses):
            if not _done_in(clause, done) or (names is not None and not names.search(clause)):
                continue
            if _NOT_SO.search(clause) or (not future_claims and _FUTURE.search(clause)):
                continue
            if asked and not any(_OPENS_QUESTION.search(later) for later in clauses[i + 1 :]):
                continue
            return True
    return False


def claims_signup_more(text: str) -> bool:
    """Folded `text` tells the person, in German, Dutch, Polish, Romanian, Italian, a Scandinavian language or
    Turkish, that they are signed up."""
    return _says(text, _SIGNUP_DONE, None, future_claims=False)


def claims_text_more(text: str) -> bool:
    """Folded `text` says, in one of those languages, that a confirmation text was sent or is coming."""
    return _says(text, _TEXT_SENT, _TEXT_NAMED, future_claims=True)


def offers_text_more(text: str) -> bool:
    """Folded `text` offers a confirmation text in one of those languages ("Möchten Sie eine SMS?", "Czy
    chcesz SMS-a?"): a sentence naming a text that asks or offers."""
    return any(
        _TEXT_OFFERED.search(m.group()) and ("?" in m.group() or _OFFER.search(m.group()))
        for m in _SENTENCE.finditer(text)
    )
