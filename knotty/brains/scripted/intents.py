"""Whole-utterance meanings that are not field values: yes/no, goodbye, "say again", questions, tricks.

Every classifier takes the utterance as typed or transcribed and looks at its words, not its exact
spelling: case, punctuation, fillers and a recogniser's missing apostrophes ("thats right") do not
matter. Field values are found elsewhere (`understanding.py`); these only say what the person *means*.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from itertools import groupby

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._name_reading import folded
from knotty.fields._name_words import NOT_NAMES
from knotty.fields.spoken import LETTER_NAMES, is_number_token

__all__ = [
    "EVALUATIONS",
    "Topic",
    "answer_yes_no",
    "asks_text_elsewhere",
    "asks_what_saved",
    "fields_named",
    "fields_said_fine",
    "goodbye_inside",
    "is_filler",
    "is_goodbye",
    "is_greeting",
    "is_hold",
    "is_inappropriate",
    "is_injection",
    "is_only_hold",
    "is_refusal",
    "is_removal_request",
    "is_repeat_request",
    "is_someone_else",
    "is_start_over",
    "is_unsure",
    "name_owner",
    "names_self",
    "only_someone_else",
    "others_details",
    "plain",
    "question_topic",
    "says_signed_up_before",
    "second_person",
    "signs_up_another",
    "sounds_spelled",
    "spanish_signs",
    "wants_change",
]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^\w'@+]+")


@lru_cache(maxsize=512)
def plain(text: str) -> str:
    """Lower-case words separated by single spaces, apostrophes kept ("that's"), punctuation gone."""
    return " ".join(_NOT_WORD.sub(" ", text.lower().translate(_APOSTROPHES)).split())


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^| )(?:{pattern})(?= |$)")


# --- yes / no -------------------------------------------------------------------------------

_YES = _words(
    r"yes|yeah|yea|yeh|yep|yup|ya|yah|yass?|sure|surely|certainly|correct|right|exactly|absolutely|"
    r"definitely|indeed|affirmative|perfect|ok|okay|k|kk|alright|all right|fine|good|great|cool|"
    r"please|please do|go ahead|do it|send it|uh huh|uh-huh|mhm|mm hmm|yes please|of course|you bet|"
    r"sounds good|looks good|that's it|thats it|it is|that is|spot on|bingo|true|accurate|confirmed?|"
    r"i do|why not|go for it|send|text me|yess|yesss|ye+s+|ye+p+|ya+s+|si|sí|oui|claro|yessir|yup yup|totally"
)
_NO = _words(
    r"no|nope|nah|naw|not|wrong|incorrect|don't|dont|do not|negative|nay|never|mistake|"
    r"not quite|not really|isn't|isnt|wasn't|wasnt|aren't|nop"
)
_STRONG_NO = _words(
    r"wrong|incorrect|mistake|typo|not right|isn't right|isnt right|not correct|isn't correct|"
    r"not quite|misspelled|mispelled|change|fix|update|not my|that's not|thats not|no it's|no its|"
    r"(?:absolutely|definitely|certainly|of course|surely) not"
)
_NOT_NEGATIVE = re.compile(
    r"\b(?:why not|no problem|no worries|not a problem|no doubt|not at all wrong|i don't mind|i dont mind|"
    r"nothing (?:to change|to fix|to correct|wrong|needs? (?:changing|fixing|to change))|no changes?(?: needed)?|"
    r"(?:don't|dont|do not) (?:change|fix) anything)\b"
)
"""Phrases with a "no" or "change" in them that say yes ("no problem", "nothing to change")."""
_THUMBS_UP = ("👍", "✅", "👌")
_THUMBS_DOWN = ("👎", "❌")
_LONE_LETTERS = {"y": True, "ye": True, "yy": True, "n": False, "nn": False}
_SPELLING_RUN = 3


def _without_spellings(p: str) -> str:
    """`p` without its spellings: three or more letters said one by one, as written ("k") or as a
    recogniser writes them ("kay", "why"), whose "k" or "y" is no answer."""
    kept: list[str] = []
    for lettered, run in groupby(p.split(), key=lambda w: (len(w) == 1 and w.isalpha()) or w in LETTER_NAMES):
        words = list(run)
        if not (lettered and len(words) >= _SPELLING_RUN and any(len(w) == 1 for w in words)):
            kept += words
    return " ".join(kept)


_DOUBT = _words(r"not sure|i'm not sure|im not sure|i don't know|i dont know|dunno|no idea|maybe|i guess")
_DECLINE_OFFER = _words(
    r"i'm good|im good|i am good|i'm fine|im fine|i'm ok|im ok|i'm okay|that's ok|thats ok|"
    r"that's okay|thats okay|that's alright|thats alright|no need|not necessary|unnecessary|"
    r"don't bother|dont bother|skip|pass|i'll pass|no thanks|no thank you|not needed|all good|i'm all set|"
    r"im all set|i'm set"
)


_POLITE = frozenset(
    {"please", "ok", "okay", "k", "kk", "alright", "all right", "fine", "good", "great", "cool"}
)
"""Yes-words that are as often mere politeness ("please don't text me", "no, I'm good", "ok wait"):
beside a "no", they are no yes."""
_INTERJECTIONS = frozenset(
    {"yes", "yeah", "yea", "yeh", "yep", "yup", "ya", "yah", "yes please", "uh huh", "mhm"}
)
"""Yes-words nobody negates: "don't worry, yes please" still has its yes."""
_NEGATORS = frozenset({"not", "don't", "dont", "never", "won't", "wont", "isn't", "isnt", "doesn't", "doesnt",
                       "didn't", "didnt", "wasn't", "wasnt", "can't", "cant"})  # fmt: skip
_NEGATION_REACH = 3
"""A yes-word within this many words after a negator is negated ("don't text me", "do not send", "don't
think that's right")."""
_HOLD = _words(
    r"wait(?! ?list)|hold on|hang on|one sec|one second|a sec|a second|one moment|a moment|"
    r"just a minute|one minute|give me a minute"
)
_NOT_HOLD = re.compile(r"\b(?:can't|cant|cannot|can not) wait\b")
_BUT = _words(r"but|except|except for|apart from|other than|although|though|however")
"""A yes that goes on with "but" or "except" is a correction or a question, not a yes ("sure, but my last
name is ...", "perfect except the phone")."""


_FILLER = re.compile(
    r"^(?:(?:u+h+|u+m+|uhm+|e+r+|erm+|a+h+|e+h+|h+m+|m{2,}|hm+|well|so|like|okay so|ok so|let me (?:think|see)"
    r"|lemme (?:think|see))(?: |$))+$"
)
"""A filler said alone ("uh", "um", "hmm", "well", "let me think"): the person is thinking, not answering."""


def is_filler(text: str) -> bool:
    """Nothing but fillers ("uh", "hmm, let me think"): an answer not yet given, never a hello ("Happy to help!")."""
    return bool(_FILLER.match(plain(text)))


_HOLD_BESIDE = _words(
    r"ok|okay|oh|um+|uh+|er|sorry|please|just|yeah|yes|so|hey|and|well|wait|a|one|two|a few|few|sec|secs|"
    r"seconds?|minutes?|moments?|let me (?:check|look|see|think|find it|get it|grab it)|i need to (?:check|look)"
)
"""Words said around a hold that add nothing to it ("ok, one sec", "sorry, hang on two seconds")."""
_WON = re.compile(r"(?:^| )won(?= |$)")


def is_only_hold(text: str) -> bool:
    """The whole utterance asks for a moment ("one sec", "ok hang on", "sorry, won second please", as a
    line writes "one"): no value, no yes may be read from it. "One sec" had been the name "One", the start
    of an address, and "ok won sec" a yes to the read-back."""
    p = _WON.sub(" one", plain(text))
    if not _HOLD.search(p) or _NOT_HOLD.search(p):
        return False
    return not _HOLD_BESIDE.sub(" ", _HOLD.sub(" ", p)).strip()


def is_hold(text: str) -> bool:
    """The person asks for a moment ("ok wait", "hold on", "one sec"): not a yes, not a no.

    A hold is never an answer: at the read-back it must not save, at the text offer it must not decline.
    """
    p = plain(text)
    return bool(_HOLD.search(_NOT_HOLD.sub(" ", p)))


def _yes_words(p: str) -> list[str]:
    """The yes-words of `p` that no negator just before them turns round ("please don't *text me*")."""
    words: list[str] = []
    for m in _YES.finditer(p):
        said = m.group().strip()
        before = p[: m.start()].split()[-_NEGATION_REACH:]
        if said in _INTERJECTIONS or not _NEGATORS.intersection(before):
            words.append(said)
    return words


def answer_yes_no(text: str, *, offer: bool = False) -> bool | None:
    """True for yes, False for no, None when the utterance is neither, or both: then Knotty asks again.

    A negation wins over politeness ("please don't text me", "no I'm good 👍" are no), a yes-word after a
    negator is none ("do not send"), and a hold ("ok wait") or a yes that goes on with "but" or "except"
    is no answer at all. A yes and a no both meant ("yeah no", "no, that's right") ask again.

    Args:
        text: The utterance.
        offer: The question was an offer ("Would you like a text?"), where "I'm good" and "that's
            okay" mean no thank you.
    """
    if any(mark in text for mark in _THUMBS_DOWN):
        return False
    thumbs_up = any(mark in text for mark in _THUMBS_UP)  # polite as often as yes: "no I'm good 👍"
    p = _NOT_NEGATIVE.sub(" yes ", plain(text))
    if p in _LONE_LETTERS:
        return _LONE_LETTERS[p]
    p = _without_spellings(p)  # "n i k k i": letters of a spelling, not "k" for okay
    if not p:
        return True if thumbs_up else None
    if offer and _DECLINE_OFFER.search(p):
        return False
    if _STRONG_NO.search(p):
        return False
    if _DOUBT.search(p):
        return None
    yes = _yes_words(p)
    firm = [w for w in yes if w not in _POLITE]
    no = _NO.search(p)
    if is_hold(p):
        return False if no and not firm else None
    if no:
        return None if firm else False
    if not (yes or thumbs_up) or _BUT.search(p):
        return None
    return True


# --- leaving, repeating, refusing ------------------------------------------------------------

_GOODBYE = _words(
    r"bye|bye bye|goodbye|good bye|bye now|adios|adiós|no thanks|no thank you|not today|not right now|"
    r"gotta go|(?:got|have|need) (?:to|two|too) go|must go|i'll go(?! (?:and|ahead|with|by|for|through|over|on|"
    r"back|first|again|slowly|letter))|"
    r"hang up|hanging up|talk later|talk to you later|call (?:you )?(?:back )?later|call back later|"
    r"not interested|no longer interested|not interested anymore|forget it|forget about it|stop|"
    r"go away|just go away|please go away|get lost|buzz off|piss off|bugger off|leave me be|"
    r"cancel|cancel it|quit|leave me alone|don't call|dont call|unsubscribe|another time|"
    r"some other time|maybe later|i'll do it later|ill do it later|do it later|i'm done|im done|"
    r"end (?:the )?(?:call|chat|conversation)|never mind i|changed my mind|"
    r"(?:don't|dont|do not) want to (?:sign up|join|do this|continue|register)"
)


_WRONG_PLACE = _words(
    r"wrong (?:chat|chats|window|conversation|thread|tab|person|people|app|site|website|link|group|contact)"
)
""""Sorry, wrong chat": the message was meant for someone else, so the person is leaving (never a name).
"Wrong number" is left out: said mid-signup, it says the phone number given is wrong."""


def is_goodbye(text: str) -> bool:
    """The person is leaving or no longer wants to sign up ("bye", "not interested", "I have to go"), or
    wrote to the wrong chat ("sorry, wrong chat")."""
    p = plain(text)
    return bool(_GOODBYE.search(p) or _WRONG_PLACE.search(p))


_CLOSING = frozenset(
    [
        "thanks",
        "thank",
        "now",
        "for",
        "then",
        "sorry",
        "ok",
        "okay",
        "bye",
        "goodbye",
        "see",
        "ya",
        "later",
        "have",
        "a",
        "good",
        "nice",
        "great",
        "day",
        "night",
        "much",
        "very",
        "evening",
        "take",
        "care",
        "cheers",
        "all",
        "the",
        "best",
        "anyway",
        "again",
        "and",
        "so",
    ]
)


def goodbye_inside(text: str) -> bool:
    """A goodbye word with more words after it than a farewell has ("Holly, goodbye, next, me, I, me, I.", a
    recogniser's "b i b i"): on a call, said to a field question, maybe a misheard answer, not a goodbye.
    "sorry, I have to go, bye" and "bye, thanks for now" end where a farewell ends."""
    p = plain(text)
    ends = [m.end() for m in _GOODBYE.finditer(p)]
    return bool(ends) and len([w for w in p[ends[-1] :].split() if w not in _CLOSING]) >= 2


_BYE_WORD = re.compile(r"(?:good ?)?bye(?: bye| now)?|adios|adiós")
"""The goodbyes that sound like a name's syllable ("Mebai" heard as "me, bye"), unlike "not interested"."""
_LEAVING_WORDS = frozenset({
    "oh", "um", "uh", "er", "erm", "hmm", "hm", "mm", "well", "so", "no", "nope", "nah", "yeah", "yes", "yep", "yup",
    "alright", "right", "sorry", "i", "i'm", "im", "am", "it's", "its", "it", "is", "that", "that's", "thats", "not",
    "fine", "just", "actually", "guess", "think", "you", "too", "i'll", "ill", "will", "call", "back", "later",
    "tomorrow", "another", "time", "try", "go", "going", "gonna", "leave", "leaving", "busy", "done", "bad", "mind",
    "never", "forget", "interested", "nothing"
})  # fmt: skip
"""Words said before a "bye" by someone leaving ("ok, bye", "I'll call back, bye", "no, I'm fine, bye")."""


def goodbye_after_words(text: str) -> bool:
    """A "bye" after words that are no farewell ("It's me, bye.", "Maria, bye." for "it's Mebai", "Maria
    Bayer"): on a call, said to a field question, maybe the answer with its last syllable misheard, not a
    goodbye. "ok, bye", "goodbye, thanks", "sorry, I have to go, bye", "no, I'm fine, bye" are farewells."""
    p = plain(text)
    first = _GOODBYE.search(p)
    if first is None or not all(_BYE_WORD.fullmatch(m.group().strip()) for m in _GOODBYE.finditer(p)):
        return False
    return any(w not in _CLOSING and w not in _LEAVING_WORDS for w in p[: first.start()].split())


_LETTER_TOKEN = re.compile(r"^[b-hj-z]$")


def sounds_spelled(text: str) -> bool:
    """A recogniser's transcript of letters spelled on a bad line: a word written three times or more
    ("please, yes, yes, yes", "please, please, please") or three single letters or more ("F-C-H-B"), said
    to a field question. No question, yes or hello in it is meant: it is an answer that failed."""
    words = plain(text.replace("-", " ")).split()
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return max(counts.values(), default=0) >= 3 or sum(bool(_LETTER_TOKEN.match(w)) for w in words) >= 3


def looped_words(text: str) -> frozenset[str]:
    """The words a recogniser wrote three times or more in a row ("What time is it, tea, tea, tea, tea." for a
    spelling on a bad line: Whisper's repetition loop): no name, whatever else they look like. Digits said
    alike ("five five five") are a number's, not a loop."""
    looped: set[str] = set()
    run, last = 0, ""
    for word in plain(text.replace("-", " ")).split():
        run = run + 1 if word == last else 1
        last = word
        if run >= 3 and not is_number_token(word):
            looped.add(word)
    return frozenset(looped)


_START_OVER = _words(
    r"(?:start|begin) (?:all )?(?:over|again|afresh|anew|from (?:the )?(?:start|beginning|scratch|top))|"
    r"(?:do|go through) (?:it|this|that|everything) (?:all )?(?:over|from (?:the )?(?:start|beginning|scratch|top))|"
    r"start (?:from )?(?:the )?(?:scratch|beginning|top)|restart|start fresh|fresh start|"
    r"from the (?:beginning|top|very start)|redo (?:it all|everything|all of it|the whole thing)|"
    r"reset (?:everything|it all|all of it)|clear (?:everything|it all|all of it)|scrap (?:everything|it all)"
)


def is_start_over(text: str) -> bool:
    """The person wants to start the signup again from the beginning ("let's start over", "let me start
    again", "from the top"): a command, never a name or an answer to the question asked."""
    return bool(_START_OVER.search(plain(text)))


_REMOVAL = _words(
    r"(?:remove|delete|erase|withdraw) (?:me|myself|my (?:entry|details|info|information|"
    r"data|signup|sign up|sign-up|registration|account|record|profile|spot|place))|"
    r"take me off|get me off|(?:want|like) to be removed|unregister me|"
    r"(?:remove|delete|erase|take) (?:me|it|my name|my details) (?:from|off) (?:the|your|this) (?:list|waitlist)"
)


_SEND_VERB = _words(r"text|send|sms|message|forward|txt")
_SOMEONE_ELSE = (
    r"wife|husband|partner|spouse|fianc[eé]e?|boyfriend|girlfriend|mom|mum|mother|dad|father|son|daughter|"
    r"sister|brother|friend|boss|assistant|secretary|kid|child|parent|aunt|uncle|grandma|grandpa"
)
_ELSEWHERE = _words(
    r"(?:different|another|other|second|work|office|home) (?:number|phone|cell|mobile|line)|"
    rf"(?:my|his|her|their|our) (?:{_SOMEONE_ELSE})(?:'s|s)?|someone else|somebody else|"
    r"(?:my )?e-?mail(?: address)?"
)
_OTHERS_NUMBER = _words(rf"(?:my|his|her|their|our) (?:{_SOMEONE_ELSE})(?:'s|s) (?:number|phone|cell|mobile)")
_ITS_MINE = _words(
    r"my (?:new |correct |right |real |actual |current )?(?:number|phone|cell|mobile)(?: number)? "
    r"(?:is|was|changed|should be|has changed)|"
    r"(?:that's|thats|that is|it's|its|it is) my (?:new |own |real |actual |correct )?(?:number|phone|cell|mobile)|"
    r"wrong|incorrect|mistake|typo|change (?:my|the) (?:number|phone)|update (?:my|the) (?:number|phone)"
)


def asks_text_elsewhere(text: str, *, gave_contact: bool) -> bool:
    """Answered to the confirmation text's offer, the person asks for the text to go to another number
    ("text it to a different number", "send it to my wife's phone, 212 ...", "send it to 212 ...") without
    saying the number is theirs. That is about the text, not their entry: the text goes only to the
    number on the entry, and the entry changes only when they say its number is wrong or not theirs."""
    p = plain(text)
    if _ITS_MINE.search(p):
        return False
    if _OTHERS_NUMBER.search(p):
        return True
    return bool(_SEND_VERB.search(p)) and (gave_contact or bool(_ELSEWHERE.search(p)))


_SOMEONE_ELSES = _words(
    r"(?:we|we both|both of us|the two of us|my family|our family) (?:share|shared|use)|shared (?:phone|number|email|line)|"
    rf"(?:that's|thats|that is|it's|its|it is|that was|this is|this is my|that's for) (?:my|his|her|their|our) (?:{_SOMEONE_ELSE})(?:'s|s)?|"
    rf"i'm (?:his|her|their|the) (?:{_SOMEONE_ELSE})|im (?:his|her|their) (?:{_SOMEONE_ELSE})|"
    rf"(?:for|signing up|sign up|signup for) my (?:{_SOMEONE_ELSE})|"
    r"not (?:me|mine|my signup|my entry|my sign up)|isn't (?:me|mine)|someone else's|somebody else's|"
    r"someone else|somebody else|another person|different person|"
    r"(?:my own|a separate|separate|a new|new|another) (?:signup|sign up|sign-up|entry|spot|registration)|"
    r"separately|sign (?:me )?up too|join too|(?:sign|join) (?:up )?as well|too please"
)


def is_someone_else(text: str) -> bool:
    """Answered to "that phone/email is already on our waitlist", the person says the listed signup is
    someone else's: a couple or a family sharing a phone or an address, a parent signing up a child
    ("no, I'm her husband, we share this phone", "that's my wife's", "I want my own signup"). Their signup
    is their own, never an update of that entry, and they are not "already on the waitlist"."""
    return bool(_SOMEONE_ELSES.search(plain(text)))


_ANOTHER_SIGNUP = _words(
    rf"(?:sign|signing|add|adding|register|enroll|enrol|put|get) (?:up |on )?(?:my|our) (?:{_SOMEONE_ELSE})s?|"
    rf"(?:sign|add|register|put|get) (?:my|our) (?:{_SOMEONE_ELSE})s? (?:up|on|down|in)|"
    rf"(?:my|our) (?:{_SOMEONE_ELSE})s? (?:also |too |as well )?(?:wants|want|would like|'d like|wanted|"
    rf"needs|is interested|are interested|would love|could join|can join)|"
    rf"(?:my|our) (?:{_SOMEONE_ELSE})s? (?:too|as well|also)|"
    r"(?:sign|add|register) (?:up )?(?:someone|somebody|another person|one more person)(?: else)?"
)


def signs_up_another(text: str) -> bool:
    """After the save, the person asks for someone else's signup too ("can you also sign up my wife?",
    "my husband wants to join too, ..."): the details that come with it are that person's, never a
    change of the signup just saved."""
    return bool(_ANOTHER_SIGNUP.search(plain(text)))


_TWO_OF_US = _words(
    rf"(?:me|myself|i) and (?:my|our) (?P<a>{_SOMEONE_ELSE})|"
    rf"(?:my|our) (?P<b>{_SOMEONE_ELSE}) and (?:me|i|i'm|im|myself)|"
    rf"and (?:my|our) (?P<c>{_SOMEONE_ELSE})(?:'s|s)?|"
    rf"(?:sign|signing|add|adding|register|enroll|enrol|put|get) (?:up |on )?(?:my|our) (?P<d>{_SOMEONE_ELSE})|"
    rf"(?:my|our) (?P<e>{_SOMEONE_ELSE}) (?:also |too |as well )?(?:wants|would like|'d like|is interested|"
    r"would love|could join|can join|too|as well|also)|"
    r"(?:sign|signing|register|add|adding|put|get) us (?:both |two )?(?:up|on|down|in)|"
    r"(?:sign|signing) up (?:both of us|the two of us|us both|us two|us)|both of us|the two of us|we both|us both|"
    r"(?:we|we're|we are) (?:a )?couple|"
    rf"(?:it's|its|it is|this is|that's|thats|that is|i'm calling|im calling|i'm asking|im asking) "
    rf"(?:for|on behalf of) (?:my|our) (?P<f>{_SOMEONE_ELSE})"
)


def second_person(text: str) -> str:
    """Said at a field question, a second person to sign up beside the one speaking: "John Smith and my wife Ana
    Smith", "sign up me and my husband", "my wife and I", "sign us both up". How Knotty refers to them ("your
    wife", or "the other person"), or "" for none. One conversation is one person's signup: it had taken John's
    name and gone on without a word about Ana."""
    found = _TWO_OF_US.search(plain(text))
    if found is None:
        return ""
    relation = next((word for word in found.groups() if word), "")
    return f"your {relation}" if relation else "the other person"


_SELF_TOO = _words(
    r"me|myself|us|we|we're|were|ourselves|both|together|too|also|as well|and i|i and|mine|my own|and then me"
)


def only_someone_else(text: str) -> bool:
    """Whether the second person of `second_person` is the only one the speaker asks to sign up: "I want to sign
    up my wife", "can I sign up my husband?", "my son would like to join". Knotty signs up the person it is
    talking with, with their own details; "sign up me and my wife", "my wife too" name the speaker as well."""
    p = plain(text)
    found = _TWO_OF_US.search(p)
    return (
        found is not None
        and bool(found.group("d") or found.group("e") or found.group("f"))
        and not _SELF_TOO.search(p)
    )


_SELF_CUE = re.compile(
    r"(?:^| )(?:my (?:full |first )?name(?:'s| is)|my names|i'm|i am|im|this is|call me|i go by) "
    r"(?:(?:um|uh|like|just) )?([^\W\d_][\w'-]*)"
)


def names_self(text: str, name: str) -> bool:
    """Whether ``name`` (read from ``text``) follows a cue that makes it the speaker's own: "I'm Ana Smith",
    "my name is Ana", "this is Ana", "call me Ana". A bare "Ana Smith", "it's Ana Smith" (it: whose?) or "I'm
    calling for my mom, Ana Smith" say nothing of whose it is."""
    first = plain(name).split(" ", 1)[0]
    return any(found.group(1) == first for found in _SELF_CUE.finditer(plain(text)))


_NOT_MINE = _words(
    rf"(?:that's|thats|that is|it's|its|it is|that was|those are|this is)(?: not)? (?:my|our) (?:{_SOMEONE_ELSE})(?:'s|s)?|"
    r"(?:her|his|their)(?: name| names| name's)?|hers|not (?:me|mine|my name|my own)|isn't (?:me|mine)|"
    r"(?:she|he)(?:'s| is)(?: the one)?"
)
_MINE = _words(
    r"(?:that's|thats|that is|it's|its|it is|yes|yeah|yep) (?:me|mine|my name|my own(?: name)?)|"
    r"mine|my own|that's me|thats me|it's me|its me|it is me|i am|i'm|im|me"
)


def name_owner(text: str) -> bool | None:
    """Answered to "is Ana Smith your own name?": True when the speaker says it is theirs ("yes, that's me",
    "it's mine"), False when someone else's ("no, that's my wife", "that's her name", "hers"), None when
    neither is said (a plain yes or no is read by `answer_yes_no`)."""
    p = plain(text)
    if _NOT_MINE.search(p):
        return False
    return True if _MINE.search(p) else None


_DETAIL_WORD = r"(?:full name|first name|last name|surname|name|phone number|number|phone|cell|email address|email|e-mail)"
_OTHERS_DETAILS = _words(
    rf"(?:her|his|their) {_DETAIL_WORD}(?:'s| is| was)|"
    rf"(?:my|our) (?P<r>{_SOMEONE_ELSE})(?:'s|s) {_DETAIL_WORD}|"
    r"(?:she|he)(?:'s| is) called"
)


_NAMED_WISH = re.compile(
    r"^(?:(?:hi|hello|hey|and|also|oh|so|ok|okay|um|uh|well) )*"
    rf"(?:(?:my|our) (?P<r>{_SOMEONE_ELSE}) )?(?P<who>[^\W\d_][\w'-]*)(?:(?: [^\W\d_]){{2,}}| (?!i )[^\W\d_])? "
    r"(?:also |too |as well )?(?:wants|would like|would love|needs|is interested|is keen|could join|can join)(?= |$)"
)
"""Someone named, with or without a relation, who wants to join: "Mary wants to join too", "Mary, M-A-R-Y,
wants to join", "my friend Mary would like to sign up". The speaker says "I", never their own name, to want:
a lone "I" is never a letter of the name ("Yes, I would like to join" had sent "Yes" away), a spelling is."""
_NOT_SOMEONE = frozenset(
    """
    i we you he she they it who everyone everybody someone somebody anyone anybody nobody this that what which
    one my our
    """.split()  # noqa: SIM905 - one word a word, easier to read
)


def _nobody(word: str) -> bool:
    """A word before "would love to join" that names nobody: a pronoun, or an everyday word ("Sure, would love
    to join", "Definitely would like to sign up", "client, would love to" had sent "Sure", "Definitely" or
    "Client" away to start a chat of their own). Names that are words too (Will, Grace, June) are kept: the
    common words are nobody's first or last name (`COMMON_WORDS`)."""
    return word in _NOT_SOMEONE or folded(word) in COMMON_WORDS or folded(word) in NOT_NAMES


def others_details(text: str) -> str:
    """Given at a field question, someone else's details ("her name is Ana Smith", "my wife's email is …", "his
    number is …") or someone else named as wanting to join ("Mary wants to join too": it had been "Nice to meet
    you, Mary" and saved "Mary Wants"): how Knotty refers to that person ("your wife", "Mary", "your friend
    Mary", or "the other person"), or "". Never the speaker's: Knotty signs up the person it is talking with,
    with their own details."""
    p = plain(text)
    found = _OTHERS_DETAILS.search(p)
    if found is not None:
        return f"your {found.group('r')}" if found.group("r") else "the other person"
    wish = _NAMED_WISH.match(p)
    if wish is None or _nobody(wish.group("who")):
        return ""
    who = wish.group("who").capitalize()
    return f"your {wish.group('r')} {who}" if wish.group("r") else who


_DETAIL = r"(?:details|detail|info|information|number|phone number|phone|email address|email|e-mail|name|entry|signup)"
_WHAT_SAVED = _words(
    r"what (?:did|have|do) you (?:save|saved|got|get|put|record|recorded|write|wrote|have|put down|take|took)|"
    rf"what (?:{_DETAIL}) (?:did|do|have|will|are|is) (?:you|it|they)|"
    rf"which (?:{_DETAIL}) (?:did|do|have|will|are|is) (?:you|it)|"
    rf"(?:is|was|are|were) (?:my|the) (?:{_DETAIL}) (?:right|correct|ok|okay|saved|good|in there|there)|"
    r"(?:did|have) you (?:get|got|save|saved) (?:it|that|everything|my (?:details|info|number|email|name)) (?:right|correctly)|"
    r"(?:read|repeat|say) (?:it|that|them|my details|everything|the details) back|"
    r"(?:read|repeat|say) back (?:what|everything|all|my|the)|"
    r"what (?:do|did) you (?:have|got) (?:so far|for me|on me|down|now)|what have you got (?:so far|for me)|"
    r"(?:tell|show) me what you (?:have|got)"
)


def asks_what_saved(text: str) -> bool:
    """After the save, the person asks what was saved ("what did you save?", "is my number right?", "can you
    read it back?"): the details they gave are read to them, never taken as a yes to the text's offer."""
    return bool(_WHAT_SAVED.search(plain(text)))


def is_removal_request(text: str) -> bool:
    """The person asks to be taken off the list ("remove me", "delete my entry", "take me off the list").

    Knotty has no way to remove an entry in a conversation (nobody can remove someone else's entry by
    giving their phone or email), so it says so instead of reading "delete" as a name or "remove me" as yes.
    """
    return bool(_REMOVAL.search(plain(text)))


_REPEAT = re.compile(
    r"^(?:(?:sorry|um|uh|oh|hm+|excuse me|pardon me|i'm sorry|im sorry|wait|ok|okay|please)\s?)*"
    r"(?:what|wha|huh|sorry|pardon|pardon me|excuse me|come again|again|repeat|repeat that|repeat please|"
    r"say again|say that again|say it again|one more time|what was that|what did you say|"
    r"what's that|whats that|what was the question|what do you need|what do you want|"
    r"(?:can|could|would) you (?:please )?(?:repeat|say) (?:that|it|the question)?(?: again)?|"
    r"(?:can|could|would) you (?:please )?repeat|"
    r"i didn't (?:catch|hear|get|understand) (?:that|you|it|the question)|"
    r"i didnt (?:catch|hear|get|understand) (?:that|you|it|the question)|"
    r"i don't understand|i dont understand|didn't catch that|didnt catch that|what do you mean)"
    r"(?:\s(?:please|again|sorry|that|the question|what you said))*$"
)


_REPEAT_ANYWHERE = re.compile(
    r"\b(?:repeat|say (?:that|it|the \w+) again|come again|one more time|didn't (?:catch|hear)|didnt (?:catch|hear)|"
    r"read (?:it|that|them|the \w+) (?:back|again)|"
    # asked to say it slower or louder: "slow down please", "too fast", "can you speak up"
    r"slow(?:er| down| it down)|more slowly|too fast|so fast|louder|speak up|(?:can't|cant|cannot) hear (?:you|that|it))\b"
)
_SHORT = 9


def is_repeat_request(text: str) -> bool:
    """The person did not hear or understand the question ("what?", "can you repeat the email?")."""
    p = plain(text)
    return bool(_REPEAT.match(p)) or (len(p.split()) <= _SHORT and bool(_REPEAT_ANYWHERE.search(p)))


_REFUSAL = _words(
    r"(?:don't|dont|do not|rather not|prefer not to|would rather not|won't|wont|not comfortable|"
    r"not going to|can't|cant) (?:want to )?(?:give|share|provide|say|tell)(?: you)?(?: that| it| my)?|"
    r"(?:don't|dont|do not|i have no) (?:have )?(?:an? |any |one)?"
    r"(?:e-?mail|email address|phone|cell|number|one|mobile)|"
    r"no email|none of your business|that's private|thats private|"
    r"(?:is|it's|its) private|skip (?:that|this|it)|why do you need"
)


_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|howdy|hola|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|"
    r"yes|yeah|yep|sure|ok|okay|there|"
    r"knotty|i'd like to|i would like to|i want to|i wanna|can i|could i|please|um|uh|so|"
    r"sign (?:me )?up|join|register|get on|be added to|the|waitlist|wait list|list|early access|for|to|"
    r"i'm|im|calling|texting|about)\s?)+$"
)


def is_greeting(text: str) -> bool:
    """A hello or "I'd like to sign up" with nothing else in it."""
    return bool(_GREETING.match(plain(text)))


_SIGNED_UP = _words(
    r"(?:i|i've|ive|i'm|im|i am|eye|we|we've|we're)(?: \w+){0,4} (?:signed up|joined|registered|subscribed|"
    r"on (?:the|your|this|that) (?:list|waitlist|wait list|waiting list))|"
    r"(?:did|didn't|didnt) (?:i|eye|we)(?: already)? (?:sign up|join|register)"
)
_BEFORE = _words(
    r"already|before|previously|earlier|yesterday|ago|last (?:week|month|year|time|night|summer)"
)
""""I already signed up", "I'm pretty sure I'm already on your waitlist", "I signed up last week": a word
placing it in the past is needed, so "I'm on the list?" or "I signed up" said of what is under way is not it."""


def says_signed_up_before(text: str) -> bool:
    """The person says they signed up before ("I already signed up", "didn't I already join?")."""
    p = plain(text)
    return bool(_BEFORE.search(p) and _SIGNED_UP.search(p))


def is_refusal(text: str) -> bool:
    """The person will not (or cannot) give what was asked ("I'd rather not say", "I don't have one")."""
    return bool(_REFUSAL.search(plain(text)))


_UNSURE = _words(
    r"i don't know|i dont know|dunno|not sure|i'm not sure|unsure|no idea|either|both|neither|"
    r"doesn't matter|does not matter|whatever|depends|kind of both|a bit of both|can't decide|cant decide"
)


def is_unsure(text: str) -> bool:
    """The person cannot pick ("not sure", "both", "whatever")."""
    return bool(_UNSURE.search(plain(text)))


# --- tricks and questions ----------------------------------------------------------------------

_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b.{0,40}\b(?:instructions?|rules|prompts?|directions|"
    r"guidelines|programming|training|constraints)\b"
    r"|\b(?:system|initial|hidden|original|secret)\s+(?:prompt|message|instructions?)\b"
    r"|\byour\s+(?:instructions?|prompt|rules|programming|guidelines|configuration|system)\b"
    r"|\b(?:developer|debug|admin|god|sudo)\s+mode\b|\bjailbreak|\bdan mode\b|\bdo anything now\b"
    r"|\b(?:print|show|reveal|repeat|tell me|output|display|dump|leak|recite)\b.{0,30}\b(?:prompt|instructions?|"
    r"everything above|text above|words above|rules|functions?|tools?)\b"
    r"|\b(?:pretend|act|behave|roleplay|role-play)\b.{0,20}\b(?:you are|to be|as if|like)\b"
    r"|\byou are now\b|\bfrom now on you\b|\bnew instructions?\b|\bsave_waitlist_entry\b"
    r"|\b(?:what|which)\s+(?:functions?|tools?|api|model)\b|\bfunction calls?\b|\bapi key\b"
)


def is_injection(text: str) -> bool:
    """An attempt to make Knotty leave its role or reveal how it works."""
    return bool(_INJECTION.search(plain(text)))


_INAPPROPRIATE = _words(
    r"nudes?|naked|sexy|sex|sexual|sexting|sext|horny|boobs?|tits|titties|penis|vagina|pussy|porn|porno|nsfw|"
    r"blow ?job|hand ?job|happy ending|erotic|sensual|nuru massage|dick pic|nude pics?|"
    r"(?:send|show) me (?:a |some |your )?(?:pics?|pictures?|photos?|selfies?)(?: of (?:you|yourself))?|"
    r"(?:your|my) (?:dick|cock)|suck (?:my|me)|are you single|be my girlfriend|be my boyfriend|"
    r"(?:wanna|want to|will you|would you|let's) (?:date|kiss|sleep with|hook up|hookup|make out|fuck|have sex)|"
    r"what are you wearing|take (?:it|them|your clothes) off|"
    r"(?:you're|youre|you are|ur) (?:hot|sexy|cute|gorgeous|beautiful|so hot)|"
    r"fuck you|fuck off|screw you|bitch|slut|whore|cunt"
)
"""Sexual or harassing words. Whole phrases only where a word is also a name (Dick, Babe, Cock, Kiss, Nuru
are Faker names): such a message is never a name, a yes, or a question to answer cheerfully."""


def is_inappropriate(text: str) -> bool:
    """A sexual or harassing message ("send nudes", "are you single?"): Knotty sets a calm boundary and
    goes back to its question; it never takes it as a yes ("send") or a name."""
    return bool(_INAPPROPRIATE.search(_CLINICAL.sub(" ", plain(_TYPED_ADDRESS.sub(" ", text)))))


_CLINICAL = _words(
    r"(?:sex|sexual|sexually) (?:therapy|therapist|therapists|health|wellness|education|educator|medicine|"
    r"trauma|abuse|abused|assault|assaulted|violence|harassment|harassed|dysfunction|pain|"
    r"counseling|counselling|counselor|counsellor|identity|orientation)"
)
"""Sex named as care or harm ("I'm a sex therapist", "survivors of sexual trauma", "after a sexual assault"):
a professional or a survivor describing themselves, who must never hear "I keep things professional"."""


_TYPED_ADDRESS = re.compile(r"\S+@\S+")
"""An address typed in a message is no word of it ("sexy.spa@x.com" is an address)."""


class Topic(StrEnum):
    """What an off-topic question is about, to answer it in one line before going back."""

    ABOUT = "about"
    BOT = "bot"
    COST = "cost"
    LAUNCH = "launch"
    WHY = "why"
    PRIVACY = "privacy"
    SMS = "sms"
    HUMAN = "human"
    PRESENCE = "presence"
    WELLBEING = "wellbeing"
    MEETING = "meeting"
    OTHER = "other"


_TOPICS: tuple[tuple[Topic, re.Pattern[str]], ...] = (
    (
        Topic.SMS,
        re.compile(
            r"\b(?:what will (?:it|the text) say|what(?:'s| is) in (?:it|the text)|which number|"
            r"what number|cost me|charged?|standard rates?)\b"
        ),
    ),
    (Topic.PRIVACY, re.compile(r"\b(?:spam|sell my|share my|privacy|private|safe|secure|data)\b")),
    (
        Topic.WHY,
        re.compile(
            r"\b(?:why|what for|what is it for)\b|\bwhat (?:do|would|will) you (?:need|want|use)\b.*\bfor\b"
        ),
    ),
    (
        Topic.BOT,
        re.compile(
            r"\b(?:robot|bot|human|real person|a person|ai|machine|computer|automated|chatgpt|gpt)\b"
            r"|\b(?:who is this|who's this|whos this|who is calling|who's calling|who am i (?:speaking|talking) (?:to|with))\b"
        ),
    ),
    (
        Topic.COST,
        re.compile(r"\b(?:cost|costs|price|prices|pricing|fee|fees|free|pay|charge|how much|subscription)\b"),
    ),
    (Topic.LAUNCH, re.compile(r"\b(?:when|launch|launching|release|available|open|start|ready|live)\b")),
    (
        Topic.ABOUT,
        re.compile(
            r"\b(?:masseurmatch|masseur match|what is this|what's this|whats this|who are you|"
            r"what do you do|what are you|how does it work|what is it|tell me (?:more|about)|"
            r"what's it about|whats it about|what is the waitlist|early access)\b"
        ),
    ),
)
_HUMAN = re.compile(
    r"\b(?:talk|speak|chat) (?:to|with) (?:a |an |the |someone|somebody|anyone|real )*"
    r"(?:human|person|people|agent|representative|rep|operator|manager|staff|team|someone|somebody|anyone"
    r"|customer (?:service|support|care))\b"
    r"|\b(?:transfer|connect) me\b"
    r"|^(?:(?:um|uh|oh|hi|hello|hey|ok|okay|yes|yeah|no|sorry|i want|i need|i'd like|id like|can i (?:get|have)|"
    r"could i (?:get|have)|get me|give me|let me talk to|put me through to|just|a|an|the|real|live|actual) )*"
    r"(?:human|human being|person|operator|representative|customer (?:service|support)|live agent|agent)"
    r"(?: please| now)*$"
)
"""…or asks for one in a word or two, as callers do with a phone menu ("operator", "representative please",
"get me a human"): a name, never ("Thank you, Operator")."""
_QUESTION_START = re.compile(
    r"^(?:what|what's|whats|who|who's|how|why|when|where|which|can|could|would|will|do|does|did|is|are|"
    r"should|may|tell me)\b"
)


_PRESENCE = re.compile(
    r"^(?:(?:hello|hi|hey|um|uh|oh|so|sorry|yes|yeah|ok|okay|knotty) )*"
    r"(?:(?:are|r) (?:you|u)|you|is (?:anyone|anybody|someone|somebody)|(?:anyone|anybody|someone|somebody)) "
    r"(?:still )?(?:there|here|listening|on the line)"
    r"|^(?:(?:hello|hi|hey|um|uh|oh|so|sorry|ok|okay) )*(?:can|could|do) (?:you|u) (?:still )?hear me"
)
"""A caller checking the line is alive ("hello? are you there?", "can you hear me?") after a pause: a yes
and the question again, never "that's outside what I can help with", nor a failed answer."""

_PRESENCE_WORDS = 8
_SMALL_TALK_LEAD = r"(?:(?:hi|hello|hey|hiya|oh|and|so|well|knotty|there|um|uh) )*"
_WELLBEING = re.compile(
    _SMALL_TALK_LEAD + r"(?:how (?:are|r) (?:you|u|ya|things)(?: doing| going)?|how you doing|how do you do|"
    r"how(?:'s| is|s) (?:it going|your day(?: going)?|everything|life|things)|what's up|whats up|sup)"
    r"(?: (?:today|tonight|this (?:morning|afternoon|evening)|there|knotty))?$"
)
"""The person asking after Knotty ("hi, how are you?", "how's it going"): asked of everyone who talks to a
person, and answered in kind before the question again, never "that's outside what I can help with"."""
_MEETING = re.compile(
    _SMALL_TALK_LEAD + r"(?:(?:it's|its|it is|so|very|really) )?(?:nice|pleased|good|great|lovely|glad) "
    r"(?:to )?(?:meet|meeting|talk to|talking to|speak with|speaking with|speak to) (?:you|ya)"
    r"(?: (?:too|as well|knotty))?$"
)
"""…or saying they are pleased to meet it ("nice to meet you"), before or without a name."""


def small_talk(text: str) -> Topic | None:
    """`Topic.WELLBEING` or `Topic.MEETING` when the whole of `text` is that small talk, else None."""
    p = plain(text)
    if _WELLBEING.match(p):
        return Topic.WELLBEING
    if _MEETING.match(p):
        return Topic.MEETING
    return None


_CLAUSE = re.compile(r"[^.!?;,]+[.!?;,]*")


def without_small_talk(text: str) -> str:
    """`text` without its clauses of small talk ("how are you? Ana Lima here" is "Ana Lima here"), the rest
    exactly as typed ("M.K. Fisher"); the text as it was when it is nothing else."""
    clauses = _CLAUSE.findall(text)
    kept = [clause for clause in clauses if small_talk(clause) is None]
    if len(kept) == len(clauses) or not any(clause.strip(" .!?;,") for clause in kept):
        return text
    return "".join(kept).strip()


_HELLO = re.compile(r"^(?:(?:hi|hey|hello|hiya|yo|um|uh|so|ok|okay) )+")
"""A greeting before a question ("hey whats this") does not stop it being a question."""


def question_topic(text: str, *, offer: bool = False, keyword: bool = False) -> Topic | None:
    """The topic of a question the person asked, or None when the utterance is not a question.

    Args:
        text: The utterance.
        offer: The confirmation text was just offered, so "what will it say?" is about it.
        keyword: A message of one word that names a topic asks about it, as typed in a search box
            ("pricing", "privacy"), with no question mark.
    """
    p = plain(text)
    if _HUMAN.search(p):
        return Topic.HUMAN
    if _PRESENCE.match(p) and len(p.split()) <= _PRESENCE_WORDS:
        return Topic.PRESENCE
    if (chat := small_talk(p)) is not None:
        return chat
    asked = "?" in text or bool(_QUESTION_START.match(_HELLO.sub("", p)))
    if not asked and not (keyword and p and " " not in p):
        return None
    for topic, pattern in _TOPICS:
        if topic == Topic.SMS and not offer:
            continue
        if pattern.search(p):
            return topic
    return Topic.OTHER if asked else None


# --- language ------------------------------------------------------------------------------------

SPANISH_WORDS = frozenset({
    "hola", "quiero", "quisiera", "quieres", "llamo", "entiendo", "entiende", "entendi", "comprendo", "hablo",
    "habla", "hablas", "hable", "hablar", "ingles", "gracias", "registrarme", "inscribirme", "apuntarme",
    "anotarme", "necesito", "puedo", "puede", "puedes", "usted", "ustedes", "nombre", "apellido", "correo",
    "telefono", "perdon", "disculpe", "disculpa", "repetir", "repita", "despacio", "ayuda", "ayudar", "tengo",
    "estoy", "buenos", "buenas", "tardes", "noches", "senor", "mande", "tambien", "aqui", "donde", "quien",
    "alguien", "siento", "cual", "muchas", "adios", "informacion", "porque", "muy", "oiga", "digame", "dime",
    "cuanto", "masaje", "masajes", "masajista", "terapeuta", "vez", "sabe",
})  # fmt: skip
"""Words of everyday Spanish that are neither English words nor anybody's name in any Faker locale (folded:
"inglés" is "ingles"). "no", "me", "si", "la", "de" are left out: English or a name's particle too, as are
"pero", "para", "bien", "dias" and "esta", which are names (`tests/unit/brains/test_scripted_spanish_callers.py`
checks the list against Faker and the common English words)."""
_SPANISH_ACCENTED = frozenset(
    {"sí", "qué", "cómo", "está", "estás", "sé", "español", "días", "señora", "número"}
)
"""Spanish words written with their accent, which only Spanish has that way ("sí", not "si")."""
_SPANISH_PHRASES = _words(
    r"buenos dias|buenos días|por favor|en espanol|en español|habla espanol|habla español|como esta|"
    r"cómo está|como estas|cómo estás|de nada|que tal|qué tal"
)
"""Spanish said with words that are names or English on their own ("días", "favor", "español")."""
_NEUTRAL = frozenset({"que", "con", "solo", "mucho", "claro", "bueno", "vale", "como", "mi", "para", "pero"})
"""Words English and Spanish share, or Spanish words English speakers use: no sign of either language."""


def spanish_signs(text: str) -> tuple[frozenset[str], int]:
    """The Spanish words in `text` (`SPANISH_WORDS`, accented words, phrases) and how many English words it
    has beside them (common English words that are nobody's name): "hola, quiero registrarme, me llamo María
    Gómez" has four Spanish words and no English one; "my name is José Luis Fernández, sí that's right" one
    Spanish word among English ones. Never one ambiguous word: "no" and "me" are English too."""
    p = plain(text)
    found: set[str] = {m.group().strip() for m in _SPANISH_PHRASES.finditer(p)}
    english = 0
    for word in p.split():
        if word in _SPANISH_ACCENTED:
            found.add(word)
            continue
        bare = folded(word)
        if bare in SPANISH_WORDS:
            found.add(bare)
        elif bare in COMMON_WORDS and bare not in _NEUTRAL:
            english += 1
    return frozenset(found), english


# --- corrections -------------------------------------------------------------------------------

_FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"\b(?:e ?-?mail|e-mail|email address|mail|gmail|address)\b")),
    ("phone", re.compile(r"\b(?:phone|number|cell|mobile|digits?|area code)\b")),
    ("full_name", re.compile(r"\b(?:name|surname|spelling|spelt|spelled|first name|last name|forename)\b")),
    ("role", re.compile(r"\b(?:role|therapist|client|customer)\b")),
)
_CHANGE = _words(
    r"wrong|incorrect|not right|isn't right|isnt right|mistake|typo|change|changed|update|fix|edit|"
    r"different|other|another|new|not my|misspelled|mispelled|misspelt|mispelt|mistyped|garbled|scrambled|actually|instead|redo|not quite|off|"
    r"no|nope|not|use|but|except|apart from|other than"
)


def fields_named(text: str) -> list[str]:
    """The waitlist fields an utterance talks about ("the email", "my number"), in asking order."""
    p = plain(text)
    return [name for name, pattern in _FIELD_WORDS if pattern.search(p)]


EVALUATIONS = (
    "fine",
    "ok",
    "okay",
    "good",
    "right",
    "correct",
    "alright",
    "all right",
    "perfect",
    "great",
    "accurate",
)
"""Words that say a value is right ("the email's fine"): about a field, never its value."""
_FINE_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        name,
        re.compile(
            rf"\b(?:{nouns})(?:'s|s| is| was| looks| seems| sounds)?(?: (?:totally|all|just|still))?"
            rf" (?:{'|'.join(EVALUATIONS)})\b"
        ),
    )
    for name, nouns in (
        ("email", r"e ?-?mail|email address|address"),
        ("phone", r"phone|number|cell|mobile"),
        ("full_name", r"name|surname"),
        ("role", r"role"),
    )
)


def fields_said_fine(text: str) -> list[str]:
    """The fields the person says are right ("email's fine", "email ok", "the number is good"): a change
    asked in the same breath ("email's fine but use my work number") is about the other fields, never these."""
    p = plain(text)
    return [name for name, pattern in _FINE_FIELDS if pattern.search(p)]


def wants_change(text: str) -> bool:
    """The utterance asks for something to be changed or says it is wrong ("nothing to change" does not)."""
    return bool(_CHANGE.search(_NOT_NEGATIVE.sub(" ", plain(text))))
