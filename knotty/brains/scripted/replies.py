"""Everything the offline brain says: short, warm, professional lines with deterministic variety.

Each kind of line has a few wordings; which one is used depends on the conversation's seed, the turn
and the kind, so two callers do not hear exactly the same script, yet a test replays identically.
Lines are short enough to be spoken on a phone line. On a call the read-back says the phone number in
digit groups and spells out the email; in writing it shows them as they will be saved.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import phonenumbers

from knotty.brains.scripted.intents import Topic
from knotty.fields import speak_email, speak_phone
from knotty.handoff import HANDOFF_FIELDS
from knotty.languages import (
    SPANISH_AGAIN,
    SPANISH_GOODBYE_SPOKEN,
    SPANISH_GOODBYE_WRITTEN,
    SPANISH_NOTE_SPOKEN,
    SPANISH_NOTE_WRITTEN,
)
from knotty.phrases import web_chat_line
from knotty.state import Modality

__all__ = ["Wording", "asks_for_local_part", "spoken_readback", "unheard_fields", "written_phone"]

_GREETINGS = (
    "Hi, I'm Knotty from MasseurMatch. I can add you to our early-access waitlist.",
    "Hello, this is Knotty with MasseurMatch. I'd be glad to get you on our early-access waitlist.",
    "Hi there, I'm Knotty, MasseurMatch's assistant. Let's get you on the early-access waitlist.",
)
_QUESTIONS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "What's your full name?",
        "Could I have your first and last name?",
        "May I have your full name, please?",
    ),
    "first_name": (
        "And what's your first name?",
        "Could I have your first name too?",
        "And your first name, please?",
    ),
    "last_name": (
        "And what's your last name?",
        "Could I have your last name too?",
        "And your last name, please?",
    ),
    "phone": (
        "What's the best phone number to reach you?",
        "What phone number should we use for you?",
        "Which phone number can we reach you on?",
    ),
    "email": (
        "What's your email address?",
        "And what email address should we use?",
        "Could I have your email address?",
    ),
    "role": (
        "Are you a massage therapist, or a client looking to book massages?",
        "Will you be joining as a massage therapist or as a client?",
        "Are you signing up as a massage therapist or as a client?",
    ),
    "fix": (
        "Which part should I change: your name, phone number, email, or role?",
        "What should I correct: the name, the phone number, the email, or the role?",
    ),
    "text_handoff": (
        "Shall I text you so you can type it instead?",
        "Would it be easier if I texted you, so you can type it instead?",
    ),
    "sms": (
        "Would you like a confirmation text message?",
        "Would you like me to text you a confirmation?",
        "Shall I send you a confirmation by text?",
    ),
}
_CONFIRM = ("Is that all correct?", "Is everything right?", "Did I get that all right?")
_ACKS = ("Got it.", "Thank you.", "Perfect.", "Great, thanks.")
_NAME_ACKS = ("Thanks, {first}.", "Nice to meet you, {first}.", "Thank you, {first}.")
_AGAIN = ("Sure.", "Of course.", "No problem.")
_SORRY = ("Sorry, I didn't quite catch that.", "Sorry, I missed that.", "I'm sorry, I didn't get that.")
_SILENCE = ("Are you still there?", "Sorry, I didn't hear anything.", "Take your time.")
_SILENCE_WRITTEN = ("Are you still there?", "Take your time.", "Whenever you're ready.")
_MISSES: dict[str, tuple[str, ...]] = {
    "full_name": ("Sorry, I didn't catch your name.", "I'm sorry, I missed your name."),
    "last_name": ("Sorry, I didn't catch your last name.", "I'm sorry, I missed your last name."),
    "first_name": ("Sorry, I didn't catch your first name.", "I'm sorry, I missed your first name."),
    "phone": ("Sorry, I didn't catch a full phone number.", "I'm sorry, I didn't get the whole number."),
    "email": ("Sorry, I didn't catch that email address.", "I'm sorry, I didn't get the email address."),
    "role": ("Sorry, I didn't catch that.", "I'm sorry, I missed that."),
}
_HINTS: dict[tuple[str, Modality], str] = {
    ("email", Modality.SPOKEN): "You can spell it out if that's easier, like j o h n at gmail dot com.",
    ("email", Modality.WRITTEN): "Please type it like name@example.com.",
    ("phone", Modality.SPOKEN): "Please say all the digits, starting with the area code.",
    ("phone", Modality.WRITTEN): "Please type all the digits, including the area code.",
    ("full_name", Modality.SPOKEN): "Just your first and last name is perfect.",
    ("full_name", Modality.WRITTEN): "Just your first and last name is perfect.",
    ("last_name", Modality.SPOKEN): "You can also spell it for me.",
    ("role", Modality.SPOKEN): "Just say therapist or client.",
    ("role", Modality.WRITTEN): "Just reply therapist or client.",
}
_OTHER_WAYS: dict[tuple[str, Modality], str] = {
    ("full_name", Modality.SPOKEN): "Could you spell it for me, letter by letter?",
    ("full_name", Modality.WRITTEN): "Please type it exactly as it should be.",
    ("last_name", Modality.SPOKEN): "Could you spell it for me, letter by letter?",
    ("last_name", Modality.WRITTEN): "Please type just your last name, exactly as it should be.",
    ("first_name", Modality.SPOKEN): "Could you spell it for me, letter by letter?",
    ("first_name", Modality.WRITTEN): "Please type just your first name, exactly as it should be.",
    ("phone", Modality.SPOKEN): "Please say it slowly, one digit at a time, starting with the area code.",
    (
        "phone",
        Modality.WRITTEN,
    ): "Please type just the digits, with the country code (like +44) if it's from abroad.",
    ("email", Modality.SPOKEN): "Could you spell it for me, letter by letter, like j o h n at gmail dot com?",
    ("email", Modality.WRITTEN): "Please type it exactly as it should be, like name@example.com.",
    ("role", Modality.SPOKEN): "Just one word is perfect: therapist, or client.",
    ("role", Modality.WRITTEN): "Just one word is perfect: therapist or client.",
}
"""The third way of asking a field, after two asks did not get it (spell it, say it slowly, one word)."""
_LAST_WAYS: dict[tuple[str, Modality], str] = {
    ("phone", Modality.SPOKEN): (
        "Please type it on your phone's keypad, then press pound. From abroad, type 0 0 and the country code first."
    ),
    (
        "email",
        Modality.SPOKEN,
    ): "Could you spell it with a word for each letter, like a as in alpha, b as in bravo?",
}
"""A fourth way, where a call has one the third did not use: the keypad for digits, a word for each letter."""
_HALVES_WAYS: dict[tuple[str, Modality], str] = {
    (
        "email",
        Modality.SPOKEN,
    ): "Let's take your email in two parts. First, spell just the part before the at sign.",
}
"""A fifth way for an address on a call, as an operator does when a word in it keeps being misheard: the
part before the at, then the part after it, each spelled (put together by `slots`)."""


def asks_for_local_part(question: str) -> bool:
    """Whether `question` asked a caller for just the part before the at (the address in two halves, or
    an address heard without its "at"): a spelled answer is that part, whatever it ends in ("robin dot
    c h u r c h" is no address whose "at" was lost)."""
    return "part before the at" in question


_TOPICS: dict[Topic, tuple[str, ...]] = {
    Topic.ABOUT: (
        "MasseurMatch is a marketplace connecting clients with massage therapists, launching soon.",
        "MasseurMatch is a new marketplace that connects clients with massage therapists. It's launching soon.",
    ),
    Topic.BOT: (
        "I'm Knotty, MasseurMatch's virtual assistant.",
        "I'm Knotty, a virtual assistant for MasseurMatch.",
    ),
    Topic.COST: (
        "I don't have pricing details yet, but the waitlist is how you'll hear about them first.",
        "Pricing isn't announced yet; people on the waitlist will hear first.",
    ),
    Topic.LAUNCH: (
        "MasseurMatch is launching soon, and the early-access list hears first.",
        "We're launching soon, and people on the waitlist will be the first to know.",
    ),
    Topic.WHY: (
        "We use these details to let you know when early access opens.",
        "It's so we can reach you when MasseurMatch's early access opens.",
    ),
    Topic.PRIVACY: (
        "Your details are used to keep you posted about MasseurMatch's early access.",
        "We only ask what we need to reach you about early access.",
    ),
    Topic.SMS: (
        "It's one short text to the number you gave, confirming you're on the waitlist.",
        "Just a single text to your number confirming your spot on the waitlist.",
    ),
    Topic.HUMAN: (
        "I'm a virtual assistant and can't transfer you, but I can add you to the waitlist in about a minute.",
        "I can't connect you to a person, but I can get you on the waitlist right now.",
    ),
    Topic.PRESENCE: ("Yes, I'm here.", "Yes, I'm still here.", "I'm here, yes."),
    Topic.WELLBEING: ("I'm doing well, thank you for asking!", "I'm well, thanks!"),
    Topic.MEETING: ("Nice to meet you too!", "It's nice to meet you too!"),
    Topic.OTHER: (
        "I can only help with the MasseurMatch waitlist.",
        "That's outside what I can help with, but I can get you on the waitlist.",
    ),
}
_REDIRECTS = (
    "I can't help with that, but I'd be happy to get you on the waitlist.",
    "That's not something I can share. Let's get you signed up, though.",
    "I'm here just to help you join the MasseurMatch waitlist.",
)
_BOUNDARIES = (
    "Let's keep this professional, please. I'm here to help with the MasseurMatch waitlist.",
    "I keep things professional, and I'm only here for the MasseurMatch waitlist.",
)
_TAKE_TIME = ("Take your time.", "No rush, take your time.", "Sure, take your time.")
_FIELD_WORDS = {
    "confirm": "details",
    "fix": "details",
    "full_name": "name",
    "last_name": "last name",
    "first_name": "first name",
    "phone": "phone number",
    "email": "email",
    "role": "role",
}


def written_phone(e164: str) -> str:
    """The phone as a reader expects it: "+1 415-555-0100"."""
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def _join(names: Sequence[str]) -> str:
    words = [_FIELD_WORDS[n] for n in names]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


class Wording:
    """The lines of one turn, varied by conversation seed and turn."""

    def __init__(
        self,
        modality: Modality,
        seed: int,
        turn: int,
        *,
        caller_known: bool = False,
        last_question: str = "",
        web_chat_host: str | None = None,
    ) -> None:
        self.modality = modality
        self.web_chat_host = web_chat_host
        """Where the person can sign up by typing instead, said when a call gives up on a field."""
        self.seed = seed
        self.turn = turn
        self.caller_known = caller_known
        self.last_question = last_question
        """The question asked last turn, which a rephrase must not repeat word for word."""
        self.asked = last_question
        """The question asked this turn (the last one, if several)."""

    @property
    def spoken(self) -> bool:
        """The person hears Knotty."""
        return self.modality == Modality.SPOKEN

    def pick(self, key: str, variants: Sequence[str], shift: int = 0) -> str:
        """One of `variants`, fixed for this seed, turn and key."""
        index = zlib.crc32(f"{self.seed}:{self.turn}:{key}".encode()) + shift
        return variants[index % len(variants)]

    # --- questions -------------------------------------------------------------------------

    def greeting(self) -> str:
        """The opening line, without the question."""
        return self.pick("greet", _GREETINGS)

    def question(self, asking: str, *, first: str | None = None, rephrase: bool = False) -> str:
        """The question for `asking` (a field, `last_name`, `fix` or `sms`)."""
        variants = _QUESTIONS[asking]
        line = self.pick("q:" + asking, variants, shift=1 if rephrase else 0)
        if rephrase and self.last_question.startswith(line):  # the line, or the line and its way
            line = variants[(variants.index(line) + 1) % len(variants)]
        self.asked = line
        if asking == "phone" and self.caller_known:
            source = "calling" if self.spoken else "texting"
            line += f" If it's the one you're {source} from, just say 'this number'."
        return line

    def one_role(self) -> str:
        """The role again, after "both" or "not sure"."""
        return self.pick(
            "one-role",
            ("For the waitlist I need just one: are you a massage therapist, or a client booking massages?",
             "I can list you as one for now: a massage therapist, or a client looking to book?"),
        )  # fmt: skip

    def same_again(self, name: str, value: str) -> str:
        """A value the person said was wrong, heard the same again: right after all?"""
        if name == "email":
            said = speak_email(value) if self.spoken else value
        elif name == "phone":
            said = speak_phone(value) if self.spoken else written_phone(value)
        else:
            said = value
        heard = "heard" if self.spoken else "got"
        return f"I {heard} {said} again, the same as before. Is that right after all?"

    def yes_or_no(self) -> str:
        """After an unclear answer to a yes/no question."""
        return "Yes or no is fine."

    def hint(self, asking: str) -> str:
        """Extra help after an answer was not understood twice."""
        return _HINTS.get((asking, self.modality), "")

    def spell_surname(self) -> str:
        """Ask for the last name letter by letter."""
        return self.pick(
            "spell-surname",
            ("Could you spell your last name for me, letter by letter?",
             "Would you mind spelling your last name for me?"),
        )  # fmt: skip

    def spell(self, asking: str) -> str:
        """Ask for a spelling after the same field was wrong twice."""
        if asking not in ("email", "full_name", "last_name", "first_name"):
            return self.hint(asking)
        if self.spoken:
            return "Could you spell it for me, letter by letter?"
        return "Please type it exactly as it should be."

    def returning_number(self) -> str:
        """The number they reach us from is already listed: say only that, and ask (no stored detail)."""
        return self.pick(
            "returning",
            ("I see this number is already on our waitlist. Would you like to change anything in your signup?",
             "It looks like this number is already on our waitlist. Is there anything you'd like to update?"),
        )  # fmt: skip

    def listed(self) -> str:
        """The number they just gave, proven theirs, is already listed: say so, and ask (no stored detail)."""
        return "That phone number is already on our waitlist. Would you like to update that signup?"

    def update_go(self) -> str:
        """They want to update the listed signup."""
        return "Sure. I'll take your details again so the entry is exactly right."

    def separate_go(self) -> str:
        """The listed signup is someone else's: this person gets their own, that one is left alone."""
        return "Of course. I'll sign you up separately and leave that other signup as it is."

    def kept_apart_separate(self) -> str:
        """Their own signup shares a listed phone or email: saved apart, the team checks it."""
        return (
            "Thank you, I've taken your signup. Since it shares contact details with another signup, "
            "our team will check it before adding it to the waitlist; the other signup stays as it is."
        )

    def kept_apart_updated(self) -> str:
        """Their own earlier signup, kept apart beside another signup listing their number, was changed:
        it still waits for the team, and the other signup is left alone."""
        return (
            "Thank you, I've updated your signup. Since it shares contact details with another signup, "
            "our team will still check it before adding it to the waitlist; the other signup stays as it is."
        )

    def nothing_to_change(self, name: str, *, understood: bool = True) -> str:
        """No change to a signup that lists the phone or email (`name`) they gave or reach us from. Whose
        signup it is Knotty cannot know (a couple may share an address), so it never says "you're already on
        the waitlist": only that the signup is left alone, and how someone who shares that contact gets
        their own (say so when asked again: `intents.is_someone_else`)."""
        what = _FIELD_WORDS.get(name, name)
        again = "call us again" if self.spoken else "message us again"
        lead = "All right, that signup stays as it is." if understood else "I'll leave that signup as it is."
        return (
            f"{lead} If you share that {what} with someone and would like "
            f"a signup of your own, you're welcome to {again} and say so. Have a wonderful day!"
        )

    def signed_up_before(self) -> str:
        """To "I already signed up" from a contact not known listed: nothing is looked up or told."""
        return self.pick(
            "before",
            (
                "I can't check an earlier signup from here, but you're welcome to give me your details again "
                "to make sure you're on the list.",
                "I can't check earlier signups from here, but giving me your details again is fine, to make "
                "sure you're on the list.",
            ),
        )

    def already_listed_unchanged(self) -> str:
        """What they gave is exactly a listed signup they have not proven is theirs: nothing was written."""
        return "Those exact details are already on our waitlist, so there was nothing to change."

    def kept_apart(self, *, changed: bool = False) -> str:
        """An update for a listed contact this conversation could not prove it holds: the team checks it.
        `changed`: a change of this conversation's own signup after its save, which the store made (the
        signup now shares a contact with another, so it waits for the team; the other one is left alone)."""
        if changed:
            return (
                "Thank you, I've saved your change. Since your signup now shares contact details with "
                "another signup, our team will check it before it goes on the waitlist; the other signup "
                "stays as it is."
            )
        return "Thank you. Since those details are already on the list, our team will check your update before it changes anything."

    def did_you_mean(self, email: str) -> str:
        """An obvious domain typo: ask, never change it silently."""
        said = speak_email(email) if self.spoken else email
        return f"Just to check, did you mean {said}?"

    def kept_unanswered(self) -> str:
        """ "Did you mean ...?" asked twice without a yes or a no: the address stays as it was, and the
        person hears it again at the read-back (never a thank-you, as if they had answered)."""
        return "I'll keep the address as I have it, and read it back in a moment."

    def other_way(self, asking: str) -> str:
        """The third time a field is asked: a different way of giving it (a call adds the keypad itself)."""
        return _OTHER_WAYS.get((asking, self.modality), "")

    def ways(self, asking: str) -> tuple[str, ...]:
        """Every other way of asking a field, in the order they are tried after the first two asks."""
        return tuple(
            way
            for way in (
                _OTHER_WAYS.get((asking, self.modality)),
                _LAST_WAYS.get((asking, self.modality)),
                _HALVES_WAYS.get((asking, self.modality)),
            )
            if way
        )

    def give_up(self, asking: str, *, saved: bool = False) -> str:
        """A field asked three ways still did not come through: end politely, with a way back."""
        what = _FIELD_WORDS.get(asking, "details")
        later = "call us back" if self.spoken else "message us again"
        if saved:
            return (
                f"I'm sorry, I'm having trouble getting your {what} right, so I've left your waitlist entry as it "
                f"was. You're welcome to {later} later to change it. Thanks for your patience, and goodbye!"
            )
        if self.spoken and self.web_chat_host:
            # A caller the line cannot hear (abroad, never offered a text) has a way through: typing.
            return (
                f"I'm sorry, I'm having trouble getting your {what} right on this line, and I don't want to keep "
                f"you going in circles. {web_chat_line(self.web_chat_host)} Thanks for your patience, and goodbye!"
            )
        return (
            f"I'm sorry, I'm having trouble getting your {what} right, and I don't want to keep you going in "
            f"circles. You're welcome to {later} later to finish joining the waitlist. Thanks for your patience, "
            "and goodbye!"
        )

    def readback(
        self,
        slots: dict[str, str],
        *,
        updated: bool = False,
        saved: bool = False,
        spelled: Sequence[str] = (),
    ) -> str:
        """All four fields read back, then the confirmation question. A change to an entry already `saved`
        is only noted until they confirm: never "I've updated that" before the database says so."""
        name, phone, email, role = slots["full_name"], slots["phone"], slots["email"], slots["role"]
        article = "an" if role[0] in "aeiou" else "a"
        lead = ""
        if updated:
            lead = (
                "Thanks, I've noted that change. I'll save it once you confirm. "
                if saved
                else "Thanks, I've updated that. "
            )
        if self.spoken:
            lead += self.pick(
                "rb", ("Let me read that back.", "Here's what I have.", "Let me check I have it right.")
            )
            body = " " + " ".join(spoken_readback(slots, spelled).values())
        else:
            lead += self.pick(
                "rb", ("Here's what I have:", "Let me check I have this right:", "Here are your details:")
            )
            body = f" name {name}; phone {written_phone(phone)}; email {email}; joining as {article} {role}."
        return lead + body + " " + self.pick("confirm", _CONFIRM)

    def readback_rest(
        self, slots: dict[str, str], unheard: Sequence[str], *, spelled: Sequence[str] = ()
    ) -> str:
        """A read-back the person cut into before it ended, then said yes: the fields they did not hear
        yet, then the confirmation question again (their yes confirmed only what they heard)."""
        parts = spoken_readback(slots, spelled)
        rest = " ".join(parts[name] for name in parts if name in unheard)
        return f"Let me just finish reading it back. {rest} {self.pick('confirm', _CONFIRM)}"

    def so_far(self, slots: dict[str, str]) -> str:
        """Before the read-back, "what do you have so far?": the details given in this conversation (only
        those; nothing stored before is read out), or that there are none yet."""
        if not slots:
            return "I don't have any of your details yet."
        role = slots.get("role")
        if self.spoken:
            parts = [
                f"your name is {slots['full_name']}" if "full_name" in slots else "",
                f"your phone number is {speak_phone(slots['phone'])}" if "phone" in slots else "",
                f"your email is {speak_email(slots['email'])}" if "email" in slots else "",
                f"you're joining as {'an' if role and role[0] in 'aeiou' else 'a'} {role}" if role else "",
            ]
            return "So far, " + ", ".join(p for p in parts if p) + "."
        parts = [
            f"name {slots['full_name']}" if "full_name" in slots else "",
            f"phone {written_phone(slots['phone'])}" if "phone" in slots else "",
            f"email {slots['email']}" if "email" in slots else "",
            f"joining as {'an' if role and role[0] in 'aeiou' else 'a'} {role}" if role else "",
        ]
        return "So far I have: " + "; ".join(p for p in parts if p) + "."

    def what_saved(self, slots: dict[str, str]) -> str:
        """The saved entry, read to the person who gave it and asked what was saved."""
        name, phone, email, role = slots["full_name"], slots["phone"], slots["email"], slots["role"]
        article = "an" if role[0] in "aeiou" else "a"
        if self.spoken:
            return (
                f"I saved your name as {name}, your phone number as {speak_phone(phone)}, your email as "
                f"{speak_email(email)}, and you're joining as {article} {role}. If anything is wrong, just tell me."
            )
        return (
            f"I saved: name {name}; phone {written_phone(phone)}; email {email}; joining as {article} {role}. "
            "If anything is wrong, just tell me."
        )

    def confirm_again(self) -> str:
        """A short re-ask of the confirmation question."""
        return self.pick(
            "confirm-again",
            ("Is everything I read correct? Just say yes, or tell me what to change.",
             "Is that all right? You can say yes, or tell me what needs changing."),
        )  # fmt: skip

    # --- acknowledgements and fillers --------------------------------------------------------

    def ack(self, changed: Sequence[str], first: str | None) -> str:
        """A brief thank-you for what was just given."""
        if len(changed) >= 3:
            return f"Thanks, I've got your {_join(changed)}."
        if "full_name" in changed and first:
            return self.pick("ack-name", _NAME_ACKS).format(first=first)
        return self.pick("ack", _ACKS)

    def name_fixed(self, name: str) -> str:
        """One word of the name typed again to fix it, at the next question: the whole name as it now is."""
        return f"Got it, {name}."

    def again(self) -> str:
        """Before repeating a question."""
        return self.pick("again", _AGAIN)

    def reassure(self) -> str:
        """For someone who hesitates."""
        return self.pick(
            "reassure",
            ("No pressure. It only takes a minute, and you can stop anytime.",
             "That's all right. It's quick, and we only use your details for early access."),
        )  # fmt: skip

    def hello(self, hi: bool) -> str:
        """Answer to a bare hello, or to "yes, sign me up"."""
        if hi:
            return self.pick("hello", ("Hello!", "Hi!", "Nice to hear from you."))
        return self.pick("hello", ("Happy to help!", "Great!", "Wonderful."))

    def sorry(self, asking: str) -> str:
        """An answer was not understood."""
        return self.pick("miss:" + asking, _MISSES.get(asking, _SORRY))

    def silence(self) -> str:
        """Nothing was said."""
        return self.pick("silence", _SILENCE if self.spoken else _SILENCE_WRITTEN)

    def topic(self, topic: Topic) -> str:
        """A one-line answer to an off-topic question."""
        return self.pick("topic", _TOPICS[topic])

    def redirect(self) -> str:
        """A polite refusal to leave the role or reveal instructions."""
        return self.pick("redirect", _REDIRECTS)

    def boundary(self) -> str:
        """A calm, brief boundary for a sexual or harassing message: never cheerful, never flirty."""
        return self.pick("boundary", _BOUNDARIES)

    def leaving_check(self) -> str:
        """A goodbye word heard inside a longer answer on a call (a name misheard): ask before ending."""
        return "Sorry, did you want to end the call? If so, just say yes."

    def take_time(self) -> str:
        """For someone who asks for a moment ("ok wait", "hold on")."""
        return self.pick("take-time", _TAKE_TIME)

    def need(self, asking: str) -> str:
        """Why a refused field is needed."""
        what = _FIELD_WORDS.get(asking, "details")
        return self.pick(
            "need",
            (f"I understand. We do need your {what} to add you to the waitlist.",
             f"I understand. The waitlist needs your {what} so we can reach you about early access."),
        )  # fmt: skip

    def surname_wanted(self, word: str = "") -> str:
        """After "it's good" or "that's ok" to "And your last name?": neither a surname nor a yes. The waitlist
        needs one, and a person with only one name can say so (then Knotty goes on with it). Said again, the
        `word` may be the surname after all (Earnest Good): asked for spelled, never taken unasked."""
        if word:
            return (
                f"I'll need a last name for the waitlist. If your last name is {word}, please spell it for me, "
                "letter by letter. If you only have one name, just tell me."
            )
        return self.pick(
            "surname-wanted",
            ("I'll need a last name for the waitlist. If you only have one name, just tell me.",
             "Just so I have it right: the waitlist needs a last name, unless you only have one name."),
        )  # fmt: skip

    def pleasantry_back(self, kind: str) -> str:
        """What is said back to "thanks" ("thanks") or "nice to meet you" ("met"), answered to the last name's
        question; nothing to a "nice" or "great" ("ok"), before the question again."""
        if kind == "thanks":
            return self.pick("welcome", ("You're welcome.", "My pleasure."))
        return "Likewise." if kind == "met" else ""

    def updated(self) -> str:
        """The saved entry was corrected."""
        return self.pick("updated", ("I've updated your details.", "Thanks, your details are updated."))

    def partial_phone(self, digits: str) -> str:
        """Some digits were heard; ask for the rest."""
        said = " ".join(digits.lstrip("+")) if self.spoken else digits
        return self.pick(
            "partial", (f"I've got {said} so far. Please go on.", f"Okay, {said}. And the rest?")
        )

    def partial_email(self, local: str) -> str:
        """The part before the @ was heard alone; ask for the part after it."""
        said = speak_email(local) if self.spoken else local
        # Asked, so that the next answer is read as the part after the at, not as the part before it
        # asked last ("Let's take your email in two parts. First, spell just the part before the at sign.").
        self.asked = self.pick(
            "partial-email",
            (
                f"I've got {said} so far. And after the at? Please spell it too.",
                f"Okay, {said}. What comes after the at sign? Please spell it too.",
            )
            if self.spoken
            else (
                f"I've got {said} so far. And what comes after the @?",
                f"Okay, {said}. What comes after the @ sign?",
            ),
        )
        return self.asked

    def where_at(self) -> str:
        """An address heard without its "at": ask for it in two parts (typed, with its @)."""
        if not self.spoken:
            return "I can't see the @ in that email address. Could you type it again, like name@example.com?"
        self.asked = self.pick(
            "where-at",
            (
                "I didn't catch where the at sign goes in your email. Could you spell just the part before the at?",
                "I missed the at sign in your email. What's the part before the at? Please spell it.",
            ),
        )
        return self.asked

    def whole_email(self, email: str) -> str:
        """An address put together from two halves, read back whole."""
        said = speak_email(email) if self.spoken else email
        return f"So your email is {said}."

    def no_caller_number(self) -> str:
        """The person said "this number" but the channel does not know it."""
        return "I'm sorry, I can't see the number you're reaching me from."

    def problem(self, reason: str) -> str:
        """A field was refused, with the reason."""
        return f"I'm sorry, {reason.rstrip('.')}."

    def recheck(self, fields: Sequence[str]) -> str:
        """A field has to be asked again without a reason fit to repeat."""
        return f"I want to make sure I have your {_join(fields)} exactly right."

    def no_extension(self) -> str:
        """An extension was given: the waitlist keeps the number alone."""
        return self.pick(
            "extension",
            ("I can only save the number itself, without an extension.",
             "I'll keep just the number; I can't add an extension."),
        )  # fmt: skip

    def digit_fix(self) -> str:
        """A single digit was corrected: the whole number is asked for, to hear it exactly."""
        return "Thanks for catching that. To get it exactly right, I'll take the whole number again."

    # --- outcomes ----------------------------------------------------------------------------

    def saved(self, first: str | None) -> str:
        """The entry was saved."""
        name = f", {first}" if first else ""
        return self.pick(
            "saved",
            (f"You're all set{name}! You're on the MasseurMatch early-access waitlist.",
             f"Done{name}! You're now on our early-access waitlist.",
             f"Wonderful{name}, you're on the MasseurMatch early-access list."),
        )  # fmt: skip

    def sms_sent(self) -> str:
        """The confirmation text was requested."""
        return self.pick(
            "sms-sent",
            ("Great, a confirmation text is on its way.", "Perfect, I'll text you a confirmation."),
        )

    def sms_failed(self) -> str:
        """The confirmation text could not be requested."""
        return "I wasn't able to send the text, but you're all set on the list."

    def goodbye(self, first: str | None, *, joined: bool = True) -> str:
        """Goodbye after a completed signup; not `joined` when it was kept apart for the team to check."""
        name = f", {first}" if first else ""
        if not joined:
            return f"Thank you{name}, and have a wonderful day. Goodbye!"
        return self.pick(
            "bye",
            (f"Thanks for joining MasseurMatch{name}. Have a wonderful day!",
             f"Thank you{name}, and have a great day. Goodbye!",
             f"We'll be in touch soon{name}. Take care!"),
        )  # fmt: skip

    def goodbye_unsaved(self) -> str:
        """Goodbye to someone who leaves before signing up."""
        return self.pick(
            "bye-left",
            ("No problem. If you'd like to join later, we'd love to have you. Take care!",
             "Understood. Thanks for your time, and have a good day. Goodbye!",
             "All right. You're welcome to come back anytime to join the waitlist. Goodbye!"),
        )  # fmt: skip

    def start_over(self, *, saved: bool = False) -> str:
        """The person asked to start over: what was collected is forgotten (a saved entry is updated)."""
        if saved:
            return "Sure, let's start over. I'll take your details again and update your signup."
        return self.pick(
            "start-over",
            (
                "Sure, let's start over. I've cleared what I had.",
                "No problem, let's start again from the top.",
            ),
        )

    def goodbye_questions(self) -> str:
        """Goodbye to someone who kept asking questions and never answered one: no blame, a way back."""
        later = "call us back" if self.spoken else "message us again"
        return (
            f"I'll stop here for now so I don't keep you. You're welcome to {later} anytime to join the "
            "waitlist. Goodbye!"
        )

    def goodbye_removal(self) -> str:
        """Goodbye to someone asking to be taken off the list: what is true, and who can do it."""
        return (
            "I'm not able to remove anyone from the waitlist here, so nothing has been changed or deleted. "
            "The MasseurMatch team can remove your details if you contact them. Take care!"
        )

    def goodbye_silent(self) -> str:
        """Goodbye after too long a silence."""
        if self.spoken:
            return "I can't seem to hear you, so I'll end the call here. Feel free to call back anytime. Goodbye!"
        return "I'll close this chat for now. Message us anytime to join the waitlist. Goodbye!"

    def texted(self, asking: str, *, last: bool = True) -> str:
        """The call ends: the rest happens by text (`knotty.handoff`); `last`: nothing else is missing."""
        what = HANDOFF_FIELDS.get(asking, "details")
        then = "you're all set" if last else "we'll finish your signup there"
        return f"I've just texted you; reply there with your {what} and {then}. Thanks, and goodbye for now!"

    def text_failed(self) -> str:
        """The text to finish by typing could not be sent: the call goes on."""
        return "I'm sorry, I couldn't send that text just now, so let's keep going here."

    def one_signup_each(self, *, saved: bool = True) -> str:
        """Someone else's signup asked for at the read-back or after the save: this person's details stay
        theirs, and the other person signs up in a conversation of their own (their details would
        otherwise change this signup)."""
        again = "call us again" if self.spoken else "start a new conversation with us"
        lead = "Your signup stays just as it is." if saved else "I'll keep these details as yours."
        return (
            f"{lead} I can take one person's signup per conversation, so once "
            f"we're done here, please {again} to sign them up too."
        )

    def one_at_a_time(self, other: str) -> str:
        """A second person named at a field question ("John Smith and my wife Ana Smith"): one signup per
        conversation, this person's first; the other gives their own details afterwards (never merged)."""
        return f"I can sign up one person per conversation, so let's do yours first; {other} can sign up separately afterwards."

    def signs_up_themselves(self, other: str) -> str:
        """The speaker asks to sign up someone else only ("I want to sign up my wife"): Knotty signs up the person
        it is talking with, with their own details; the other person joins on their own, and the speaker may."""
        how = "call us" if self.spoken else "start a chat with us"
        talking = "speaking" if self.spoken else "chatting"
        return (
            f"I can only sign up the person I'm {talking} with, with their own details, so {other} is welcome to "
            f"{how} to sign up. If you'd like to join the waitlist yourself, let's do yours."
        )

    def whose_name(self, name: str, *, told: bool = False) -> str:
        """A name said without "I'm" after the speaker asked to sign up someone else: whose it is, asked once
        (``told``: the same reply has just said that Knotty signs up only the person it is talking with)."""
        if told:
            return f"Just to check: is {name} your own name?"
        talking = "speaking" if self.spoken else "chatting"
        return (
            f"Just to check, since I can only sign up the person I'm {talking} with: is {name} your own name?"
        )

    def own_details_only(self, other: str) -> str:
        """Someone else's details given ("her name is Ana Smith"): none taken, the person's own asked for."""
        how = "call us" if self.spoken else "start a chat with us"
        talking = "speaking" if self.spoken else "chatting"
        return (
            f"I can only take the details of the person I'm {talking} with, so {other} is welcome to {how} "
            "to sign up. If you'd like to join yourself, I'll need your own details."
        )

    def other_can_join(self, other: str) -> str:
        """After the save, to a person who named someone else to sign up: how that person joins."""
        again = "call us" if self.spoken else "start a new conversation with us"
        return f"{other[:1].upper()}{other[1:]} is welcome to {again} too, to sign up separately."

    def text_goes_to_entry(self, phone: str) -> str:
        """The text asked for at another number: it goes only to the number on the signup, which changes
        only if it is not theirs (a text to someone else's phone would be a stranger's)."""
        said = speak_phone(phone) if self.spoken else written_phone(phone)
        return (
            f"I can only send the confirmation to the number on your signup, {said}. "
            "If that number isn't yours, tell me your own number and I'll update your signup."
        )

    def declined_sms(self) -> str:
        """The person does not want the confirmation text."""
        return self.pick("no-sms", ("No problem.", "That's fine.", "Of course."))

    def spanish(self) -> str:
        """Said once, in Spanish, to a person speaking Spanish: Knotty can only help in English for now, and how
        else they can join. On a call: MasseurMatch's website, or a text to the number they called (the
        same number takes texts); in writing: in English, with a translator if need be."""
        return SPANISH_NOTE_SPOKEN if self.spoken else SPANISH_NOTE_WRITTEN

    def spanish_again(self) -> str:
        """To more Spanish, once told (`spanish`): briefly, in Spanish, then the question again in English."""
        return SPANISH_AGAIN

    def spanish_goodbye(self) -> str:
        """The end of a call or chat that stayed in Spanish: nothing was saved; how to join another way."""
        return SPANISH_GOODBYE_SPOKEN if self.spoken else SPANISH_GOODBYE_WRITTEN


def spoken_readback(slots: dict[str, str], spelled: Sequence[str] = ()) -> dict[str, str]:
    """The read-back's sentence for each field, as said on a call, in reading order. The words of the name the
    person `spelled` are spelled again: "Denelder" said by a voice sounds like "den Elder", and a caller could
    say yes to a spelling they never gave."""
    role = slots["role"]
    article = "an" if role[0] in "aeiou" else "a"
    return {
        "full_name": f"Your name is {slots['full_name']}{_spelled_again(slots['full_name'], spelled)}.",
        "phone": f"Your phone number is {speak_phone(slots['phone'])}.",
        "email": f"Your email is {speak_email(slots['email'])}.",
        "role": f"And you're joining as {article} {role}.",
    }


_NOT_WORD = re.compile(r"[\W_]+")


def _plain_words(text: str) -> str:
    """`text` as words only, folded for case: what was heard is compared word for word, not by punctuation
    or spacing (a voice service may hand back its own)."""
    return " " + _NOT_WORD.sub(" ", text.casefold()).strip() + " "


def _spelled_again(name: str, spelled: Sequence[str]) -> str:
    """ ", spelled d e n e l d e r" for the words of ``name`` the person spelled (a run of letters may cover
    more than one word: "den Elder"), else nothing."""
    if not spelled:
        return ""
    words = [_plain_letters(w) for w in name.split()]
    runs: list[str] = []
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            run = "".join(words[i:j])
            if run in spelled and run not in runs:
                runs.append(run)
                break
    return "".join(f", spelled {' '.join(run)}" for run in runs)


def _plain_letters(word: str) -> str:
    """The letters of ``word`` as they are spelled aloud: lower case, no accents, hyphens or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


def unheard_fields(slots: dict[str, str], heard: str, *, spelled: Sequence[str] = ()) -> tuple[str, ...]:
    """The fields of a spoken read-back whose sentence is not whole in what the person `heard` before
    cutting in (all four when they heard none): a yes does not confirm those."""
    said = _plain_words(heard)
    parts = spoken_readback(slots, spelled).items()
    return tuple(name for name, part in parts if _plain_words(part) not in said)
