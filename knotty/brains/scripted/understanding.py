"""Turn one utterance into what it tells the signup: field values, partial values, and intents.

The field extractors (`knotty.fields`) find values in free text, written or spoken; this module
decides which of them count, given what Knotty had just asked: a bare "Lima" is a surname only when
the last name was asked for, a digit run is a phone number in pieces only when the phone was asked
for. Nothing here guesses: a value is taken only when an extractor found it in the person's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

from knotty.brains.scripted import intents
from knotty.brains.scripted.former_names import current_name
from knotty.brains.scripted.intents import Topic
from knotty.brains.scripted.letter_count_note import count_notes_applied, letter_count_note, noted_word
from knotty.brains.scripted.name_change import (
    GOES_BY,
    MARRIED,
    changed_word,
    name_after_the_change,
    name_word_changed,
)
from knotty.brains.scripted.other_languages import has_everyday_word
from knotty.brains.scripted.spelled_name_word import late_spelling, spelled_word_put_right, spelling_runs
from knotty.fields import (
    FieldError,
    RoleFinding,
    extract_email,
    extract_email_domain,
    extract_email_local,
    extract_name,
    extract_name_spelling,
    extract_phone,
    extract_role,
    is_full_name,
    join_names,
    letter_names_joined,
    lost_at,
    mentions_own_number,
    normalize_email,
    normalize_name,
    phone_digits_heard,
    without_aka,
    without_nicknames,
)
from knotty.fields._address_names import surname_in_address
from knotty.fields._cjk_names import two_character_part
from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._given_names import both_given_names, plain_words
from knotty.fields._lone_given_names import LONE_GIVEN_NAMES
from knotty.fields._name_reading import (
    SOMEONE,
    before_a_name_only,
    describes,
    folded,
    particles_spelled,
    title,
)
from knotty.fields._name_reading_languages import in_english
from knotty.fields._name_words import FILLERS, MISTAKE_WORDS, NOT_NAMES, PARTICLES, SENTENCE_WORDS, WORD_TAIL
from knotty.fields._traits import states_a_trait
from knotty.fields._typed_email import typed_marks
from knotty.fields.email import spaced_email
from knotty.fields.name import (
    led_by_other_field,
    name_words,
    nobodys_name,
    says_no_surname,
    says_single_name,
    swap_name_order,
    without_single_name_words,
    written_family_first,
)
from knotty.fields.phone_country import country_in_doubt, country_named
from knotty.fields.spoken import UNITS, apply_letter_notes, spelled_runs

__all__ = ["Reading", "role_said_unasked", "understand", "understand_first_text"]

_EMAILISH = re.compile(r"\S+@\S+")
_NEGATED_VALUE = re.compile(
    r"\b(?:not|instead of|rather than)\s+(?:\S+@\S+|\+?\(?\d[\d\s().-]{5,}\d)", re.IGNORECASE
)
_SENTENCES = re.compile(r"[.!?;,:/|\n]+\s*|\s+-\s+")
_LABEL = re.compile(
    r"\b(full name|name|e-?mail(?: address)?|phone(?: number)?|cell|mobile|number|role|type)\b\s*[:=-]?\s*",
    re.IGNORECASE,
)
_LABELS = {"full name": "full_name", "name": "full_name", "role": "role", "type": "role"}
_ANSWER_WORDS = frozenset({
    "looks", "sounds", "good", "great", "fine", "perfect", "cool", "nice", "lol", "haha", "hmm", "okay",
    "ok", "yes", "no", "sure", "thing", "right", "correct", "thanks", "bye", "what", "huh", "sorry",
    "pardon", "again", "repeat", "both", "either", "neither", "whatever", "nope", "nah", "yep", "yeah",
    "exactly", "absolutely", "totally", "definitely", "alright", "lmao", "omg", "wow", "oops", "wait",
    "hold", "hang", "on", "true", "awesome", "excellent", "wonderful", "gotcha", "k", "kk", "yup",
})  # fmt: skip
"""Words of answers and remarks that a bare-name reading must not mistake for a name."""
_HI = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|hola|good (?:morning|afternoon|evening|day)|morning|afternoon|evening)\b"
)
_GREETING_PHRASE = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya)\s+there|good\s+(?:morning|afternoon|evening|night|day)|morning|afternoon|evening"
    r"|(?:hola[\s,.!]*)?(?:buen[oa]s\s+(?:d[ií]as|tardes|noches)|buen\s+d[ií]a)|hola)"
    r"\b[\s,.!¡]*",
    re.IGNORECASE,
)
"""A greeting of two words ("Good morning", "hi there") at the start of a message, or a Spanish one ("hola",
"buenos días"): never the start of a name ("Hola Buenos Días" had been a name)."""
_EVERYTHING = re.compile(
    r"^(?:um |uh |well |ok |okay )?(?:everything|all of it|all of them|the whole thing|all)\b"
)
""""Everything", answered to "which part should I change?": the person starts over."""
_DIGITS = re.compile(r"[+(]?\d[\d\s().-]{5,}\d")
_SURNAME_SAID = re.compile(r"\b(?:last|family|second)\s+name|\bsurname\b", re.IGNORECASE)
_NEW_SURNAME = re.compile(r"\b(?:married|divorced|maiden|now|anymore|any\s+more)\b", re.IGNORECASE)
"""Words that say a name changed (a surname, at marriage or divorce): "I got married, it's Jones now"."""
_NAME_CHANGED = re.compile(r"\bname\b|\bsurname\b", re.IGNORECASE)
"""The name field named in a message at the read-back ("changed my name to Ana Lynn")."""
_FIRST_SAID = re.compile(r"\b(?:first|given|christian)\s+name\b|\bforename\b", re.IGNORECASE)
_LABELLED_NAME = re.compile(
    r"\b(?:my\s+|the\s+)?(?P<what>(?:last|family|second)\s+name|surname|name)"
    r"(?P<verb>'s|\s+is|\s+should\s+be|\s+ought\s+to\s+be|\s*:)"
    r"\s+(?P<value>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,3})\s*[.!]?\s*$",
    re.IGNORECASE,
)
_BEFORE_A_VALUE = frozenset({"spelled", "spelt", "actually", "really", "just", "now", "simply"})
_EVALUATIONS = frozenset({*intents.EVALUATIONS, "wrong", *MISTAKE_WORDS, "off", "incorrect", "not right"})
"""Words that say what a value is like, never the value: "the spelling of my surname is off" had been read back
"Ana Off"."""
_MEANT = re.compile(
    r"^\s*(?:(?:oh|no|sorry|wait|oops|actually)[\s,.!]+)*(?:i\s+meant?|i\s+mean|i\s+meant\s+to\s+say)[\s,:]+(.+)$",
    re.IGNORECASE,
)
""""sorry, I meant Ana Lyma": what follows is a value said again, whatever was asked in between."""
_HESITATION = r"(?:um+|uh+|uhm|er|erm|oh)"
_REPAIR = re.compile(
    rf"(?<![\s,.!])[\s,.!]+(?:(?:{_HESITATION}[\s,.!]+){{0,6}}"
    rf"(?:no[\s,.!]+wait|no[\s,.!]+sorry|sorry|i\s+meant?|actually)|(?:{_HESITATION}[\s,.!]+){{1,6}}no)[\s,.!]+"
    rf"(?:(?:{_HESITATION}|it's|its|it\s+is|i\s+mean|my\s+name\s+is|my\s+name's)[\s,.!]+)*",
    re.IGNORECASE,
)
"""A speaker's self-repair in the middle of a name: "john uh sorry jon smith", "ana uh i mean anna lima".
Tried only from the start of a run of marks and spaces, with at most six fillers before the marker: tried
from each mark or space, and past any number of fillers, a run of a thousand cost up to a second of CPU."""
_MOST_NAME_WORDS = 3
_CLAUSES = re.compile(r"[,;.!?/|:\n]+|(?<![^\S\n])\s+(?:and|-)\s+", re.IGNORECASE)
"""Where an answer's clauses part; " and " and " - " tried only from the start of a run of spaces (from each
space of a long run, a split cost as much as the rest of the turn)."""
_SHORT_CLAUSE = 4
_MIN_PHONE_DIGITS = 7
_ROLE_WORDS = re.compile(
    r"therap|client|customer|patient|lmt|rmt|masseu|massag|bodywork|provider|practitioner|pro\b|user|guest|consumer",
    re.IGNORECASE,
)
_ORDINAL_WORDS = re.compile(
    r"\b(?:first|second|last|former|latter|one|two|1st|2nd|number|option)\b", re.IGNORECASE
)
_SOMEONE_ELSE = re.compile(
    r"^\s*(?:she|he|they|his|her|their|(?:my|our)\s+(?!role\b|job\b|answer\b|work\b|type\b)\w+)\b",
    re.IGNORECASE,
)
"""A clause about someone else ("she's a therapist", "my husband's a client"): no role of the person's."""
_DIGIT_WORD = {**{w: str(d) for w, d in UNITS.items()}, **{str(d): str(d) for d in range(10)}}
_SWAP = re.compile(
    r"\b(?:it's|its|it is|should be|that's|thats|was|is)?\s*(?:an?\s+)?(\w+)\s*,?\s+"
    r"(?:not|instead of)\s+(?:an?\s+)?(\w+)\b"
)
_SWAP_REVERSED = re.compile(r"\bnot\s+(?:an?\s+)?(\w+)\s*,?\s+(?:but\s+|it's\s+|its\s+)?(?:an?\s+)?(\w+)\b")
_STRONG_CHANGE = re.compile(
    r"\b(?:wrong|incorrect|mistake|typo|change|update|fix|edit|different|other|another|new|actually|"
    r"instead|misspelled|mispelled|redo|off|not right|not correct|not my|isn't right|isnt right|"
    r"isn't correct|isnt correct|wasn't right|wasnt right)\b"
)


_ACKNOWLEDGES = re.compile(
    r"^(?:(?:oh|um+|uh+|well|yeah|yes|yep|sure|no)[\s,.!]+)*"
    r"(?:(?:it's|its|it\s+is|that's|thats|that\s+is|that'll\s+be|it'll\s+be|all|all's|alls|all\s+is|"
    r"everything's|everything\s+is|you're|youre|i'm|im|sounds|looks|totally|just|all\s+totally)\s+)?"
    r"(?:good|fine|ok|okay|k|kk|alright|all\s+right|great|cool|perfect|no\s+worries|no\s+problem|np|"
    r"whatever(?:\s+works)?|either\s+way|thanks|thank\s+you|ty|nice)"
    r"(?:[\s,.!]+(?:thanks|thank\s+you|ty|lol|then|too|with\s+me|by\s+me|for\s+me|either\s+way))*[\s.!]*$",
    re.IGNORECASE,
)
"""An acknowledgement answered to "And your last name?" ("it's good", "that's ok", "all good", "fine"): the
person means "never mind" or nothing at all, never a surname and never a yes (it had been "Wonderful." and
the last name asked again; said again, saved "Ana Good" or "Ana Ok")."""
_PLEASANT_REPLIES = {
    **dict.fromkeys(("nice", "great", "cool", "perfect", "awesome", "lovely", "sweet", "ok nice", "oh nice"), "ok"),
    **dict.fromkeys(("thanks", "thank you", "thx", "ty", "thank u", "thanks so much", "great thanks",
                     "perfect thanks", "cool thanks", "ok thanks", "okay thanks"), "thanks"),
    **dict.fromkeys(("nice to meet you", "nice to meet you too", "you too", "likewise", "pleased to meet you",
                     "nice meeting you", "same here", "same"), "met"),
}  # fmt: skip
"""What people say back to "Thanks, Ana. And your last name?", and its kind: Knotty's thanks returned, or its
"nice to meet you" (a plain lookup of the answer, lower-case and without its punctuation)."""
_NAME_ORDER = re.compile(
    r"\b(?:(?:wrong|other|reverse|reversed|opposite)\s+(?:order|way\s+(?:round|around))|backwards?"
    r"|(?:in\s+)?(?:the\s+)?reverse(?:d)?(?:\s+order)?|(?:swap|switch|flip|reverse)(?:ped|ed)?\s+(?:them|it|the\s+names?|my\s+names?|"
    r"(?:the\s+)?(?:first|given)\s+(?:and|&)\s+(?:last|family|sur)\s*names?|around|round)"
    r"|(?:family|last)\s+name\s+(?:goes\s+|comes\s+|should\s+(?:go|come|be)\s+)?first"
    r"|surname\s+(?:goes\s+|comes\s+|should\s+(?:go|come|be)\s+)?first|the\s+other\s+way)\b",
    re.IGNORECASE,
)
"""The name read back is in the wrong order ("wrong order", "the other way round", "family name first")."""


@dataclass
class Reading:
    """What one utterance says, in the light of the question it answers."""

    values: dict[str, str] = field(default_factory=dict)
    """Complete field values found: full_name, phone (E.164), email, role."""
    first_name: str | None = None
    """A name without a surname, to be completed."""
    spelled: list[str] = field(default_factory=list)
    """Words the person spelled letter by letter beside the name they gave on a call ("denelder")."""
    surname_only: bool = False
    """`first_name` is a surname said alone ("Mrs. Smith", "my last name is Smith"): the first name is to come."""
    own_number: bool = False
    """"Use the number I'm calling from"."""
    phone_digits: str = ""
    """Digits heard that do not (yet) make a phone number."""
    phone_doubt: str | None = None
    """Why the number read may be another one: the digits make a number of a country named beside them too
    ("312 345 6789 italy"), so it is asked for with its country code (`phone_country.country_in_doubt`)."""
    doubt_digits: str = ""
    """The digits of that number, to read in the country the person names next ("Italy")."""
    country: str | None = None
    """A country named, asked for the phone ("UK", after "07911 123456")."""
    digit_swap: tuple[str, str] | None = None
    """("0", "6") for "it's 0, not 6"."""
    role_unclear: bool = False
    email_problem: str | None = None
    """Why something typed like an address is not one."""
    email_spaced: str = ""
    """The address with the words a space split from it ("maria. lopez 88@hotmail.com"), when the address
    in `values` is only what followed the space: asked about ("did you mean ...?"), never taken silently."""
    email_local: str = ""
    """The part before the @ said on its own ("the first part is jane dot doe"), asked for the email."""
    email_domain: str = ""
    """The part after the @ said on its own ("at gmail dot com"), asked for the email."""
    email_lost_at: bool = False
    """A whole address said with its "at" lost ("i n f o h e a l i n g dot massage"): where the domain
    starts cannot be told."""
    clears: list[str] = field(default_factory=list)
    """Fields the person says are wrong or wants changed, without giving the new value."""
    yes: bool | None = None
    goodbye: bool = False
    leave_unsure: bool = False
    """On a call, a goodbye word inside a longer answer to a field question (`_read_misheard`): maybe a
    misheard answer, so Knotty asks whether to end the call instead of ending it."""
    garbled: bool = False
    """On a call, letters heard as the same word again and again (`intents.sounds_spelled`): a failed answer."""
    removal: bool = False
    """The person asks to be taken off the list: a goodbye that says nothing was removed."""
    repeat: bool = False
    injection: bool = False
    """An attempt to make Knotty leave its role; also set for `inappropriate` (declined the same way)."""
    inappropriate: bool = False
    """A sexual or harassing message: a calm boundary, then the question again."""
    hold: bool = False
    """"ok wait", "hold on": the person needs a moment; no answer."""
    name_as_said: str = ""
    """The name with the "the" that was read as the particle "de" kept as said ("Angelina The Elder", a
    Faker nl_NL surname): taken instead of the "de" reading once the person said that one was wrong."""
    filler: bool = False
    """Only a filler ("uh", "hmm", "let me think"): no answer, and no hello either ("Happy to help!")."""
    refusal: bool = False
    signed_up_before: bool = False
    """"I already signed up": said of an earlier signup (`intents.says_signed_up_before`), no answer."""
    unsure: bool = False
    """Hesitation ("I'm not sure I want to do this")."""
    greeting: str = ""
    """"hi" for a bare hello, "join" for "I'd like to sign up", else ""."""
    topic: Topic | None = None

    start_over: bool = False
    """The person wants to start the signup again ("let's start over", "everything, let me start again")."""
    single_name: bool = False
    """The person says they have only one name (no surname)."""
    raw_keep: bool = False
    """ "it's right", "that's correct" answered to "did you mean ...?": keep the value as given."""
    someone_else: bool = False
    """Answered to "already on our waitlist", the listed signup is someone else's (`intents.is_someone_else`)."""
    asks_saved: bool = False
    """After the save, "what did you save?", "is my number right?" (`intents.asks_what_saved`)."""
    text_elsewhere: bool = False
    """At the confirmation text's offer, the text asked for at another number, not said to be theirs
    (`intents.asks_text_elsewhere`): no correction of the entry."""
    retyped: bool = False
    """At the question after the name, one word of it typed again to fix it ("*Lima", "sorry, Lima")."""
    second_person: str = ""
    """At a field question (or in a first text), a second person to sign up beside the one speaking ("John Smith
    and my wife Ana Smith", "sign up me and my husband"): how to refer to them ("your wife", "Ana"), else ""."""
    other_only: bool = False
    """The second person is the only one the speaker asks to sign up ("I want to sign up my wife")."""
    others_details: bool = False
    """The details given are someone else's ("her name is Ana Smith"): none of them is taken."""
    others_name: str = ""
    """The name given as someone else's ("her name is Ana Smith"): a different bare name said next is the speaker's."""
    own_name: bool = False
    """The name read follows a cue that makes it the speaker's own ("I'm Ana Smith", "my name is Ana"), not a bare
    "Ana Smith" (`intents.names_self`): after "I want to sign up my wife", only such a name is taken unasked."""
    owner: bool | None = None
    """Answered to "is Ana Smith your own name?": theirs ("that's me"), someone else's ("that's my wife"), or
    neither said (`intents.name_owner`)."""
    another_signup: bool = False
    """At the read-back or the confirmation text's offer, a signup asked for someone else ("also sign up
    my wife") (`intents.signs_up_another`): what comes with it is theirs, no correction of the entry."""
    spanish: frozenset[str] = frozenset()
    """The Spanish words said (`intents.spanish_signs`): a sign the person speaks Spanish, never alone."""
    english: int = 0
    """How many English words were said beside them: a caller speaking English is served in English."""
    extension: bool = False
    """An extension was said ("ext. 204", "x12"): not saved (numbers are kept in E.164), never a name."""
    acknowledged: str = ""
    """ "it's good", "that's fine", "ok" answered to "And your last name?": no surname and no yes (`_ACKNOWLEDGES`).
    The word of it that may still be a surname ("Good"), to ask for it spelled when said again, else "-"."""
    pleasantry: str = ""
    """ "nice", "thanks", "nice to meet you" answered to "And your last name?", right after "Thanks, Ana.": said
    back to Knotty's own thanks, no answer missed and nothing declined (`_PLEASANT_REPLIES`: its kind)."""

    @property
    def gave_something(self) -> bool:
        """The utterance carried a field value or part of one."""
        return bool(
            self.values or self.first_name or self.own_number or self.phone_digits or self.digit_swap
            or self.single_name or self.email_local or self.email_domain
        )  # fmt: skip


_FIELD_VOCABULARY = (
    "phone", "number", "email", "e-mail", "address", "therapist", "client", "customer", "massage", "masseuse",
    "name", "gmail", "hotmail", "yahoo", "outlook", "mobile", "cell",
)  # fmt: skip
"""Words of the signup itself; a name word one typo away from one of them is that word mistyped."""
_SURNAME_FIRST = re.compile(
    r"^\s*((?:['’][st]|[^\W\d_][\w'’-]*)(?: (?:['’][st]|[^\W\d_][\w'’-]*)){0,9})\s*,\s*([^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]+){0,3})\s*\.?\s*$"
)
"""A surname, a comma and up to four words of given names ("Ortuño, María del Carmen"), as forms write them."""


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one letter missing, added, changed or two swapped ("phne", "therapst")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    k = 0  # the first letter that differs: the slip is there
    while k < len(short) and short[k] == long_[k]:
        k += 1
    if len(a) != len(b):
        return short[k:] == long_[k + 1 :]
    if a[k + 1 :] == b[k + 1 :]:
        return True
    return a[k + 2 :] == b[k + 2 :] and a[k] == b[k + 1]  # the next letter differs too: swapped


def _is_word_char(text: str, at: int) -> bool:
    """Whether `text[at]` exists and is a word character as `re`'s `\\w` has it (letters, digits, "_")."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` between word boundaries (what `re.search(r"\\b" + re.escape(word)
    + r"\\b")` finds), without compiling a pattern per word: every name typed is a new word, and each
    new pattern pushed the readers' and the phone library's patterns out of `re`'s cache."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if _is_word_char(text, start - 1) != _is_word_char(text, start) and _is_word_char(
            text, end - 1
        ) != _is_word_char(text, end):
            return True
        start = text.find(word, start + 1)
    return False


def _mistyped_field_word(word: str, text: str = "", *, spoken: bool = False) -> bool:
    """ "phne", "therapst": one slip from a field word. Four-letter words count only with a letter left out
    or added, never changed: "Bell" and "Dame" are surnames, not "cell" and "name".

    A recogniser makes no typos, and a word written with a capital is written as a name: "emil" heard on
    a call and "Emil" typed are the name Emil, not "email" mistyped. Nor is a word that reads as a name
    ("emil", "clint"): only a slip that leaves letters no one could say together ("phne", "therapst",
    "numbr", "emaill") is a field word mistyped.
    """
    if len(word) < 4 or spoken or _has_word(text, word[:1].upper() + word[1:]):
        return False
    return any(
        _one_edit(word, w) and (len(word) > 4 or len(w) != len(word)) and _finger_slip(word, w)
        for w in _FIELD_VOCABULARY
    )


_VOWELS = frozenset("aeiouy")


def _consonant_pairs(word: str) -> set[str]:
    return {word[k : k + 2] for k in range(len(word) - 1) if not (_VOWELS & set(word[k : k + 2]))}


def _finger_slip(typed: str, meant: str) -> bool:
    """Whether the slip is one of the fingers: two letters swapped ("phoen"), or two consonants put together
    that ``meant`` never has side by side ("phne": "hn").

    A slip that leaves a sayable word ("emil" from "email", "clint" from "client") may be a name.
    """
    typed = typed.lower()
    if len(typed) == len(meant) and sorted(typed) == sorted(meant):
        return True  # two letters swapped ("phoen", "emial"): a slip of the fingers, never a name
    return bool(_consonant_pairs(typed) - _consonant_pairs(meant))


def _plausible(name: str | None, text: str = "", *, spoken: bool = False) -> str | None:
    """The name, unless it is made of words people answer with ("looks good", "lol") or mistyped field words.

    A word the person spelled out ("Nice, n i c e") is meant as a name, whatever else it is, and so is one
    after a given name ("Carl Nice", "owen good").
    """
    if name is None:
        return None
    words = name.lower().replace("-", " ").split()
    spelled = spelled_runs(text) if text else set()
    # "Carl Nice", "owen good": an everyday word after a given name is a surname ("looks good" is no name).
    after_given = words[0] not in _ANSWER_WORDS
    chosen = _capitals_chosen(text)
    answers = [
        w
        for k, w in enumerate(words)
        if w in _ANSWER_WORDS and w not in spelled and w not in chosen and not (k and after_given)
    ]
    if answers or all(_mistyped_field_word(w, text, spoken=spoken) for w in words):
        return None
    return name


def _capitals_chosen(text: str) -> set[str]:
    """The words, lower-cased, that the person wrote with a capital of their own choosing: not the message's
    first word (a keyboard's capital) and in a message that is not all capitals. "this is True Tromp": True is
    a given name there, not the answer "true"."""
    words = text.split()
    if not any(c.islower() for c in text):
        return set()
    return {w.strip(".,!?").lower() for w in words[1:] if w[:1].isupper()}


_NAME_LEAD = re.compile(
    r"^(?:(?:oh|um|uh|sorry|ok|okay|well|yes|yeah|sure|so)[\s,]+)*"
    r"(?:(?:it's|its|it is|my (?:last |first |full |sur)?name(?:'s| is)|(?:last |sur)name(?:'s| is)|i'm|i am)\s+)?",
    re.IGNORECASE,
)
_SAYS_I_AM = re.compile(r"\b(?:i'm|i am)\s+$", re.IGNORECASE)
_NAME_WORD = re.compile(rf"^[^\W\d_]{WORD_TAIL}(?:['’-][^\W\d_]{WORD_TAIL})*$")
_ROLE_NAMES = frozenset({
    "therapist", "therapists", "client", "clients", "customer", "customers", "masseuse", "masseur",
    "massagist", "lmt", "rmt", "bodyworker", "practitioner", "provider",
})  # fmt: skip
"""Roles people answer with: never a surname ("client" said to "Could I have your last name too?" is the role,
and the last name is asked again). Words that are also surnames (Guest, Patient) are not listed."""


def _role_word(word: str) -> bool:
    """Whether a word of an answer is a role, not a name ("therapist", "LMT")."""
    return word.lower().strip(".,!") in _ROLE_NAMES


_WH = re.compile(r"^(?:wh|how)")
"""Question words that ask with one word after them ("why tho", "who dis", "how come"): never a given name."""


def _titled_name(text: str, asking: str, *, spoken: bool) -> bool:
    """A typed answer to the name question with a capital on every word, the first a word sentences are
    built from and the others not: "My Sjögren", "An Nguyen", "Do Thi Lan", "Be Bertho" (My, An, Do and Be
    are names). It was read as "Sjögren" alone, or as a question. A sentence in capitals has more such
    words ("Do You Take Cards")."""
    if spoken or asking != "full_name" or "?" in text:
        return False
    words = text.strip().rstrip(".!").split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return words[0].lower() in _NAMES_IN_SENTENCES and not any(
        w.lower() in NOT_NAMES or w.lower() in SENTENCE_WORDS for w in words[1:]
    )


def _given_name_before_names(words: list[str]) -> bool:
    """Whether the answer is a given name that is also a word sentences are built from (Turkish Can, Swedish
    My, Chinese He), then one or two words that are nothing but names: "can rey", "my li", "he wei", typed
    without capitals. They had been read as a question ("can rey") or as nothing ("my li"). A remark has an
    everyday word after it ("my bad", "can do", "he said"), or names a person ("my son", "my lord")."""
    return (
        2 <= len(words) <= 3
        and words[0].lower() in _NAMES_IN_SENTENCES
        and all(
            w.lower() not in COMMON_WORDS
            and w.lower() not in NOT_NAMES
            and w.lower() not in SENTENCE_WORDS
            and w.lower() not in SOMEONE
            for w in words[1:]
        )
    )


_NAMES_IN_SENTENCES = frozenset({"my", "an", "can", "he", "do", "be", "in", "will"})
"""Words sentences are built from that are also names: Swedish My, Vietnamese An and Do (Đỗ), Turkish Can,
Chinese He, Korean In. "Just", "The" or "So" before a name are no part of it."""


def _name_shaped(text: str, *, most: int, spoken: bool = False, lead: bool = False) -> str | None:
    """A reply that is nothing but name words ("Don Love", "it's Nice"), as an answer to a name question.

    Everyday words are names here (Love, Nice, Strong, Baker): after Knotty asked for a name, the shape of
    the answer decides, not a dictionary. Words sentences are built from ("this", "is", "you") never are,
    except, with ``lead`` (the answer said again when the name was asked again), the first of two or more
    words before words that are names: "will price", "can smith", "my andersson" (Will, Can and My are
    given names); "are you a robot", "is this free" and "why tho" stay questions.
    """
    lead_said = _NAME_LEAD.match(text.strip())
    rest = text.strip()[lead_said.end() if lead_said else 0 :].strip(" .!,")
    words = rest.split()
    if not 0 < len(words) <= most or not all(_NAME_WORD.match(w) for w in words):
        return None
    cased = any(c.isupper() for c in rest) and any(c.islower() for c in rest)
    if lead_said and _SAYS_I_AM.search(lead_said.group()) and states_a_trait(words[0], cased=cased):
        return None  # "I'm autistic", "i am visually impaired": what the person is, not who
    for k, w in enumerate(words):
        low = w.lower()
        given_word = (
            lead and k == 0 and len(words) > 1 and len(w) > 1 and "'" not in w and not _WH.match(low)
        ) or (k == 0 and _given_name_before_names(words))
        if (
            (low in SENTENCE_WORDS and not given_word)
            or _role_word(low)
            or _mistyped_field_word(low, text, spoken=spoken)
        ):
            return None
        if (
            low in _ANSWER_WORDS
            and not (cased and w[0].isupper())
            and not (k and words[0].lower() not in _ANSWER_WORDS)
        ):
            return None  # "looks good", "ok"; not "owen nice", whose "nice" follows a given name
    try:
        return normalize_name(rest) if len(words) > 1 else rest
    except FieldError:
        return None


_INTRODUCED = re.compile(
    r"^\W*(?:(?:hi|hey|hello|hiya|heya|yo|good\s+(?:morning|afternoon|evening))\b[\s,!.]*)?"
    r"(?:(?:oh|um|uh|so|yeah|well|ok|okay)[\s,]+)*"
    r"(?:this\s+is|it's|its|it\s+is|i'm|im|i\s+am|my\s+name\s+is|my\s+name's)\s+"
    r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){1,2}?)"
    r"(?:\s+here)?(?:\s*,?\s+and\b.*)?[\s.!]*$",
    re.IGNORECASE,
)
"""An introduction that ends with the name: "hi, this is marco antonio nice and i give massages", "hey it's
courtney kelly here". What follows the name is nothing, "here", or "and" and another sentence."""
_SAID_AFTER_A_NAME = frozenset({
    "here", "again", "too", "also", "now", "today", "back", "btw", "lol", "haha", "hehe", "tho", "though",
    "calling", "speaking", "texting", "writing", "messaging", "chatting", "please", "thanks",
})  # fmt: skip
"""Words people say right after their name that are no part of it ("this is ana lima again")."""


def _introduced_whole(text: str, name: str) -> str | None:
    """The name with the word said after it in an introduction, when the reader of names stopped before it: a
    lower-case surname that looks like a verb or adverb ("courtney kelly", "anna döring", "priya ganguly",
    "omar mohamed"), or one that is an everyday word after two given names ("marco antonio nice"). It had been
    dropped, and the surname asked again and again ("I heard Marco Antonio again") until Knotty gave up.
    Only the last word before the introduction ends, and never a word sentences are made of ("ana calling",
    "ana lima again", "ana really")."""
    m = _INTRODUCED.match(text.strip())
    if m is None:
        return None
    words = m.group("name").split()
    given, word = words[:-1], words[-1]
    low = word.lower()
    if [folded(w) for w in given] != [folded(w) for w in name.split()]:
        return None
    if low in SENTENCE_WORDS or low in _SAID_AFTER_A_NAME or _role_word(low) or low in PARTICLES:
        return None
    goes_on = _AND_AFTER.match(m.string, m.end("name")) is not None
    if not goes_on and _pleasantry_after(name, m.group("name"), text):
        return None  # "this is ana lima nice": a remark; "marco antonio nice and i give massages" a surname
    if nobodys_name(word) and (len(given) < 2 or describes(low)):
        return None  # "this is ana nice": asked for the last name; "marco antonio calling" is no surname
    try:
        return normalize_name(" ".join(words))
    except FieldError:
        return None


_AND_AFTER = re.compile(r"\s*,?\s+and\b", re.IGNORECASE)
_PLEASANTRIES = frozenset({
    "nice", "ok", "okay", "k", "cool", "great", "good", "fine", "perfect", "awesome", "alright", "sure",
    "yes", "yeah", "yep", "thanks", "thank", "thx", "ty", "please", "pls", "plz", "hi", "hello", "hey", "bye",
})  # fmt: skip
"""Words people say after their name, to the name question, that are no part of it ("this is ana lima nice",
"ana lima ok", "john smith cool")."""


def _pleasantry_after(name: str, longer: str, text: str) -> bool:
    """Whether the words ``longer`` has after the name read are pleasantries said after a whole name: "ana lima
    nice" is Ana Lima, where "carl nice" (a first name alone) and "marco antonio nice" (two given names) are
    completed by it, and "Ana Lima Nice", typed with its capital, is the name written."""
    extra = longer.split()[len(name.split()) :]
    return (
        is_full_name(name)
        and not both_given_names(name)
        and all(w.lower() in _PLEASANTRIES and w.lower() not in _capitals_chosen(text) for w in extra)
    )


def _repair_words(words: list[str]) -> list[str]:
    """The name words at the start of `words` (up to three): what a self-repair says instead."""
    said: list[str] = []
    for word in words[:_MOST_NAME_WORDS]:
        low = word.lower()
        if not _NAME_WORD.match(word) or low in NOT_NAMES or low.split("'")[0] in NOT_NAMES:
            break  # "my name's", "it's": the words before a name are no part of it
        said.append(word)
    return said


def _repaired(old: list[str], new: list[str]) -> list[str]:
    """`old` with `new` in place of the words it repairs: all of them, or, when fewer words are said again,
    the ones they sound most like ("john smith, uh no, jon" is Jon Smith; "ana uh i mean anna lima" is Anna Lima)."""
    if len(new) >= len(old):
        return new
    n = len(new)

    def likeness(at: int) -> float:
        pairs = zip(old[at : at + n], new, strict=True)
        return sum(SequenceMatcher(None, a.lower(), b.lower()).ratio() for a, b in pairs)

    at = max(range(len(old) - n + 1), key=likeness)
    return [*old[:at], *new, *old[at + n :]]


def self_repaired(text: str) -> str:
    """The name as the speaker repaired it: "my name is john uh sorry jon smith" is "my name is jon smith".

    People correct a name in the same breath ("uh no", "uh sorry", "i mean", "sorry", "no wait",
    "actually"); the words after the marker replace the name words just before it, so the first version is
    never the one kept. Only name words count on both sides: "my name is actually Ana" and "Ana Lima, sorry,
    what was that?" are no repairs.
    """
    for m in _REPAIR.finditer(text):
        before = text[: m.start()].split()
        old: list[str] = []
        while before and len(old) < _MOST_NAME_WORDS and _repair_words(before[-1:]):
            old.insert(0, before.pop())
        after = text[m.end() :].split()
        new = _repair_words(after)
        if old and new:
            words = [*before, *_repaired(old, new), *after[len(new) :]]
            return self_repaired(" ".join(words))
    return text


def _one_word_answer(text: str, *, spoken: bool) -> str | None:
    """The one word answered, whatever everyday word it is ("it's good"), not a word sentences are built from."""
    rest = _NAME_LEAD.sub("", text.strip()).strip(" .!,")
    low = rest.lower()
    if (
        " " in rest
        or not _NAME_WORD.match(rest)
        or low in SENTENCE_WORDS
        or folded(low) in _COMPLAINT_WORDS  # "it's stupid" said again is still a complaint
        or _role_word(low)
        or _mistyped_field_word(low, text, spoken=spoken)
    ):
        return None
    try:
        return normalize_name(rest, spelled=True)  # meant as a name: said again when asked again
    except FieldError:
        return None


_SAID_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _same_words(text: str, said_before: str) -> bool:
    """Whether `text` says the words of `said_before` again, one for one (case aside)."""
    return [w.lower() for w in _SAID_WORD.findall(text)] == [
        w.lower() for w in _SAID_WORD.findall(said_before)
    ]


def _name_said_again(text: str, said_before: str) -> str | None:
    """The words of the answer as a name, when the person says them again, word for word, after the name was
    asked again: "honey the elder", an unusual name made of everyday words, had been refused each time until
    Knotty gave up. Two to four words, each a name's, the first and the last no word of a remark ("good
    morning", "go away", "not sure", "i don't know" stay what they are)."""
    if not _same_words(text, said_before):
        return None
    said = _SAID_WORD.findall(text)
    words = _after_introduction(said)
    introduced = len(words) < len(said)
    if (
        not 1 < len(words) <= _MOST_NAME_WORDS + 1
        or any(not _NAME_WORD.match(w) or _role_word(w.lower()) for w in words)
        or any(
            (w.lower() in NOT_NAMES or w.lower() in SENTENCE_WORDS)
            and not (introduced and k == 0 and w.lower() in _GIVEN_WORDS)
            for k, w in ((0, words[0]), (1, words[-1]))
        )
        or "?" in text
        or intents.fields_named(text)
    ):
        return None
    try:
        return normalize_name(" ".join(words), spelled=True)
    except FieldError:
        return None


def _after_introduction(words: list[str]) -> list[str]:
    """The words after a hello and an introduction ("hi, this is", "um my name is"), or all of them when there
    is none: "hi, this is us fields", said twice, is the Turkish given name Us and a surname."""
    low = [w.lower() for w in words]
    start = 0
    while start < len(low) and low[start] in _HELLOS:
        start += 1
    for cue in _INTRODUCTIONS:
        if tuple(low[start : start + len(cue)]) == cue:
            return words[start + len(cue) :]
    return words


_HELLOS = frozenset(
    {"hi", "hello", "hey", "hiya", "um", "uh", "er", "so", "well", "yeah", "yes", "ok", "okay", "oh"}
)
_INTRODUCTIONS = (("my", "name", "is"), ("my", "name's"), ("name's",), ("this", "is"), ("it's",), ("it", "is"),
                  ("i'm",), ("i", "am"))  # fmt: skip

_GIVEN_WORDS = frozenset({"my", "us", "said", "over", "an", "do"})
"""Given names that are words sentences are built from: Swedish and Danish My, Turkish Us and Över, Arabic
Said, Vietnamese An and Do (Đỗ). Found in Faker's first names of twenty locales, each typed and said alone."""


def _given_word_alone(text: str, *, spoken: bool, said_before: str | None) -> str | None:
    """The given name "My", "Us", "Said" or "Over", answered alone to the name question: typed with its capital,
    or said (or typed in lower case) a second time when the name was asked again. It had been "I missed your
    name" every time, until Knotty gave up. Said once in lower case it stays a word ("my" may start a sentence
    cut short); "my name is", "over here", "said it already" are no lone word."""
    word = text.strip().strip(" .!,")
    if word.lower() not in _GIVEN_WORDS:
        return None
    capital = not spoken and word[:1].isupper() and not word.isupper()
    again = said_before is not None and said_before.strip().strip(" .!,").lower() == word.lower()
    return word.capitalize() if capital or again else None


def _with_surname(first_name: str, surname: str, text: str) -> str | None:
    """The first name and the surname asked for. A particle typed with a capital in the middle of the answer
    ("it's Da Costa") is written that way on purpose, and kept; at the start of an answer ("Da Silva") it is
    only the answer's capital, and the particle is lower-case in the full name ("DeShawn da Silva").
    None when together they are longer than a name may be (see `_joined`)."""
    lead = surname.split(maxsplit=1)[0].lower()
    typed = [
        w for w in _TEXT_WORD.findall(text)[1:] if w.lower() == lead
    ]  # as typed, after the answer's start
    if " " in surname and lead in PARTICLES and typed and typed[0][:1].isupper():
        try:
            return normalize_name(f"{first_name} {surname}")
        except FieldError:
            pass
    return _joined(first_name, surname)


def _joined(first_name: str, surname: str) -> str | None:
    """`join_names`, or None when the whole name is no name it takes (longer than a name may be): no name
    heard, so the surname is asked again. Raised, it failed this line's reading on every later turn too."""
    try:
        return join_names(first_name, surname)
    except FieldError:
        return None


def _checked_name(text: str) -> str | None:
    try:
        return normalize_name(text)
    except FieldError:
        return None


def _surname_first(text: str) -> str | None:
    """ "Smith, John" typed as a name: "John Smith"; "Ortuño, María del Carmen": María del Carmen Ortuño. Only
    a comma between a surname and the given names."""
    m = _SURNAME_FIRST.match(" ".join(without_nicknames(text).split()))  # "White, Alta  Gracia" too
    if m is None:
        return None
    surname, given = m.group(1), m.group(2)
    if len(given) < 2 or all(len(w) == 1 for w in surname.split()):
        return None  # "Ana, A N A" is a spelling
    if extract_name_spelling(given) or given.lower() in _ANSWER_WORDS or surname.lower() in _ANSWER_WORDS:
        return None
    if (
        surname.lower() in FILLERS
    ):  # "Well, Ana Lima", "So, Jin Kim": a filler, not a surname ("Ana Lima Well")
        return None
    if " " in given and any(w.lower() in _ANSWER_WORDS or w.lower() in SENTENCE_WORDS for w in given.split()):
        return None  # "Lima, Ana please": two given names, not a given name and a remark
    if given[0].islower() != surname.split()[-1][0].islower():
        return None  # "Ana, please" or "lima, Ana": not a name written in one hand
    if " " in given and any(folded(w) in COMMON_WORDS for w in surname.split()):
        return None  # "Morning, Ana de la Cruz", "Seriously, Ana Lima": a remark before a whole name
    if before_a_name_only(given):  # "Pi, Pastor": after the comma a given name, never a title
        full = _plausible(f"{given[:1].upper()}{given[1:]} {surname}")
    else:
        full = _plausible(extract_name(f"my name is {given} {surname}", expecting=True))
    return full if full and is_full_name(full) else None


_GENERATION_AFTER_COMMA = re.compile(r"([^\W\d_]),\s*(jr|sr|junior|senior|ii|iii|iv)\.?\s*$", re.IGNORECASE)
_GENERATION_SAID = re.compile(
    r"([^\W\d_])\s+(?:the\s+)?(second|third|fourth|2nd|3rd|4th)\s*\.?\s*$", re.IGNORECASE
)
_GENERATIONS = {"second": "II", "third": "III", "fourth": "IV", "2nd": "II", "3rd": "III", "4th": "IV"}


_CREDENTIAL = (
    r"M\.D\.?|MD|Ph\.D\.?|PhD|DDS|DMD|DPT|DNP|RN|LPN|NP|DC|Esq\.?|CPA|MBA|MSc|BSc|LMT|CMT|RMT|LMBT|LMP|NCTMB|"
    r"BCTMB|LMFT|LCSW|CNA"
)
_CREDENTIALS_AT_END = re.compile(
    rf"([^\W\d_])(?:\s*,\s*|\s+)(?:{_CREDENTIAL})(?:(?:\s*,\s*|\s+)(?:{_CREDENTIAL}))*\s*[.!]?\s*$"
)
_CREDENTIALS_SAID = re.compile(
    r"([^\W\d_])\s+(?:m d|md|p h d|phd|esq|l m t|lmt|c m t|cmt|r m t|rmt)\s*[.!]?\s*$", re.IGNORECASE
)


def _without_credentials(text: str, *, spoken: bool) -> str:
    """The name without the letters of a degree or licence after it: "Ana Lima, MD", "Jane Doe, CMT, NCTMB", said
    "ana lima m d". After a comma they had been read as a given name after a surname ("Thanks, MD.", saved "MD
    Ana Lima"). Typed, only as written in capitals ("Ana Lima, Rn" keeps a name Rn); said, the few that are
    said as letters or as a word."""
    if not any(c.isupper() for c in text) and not spoken:
        return text
    found = (_CREDENTIALS_SAID if spoken else _CREDENTIALS_AT_END).search(text)
    return f"{text[: found.start()]}{found.group(1)}" if found else text


_RELATION_WORDS = (
    r"wife|husband|partner|spouse|fianc[eé]e?|boyfriend|girlfriend|mom|mommy|mum|mummy|mother|mama|dad|daddy"
    r"|father|papa|son|daughter|sister|brother|friend|boss|assistant|secretary|kid|child|parent|guardian"
    r"|aunt|uncle|grandma|grandpa|grandmother|grandfather|granddaughter|grandson|niece|nephew|cousin"
    r"|neighbou?r|caregiver|carer|nanny|coworker|co-worker|colleague|therapist|masseuse|masseur|teacher|coach"
    r"|trainer|nurse|doctor|employee|manager|owner|receptionist"
)
_RELATION = re.compile(
    r"(?:\b(?!(?:it|that|he|she|what|there|here|who|where|let|name|this)['’]s\b)[^\W\d_][\w-]*['’]s"
    r"|\b(?:his|her|their))\s+(?:step-?|step\s+|grand-?)?"
    rf"(?:{_RELATION_WORDS})s?\b(?:\s+(?:here|speaking))?\s*[,.;:!-]*\s*"
    r"|(?P<lead>^\W*(?:i'?m|i\s+am|this\s+is|it'?s)\s+)[^\W\d_]+s\s+"
    r"(?:dad|mom|mum|mother|father|husband|wife|daughter)\b[,.;:!-]*\s*",
    re.IGNORECASE,
)
"""A relation the person names themselves by, beside their name: "I'm Tom's dad, Bob Jones", "Bob Jones, Ana's
mother", "Tom's dad here, ...", "it's her husband". "it's Doctor", "name's Nurse" are surnames: "it's" is no
possessive."""


def _without_relation(text: str) -> str:
    """The answer without the relation the person names themselves by ("I'm Tom's dad, Bob Jones": Bob Jones).
    Read as a name, "Tom's dad" had been greeted "Thanks, Tom's." and saved "Tom's Dad"; the relation is never
    part of the name. A name said as a possessive of a relation is whose relation they are, not theirs."""
    if (
        "'" not in text
        and "’" not in text
        and not _RELATION_PRONOUN.search(text)
        and not _RELATION_LEAD.match(text)
    ):
        return text
    without, found = _RELATION.subn(lambda m: m.group("lead") or " ", text)
    return without.strip(" ,.;:-") if found else text


_RELATION_PRONOUN = re.compile(r"\b(?:his|her|their)\s", re.IGNORECASE)
_RELATION_LEAD = re.compile(r"\W*(?:i'?m|i\s+am|this\s+is|it'?s)\s", re.IGNORECASE)


def _generation_as_written(text: str) -> str:
    """ "John Smith, Jr." and "John Smith the third" as a name writes them, "John Smith Jr." and "John Smith
    III": the comma had made "Jr." the given name before the surname ("Thanks, Jr.", read back "Jr John
    Smith"), and "the third" was no name at all."""
    if "," in text:
        text = _GENERATION_AFTER_COMMA.sub(r"\1 \2", text)
    m = _GENERATION_SAID.search(text)
    if m is None or (m.group(2)[0].isalpha() and " the " not in m.group(0).lower()):
        return text  # "wait a second", "give me a second": no generation without its "the"
    return f"{text[: m.start()]}{m.group(1)} {_GENERATIONS[m.group(2).lower()]}"


_THE_BETWEEN = re.compile(r"\b([^\W\d_]+) the ([^\W\d_]+)\b", re.IGNORECASE)


def _particle_heard_as_the(text: str) -> str:
    """ "noortje the elder", "maria the souza": the particle "de" as a recogniser writes it, between two
    words that are no sentence's ("what's the price", "book the massage" keep their "the")."""

    def particle(m: re.Match[str]) -> str:
        before, after = m.group(1), m.group(2)
        if before.lower() in SENTENCE_WORDS or after.lower() in SENTENCE_WORDS:
            return m.group(0)
        return f"{before} de {after}"

    return _THE_BETWEEN.sub(particle, text)


_WORDS_THEN_SPELLED = re.compile(
    r"\b((?:[^\W\d_]+ ){1,4}?)([^\W\d_]+),? (?:that's|thats|that is|it's spelled|spelled) ((?:[a-z] ){2,}[a-z])\b",
    re.IGNORECASE,
)


def _particles_as_spelled(text: str) -> str:
    """ "tess then buytelaar, that's d e n b u y t e l a a r": the particles a line wrote as English words
    ("then", "fan", "there"), put back as the spelling says them ("tess den buytelaar, that's ..."); the
    words had stopped the name ("Thanks, Tess. And your last name?")."""

    def particles(m: re.Match[str]) -> str:
        words = [*m.group(1).split(), m.group(2)]
        fixed = particles_spelled(words, m.group(3).replace(" ", "").lower())
        return m.group(0) if fixed is None else f"{' '.join(fixed)}{m.group(0)[m.end(2) - m.start() :]}"

    return _WORDS_THEN_SPELLED.sub(particles, text)


_NAME_SPELLED_ASKS = frozenset({"full_name", "last_name", "", "confirm", "fix"})
"""Questions a caller answers with a name and its spelling (the name's own, or a correction at the read-back)."""
_CUE_HEARD_AS = re.compile(
    r"\b(?P<word>[^\W\d_]{2,}),?\s+(?P<cue>at|and|next|ask|as|so|that|is|has|its|it's)\s*,?\s+"
    r"(?P<letters>(?:[a-z](?:\s*[-,]\s*|\s+)){2,}+[a-z])\b(?![\s,]*(?:dot|at|point)\b)(?!\.\w)",
    re.IGNORECASE,
)
"""A word, a short word, then letters spelled: the "that's" between a name and its spelling as a phone line's
recogniser writes it (Whisper tiny.en: "at", "next", "ask", "and"), unless the letters go on into an address."""


def _spelling_cue_as_said(text: str) -> str:
    """ "Patrick Johnson at J-O-H-N-S-O-N.", "Andree Lenoir, and L-E-N-O-I-R.": the "that's" a real recogniser
    wrote as "at" or "and" put back when the letters after it spell the word before it. The name had been
    taken for the start of an address ("I missed your name") or the spelling for a second person ("Lenoir can
    sign up separately")."""

    def cue(m: re.Match[str]) -> str:
        letters = "".join(c for c in m.group("letters").lower() if c.isalpha())
        word = folded(m.group("word"))
        if letters != word and not (len(letters) >= 4 and _alike(letters, word)):
            return m.group(0)
        return f"{m.group('word')}, that's {m.group('letters')}"

    return _CUE_HEARD_AS.sub(cue, text)


def _spells_a_word(run: str, words: list[str]) -> bool:
    """Whether letters spelled in an answer spell one of its words ("price, that's p r i c e"), or correct one
    the line misheard ("may herley, that's h a r l e why": Harley). The "why" of such a spelling had been read
    as a question, and the name as no answer at all (line seed 7131313: the caller was let go unsaved)."""
    return any(run == w.rstrip(",") or (len(run) >= 4 and _alike(run, w.rstrip(","))) for w in words)


def _alike(spelled: str, word: str) -> bool:
    """`SequenceMatcher`'s ratio of the two at least `_LIKE_SPELLED`, its cheap upper bounds checked first:
    the ratio costs the product of the lengths, and a line of 500 spelled letters beside its 500 words
    took a third of a second (a stranger's 1,000 characters, typed again and again)."""
    matcher = SequenceMatcher(None, spelled, word)
    return (
        matcher.real_quick_ratio() >= _LIKE_SPELLED
        and matcher.quick_ratio() >= _LIKE_SPELLED
        and matcher.ratio() >= _LIKE_SPELLED
    )


_LIKE_SPELLED = 0.75
"""How alike a spelled word and a word said beside it must be for the spelling to be of that word."""


def _the_as_said(said: str, name: str) -> str:
    """``name`` with its "de" as said, "The", when that "de" was a "the" (`_particle_heard_as_the`): "" when
    the name has no such "de"."""
    words = name.split()
    if "de" not in words or not _THE_BETWEEN.search(said) or re.search(r"\bde\b", said, re.IGNORECASE):
        return ""
    return " ".join("The" if w == "de" else w for w in words)


def _labelled_name(text: str, known: str | None, *, spoken: bool, asked: bool = False) -> str | None:
    """The name a label gives at the end of a sentence ("my surname is Fine", "the last name should be
    Good", "name should be Dawn Good-Day"), even an everyday word, which the reader of names refuses as an
    answer ("fine", "good"). An evaluation is no value: "the name is fine" says the name is right; "my
    surname is Fine" names it when typed with its capital, and "should be" always names it (a recogniser
    writes no capitals: "my surname is fine" said on a call stays a yes). A surname completes the first
    name already known. Asked for the last name (``asked``), nothing was read back to be fine: "my last name
    is good" said on a call is the surname Good (it had been a yes: "Wonderful.")."""
    m = _LABELLED_NAME.search(text)
    if m is None:
        return None
    verb, surname = m.group("verb").lower(), m.group("what").lower() != "name"
    if (note := letter_count_note(m.group("value"))) is not None:
        # "the last name is with two Ls", "with a double L": a note on the surname's letters, never "With Two Ls"
        return _noted_name(known, note, surname=surname)
    words = m.group("value").split()
    while len(words) > 1 and words[0].lower() in _BEFORE_A_VALUE:  # "my last name is spelled Lyu"
        words = words[1:]
    if sum(len(w) == 1 for w in words) > 1:
        return None  # "l y m a": a spelling, read as one where spellings are
    value = " ".join(words)
    named = asked or "should" in verb or "ought" in verb or (not spoken and value[:1].isupper())
    if value.lower() in _EVALUATIONS and not named:
        return None
    if not surname and len(value.split()) < 2:
        return None  # "my name is Fine" alone: the usual reading of names decides
    base = known.split()[0] if surname and known else None
    if surname and base is None:
        return None
    try:
        return join_names(base, value) if base else normalize_name(value)
    except FieldError:
        return None


def _noted_name(known: str | None, note: tuple[str, bool], *, surname: bool) -> str | None:
    """``known`` with a letter note applied to its surname (or, for "the name", its only word that fits)."""
    words = (known or "").split()
    if not words:
        return None
    at = [len(words) - 1] if surname else range(len(words))
    fixed = [(k, w) for k in at if (w := noted_word(words[k], note[0], double=note[1]))]
    if len(fixed) != 1:
        return None
    words[fixed[0][0]] = fixed[0][1]
    return " ".join(words)


def _capitalised_on_purpose(name: str, text: str) -> bool:
    """Whether the person wrote each word of the name with a capital, as written in ``text``, and used a capital
    beyond the first letter of the message: "Oh Su Jin", "I'm Forest". The capital a keyboard puts on the
    first letter ("Idk", "Test") or none at all ("you're annoying") chooses nothing."""
    return (
        any(c.isupper() for c in text[1:])
        and any(c.islower() for c in text)
        and all(word in text for word in name.split())
    )


def _nobodys_name_said(name: str, text: str, asking: str, first_name: str | None, *, titled: bool) -> bool:
    """Whether the name read is only common words that are nobody's name (see `nobodys_name`), and nothing
    says it is meant as one: no spelling ("nice, n i c e") and no capitals of the person's own choosing.

    With a first name waiting for its surname, a surname said alone is often an everyday word ("it's nice",
    "Station"): only a complaint is refused there (see `_complains`)."""
    if titled or spelled_runs(text) or _capitalised_on_purpose(name, text):
        return False
    if asking == "last_name" and first_name:
        return _complains(name, text)
    return nobodys_name(name)


_THAT_IS = re.compile(
    r"^\s*(?:that's|thats|that\s+is|that\s+would\s+be|that'd\s+be|that'll\s+be|it\s+would\s+be|it'd\s+be)\s+(?=\S)",
    re.IGNORECASE,
)
"""How some answer "and your last name?": "that's Lima", "that would be Lima". Taken as the surname's lead
only then; what follows is judged as any surname said alone ("that's private" stays a complaint)."""
_SURNAME_SHAPE = re.compile(
    r"^(?:(?:oh|um|uh|sorry|ok|okay|well|yes|yeah|sure|so)[\s,]+)*"
    r"(?:(?:it's|its|it\s+is|my\s+(?:last\s+|sur|family\s+)?name(?:'s|\s+is)|(?:last\s+|sur)name(?:'s|\s+is))\s+)?"
    r"[^\W\d_][\w'’-]*[\s.!]*$",
    re.IGNORECASE,
)
"""One word alone, or after "it's" or "my last name is": the shape in which a surname is said."""
_DECLINES = re.compile(
    r"^(?:(?:no|nah|nope|um+|uh+|sorry|ok|okay),?\s+)*(?:i'll\s+|i\s+will\s+|i'd\s+|i\s+would\s+)?"
    r"(?:skip|pass|next|rather\s+not|prefer\s+not|not\s+telling|no\s+thanks|no\s+thank\s+you|won't\s+say|not\s+saying)"
    r"(?:\s+(?:it|that|this|on\s+(?:it|that|this)|to\s+say|say|tell|share|to\s+share|you))*[\s.!]*$",
    re.IGNORECASE,
)
"""An answer to "and your last name?" that declines to give it ("skip", "pass", "I'd rather not say"): a
refusal, which Knotty answers with why the name is needed, never the surname Skip or Pass."""
_COMPLAINT_WORDS = frozenset({
    "stupid", "dumb", "annoying", "ridiculous", "pointless", "silly", "weird", "creepy", "invasive", "nosy",
    "unnecessary", "irrelevant", "rude", "boring", "lame", "useless", "ugh", "meh", "crazy", "insane", "absurd",
    "tedious", "personal", "private", "confidential", "secret", "classified", "whatever", "bs", "bullshit",
})  # fmt: skip
"""What people call the question instead of answering it ("it's stupid", "it's private"): never a surname."""


def _complains(name: str, text: str) -> bool:
    """Whether an answer to "and your last name?" is a complaint or a remark rather than a surname: a sentence
    of common words that are nobody's name ("this is annoying", "this is taking forever", "ugh whatever"), or
    a word that judges the question ("it's stupid", "Ugh"). It had been saved as "Ana Annoying". A word said
    alone or after "it's" that is no judgement stays a surname ("it's nice", "Station"), and a complaint said
    again when asked again is taken (`_one_word_answer`)."""
    if all(folded(w) in _COMPLAINT_WORDS for w in name.split()):
        return True
    return _SURNAME_SHAPE.match(text.strip()) is None and nobodys_name(name)


def _name(
    text: str,
    asking: str,
    first_name: str | None,
    known: str | None,
    *,
    spoken: bool = False,
    surname_again: bool = False,
    name_again: bool = False,
    keyword: bool = False,
    said_before: str | None = None,
) -> tuple[str | None, str | None]:
    """(full name, lone first name) said in `text`.

    Args:
        text: The utterance.
        asking: What Knotty had just asked.
        first_name: A first name waiting for its surname.
        known: The full name already collected, which "my last name is ..." corrects.
        keyword: A word alone that names a topic ("pricing") asks about it (see `_asks_by_keyword`).
    """
    if asking in ("full_name", ""):  # "": a conversation's first message
        text = current_name(text)  # "Ana Lynn born Lima", "Ana Lima, married name Lynn": Ana Lynn
    if asking in ("full_name", "last_name", ""):
        text = _without_relation(text)
    if asking in ("full_name", "last_name"):
        text = _generation_as_written(_without_credentials(text, spoken=spoken))
    if asking == "last_name" and first_name:
        text = _THAT_IS.sub("", text)  # "that's Lima", answered to "and your last name?"
    if spoken and asking in ("full_name", "last_name"):
        text = letter_names_joined(
            _particle_heard_as_the(_particles_as_spelled(text)), surname=asking == "last_name"
        )
    topic = intents.question_topic(text, keyword=keyword)
    # "are you a real person?" is not a bare name; "will azevedo" (no question mark, no topic) is one.
    # "may price, that's p r i c e" spells a name: no question about prices.
    runs = spelled_runs(text)
    spells = any(_spells_a_word(run, text.lower().split()) for run in runs)
    # "may price" said again, no question mark, when the name is asked again after the price was
    # answered: her name, not the same question twice.
    said_again = (
        name_again
        and "?" not in text
        and (asking == "last_name" or len(text.split()) > 1)
        and _name_shaped(text, most=4, spoken=spoken, lead=True) is not None
    )
    titled = _titled_name(text, asking, spoken=spoken)
    asked_back = (
        topic is not None
        and ("?" in text or topic is not Topic.OTHER)
        and not spells
        and not said_again
        and not titled
    )
    expecting = asking in ("full_name", "last_name") and not asked_back
    if expecting and asking == "full_name" and (reversed_name := _surname_first(text)):
        return reversed_name, None
    name = _plausible(extract_name(text, expecting=expecting), text, spoken=spoken)
    if name is None and (said := _labelled(text).get("full_name")):
        name = _plausible(extract_name(said, expecting=True))  # "name ana lima email ..."
    if name is None and expecting:
        # "ok fine. sarah connor", "sign me up: Ana Lima / ...": the name may follow a remark.
        for chunk in reversed(_SENTENCES.split(text)[1:]):
            if name := _plausible(extract_name(chunk, expecting=True)):
                break
    asked = asking == "last_name" and first_name is not None
    if (
        known
        and asking in ("confirm", "fix")
        and name is not None
        and " " not in name
        and (_SURNAME_SAID.search(text) or _FIRST_SAID.search(text))
        and (spelled := _only_spelled_word(text, runs, known))
    ):
        return (
            spelled,
            None,
        )  # "So, the last name is Ron, it's M-E-I-E-R." ("wrong" heard as "Ron"): the spelling
    if name is None and (labelled := _labelled_name(text, first_name or known, spoken=spoken, asked=asked)):
        return labelled, None
    surname_cue = _SURNAME_SAID.search(text)
    first_cue = _FIRST_SAID.search(text)
    if known and (swapped := _name_word_swapped(text, known)):
        return swapped, None  # "it's Parra, not Orellana" (at the read-back of "María Orellana")
    if (
        spells
        and known
        and asking in ("confirm", "fix")
        and (fixed := _spelled_word_fixed(text, name, runs, known))
    ):
        return fixed, None  # "no, it's Smith, S-M-I-T-H" (at the read-back of "Ana Smyth")
    if (
        known
        and asking in ("confirm", "fix")
        and name is None
        and (spelled := _only_spelled_word(text, runs, known))
    ):
        return (
            spelled,
            None,
        )  # "No, the last name is wrong. It's S-M-Y-T-H." (at the read-back of "Ana Smith")
    read_back = bool(known) and asking in ("confirm", "fix") and not first_cue and is_full_name(known or "")
    changing = read_back and (_NEW_SURNAME.search(text) or MARRIED.search(text)) is not None
    if name is None and changing and not surname_cue:
        name = changed_word(text)  # "married now, Lynn", "Anna now": the one word left of the change
    if name is None and read_back and (_NAME_CHANGED.search(text) or changing):
        # "changed my name to Ana Lynn", "name's wrong, Anna Lima": the name after the change
        name = _plausible(_checked_name(name_after_the_change(text) or ""), text)
    if (
        name is None
        and read_back
        and known
        and (retyped := _retyped_name_word(text, known, bare=True, on_a_call=spoken))
    ):
        return (
            retyped,
            None,
        )  # "sorry, Anna" (at the read-back of "Ana Lima"): had been asked again, unchanged
    if (
        name
        and known
        and changing
        and " " not in name
        and folded(name) not in {folded(w) for w in known.split()}
        and (MARRIED.search(text) or folded(name) not in LONE_GIVEN_NAMES)
        and SequenceMatcher(None, folded(name), folded(known.split()[0])).ratio() < _RETYPED_LIKE
    ):
        # "I got married, it's Jones now": the surname changed. Taken as a first name alone, the name read
        # back had been dropped, and "Jones" said for the last name refused as the first name again.
        return _joined(_given_part(known, name), name), None
    if (
        name
        and known
        and read_back
        and not surname_cue
        and " " not in name
        and (fixed := name_word_changed(name, known, text, changing=changing or bool(GOES_BY.search(text))))
    ):
        # "it's Anna now", "it's Lyma", "I go by Maria" (at the read-back of "Ana Lima"): one word of the name
        # changed. Taken as a first name alone, the name read back had been dropped and a surname asked for.
        return fixed, None
    middle = _MIDDLE_NAME.search(text) if known and not surname_cue else None  # the cheap test first
    if known and middle and is_full_name(known) and (value := _checked_name(middle.group("value"))):
        return _with_middle_name(known, value), None  # "Marie Tremblay", then "no, my middle name is Eve"
    if (
        name
        and surname_cue
        and not first_cue
        and (not is_full_name(name) or _after_cue(name, text, surname_cue))
    ):
        # "my last name is Lima", "my surname is Gómez Ruiz": complete the first name, or correct the known surname.
        if (
            not first_name
            and known
            and _surname_added_to(known, name, text, read_back=asking in ("confirm", "fix"))
        ):
            return _joined(known, name), None  # "Klaus Dieter", then "my last name is Schmidt"
        base = first_name or (_given_part(known, name) if known else None)
        return (_joined(base, name), None) if base else (None, name)
    if name is None and first_cue and not surname_cue and known and is_full_name(known):
        name = _first_name_spelled(text)  # "my first name is spelled A N N A" (at the read-back)
    if name and first_cue and not surname_cue and not is_full_name(name) and known and is_full_name(known):
        return _with_first_name(known, name), None
    if name is None:
        # "g o o d", "oh sorry, g o o d": a spelling after the fillers people start with.
        spelled = extract_name_spelling(text) or extract_name_spelling(_NAME_LEAD.sub("", text.strip()))
        if spelled and asking in ("full_name", "last_name"):
            name = spelled
    if expecting:
        # "Don Love", "Owen Nice", "it's Love", "Gustavo Henrique Love": everyday words, in the shape of a name.
        shaped = _name_shaped(
            text, most=1 if asking == "last_name" else 4, spoken=spoken, lead=said_again or titled
        )
        longer = shaped and name and len(shaped.split()) > len(name.split())
        if shaped and longer and name and _pleasantry_after(name, shaped, text):
            shaped = None  # "ana lima nice", "ana lima ok": a remark after the name, never "Ana Lima Nice"
        if shaped and (
            name is None
            or ((not is_full_name(name) or longer) and shaped.lower().startswith(name.lower()))
            or (titled and longer and shaped.lower().endswith(name.lower()))  # "My Sjögren" is not "Sjögren"
        ):
            name = (
                shaped if " " in shaped or (asking == "last_name" and first_name) else _checked_name(shaped)
            )
    if expecting and asking == "full_name" and name and (whole := _introduced_whole(text, name)):
        name = whole  # "this is marco antonio nice and ...", "hey it's courtney kelly here"
    if name is not None and _nobodys_name_said(name, text, asking, first_name, titled=titled or spells):
        name = None  # "this is stupid", "idk", "taking forever": common words that are nobody's name
    if name is not None and all(title(w) for w in name.split()):
        name = None  # "Doctor", asked for the first name before "Wilderman": a title is no name ("Doctor Wilderman")
    if name is None and asking == "last_name" and first_name and surname_again:
        name = _one_word_answer(text, spoken=spoken)  # "it's good", asked again and said again: Good
    if name is None and asking == "full_name" and name_again and said_before and not asked_back:
        name = _name_said_again(text, said_before)  # "honey the elder", twice: Honey The Elder
    if name is None and asking == "full_name" and not asked_back:
        name = _given_word_alone(text, spoken=spoken, said_before=said_before if name_again else None)
    if name is None:
        return None, None
    if (
        runs
        and asking in ("full_name", "last_name", "")
        and (respelled := spelled_word_put_right(name, spelling_runs(text), said=text))
    ):
        name = respelled  # "Ana Smith. S-M-Y-T-H.", "Ana Brown with an E, B-R-O-W-N-E": the spelling wins
    if asking == "last_name" and first_name:
        if name.lower().startswith(first_name.lower() + " ") and is_full_name(name):
            return name, None
        if written_family_first(first_name) and first_name.startswith(name):
            # "민준" said again, or "김" for "김구": the name first given was the whole name after all.
            return _checked_name(first_name), None
        if name.lower() == first_name.lower() and (whole := _first_name_and_one_more(text, first_name)):
            return (
                whole,
                None,
            )  # "salud nice", asked for the last name: the whole name again, Nice its surname
        if name.lower() == first_name.lower():
            if len(first_name.split()) > 1 and is_full_name(name):
                # "Ana Lima" again when asked for a surname (its address, ana.new@, named another): the
                # person says those words are the whole name. Read back, they can still correct it.
                return name, None
            if surname_again and " " not in name:
                return _joined(first_name, name), None  # asked again, said again: it is their surname
            return None, None  # the first name said again is no surname: never "Sandy Sandy"
        words, last = first_name.split(), name.split()
        if len(words) > 1 and is_full_name(first_name) and _says_all_of(text, words):
            # "kursad nice" again for "Kursad Nice" (its address had named another surname): the whole name,
            # as "Ana Lima" above, even when the reader stopped before an everyday word (never "Kursad Nice Kursad").
            return first_name, None
        if len(words) > len(last) and [w.lower() for w in words[-len(last) :]] == [w.lower() for w in last]:
            # "Mekhala De", then "it's De": the words heard last were the surname (never "Mekhala De De").
            return " ".join([*words[:-1], words[-1][:1].title() + words[-1][1:]]), None
        return _with_surname(first_name, name, text), None
    if asking == "full_name" and two_character_part(name) in ("given", "family"):
        return None, name  # "민준", "花子" alone: the family name is asked for; "山田": the given name
    if is_full_name(name) and not (asking == "full_name" and both_given_names(name)):
        return name, None
    return None, name  # a first name, or two ("Luis Miguel"): the last name is asked for


_NAME_SWAP = re.compile(
    r"^\W*(?:(?:no|nope|sorry|oops|actually|wait)\W+)*(?:(?:it['’]s|its|it\s+is|that['’]s|thats|should\s+be|it\s+should"
    r"\s+be)\s+)?(?P<new>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s*,?\s+(?:not|instead\s+of)\s+"
    r"(?P<old>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s*[.!]?\s*$"
    r"|^\W*(?:no\W+)?not\s+(?P<old2>[^\W\d_][\w'’-]*)\s*,\s*(?:but\s+|it['’]s\s+|its\s+)?"
    r"(?P<new2>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _name_word_swapped(text: str, known: str) -> str | None:
    """The name known with one or two of its words replaced, when the answer says "it's Parra, not Orellana",
    "Paquay not Philippe", "not Orellana, Parra" and the words after "not" are words of the name: it had been
    "No problem. Could I have your last name too?", the new word taken for a first name alone. Words that are no
    part of the name ("it's a therapist, not a client", "it's 5 not 6") are left to their own readers."""
    if " not " not in f" {text.lower()} " and "instead of" not in text.lower():
        return None  # the cheap test first: most answers have no "not"
    m = _NAME_SWAP.match(text.strip())
    if m is None:
        return None
    new, old = (m.group("new"), m.group("old")) if m.group("new") else (m.group("new2"), m.group("old2"))
    words, olds = known.split(), [folded(w) for w in old.split()]
    at = next(
        (
            i
            for i in range(len(words) - len(olds) + 1)
            if [folded(w) for w in words[i : i + len(olds)]] == olds
        ),
        None,
    )
    said = [w.lower().replace("’", "'") for w in new.split()]
    if at is None or any(w in NOT_NAMES or w in SENTENCE_WORDS or _role_word(w) for w in said):
        return None  # "it's a therapist, not a client"; "it’s Lyma" is never the name "It's Lyma"
    if folded(new) in olds:
        return None
    return _checked_name(" ".join([*words[:at], new, *words[at + len(olds) :]]))


def _spelled_word_fixed(text: str, name: str | None, runs: set[str], known: str) -> str | None:
    """The name read back with one word put right, when the answer to its read-back is one word said and
    spelled ("no, it's Smith, S-M-I-T-H" to "Ana Smyth"; "it's Lower, L, O, W, E, R", an everyday word, too):
    the word of the name it is like (`_LIKE`, the same first letter) and not the same. A caller correcting a
    misheard surname so had been asked "Could I have your last name too?", the word taken for a first name
    alone; a word like none of the name's is left as it was."""
    if name is None:
        words_said = {w.strip(",.!?;:").lower() for w in text.split()}
        name = next((run.capitalize() for run in sorted(runs) if run in words_said), None)
    if name is None or " " in name or not is_full_name(known):
        return None
    words, said = known.split(), folded(name)
    likeness = [SequenceMatcher(None, said, folded(w)).ratio() for w in words]
    best = max(range(len(words)), key=likeness.__getitem__)
    heard = folded(words[best])
    if likeness[best] < _LIKE or said == heard or said[:1] != heard[:1]:
        return None
    words[best] = name
    return _checked_name(" ".join(words))


_OTHER_FIELD = re.compile(r"@|\b(?:e-?mail|address|at|dot|phone|number|role)\b", re.IGNORECASE)


def _only_spelled_word(text: str, runs: set[str], known: str) -> str | None:
    """The name read back with one word put right, when the answer spells that word and does not say it: "No,
    the last name is wrong. It's S-M-Y-T-H." for "Ana Smith" (a word said too goes by `_spelled_word_fixed`).
    The word is the one the label names ("last name", "first name"), else the one of the name it is like. The
    spelling, not said as a word, had been no name: "the last name is wrong" cleared it and the full name was
    asked again, or the caller was told "I didn't quite catch that" and a "yes" saved the name misheard."""
    words = known.split()
    if len(runs) != 1 or len(words) < 2 or _OTHER_FIELD.search(text):
        return None
    run = next(iter(runs))
    if len(run) < 2 or "-".join(run) not in text.lower():
        return None  # only letters joined as Whisper writes them: "should be K A T H..." is no "Bkath..."
    if run in {w.strip(",.!?;:").lower() for w in text.split()}:
        return None
    word = run.capitalize()
    if _FIRST_SAID.search(text):
        words[0] = word
    elif _SURNAME_SAID.search(text):
        words[-1] = word
    else:
        return _spelled_word_fixed(text, word, runs, known)
    return _checked_name(" ".join(words))


_MIDDLE_NAME = re.compile(
    r"\bmiddle\s+name(?:'s|\s+is|\s+was|\s+should\s+be|\s*[:,])?\s+(?:(?:is|it's|its|it\s+is)\s+)?"
    r"(?P<value>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})\s*[.!]?\s*$",
    re.IGNORECASE,
)
"""A middle name said after its label: "no, my middle name is Eve", "you forgot my middle name, Eve"."""


def _with_middle_name(known: str, middle: str) -> str:
    """The name known with ``middle`` between its first name and its surname (in place of the words between):
    "Marie Tremblay" and "Eve" is Marie Eve Tremblay, "Ana Paula da Silva" and "Maria" Ana Maria da Silva. It
    had been "I didn't get that", and a "yes" saved the name without it (or, after a "no", it was asked again
    from the start)."""
    given = _given_part(known, known.rsplit(maxsplit=1)[-1])
    return _joined(f"{given.split()[0]} {middle}", known[len(given) + 1 :]) or known


def _with_first_name(known: str, first: str) -> str:
    """The name known with ``first`` for its first name, and the words after it that the new first name
    repeats left out: "Marie Eve Tremblay" and "Marie-Ève" is Marie-Ève Tremblay (never "Marie-Ève Eve
    Tremblay"); "Ana Lima" and "Anna" is Anna Lima."""
    new = set(plain_words(first))
    rest = known.split()[1:]
    while len(rest) > 1 and plain_words(rest[0])[0] in new:
        rest = rest[1:]
    return f"{first} {' '.join(rest)}"


_FIRST_SPELLED = re.compile(
    r"\bfirst\s+name(?:'s|\s+is|\s+was|\s+should\s+be|\s*:)?(?:\s+(?:spelled|spelt))?"
    r"\s+(?P<letters>(?:[^\W\d_][\s,-]+){1,}[^\W\d_])\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _first_name_spelled(text: str) -> str | None:
    """The first name spelled after its label: "my first name is spelled A N N A", "no, the first name should be
    a n n a" (at the read-back, it had been "I didn't get that", and a "yes" then saved the name unchanged)."""
    m = _FIRST_SPELLED.search(text)
    if m is None:
        return None
    return _checked_name("".join(c for c in m.group("letters") if c.isalpha()))


def _says_all_of(text: str, words: list[str]) -> bool:
    """Whether `text` says every one of `words`, in order and together ("oh, kursad nice" says Kursad Nice)."""
    said = [folded(w) for w in text.split()]
    wanted = [folded(w) for w in words]
    return any(said[i : i + len(wanted)] == wanted for i in range(len(said) - len(wanted) + 1))


def _first_name_and_one_more(text: str, first_name: str) -> str | None:
    """The whole name, when the answer to "And your last name?" is the first name and one more word, an everyday
    one the reader of names stops before ("salud nice"): that word is the surname. It had been read as the first
    name alone, and, asked again, saved as "Salud Salud" (or, introduced again, "hi, this is hazel good", "Hazel
    Hazel")."""
    introduced = _INTRODUCED.match(text.strip())
    said = introduced.group("name") if introduced else _NAME_LEAD.sub("", text.strip())
    words = said.strip(" .!,").split()
    given = first_name.split()
    if len(words) != len(given) + 1 or [folded(w) for w in words[:-1]] != [folded(w) for w in given]:
        return None
    last = words[-1]
    low = last.lower()
    if not _NAME_WORD.match(last) or low in SENTENCE_WORDS or low in _SAID_AFTER_A_NAME or _role_word(low):
        return None
    if folded(low) in _COMPLAINT_WORDS or low in _CHAT_WORDS:
        return None
    return _joined(first_name, last)


_CHAT_WORDS = frozenset(
    {"lol", "haha", "hehe", "jk", "ok", "okay", "k", "yes", "yeah", "no", "thanks", "please"}
)


def _after_cue(name: str, text: str, cue: re.Match[str]) -> bool:
    """Whether every word of the name read was said after "last name" or "surname": the name is the surname
    alone ("no wait, my last name is Gómez Ruiz"), however many words it has. Taken as a whole name, it had
    replaced the given name ("You're all set, Gómez!"); "Ana, last name Lima" still names both."""
    after = {folded(w) for w in text[cue.end() :].split()}
    return all(folded(w) in after for w in name.split())


def _given_part(known: str, surname: str) -> str:
    """The given names of the name already known, to go before a surname said again: its words up to the first
    that is in the new surname ("Maria Gómez" with "Gómez Ruiz": Maria), or all but its last word with the
    particles before it ("Jan van Berg" with "Smith": Jan). Never empty: a one-word name stays whole."""
    words = known.split()
    new = {folded(w) for w in surname.split()}
    cut = next((i for i, w in enumerate(words) if folded(w) in new), len(words) - 1)
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return " ".join(words[: max(cut, 1)])


_CORRECTING = re.compile(
    r"\b(?:no|nope|not|wrong|incorrect|actually|sorry|oops|meant|mean|should|change|changed|fix|instead|typo|now|new"
    r"|misspelled|spelled|spelt|nein|nee|nie|não|nao|non)\b",
    re.IGNORECASE,
)
"""Words that say a value read back is wrong, not missing: "no, my last name is Souza", "surname is now Jones"
(and "nein, mein Nachname ist …", "não, meu sobrenome é …": the "no" of the language the surname's label was said in)."""


_RETYPED = re.compile(
    r"^\s*(?:\*\s*(?P<star>[^\W\d_][^\W\d_'\-]*)|(?P<after>[^\W\d_][^\W\d_'\-]*)\s*\*|"
    r"(?:(?:(?P<fix>oops|whoops|typo|correction|i meant?|i mean)|sorry|my bad|oh|no)[\s,.!:;-]+)+"
    r"(?:it's\s+|its\s+|it\s+is\s+|it\s+should\s+be\s+)?(?P<word>[^\W\d_][^\W\d_'\-]*)"
    r"(?:[\s,]+not\s+[^\W\d_][^\W\d_'\-]*)?)\s*[.!]*\s*$",
    re.IGNORECASE,
)
""" "*Lima", "Lima*", "sorry, Lima", "oops, I meant Lima", "typo, it's Lima not Lime": one word typed again, fixed."""


_BARE_WORD = re.compile(r"^\s*(?P<word>[^\W\d_][^\W\d_'\-]*)\s*[.!]*\s*$")
""" "Anna", typed alone at the read-back: one word of the name typed again."""

_RETYPED_LIKE = 0.75
_YES_SOUNDS = (
    "yes",
    "yeah",
    "yep",
    "correct",
    "right",
    "perfect",
    "exactly",
    "okay",
    "alright",
    "great",
    "fine",
)
_YES_SOUND_LIKE = 0.6
"""How alike a word heard alone on a call may be to a yes ("parfect", "corect", "yah") before it is taken for one
misheard, never for a word of the name put right."""


def _sounds_like_an_answer(text: str) -> bool:
    """Whether the one word of ``text`` sounds like a yes the line may have misheard."""
    word = folded(text.strip(" .!"))
    return any(SequenceMatcher(None, word, w).ratio() >= _YES_SOUND_LIKE for w in _YES_SOUNDS)


"""How alike a word after "sorry" alone, or with another first letter, must be to a word of the name ("Anna" for
"Ana" is 0.86; "Alba" for "Ana", 0.57, is a surname said after a "sorry")."""
_RETYPED_LONGER = 2
"""How many letters a retyped word may add or drop: a slip of the finger, not another name ("Anderson")."""


def _retyped_name_word(
    text: str, known: str, *, first_alone: bool = False, bare: bool = False, on_a_call: bool = False
) -> str | None:
    """The name with one word fixed, when the message right after it only retypes that word: "Ana Lime", then
    "sorry, Lima" or "*Lima" (answered to the phone question, it had been "I didn't get the whole number", and
    "Ana Lime" was read back). The word replaces the word of the name most like it, which must be alike
    (`_RETYPED_LIKE`; `_LIKE` with the same first letter after "*", "oops", "typo" or "I meant") and not the same;
    a word like none of them is no fix of the name (None). Asked for the last name after a first name alone,
    the first name is the name it fixes ("Ana", then "*Anna"), but not with a word after "sorry" that only
    adds letters to it ("Mark", then "sorry, Marks": the surname Marks). ``bare``: at a written read-back, the
    word alone is a fix too ("Anna" for "Ana Lima": it had been "I didn't quite catch that", and a "yes" then
    saved "Ana Lima"), but never a yes or a no ("Yess", "Nah"). ``on_a_call``: nor a word that sounds like
    one, which is as often a yes the line misheard ("parfect" at the read-back of "Melissa Perfect"); "Mitchell"
    said alone (or "Mitchell, double L") for "Ana Michel" is the surname put right, not "I didn't get that"."""
    found = _RETYPED.match(text)
    alone = found is None and bare and (found := _BARE_WORD.match(text)) is not None
    if found is None or (
        alone and (intents.answer_yes_no(text) is not None or (on_a_call and _sounds_like_an_answer(text)))
    ):
        return None
    said = found.groupdict()
    starred, fix = said.get("star") or said.get("after"), said.get("fix")
    word = starred or found.group("word")
    low = word.lower()
    if low in NOT_NAMES or low in SENTENCE_WORDS or _role_word(low) or (low in COMMON_WORDS and not starred):
        return None  # "oops, wrong", "sorry, home" (the home phone): only "*Rich" retypes an everyday word
    words = known.split()
    likeness = [SequenceMatcher(None, folded(word), folded(w)).ratio() for w in words]
    best = max(range(len(words)), key=likeness.__getitem__)
    heard = folded(words[best])
    alike = likeness[best] >= _RETYPED_LIKE or (
        likeness[best] >= _LIKE and folded(word)[:1] == heard[:1] and bool(starred or fix)
    )
    if not alike or folded(word) == heard or abs(len(folded(word)) - len(heard)) > _RETYPED_LONGER:
        return None  # "Ana", then "sorry, Alba" or "sorry, Anderson": the surname, after a "sorry"
    if first_alone and folded(word).startswith(heard) and not (starred or fix):
        return None  # "Mark", then "sorry, Marks": a surname made of the given name
    words[best] = word
    return _checked_name(" ".join(words))


def _surname_added_to(known: str, surname: str, text: str, *, read_back: bool) -> bool:
    """Whether a bare "my last name is Schmidt", at the read-back of a name of two words ("Klaus Dieter"),
    adds the surname rather than correcting the second word: it is nothing like that word (a correction
    is of a word misheard or mistyped: "Lyma" for "Lima"), and nothing in the answer says the name read
    back is wrong ("no", "actually", "should be"). Put in place of the second word, a given name was lost.
    With such a word, it is added only when the second word is a given name that is nobody's surname ("Marie
    Eve", then "no, my last name is Tremblay": Marie Eve Tremblay, never Marie Tremblay), and so before the
    read-back, at a later question."""
    words = known.split()
    if len(words) != 2 or surname.lower() in _MISSING_WORDS:
        return False  # "no, my last name is missing": no surname Missing (`_surname_added`)
    said, heard = folded(surname), folded(words[1])
    given = " ".join(plain_words(words[1])) in LONE_GIVEN_NAMES
    if (_CORRECTING.search(text) or _SURNAME_FIELD.search(text) or not read_back) and not given:
        return False  # "Ana Smith", then "no, my last name is Jones" or "surname: Jones": Smith was wrong
    likeness = SequenceMatcher(None, said, heard).ratio()
    if given:  # "Ezio Piero", then "no, my surname is Prodi" (0.6 alike): a given name, not Prodi misheard
        return bool(said) and likeness < _RETYPED_LIKE
    return bool(said) and said[0] != heard[:1] and likeness < _LIKE


_SURNAME_FIELD = re.compile(
    r"\b(?:last\s*name|surname|family\s*name)\s*(?:[:=]|-+>|[→⇒⟶➡➔—–])", re.IGNORECASE
)
"""A surname given as a form's field is filled ("surname: Jones", "Last name: Jones", "last name -> Jones"): the field's value, in place
of the one read back, never a word added after it (it had been read back "Ana Lima Jones")."""


_LIKE = 0.5
"""How alike two surnames must be for one to be a correction of the other ("Lyma", "Lima")."""


_SURNAME_MISSING = re.compile(
    r"\b(?:forgot|forgotten|forget|missing|missed|left out|left off|leave out|add|didn'?t (?:give|say|tell you|include)"
    r"|did not (?:give|say|tell you|include)|haven'?t (?:given|said))\b[^.?!]*\b(?:last name|surname|family name)\b"
    r"|\b(?:last name|surname|family name) (?:is |was )?(?:missing|left out|not there)\b"
    r"|\b(?:is|are|that's|thats|that is|those are|it's|its) (?:only |just |both |all )?my (?:first|given) names?\b"
)
"""The read-back has no surname: "you forgot my last name", "I didn't give my surname", "last name is missing",
"Marie Eve is my first name", "that's only my first name" (a compound given name read back as a first and a
last name: the surname said beside it had been read as a first name, and the last name asked for again)."""


def _surname_added(known: str, full: str | None, first: str | None) -> tuple[str | None, str | None]:
    """(full name, lone name) when the person says the name read back lacks its surname: every word read
    back is a given name ("Klaus Dieter", "Gustavo Henrique"), and the surname said goes after all of them
    ("you forgot my last name, it's Schmidt": Klaus Dieter Schmidt, not Klaus Schmidt). With no surname
    said, the whole name waits for it, and the last name is asked for."""
    base = known.split(maxsplit=1)[0]
    added = full[len(base) + 1 :] if full and full.lower().startswith(base.lower() + " ") else ""
    if full and full.lower().startswith(known.lower() + " "):
        return full, None  # said whole: "Klaus Dieter Schmidt"
    if added and added.lower() not in _MISSING_WORDS:
        return _joined(known, added) or full, None
    if full is None and first and not set(plain_words(first)) & set(plain_words(known)):
        return _joined(known, first) or first, None  # "Marie Eve is my first name, Tremblay is my last name"
    if added or (full is None and first is None):
        return None, known  # "my last name is missing" names no surname: it is asked for
    return full, first


_MISSING_WORDS = frozenset({"missing", "not there", "left out", "gone"})


_TITLE_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|mx|dr|prof|professor|mister|missus|doctor|sra?|srta|se[ñn]ora?|dra|herr|frau|mme|mlle"
    r"|monsieur|madame|signora?|sir|dame|rev|revd|reverend|fr|father|pastor|rabbi|capt|captain|sgt|sergeant"
    r"|coach)\.?\s+(?P<name>[^,;/|]+?)(?:\s+(?:here|speaking))?"
    r"\s*[.!]?\s*(?:[,;/|].*)?$",
    re.IGNORECASE,
)


def _surname_alone(text: str, name: str) -> bool:
    """Whether the one name read from `text` is a surname: said with a title ("Mrs. Smith", "it's mister
    okafor") or as the last name ("my last name is Smith") with no first name. Taken for a first name, the
    person was asked for the last name they had just given, and read back "Smith Jane"."""
    if _SURNAME_SAID.search(text) and not _FIRST_SAID.search(text):
        return True
    m = _TITLE_BEFORE.search(text)
    one = " " not in name or name.split(maxsplit=1)[0].lower() in PARTICLES  # "Mrs. van Vliet" is one surname
    return m is not None and one and m.group("name").strip(".,!").lower() == name.lower()


def _email_problem(typed: str) -> str | None:
    """Why a typed address ("ana@gmail") is not one, in words Knotty can say."""
    try:
        normalize_email(typed.strip(".,;:!?()<>\"'"))
    except FieldError as exc:
        return exc.reason
    return None


def _labelled(text: str) -> dict[str, str]:
    """Values typed after field labels, as in a form ("name ana lima email ... role therapist")."""
    parts = _LABEL.split(text)
    if len(parts) < 5:  # fewer than two labels: not a form
        return {}
    found: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        field_name = _LABELS.get(label.lower())
        if field_name and field_name not in found:
            found[field_name] = value.strip(" ,;/|-")
    return found


def _role_in_clauses(text: str) -> RoleFinding:
    """A role said as a short clause of its own: "Ana Lima, a therapist, ana@x.com"."""
    found = RoleFinding()
    if not _ROLE_WORDS.search(text):
        return found
    for clause in _CLAUSES.split(text):
        words = clause.split()
        if 0 < len(words) <= _SHORT_CLAUSE and not _SOMEONE_ELSE.match(clause):
            finding = extract_role(clause, expecting=True)
            if finding.role and not finding.ambiguous and not _ORDINAL_WORDS.search(clause):
                if found.role and found.role != finding.role:
                    return RoleFinding(ambiguous=True)
                found = finding
    return found


def _digit(word: str) -> str | None:
    return _DIGIT_WORD.get(word.lower())


def _swap(plain: str) -> tuple[str, str] | None:
    for pattern, new_first in ((_SWAP, True), (_SWAP_REVERSED, False)):
        for m in pattern.finditer(plain):
            a, b = _digit(m.group(1)), _digit(m.group(2))
            if a is not None and b is not None and a != b:
                return (a, b) if new_first else (b, a)
    return None


_KEEP = re.compile(r"\b(?:right|correct|fine|as is|as it is|is how|that's it|thats it|is it|spelled right)\b")
_TAKE = re.compile(r"\b(?:yes|yeah|yep|yup|sure|meant|mean|oops|typo|fix|change)\b")


def keeps_as_given(text: str) -> bool:
    """ "no, it's right", "that's correct as is": the value asked about is right as the person gave it."""
    p = intents.plain(text)
    return bool(_KEEP.search(p)) and not _TAKE.search(p)


def understand(
    text: str,
    asking: str,
    *,
    region: str,
    first_name: str | None = None,
    known_name: str | None = None,
    spoken: bool = False,
    surname_again: bool = False,
    name_again: bool = False,
    said_before: str | None = None,
    local_part_asked: bool = False,
) -> Reading:
    """Read one utterance.

    Args:
        text: What the person typed or said (non-empty).
        asking: What Knotty had just asked (see `memory.Asking`).
        region: Where numbers without a country code are assumed to be.
        first_name: A first name already heard, waiting for its surname.
        known_name: The full name already collected.
        spoken: The words are a recogniser's transcript (no typos in them), not typed.
        surname_again: The last name was asked for more than once: the first name said again is the
            surname ("Hope", asked for her last name twice, is Hope Hope).
        name_again: The name (full or last) was asked for more than once: an answer without a question
            mark is the name, even with a topic's word in it ("may price", after the price was answered).
        said_before: What the person said last, when the name was asked again: the same words said again
            are a name, however everyday ("honey the elder", see `_name_said_again`).
        local_part_asked: Knotty asked a caller for just the part before the at: a spelled answer ending
            like a domain ("r o b i n dot c h u r c h") is that part, not an address whose "at" was lost.
    """
    reading = _read_once(
        text,
        asking,
        region,
        first_name,
        known_name,
        spoken,
        surname_again,
        name_again,
        said_before,
        local_part_asked,
    )
    return replace(
        reading, values=dict(reading.values), spelled=list(reading.spelled), clears=list(reading.clears)
    )


@lru_cache(maxsize=4096)
def _read_once(
    text: str,
    asking: str,
    region: str,
    first_name: str | None,
    known_name: str | None,
    spoken: bool,
    surname_again: bool,
    name_again: bool,
    said_before: str | None,
    local_part_asked: bool,
) -> Reading:
    """`understand`, once for each utterance in each context: a turn's words are read again by the save's
    checks ("yes" at the read-back) and a first text both as a greeting and as a name, and short answers
    ("yes", "client", "this number") recur across conversations. The reading is pure; callers get a copy."""
    if asking == "first_name":
        asking = "full_name"  # the given name to go before a surname heard alone: read as a name answer
    r = Reading()
    r.inappropriate = intents.is_inappropriate(text)
    r.injection = r.inappropriate or intents.is_injection(text)
    if r.injection:
        return r  # nothing in it is a field, a yes or a question ("send nudes" is no "send it")
    if intents.is_only_hold(text):
        r.hold = True  # "one sec", "ok won sec": no name "One", no "ok" for a yes
        return r
    if spoken and asking in _NAME_SPELLED_ASKS:
        text = _spelling_cue_as_said(text)  # "Patrick Johnson at J-O-H-N-S-O-N.": "that's" heard as "at"
    # "it's ana@y.com, not ana@x.com": a value said after "not" is the one to forget.
    text = _NEGATED_VALUE.sub(" ", text)
    if spoken and asking in ("confirm", "fix") and known_name:
        # Typed, the word is as meant and "Camille with two e's" counts its letters; heard, the line wrote it.
        # Before the notes on a word: "the name is with one N" is about the name, not the word "is".
        text = count_notes_applied(text, known_name)  # "no, Mitchell with two Ls": no digit 2, Mitchell
    text = apply_letter_notes(text)  # "ana with one n at gmail dot com": ana@, not 1n@
    rest = _read_email(r, text, _names_for_address(text, known_name or first_name))
    if asking == "email" and "email" not in r.values:
        _read_email_half(r, text, local_part_asked=local_part_asked)
    _read_phone(r, rest, asking, region, address_typed=rest != text)
    _read_role(r, _without_address(rest, r.values.get("email") or r.email_local or r.email_domain), asking)
    # Typed addresses and digits are never part of a name ("Ana Lima ana@x.com").
    name_text = _DIGITS.sub(",", rest) if rest is not text or "phone" in r.values else text
    r.extension, name_text = _without_extension(name_text)
    if says_single_name(name_text):
        # "I only have one name", "just Cher, no last name": the name (if any) is what is left.
        r.single_name = True
        name_text = without_single_name_words(name_text)
        asking = "full_name" if asking == "last_name" else asking
    elif asking == "last_name" and first_name and says_no_surname(name_text, first_name):
        r.single_name = (
            True  # "none", "n/a", "I don't have one", "just Ana": the first name is the whole name
        )
        name_text, asking = "", "full_name"
    acknowledged = (
        asking == "last_name"
        and first_name is not None
        and _ACKNOWLEDGES.match(name_text.strip()) is not None
        and not _capitals_chosen(name_text)  # "it's Good", typed with its capital: the surname Good
    )
    if acknowledged:
        name_text = ""  # "it's good", "that's ok": never the surname Good or Ok
    declined = (
        asking == "last_name" and first_name is not None and _DECLINES.match(name_text.strip()) is not None
    )
    if declined:
        name_text = ""  # "skip", "pass", "I'd rather not": no surname "Skip" or "Pass"
    name_text = self_repaired(in_english(without_aka(_without_commands(_CHAT_SHORTHAND.sub(" ", name_text)))))
    keyword = _asks_by_keyword(text, asking, name_again=name_again)
    full, first = (
        _name(
            name_text,
            asking,
            first_name,
            known_name,
            spoken=spoken,
            surname_again=surname_again,
            name_again=name_again,
            keyword=keyword,
            said_before=said_before,
        )
        if name_text
        else (None, None)
    )
    if (
        asking in ("phone", "role")
        and known_name
        and not (r.values or r.phone_digits or r.own_number)
        and (late := late_spelling(name_text, known_name))
    ):
        full, first = (
            late,
            None,
        )  # "S-M-Y-T-H", "Smyth, S-M-Y-T-H": the surname spelled as the next field is asked
    if (
        (full or first)
        and not r.values
        and not r.phone_digits
        and led_by_other_field(name_text)
        and extract_name(name_text, expecting=True) is None
    ):
        # "My email is, Mariaats email.com." (a recogniser's "maria at gmail dot com"): the address that did
        # not come through, never a name. "my number is 415 555 0100, Ana Lima" keeps both.
        full = first = None
    if asking == "fix" and full is None and first is None and name_text and not r.values:
        # "Which part should I change?" - "Ana Lyma": a whole name answers it (never a lone word: "Role").
        named, _ = _name(name_text, "full_name", None, known_name, spoken=spoken)
        full = named if named and is_full_name(named) else None
    if (
        "email" in r.values
        and asking not in ("full_name", "last_name")
        and _spells_address(full or first, r.values)
    ):
        full = first = (
            None  # "lars olof three three at orange dot fr", answered to the email question, names nobody
        )
    if r.email_local or r.email_domain:
        full = first = None  # "the first part is jane dot doe", answered to the email question, names nobody
    if (
        asking == "email"
        and known_name
        and not (r.values or r.email_domain or r.email_lost_at)
        and (late := late_spelling(name_text, known_name, surname_only=True))
    ):
        # "S-M-Y-T-H", "it's S-M-Y-T-H by the way", to the email question: the surname heard as "Smith" spelled
        # a turn late, not the start of an address (it had been "I've got s m y t h so far", Smith saved).
        full, first, r.email_local = late, None, ""
    if (
        first
        and not full
        and asking == "full_name"
        and (found := _named_by_address(text, name_text, first, r))
    ):
        full, r.values["email"] = found
        first = None
    if full is None and not r.values and (meant := _MEANT.match(name_text)):
        # "sorry, I meant Ana Lyma" answered to the next question corrects the name, not that question.
        full, _ = _name(meant.group(1), "full_name", None, known_name, spoken=spoken)
    if full is None and not r.values and known_name and asking in ("phone", "email", "role"):
        full = _retyped_name_word(text, known_name)  # "Ana Lime", then "sorry, Lima" or "*Lima": Ana Lima
        r.retyped = full is not None
    if (
        asking == "last_name"
        and first_name
        and not r.values
        and (fixed := _retyped_name_word(text, first_name, first_alone=True))
    ):
        full, first, r.retyped = None, fixed, True  # "Ana", then "*Anna" or "sorry, Anna": no surname "Anna"
    if asking in ("confirm", "fix") and known_name and _SURNAME_MISSING.search(intents.plain(name_text)):
        full, first = _surname_added(known_name, full, first)
    if (
        full
        and asking == "full_name"
        and full.split(maxsplit=1)[0].lower() in PARTICLES
        and _surname_alone(name_text, full)
    ):
        full, first = None, full  # "Mrs. van Vliet", "my last name is de la Cruz": a surname, no first name
    r.spanish, r.english = intents.spanish_signs(text)
    repeated = said_before is not None and _same_words(text, said_before)
    if _spanish_words_in(full or first, r.spanish) or (has_everyday_word(full or first) and not repeated):
        # "gracias", "no entiendo": Spanish said, no name ("Nice to meet you, Gracias"); "ich möchte mich
        # anmelden", "vorrei iscrivermi": a sentence in another language, no name (`other_languages`), unless
        # said again word for word when the name was asked again ("Gusto Ramos": a name after all)
        full = first = None
    if (full or first) and spoken and asking in _FIELD_ASKS and _looped_name(text, full or first or ""):
        full = first = (
            None  # "What time is it, tea, tea, tea.": a spelling the line lost, never "Thanks, Tea"
        )
    if (full or first) and spoken:  # read back spelled on a call ("Denelder" or "den Elder"?)
        whole = extract_name_spelling(name_text)  # "oh are m s be why": letters as a recogniser writes them
        r.spelled = sorted(spelled_runs(name_text) | ({folded(whole)} if whole else set()))
    if full:
        r.values["full_name"] = full
        if spoken and asking in ("full_name", "last_name"):
            r.name_as_said = _the_as_said(name_text, full)
    elif first:
        r.first_name = first
        r.surname_only = first_name is None and (
            _surname_alone(name_text, first) or two_character_part(first) == "family"
        )
    if asking in ("confirm", "fix") and known_name and _read_name_order(r, name_text, known_name):
        full = first = None  # "my last name goes first", "the name is in the wrong order": never a name read
    _read_intents(r, text, asking, keyword=keyword)
    if spoken and asking in _FIELD_ASKS and not r.gave_something:
        _read_misheard(r, text)
    if asking == "last_name" and first_name and not r.gave_something:
        r.pleasantry = _PLEASANT_REPLIES.get(
            " ".join(text.lower().replace(",", " ").strip(" .!").split()), ""
        )
    if acknowledged and not r.gave_something:
        # "it's good" to "And your last name?": no yes to anything read back. Said again, Knotty asks for "Good"
        # spelled, if it is the surname (Earnest Good); the person who meant "never mind" says they have one name.
        words = _NAME_LEAD.sub("", text.strip()).strip(" .!,").split()
        maybe = words[0].capitalize() if len(words) == 1 and _NAME_WORD.match(words[0]) else ""
        r.acknowledged, r.yes = maybe if maybe.lower() in _PLEASANTRIES else "-", None
    r.refusal = r.refusal or (declined and not r.gave_something)
    _read_clears(r, text, asking)
    if asking == "email_check":
        r.raw_keep = keeps_as_given(text)
    if asking in ("returning", "update_listed") and _WANTS_UPDATE.search(p := intents.plain(text)):
        r.yes = not _REFUSES_UPDATE.match(
            p
        )  # "yes, update it", "my email changed"; not "no, nothing to change"
    if r.second_person and (own := _own_part(text)) is not None:
        # "415 555 0134 and my husband is 415 555 0199": only what comes before the other person is this one's.
        mine = understand(
            own,
            asking,
            region=region,
            first_name=first_name,
            known_name=known_name,
            spoken=spoken,
            surname_again=surname_again,
            name_again=name_again,
            said_before=said_before,
        )
        mine.second_person = r.second_person
        return mine
    return r


def _read_name_order(r: Reading, text: str, known_name: str) -> bool:
    """ "wrong order", "the other way round", "family name first", said at the read-back about the name: the
    name with its family name at the other end ("王伟" for "伟王"), or, for three words or more, where the
    split cannot be told, the name asked for again. A name read back in the order of the questions (first
    name, then last name) is where a person whose name is written family name first sets it right."""
    if not _NAME_ORDER.search(text) or set(intents.fields_named(text)) - {"full_name"}:
        return False
    swapped = swap_name_order(known_name)
    if swapped is not None:
        r.values["full_name"] = swapped
    elif "full_name" not in r.clears:
        r.clears.append("full_name")
    return True


def understand_first_text(text: str, *, region: str, spoken: bool = False) -> Reading:
    """Read a conversation's first message, sent before Knotty asked anything (an inbound text, or a chat
    that starts again after a goodbye). A full name in it is taken as if the name had been asked for
    ("Dana Whitfield", "Sign me up. Dana Whitfield"); a lone word is not ("HELP", "Test", "Yo")."""
    r = understand(text, "", region=region, spoken=spoken)
    if "full_name" in r.values or r.injection:
        return r
    # A first name alone may be the name to be called by beside the whole name ("Robert Smith but call me
    # Bob"): the whole name, read as an answer, is the one taken.
    named = understand(text, "full_name", region=region, spoken=spoken)
    return named if "full_name" in named.values and not _business_name(named.values["full_name"]) else r


_BUSINESS_WORDS = frozenset({
    "massage", "massages", "therapy", "therapies", "therapist", "therapeutics", "spa", "spas", "studio",
    "studios", "clinic", "wellness", "center", "centre", "salon", "bodywork", "bodyworks", "llc", "inc",
    "ltd", "company",
})  # fmt: skip


def _business_name(name: str) -> bool:
    """Whether words sent unasked name a business, not a person ("Serenity Massage Studio", "Blue Lotus Day
    Spa"): a therapist's first text often names their practice, and "Thank you, Serenity" misreads them."""
    return any(w.lower().strip(".,") in _BUSINESS_WORDS for w in name.split())


def _spanish_words_in(name: str | None, said: frozenset[str]) -> bool:
    """Whether a name read has a word of everyday Spanish in it (`intents.SPANISH_WORDS`, none of them a name),
    or a word of a Spanish phrase `said` ("Por" of "por favor")."""
    if not name:
        return False
    phrased = {folded(word) for phrase in said if " " in phrase for word in phrase.split()}
    return any(folded(word) in intents.SPANISH_WORDS or folded(word) in phrased for word in name.split())


_CHAT_SHORTHAND = re.compile(
    r"\b(?:lo+l|lolol|lmf?ao|rofl|(?:ha){2,}h?|(?:he){2,}|omg|jk|smh|tbh|btw|xd)\b", re.IGNORECASE
)
"""Chat shorthand typed beside an answer ("ana kelly lol", "kelly haha"): no part of a name (it had been saved
as the surname "Lol")."""


def _without_commands(text: str) -> str:
    """The words that may hold a name: without a greeting of two words before it ("Good morning", "hi there")
    and without a clause asking to start over ("let's start over")."""
    text = _GREETING_PHRASE.sub("", intents.without_small_talk(text))
    if intents.is_start_over(text):
        text = ", ".join(chunk for chunk in _SENTENCES.split(text) if not intents.is_start_over(chunk))
    return text


_WANTS_UPDATE = re.compile(r"\b(?:update|updated|change|changed|fix|new|different|wrong|moved)\b")
_REFUSES_UPDATE = re.compile(r"^(?:no|nope|nah|nothing|not|don't|dont|do not)\b")


def _names_for_address(text: str, known: str | None) -> frozenset[str]:
    """The words of the person's name, to read a spoken address with: the name already heard, or else the
    name said before the address in the same breath ("thales brito-brito, I'm a client, brito brito dot
    thales at ...": britobrito.thales@, as it is read once the name is known)."""
    said_at = None if known or "@" in text else _SAID_AT.search(text)
    if said_at is None:
        return name_words(known)
    return name_words(extract_name(text[: said_at.start()], expecting=True))


_SAID_AT = re.compile(r"\bat\b", re.IGNORECASE)


def _read_email(r: Reading, text: str, names: frozenset[str] = frozenset()) -> str:
    """Take the address; return the text without typed addresses (for the other fields).

    ``names`` (the words of the name already heard) are words inside a spoken address, not digits or
    the end of it: "d dot seven at yahoo dot com" from Dawn Seven is d.seven@yahoo.com.
    """
    email = extract_email(text, names)
    if email:
        r.values["email"] = email
        r.email_spaced = spaced_email(text, names) or ""
        return _EMAILISH.sub(",", typed_marks(text))  # "ana . lima @ x . com": no words left for a name
    if typed := _EMAILISH.search(text):
        r.email_problem = _email_problem(typed.group())
    return text


def _read_email_half(r: Reading, text: str, *, local_part_asked: bool = False) -> None:
    """Half an address, answered to the email question: the caller said it in two parts ("the first
    part is jane dot doe" ... "at gmail dot com"), or the line cut it in two. A domain said alone wins
    over reading the same words as a local part ("gmail dot com"), unless its ending was never said
    apart and no "at" led it: "f dot c o m a s" reads as the domain f.com.as, and as the part
    before the @ "f.comas"; both are kept, and the half still missing is taken (`slots`). Asked for the
    part before the at, a spelled part before the at wins ("m e g a n dot c h u r c h", not the domain
    megan.church)."""
    domain = (
        None if local_part_asked and extract_email_local(text, asked=True) else extract_email_domain(text)
    )
    if domain:
        r.email_domain = domain  # taken only when the part before the @ is waiting for it
        if _ending_run_together(text, domain) and (local := extract_email_local(text)):
            r.email_local = local
    elif local := extract_email_local(text, asked=local_part_asked):
        r.email_local = local
    r.email_lost_at = lost_at(text) and not (local_part_asked and r.email_local)


_LEADING_AT = re.compile(r"^\W*(?:(?:it's|its|it is|and|then|so)\s+)?(?:at\b|@)", re.IGNORECASE)


def _ending_run_together(text: str, domain: str) -> bool:
    """Whether `domain` was read from `text` only by splitting its ending off a spelled run ("c o m a
    s" as com.as), with no "at" before it to say it is the part after the @."""
    ending = domain.rsplit(".", 1)[-1]
    return not _LEADING_AT.match(text) and ending not in re.findall(r"[a-z]+", text.lower())


def _read_phone(r: Reading, text: str, asking: str, region: str, *, address_typed: bool = False) -> None:
    """Take the number, "this number", digits said so far, or a corrected digit.

    Digits beside a typed address are read too (the address is already cut out), so a number that is
    not valid is questioned as soon as it is given, even in one breath with everything else.
    """
    if mentions_own_number(text):
        r.own_number = True
        return
    phone = extract_phone(text, region)
    if phone and (doubt := country_in_doubt(text, phone, region)) is not None:
        r.phone_doubt, r.doubt_digits = doubt, phone_digits_heard(text)
        return
    if phone:
        r.values["phone"] = phone
        return
    expecting = asking in ("phone", "confirm", "fix")
    if asking == "phone":
        r.country = country_named(text)
    if expecting or "email" not in r.values or address_typed:
        digits = _phone_digits(text) if expecting else phone_digits_heard(text)
        email_said = "email" in r.values or _EMAIL_NAMED.search(text)
        if email_said and not address_typed and not _NUMBER_NAMED.search(text):
            # "the email should be t u m e r one at ...", "the email should be ... o as in oscar" (cut by
            # the line before its "at"): the spoken address's own digits and letters, not the number's
            digits = ""
        if asking == "confirm" and _stray_digit(digits, text):
            digits = ""
        if len(digits.lstrip("+")) >= (1 if expecting else _MIN_PHONE_DIGITS):
            r.phone_digits = digits
    if expecting:
        r.digit_swap = _swap(intents.plain(text))
        if r.digit_swap:
            r.phone_digits = ""


_NUMBER = r"(?:\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty)"
_EXTENSION_NUMBER = (
    rf"\b(?:ext|extn|extension)\b\.?\s*(?:is\s+|number\s+|no\.?\s+|\#\s*)?{_NUMBER}(?:[\s,-]*(?:{_NUMBER}|oh|double))*"
    r"|(?<!\b\w\s)\bx\s?\d+\b"
)
"""An extension and its number: "ext. 204", "extension three oh four", "x12" (not a spelled "m a x 2 0")."""
_EXTENSION = re.compile(_EXTENSION_NUMBER, re.IGNORECASE)
_EXTENSION_WORD = re.compile(r"\b(?:ext|extn|extension)\b", re.IGNORECASE)


def _without_extension(text: str) -> tuple[bool, str]:
    """Whether an extension was said, and the text without it (for the name).

    "you forgot the extension, it's ext 3" had "Ext" replace a first name read back right.
    """
    said = bool(_EXTENSION_WORD.search(text))
    if not _EXTENSION.search(text):
        return said, text
    return True, _EXTENSION.sub(",", text)


_OTHER_NUMBERS = re.compile(
    rf"""
    {_EXTENSION_NUMBER}
    | \b{_NUMBER}(?=(?:\s+more)?\s+(?:secs?|seconds?|mins?|minutes?|moments?|hours?|hrs?|days?|weeks?|months?
        |years?|yrs?|o'?clock|am|pm|phones?|numbers?|cells?|lines?|times?|kids?|children|people|persons?
        |letters?|of|more|things?|questions?|[a-z]['’]s)\b)
    | \b(?:this|that|the|which|other|another|any|every|each|no|a)\s+one\b
    | \bwith\s+(?:two|three|double|triple|2|3)(?=\s+[a-z]\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""Numbers that are no digits of a phone number: an extension ("ext 3"), a count ("2 min", "3 phones",
"two n's", "one sec"), "one" as a word for a thing ("the other one")."""
_EXCLAIMED_OH = re.compile(r"\b(?:oh|o)\b", re.IGNORECASE)


def _phone_digits(text: str) -> str:
    """The digits heard that may be a piece of the phone number, asked for or read back.

    Numbers that say something else are not ("my cell is on my other phone, 2 min", "one sec", "my first
    name is Anna with two n's", "it's ext 3"): taken as the start of the number, they had Knotty say
    "I've got 2 so far", or throw away a number read back right. A lone "oh" beside words ("oh wait") is
    no zero.
    """
    digits = phone_digits_heard(_OTHER_NUMBERS.sub(",", text))
    if digits == "0" and _EXCLAIMED_OH.search(text) and len(text.split()) > 1 and "0" not in text:
        return ""
    return digits


def _stray_digit(digits: str, text: str) -> bool:
    """One digit heard in an answer to the read-back that says neither "no" nor which digit: a word the
    line wrote as one ("looks gohod two me", "spot one"), not a corrected digit. Taken as one, it had a
    misheard yes ask for the whole number again; now the read-back is asked again."""
    return (
        len(digits) == 1
        and not _NUMBER_NAMED.search(text)
        and not _DIGIT_PLACE.search(text)
        and intents.answer_yes_no(text) is not False
    )


_DIGIT_PLACE = re.compile(r"\b(?:last|first|end|ends|ending|start|starts|middle)\b", re.IGNORECASE)
"""Words that place a digit in the number ("the last one is nine", "it ends in 4"): a correction."""
_NUMBER_NAMED = re.compile(r"\b(?:phone|number|cell|mobile|digits?)\b", re.IGNORECASE)
"""A word naming the phone number: with it, digits beside a spoken address may be the number's."""
_EMAIL_NAMED = re.compile(r"\be-?mail\b", re.IGNORECASE)
"""A word naming the address: without a word naming the number, what sounds like digits beside it is
the address's ("o as in oscar")."""


_ADDRESS_WORDS = frozenset({"at", "dot", "underscore", "dash", "hyphen"})
_TEXT_WORD = re.compile(rf"[^\W\d_]{WORD_TAIL}(?:['’-][^\W\d_]{WORD_TAIL})*")


def _named_by_address(text: str, name_text: str, first: str, r: Reading) -> tuple[str, str] | None:
    """(full name, address) when the address said with a first name is built from it and a word said
    beside it: then that word is the surname, however everyday a word it is.

    "milosz early, I'm a client, earlym@yahoo.co.uk" is Milosz Early; "altinisin seven I just want to get
    massages a seven at ..." is Altinisin Seven at aseven@ (the address read again with her name in mind:
    "seven" is that word, not 7); "cecilia ten ... c ten at ..." is Cecilia Ten.
    """
    pairs: list[tuple[str, str]] = []
    if word := _word_after(name_text, first):
        pairs.append((first, word))  # "milosz early": "early" read as no name
    if len(words := first.split()) > 1:
        pairs.append(
            (" ".join(words[:-1]), words[-1])
        )  # "Cecilia ten": read as a particle, the surname to come
    for given, surname in pairs:
        if surname.lower() in SENTENCE_WORDS:
            continue
        heard = r.values.get("email")
        again = extract_email(text, name_words(f"{given} {surname}")) if "@" not in text else None
        for address in dict.fromkeys(a for a in (heard, again) if a):
            if surname_in_address(given, surname, address):
                try:
                    full = join_names(given, surname)
                except FieldError:
                    continue
                if is_full_name(full):
                    return full, address
    return None


def _word_after(text: str, first: str) -> str | None:
    """The word said right after the words of ``first`` in ``text``, if any."""
    words = _TEXT_WORD.findall(text)
    low = [w.lower() for w in words]
    given = [w.lower() for w in first.split()]
    for k in range(len(low) - len(given)):
        if low[k : k + len(given)] == given:
            return str(words[k + len(given)])
    return None


def _spells_address(name: str | None, values: dict[str, str]) -> bool:
    """Whether every word of `name` is a piece of the address's local part (the words spelled the address)."""
    local = _squeeze(values["email"].split("@")[0].lower())
    words = (name or "").lower().replace("-", " ").split()
    return bool(words) and all(_squeeze(w) in local for w in words)


def _squeeze(word: str) -> str:
    """A word of an address without its separators ("wellnessbyputz.massage" -> "wellnessbyputzmassage")."""
    return word.replace(".", "").replace("_", "").replace("-", "").replace("@", "")


def _without_address(text: str, email: str | None) -> str:
    """The utterance without the words that spell the address in it ("hello at relax massage dot spa").

    Role words inside an address ("lmt", "spa", "massage", "therapist") are part of the address, not a role.
    """
    if not email:
        return text
    squeezed = email.replace(".", "").replace("_", "").replace("-", "")
    kept = [
        w for w in text.split()
        if not ((low := w.lower().strip(".,;:!?")) in _ADDRESS_WORDS or (len(low) > 1 and _squeeze(low) in squeezed))
    ]  # fmt: skip
    return " ".join(kept)


def _read_role(r: Reading, text: str, asking: str) -> None:
    role = extract_role(text, expecting=asking == "role")
    if role.role is None and not role.ambiguous and asking != "role":
        role = _role_in_clauses(text)
    if role.role is None and not role.ambiguous and (said := _labelled(text).get("role")):
        role = extract_role(said, expecting=True)  # "... role therapist"
    if role.role is None and not role.ambiguous and (contrast := _ROLE_CONTRAST.match(text)):
        therapist = contrast.group("role").lower() == "therapist"
        role = RoleFinding(role="therapist" if therapist else "client")  # "no I said client not therapist"
    changed = None if role.role or role.ambiguous else _ROLE_CHANGE.search(text)
    if changed and not _NEGATED.search(text[: changed.start()]):  # "change the role to client", not "I don't"
        role = extract_role(
            changed.group("role")
            or changed.group("role2")
            or changed.group("role3")
            or changed.group("role4"),
            expecting=True,
        )
    if role.role and not role.ambiguous:
        r.values["role"] = role.role
    elif role.ambiguous or (asking == "role" and intents.is_unsure(text)):
        r.role_unclear = True


_ROLE_CHANGE = re.compile(
    r"\b(?:change|changed|switch|switched|make|set|put|update|swap|move|turn)\s+"
    r"(?:(?:it|that|this|me|my\s+role|the\s+role|role|that\s+one|the\s+last\s+one)\s+)?(?:back\s+)?"
    r"(?:to|as|into|over\s+to|of\s+the)\s+(?:an?\s+)?(?P<role>(?:massage\s+)?therapist|client)s?\b"
    r"|\brole\s+(?:should\s+be|is|to|as)\s+(?:an?\s+)?(?P<role2>(?:massage\s+)?therapist|client)\b"
    r"|\b(?:want|wanna|like|rather|prefer|meant|mean)\s+(?:to\s+)?(?:be|join|sign\s+up)\s+(?:as\s+)?(?:an?\s+)?"
    r"(?P<role3>(?:massage\s+)?therapist|client)\b"
    r"|\bmake\s+(?:it|that|this|me)\s+(?:an?\s+)?(?P<role4>(?:massage\s+)?therapist|client)s?\b",
    re.IGNORECASE,
)
"""A role asked for by changing it ("change the role to client", "I want to be a therapist instead"), said at
the read-back: these had been "No problem. Are you a massage therapist, or a client?" (the role cleared, the
new one dropped), and "actually make that a therapist" too (people18). "of the" is how a small recogniser writes "to" there ("change the role of the client.")."""
_ROLE_CONTRAST = re.compile(
    r"\s*(?:(?:no+|nope|nah|sorry|oh|um+|uh+|wait|actually|i\s+said|i\s+meant|it'?s|it\s+is|it\s+should\s+be"
    r"|that\s+should\s+be|should\s+be|make\s+(?:it|that)|i'?m|i\s+am)[\s,.!]+)*(?:an?\s+)?"
    r"(?P<role>therapist|client)s?[\s,]+(?:not|rather\s+than|instead\s+of)\s+(?:an?\s+)?(?:massage\s+)?"
    r"(?!(?P=role))(?:therapist|client)s?\b",
    re.IGNORECASE,
)
"""A role set against the other, as the whole answer ("no I said client not therapist", "it should be
therapist rather than client"): the first. A recogniser writes no commas, so the clause is too long for
`_role_in_clauses`; anchored at the start, so no one else's role ("my wife is a therapist not a client")."""
_NEGATED = re.compile(
    r"\b(?:not|don't|dont|do\s+not|never|doesn't|no\s+longer)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)


def role_said_unasked(text: str) -> str | None:
    """The role `text` gives when Knotty had not asked for it, read as the offline brain reads it then: said
    of themselves ("I'm a massage therapist"), a short clause of its own ("Ana Lima, a client, ..."), or
    labelled ("role: therapist"); never an aside about someone else ("my husband is a client")."""
    r = Reading()
    _read_role(r, text, "")
    return r.values.get("role")


def _asks_by_keyword(text: str, asking: str, *, name_again: bool) -> bool:
    """Whether a word alone, answered to the name question, is a question typed as a keyword when it names a
    topic: "pricing" asks about prices, it is no first name. Said again when the name is asked again, the word
    is the name ("Ai", after the answer about AI), unless it names an activity ("pricing", "launching")."""
    words = text.split()
    if asking != "full_name" or len(words) != 1:
        return False
    word = words[0].strip(".!,")
    if word.lower() in _KEYWORD_NAMES and word == word.capitalize():
        return False  # "Ai" with its capital is the given name; "AI" or "ai" asks about AI
    return not name_again or describes(word)


_KEYWORD_NAMES = frozenset({"ai"})
"""Topic words that are given names too: the Japanese Ai, typed alone for the name, had been answered as a
question about AI. Written "AI" or "ai" it is still that question the first time (said again, the name)."""


_LEAVING_LAST_WORDS = frozenset({"stop", "cancel", "quit"})
"""Words that end a call said on their own, which a spelling runs on into when said right after it."""


def _drop_address_ending_in_leaving(r: Reading, text: str) -> None:
    """ "a n a dot s m cancel": the caller broke off the spelling to leave; "cancel" is no letters of the
    address (it had been read back as "s m c a n c e l so far", and the call went on asking for the rest)."""
    words = [w.strip(",;") for w in text.lower().rstrip(" .!?").split()]
    if len(words) < 2 or words[-1] not in _LEAVING_LAST_WORDS or len(words[-2]) != 1:
        return  # only right after a spelled letter: "bus stop" said for the first part is that address's
    last = words[-1]
    if r.email_local.endswith(last):
        r.email_local = ""
    if (email := r.values.get("email")) and email.split("@", 1)[0].endswith(last):
        r.values.pop("email")


_LEAVING_CLAUSE = re.compile(
    r"[,.;!?]\s*(?:(?:oh|no|sorry|actually|wait|um|uh|you\s+know\s+what|just)[\s,]+)*"
    r"(?:cancel(?:\s+(?:it|that|this|everything))?|stop(?:\s+(?:it|this))?|quit|forget\s+(?:about\s+)?it"
    r"|not\s+interested)"
    r"[\s,.!]*(?:(?:please|thanks|thank\s+you|bye|goodbye)[\s,.!]*)*$",
    re.IGNORECASE,
)
"""A clause of its own, at the end of an answer, that ends the call ("ana at gmail dot com, cancel", "Ana Lima.
Stop."): the caller broke off after the value, which is no longer theirs to give. Not "I changed my mind" (at
the read-back, "therapist, I changed my mind" is the new role) nor "I'm done" (said for "that's all")."""


def _ends_by_leaving(text: str) -> bool:
    """Whether ``text`` ends with a clause that ends the call (`_LEAVING_CLAUSE`)."""
    return _LEAVING_CLAUSE.search(text) is not None


def _forget_values(r: Reading) -> None:
    """Every value read from the turn dropped: the caller left instead of giving them."""
    r.values.clear()
    r.first_name, r.own_number, r.phone_digits, r.digit_swap = None, False, "", None
    r.email_local = r.email_domain = ""


def _read_intents(r: Reading, text: str, asking: str, *, keyword: bool = False) -> None:
    """Yes/no, leaving, "what?", refusals, hesitation, greetings and questions."""
    offer = asking in ("sms", "text_handoff")  # offers, where "I'm good" means no thank you
    leaving = intents.is_goodbye(text)
    if intents.is_removal_request(text):
        # "delete my entry" is no name ("Delete") and "yes, remove me" no yes to an update.
        r.values.clear()
        r.first_name, r.own_number, r.phone_digits, r.digit_swap = None, False, "", None
        r.email_local = r.email_domain = ""
        r.single_name, r.clears = False, []
        r.removal = leaving = True
    if leaving:
        _drop_address_ending_in_leaving(r, text)
        if r.gave_something and _ends_by_leaving(text):
            _forget_values(r)  # "ana at gmail dot com, cancel": the caller ends the call, not the address
    if leaving and set(r.values) <= {"full_name"} and extract_name(text) is None:
        # "gotta go, bye" answered to "what's your name?" is no name.
        r.values.pop("full_name", None)
        r.first_name = None
    if leaving and not r.values and len(r.phone_digits.lstrip("+")) <= 2 and not r.digit_swap:
        # "eye have two go, bye" (a line's "I have to go"): a digit or two beside a goodbye is no number.
        r.phone_digits = ""
    r.yes = None if r.removal else intents.answer_yes_no(text, offer=offer)
    if asking in ("returning", "update_listed"):
        r.someone_else = intents.is_someone_else(text)
    if asking in ("sms", "confirm", "fix"):
        r.another_signup = intents.signs_up_another(text)
    elif asking in _FIELD_ASKS or not asking:
        r.second_person = intents.second_person(text) or (
            _two_names(text) if asking in ("full_name", "") else ""
        )
        r.other_only = bool(r.second_person) and intents.only_someone_else(text)
        if other := intents.others_details(text):
            # "her name is Ana Smith", "my wife's number is …": never the speaker's, whoever they are.
            r.others_name = r.values.get("full_name") or r.first_name or ""
            r.values.clear()
            r.first_name, r.own_number, r.phone_digits, r.digit_swap = None, False, "", None
            r.email_local = r.email_domain = ""
            r.second_person, r.other_only, r.others_details = r.second_person or other, True, True
        if asking in ("full_name", "") and (name := r.values.get("full_name") or r.first_name):
            r.own_name = intents.names_self(text, name)
        if asking == "full_name":
            r.owner = intents.name_owner(text)
    if asking == "sms":
        contact = bool(r.phone_digits or r.digit_swap or {"phone", "email"} & set(r.values))
        r.text_elsewhere = intents.asks_text_elsewhere(text, gave_contact=contact)
        r.asks_saved = not contact and intents.asks_what_saved(text)
    elif asking in _FIELD_ASKS and intents.asks_what_saved(text):
        # "read back what you have", asked for a field: a request, never the name "Read".
        r.asks_saved = True
        r.values.pop("full_name", None)
        r.first_name = None
    gave = r.gave_something
    r.goodbye = leaving and not gave
    r.filler = not gave and intents.is_filler(text)
    r.hold = not gave and r.yes is None and intents.is_hold(text)
    r.repeat = not gave and intents.is_repeat_request(text)
    if r.repeat:
        r.yes = None  # "repeat that please", "slow down please": a "please" in them is no yes
    r.refusal = not gave and intents.is_refusal(text)
    r.signed_up_before = not gave and intents.says_signed_up_before(text)
    r.unsure = not gave and asking != "role" and intents.is_unsure(text)
    if not gave and not r.filler and intents.is_greeting(text):
        r.greeting = "hi" if _HI.match(intents.plain(text)) else "join"
    r.topic = None if gave or r.repeat else intents.question_topic(text, offer=offer, keyword=keyword)
    p = intents.plain(text)
    r.start_over = intents.is_start_over(text) or (
        asking == "fix" and not r.values and bool(_EVERYTHING.match(p))
    )


_FIELD_ASKS = frozenset({"full_name", "last_name", "first_name", "phone", "email", "role"})

_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_WE_ARE = re.compile(
    r"^\W*(?:(?:hi|hello|hey)\W+)?(?:we are|we're|we’re|were|it's|it’s|this is)\s+", re.IGNORECASE
)


_AND_OTHER = re.compile(
    r"[\s,]+(?:and|&)\s+(?:my|our)\s+(?:wife|husband|partner|spouse|fianc[eé]e?|boyfriend|girlfriend|mom|mum|"
    r"mother|dad|father|son|daughter|sister|brother|friend|boss|assistant|secretary|kid|child|parent|aunt|uncle|"
    r"grandma|grandpa)\b",
    re.IGNORECASE,
)


def _own_part(text: str) -> str | None:
    """What a person said before naming a second person ("John Smith" of "John Smith and my wife Ana Smith, ana@…",
    of "John Smith and Ana Smith"), or None when the other person does not come after them ("my wife and I")."""
    other = _AND_OTHER.search(text)
    if other is not None:
        return text[: other.start()] if other.start() else None
    parts = _AND.split(text, maxsplit=1)
    if len(parts) != 2 or not _two_names(text):
        return None
    mine = _WE_ARE.sub("", parts[0])
    first, second = extract_name(mine, expecting=True), extract_name(parts[1], expecting=True)
    if first and second and len(first.split()) == 1 and len(second.split()) > 1:
        return f"{mine} {second.split(maxsplit=1)[1]}"  # "we're John and Ana Smith": the Smiths, John Smith
    return mine


def _two_names(text: str) -> str:
    """Two names joined by "and", answered to the name question: "John Smith and Ana Smith", "we're John and Ana
    Smith". The second person's first name, to refer to them, or "". A name after "and" has two words (or one
    typed with its capital after a whole name): "Ana Lima and I'm a therapist" names one person."""
    parts = _AND.split(text, maxsplit=1)
    if len(parts) != 2:
        return ""
    second = extract_name(parts[1], expecting=True)
    first = extract_name(_WE_ARE.sub("", parts[0]), expecting=True)
    if second is None or first is None:
        return ""
    words = second.split()
    alone = len(words) == 1 and is_full_name(first) and words[0].lower() in _capitals_chosen(text)
    return words[0] if len(words) > 1 or alone else ""


def _looped_name(text: str, name: str) -> bool:
    """Whether a name read from `text` is a word the line wrote again and again (`intents.looped_words`), or
    a word that is one letter three times or more ("Oh, oh, oh, oh." read as the spelling "Oooo", "see, see,
    see" as "Ccc"); a name with a letter tripled inside it ("Benchhha", a typist's slip) is still a name."""
    parts = intents.plain(name).split()
    if any(
        _ONE_LETTER.match(part) and not _ROMAN.match(part) for part in parts
    ):  # "Stacey Green III" is a name
        return True
    looped = intents.looped_words(text)
    return bool(looped) and any(part in looped or len(set(part)) == 1 for part in parts)  # "I, I, I." as "Ii"


_ONE_LETTER = re.compile(r"^([^\W\d_])\1{2,}$")
_ROMAN = re.compile(r"^[ivx]+$")


def _read_misheard(r: Reading, text: str) -> None:
    """A recogniser's transcript of an answer to a field question that only looks like something else: a
    goodbye word with more words after it ("Holly, goodbye, next, me, I, me, I." for "holly bibi, that's b i
    b i"), or a "bye" after words that could be the answer ("It's me, bye." for "it's Mebai"), may be no goodbye
    (`leave_unsure`: asked); letters heard as a word again and again ("Can you judge
    me, please, please, please", "Sorry, yes, yes, yes") are no question, yes or hello but a failed answer."""
    if r.goodbye and not r.removal and (intents.goodbye_inside(text) or intents.goodbye_after_words(text)):
        r.goodbye, r.leave_unsure = False, True
    if intents.sounds_spelled(text):
        r.topic, r.greeting, r.garbled = None, "", True
        r.yes = None if r.yes else r.yes


def _read_clears(r: Reading, text: str, asking: str) -> None:
    """Fields said to be wrong ("the email is wrong", "change my number") without a new value."""
    fine = intents.fields_said_fine(text)
    named = [name for name in intents.fields_named(text) if name not in fine]
    if not named:
        return
    strong = bool(_STRONG_CHANGE.search(intents.plain(text)))
    weak = asking in ("confirm", "fix") and intents.wants_change(text)
    if strong or weak:
        r.clears = [
            name
            for name in named
            if name not in r.values
            and not (name == "phone" and (r.own_number or r.digit_swap or r.phone_digits))
            and not (name == "full_name" and r.first_name)
            and not (name == "role" and r.role_unclear)
        ]
    if asking == "fix" and not r.clears and not r.values:
        r.clears = [n for n in named if n != "role" or not r.role_unclear]
