"""What the web chat itself says: its notices (an expired page, too long, too fast, the database away)
and the greeting a first-time visitor sees before anything is stored.

Everything else a visitor reads comes from the agent. Kept in one place, as the Twilio channels keep
theirs in `channels.wording`, so the copy can be reviewed (and translated) without reading the routes.
"""

from __future__ import annotations

from knotty import MAX_UTTERANCE_CHARS

__all__ = ["EXPIRED", "FOREIGN", "MISSED", "TOO_FAST", "TOO_LONG", "TOO_MANY_CHATS", "UNAVAILABLE", "WELCOME"]

EXPIRED = "This chat page has expired. Please reload the page to keep chatting."
FOREIGN = "This message came from another website, so it wasn't sent. Please use the chat on our own page."
MISSED = (
    "Meanwhile, the chat went on: here's what you missed. Your message wasn't sent, so it's back in the box "
    "to send again if it still fits."
)
"""A message written in a tab behind its chat (another tab answered, or the last answer never arrived)."""
TOO_LONG = f"That message is over {MAX_UTTERANCE_CHARS:,} characters. Please shorten it and send it again."
TOO_FAST = "You're sending messages faster than I can keep up. Please wait a moment and try again."
TOO_MANY_CHATS = "Lots of new chats are starting from your network right now. Please try again in a minute."
UNAVAILABLE = "Sorry, I can't chat right now. Please try again in a minute, or call or text us instead."

WELCOME = "Hi there, I'm Knotty, MasseurMatch's assistant. Let's get you on the early-access waitlist. What's your full name?"
"""What a first-time visitor's page shows before anything is stored (the offline brain's own greeting)."""
