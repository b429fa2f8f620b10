"""Whether a model's reply is in a language the reply guard can read.

The guard knows what a false claim looks like in English, Spanish, Portuguese and French, and (its
commonest forms, `reply_claims_more`) in German, Dutch, Polish, Romanian and Italian. A model that
answers a person in their own language can write one in Turkish, Swedish or any other language the
guard does not read, and no pattern would see it. So a reply the guard cannot read
is judged by what the database says, not by its words (`reply_guard.check_reply`): it may reach the
person only once there is nothing left it could falsely claim.

`unreadable` says a reply is not in a language the guard reads: written in another script, or holding
the small words of another language (Swedish's "och", "jag"; Turkish's "bir", "siz"), or few
words of the guard's own. Names are left out of the count (a capitalised word the guard does not know,
a particle before one: "von der Heide"), and so are addresses and numbers.
"""

from __future__ import annotations

import re
import unicodedata

from knotty.fields._common_words import COMMON_WORDS
from knotty.reply_languages_more import MORE_ENDING, MORE_WORDS

__all__ = ["unreadable"]

_ENGLISH = """a i the to of on in at by it is be as an or if so no not and but for with from you your yours me my we us
    our they them he she his her its this that these those there here what which who when where why how
    will would can could may might shall should must do does did done have has had am are was were been
    s re ve ll d m t let lets just also only very all any one two some more most best back read next then
    now ok okay yes thanks thank please sorry great perfect lovely good fine sure got right correct
    name full first last phone number mobile email e-mail address spell letter letters digit digits
    therapist therapists client clients massage massages waitlist list early access text sms confirmation"""
_SPANISH = """de del la las el los lo le les un una unos unas y o u e que en con por para sin su sus tu tus mi mis te
    se me nos es son esta estas esta estan estoy ser eres soy fue ha he has hay ya no si solo muy mas pero
    como cual cuales donde cuando quien usted gracias hola perfecto listo bien bueno claro vale favor
    nombre completo correo electronico telefono numero terapeuta cliente lista espera datos registro
    mensaje confirmacion quieres quiere puedo puede necesito apellido direccion aqui ahora todavia aun
    tengas tenga buen dia algo quedo quedaste"""
_PORTUGUESE = """de do da dos das o os a as um uma e ou que em no na nos nas com por para sem seu sua seus suas voce
    eu meu minha te se me nao sim ja esta estao foi ser sou obrigado obrigada ola perfeito pronto bem
    nome completo telefone numero terapeuta cliente lista espera dados cadastro mensagem confirmacao
    quer posso pode preciso qual ainda agora aqui muito mais mas como vou vai alguma algum coisa tenha otimo dia"""
_FRENCH = """de du des la le les un une et ou que qui en au aux avec par pour sans votre vos ton tes mon ma mes vous
    tu je nous il elle est sont etes suis ete a ai as ne pas plus tres bien merci bonjour parfait oui non
    nom complet adresse telephone numero therapeute client cliente liste attente coordonnees inscription
    message confirmation voulez souhaitez puis peux pouvez quel quelle encore maintenant ici cest"""
_KNOWN = frozenset(
    COMMON_WORDS
    | MORE_WORDS
    | {w for words in (_ENGLISH, _SPANISH, _PORTUGUESE, _FRENCH) for w in words.split()}
)
"""Words of the languages the guard reads, folded: English's ten thousand commonest, and the small and
sign-up words of Spanish, Portuguese and French, and of German, Dutch, Polish, Romanian and Italian
(`reply_languages_more`: their claims are read by `reply_claims_more`)."""
_FOREIGN_WORDS = """
    bir ve bu icin siz sen ile da de degil tesekkurler kaydiniz listede eklendiniz
    och att jag inte det som har ar tack ditt din
    og er ikke jeg har tak din dit
    dan yang anda sudah terima kasih
    """
_FOREIGN = (
    frozenset(_FOREIGN_WORDS.split())
    - MORE_WORDS
    - frozenset(w for words in (_ENGLISH, _SPANISH, _PORTUGUESE, _FRENCH) for w in words.split())
)
"""The small words of languages the guard does not read (Turkish, Swedish, Danish and Norwegian,
Indonesian), less any that are small words of its own."""
_ROMANCE_ENDING = re.compile(
    r"(?:ad[oa]s?|id[oa]s?|cion|ciones|cao|coes|mente|amos|emos|imos|aste|iste|ees?|ez|tions?|que|(?<!l)ar|ir)$"
)
"""Endings of Spanish, Portuguese and French words a small list does not hold ("confirmada", "salvar",
"inscripcion", "enregistrez"): a word of four letters or more with one is a word the guard reads."""
_PARTICLES = frozenset({"de", "del", "della", "di", "da", "van", "von", "la", "le", "du", "des", "y"})
"""Small words that are a name's when a capitalised word follows ("María de la Cruz", "van Dijk"); not
German's "der" and "den", which come before its capitalised nouns."""
_FOREIGN_LETTERS = frozenset("őűåøæğıřěůďťňľĺŕ")
"""Letters none of the languages the guard reads writes: a word (not a name's) with one is another
language's."""
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 4
"""A reply of fewer words the guard does not know, among words it knows, says too little to judge."""
_NAME_WORDS = 4
"""A reply names one person: capitalised words the guard does not know are taken for a name's when another
follows ("Nguyen Thi Minh Khai") or, after a reply's first word, up to this many ("Thanks, Ana!"); any more
are words like any other (German's nouns). A first word alone ("Willkommen auf ...") is a word."""


_UNDECOMPOSED = str.maketrans({"ł": "l", "ß": "ss"})
"""Letters with no accent to fold away: Polish "ł", German "ß"."""


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    low = word.lower().translate(_UNDECOMPOSED)
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def _latin(word: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in word)


def unreadable(text: str) -> bool:
    """`text` is not in a language the reply guard reads (English, Spanish, Portuguese, French, and German,
    Dutch, Polish, Romanian, Italian)."""
    words = _WORD.findall(_ADDRESS.sub(" ", text))
    latin = [w for w in words if w.isascii() or _latin(w)]
    other = [w for w in words if not (w.isascii() or _latin(w))]
    # Capitalised words of another script after the first are a name's ("Αριστείδης Πουρνάρα, is that right?").
    other_letters = sum(len(w) for i, w in enumerate(other) if i == 0 or not w[:1].isupper())
    if other_letters >= _MIN_WORDS and other_letters > sum(len(w) for w in latin):
        return True  # another script: Cyrillic, Greek, Arabic, Hebrew, CJK, Thai...
    known = foreign = counted = 0
    names: set[str] = set()
    for i, word in enumerate(latin):
        low = _fold(word)
        nxt = latin[i + 1] if i + 1 < len(latin) else ""
        if low in _PARTICLES and nxt[:1].isupper():
            continue  # "von der Heide", "María de la Cruz": a name's
        if len(low) < 2:
            continue  # "a", "d'", "s": in every language
        lower = word.lower()
        if low in _FOREIGN or ((not word[:1].isupper() or i == 0) and not _FOREIGN_LETTERS.isdisjoint(lower)):
            foreign += 1
        elif (
            low in _KNOWN
            or (len(low) >= 4 and _ROMANCE_ENDING.search(low))
            or (len(low) >= 5 and MORE_ENDING.search(low))
        ):
            known += 1
        elif (
            (word[:1].isupper() and nxt[:1].isupper())
            or low in names
            or (word[:1].isupper() and i > 0 and len(names) < _NAME_WORDS)
        ):
            names.add(low)
            continue  # a name's word
        counted += 1
    if foreign >= 2 and foreign * 2 >= known:
        return True
    if counted >= 2 and not known:
        return True  # "Jestes zapisany.", "Kaydiniz tamam."
    return counted >= _MIN_WORDS and known * 2 < counted
