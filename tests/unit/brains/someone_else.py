"""A speaker signing up with someone else in the conversation (a partner, a child, a friend): the helpers
the couple tests share (`test_scripted_signing_up_someone_else`, `test_scripted_whose_name_after_...`)."""

from __future__ import annotations

import unicodedata

from knotty.state import Modality
from tests.unit.brains.conftest import Reply, Talk

__all__ = ["NUMBER", "RELATIONS", "email_for", "finish", "plain", "talk"]

RELATIONS = ("wife", "husband", "partner", "son", "daughter", "mom", "friend")
NUMBER = "+14155550100"


def plain(text: str) -> str:
    """Lower case without accents, as a recogniser writes a name."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def talk(spoken: bool) -> Talk:
    return Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number=NUMBER, silence_limit=3)


def email_for(name: str, *, spoken: bool) -> str:
    local = ".".join(plain(w) for w in name.split())
    return f"{local.replace('.', ' dot ')} at example dot com" if spoken else f"{local}@example.com"


async def finish(t: Talk, replies: list[Reply], me: str, *, spoken: bool) -> list[Reply]:
    """Answer Knotty's questions as ``me`` until the save is confirmed and the text declined."""
    for _ in range(8):
        low = replies[-1].text.lower()
        if replies[-1].end or (t.saves and "text" in low):
            break
        if "own name" in low or "correct" in low or "right?" in low:
            said = "yes"
        elif "last name" in low and "first and last" not in low:
            said = me.rsplit(maxsplit=1)[-1]
        elif "name" in low:
            said = me
        elif "phone" in low:
            said = "this number"
        elif "email" in low:
            said = email_for(me, spoken=spoken)
        else:
            said = "client"
        replies.append(await t.say(plain(said) if spoken else said))
    return replies
