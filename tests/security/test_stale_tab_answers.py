"""Two tabs of one chat, each answering the question it shows, over real HTTP as htmx posts them.

Both tabs share the session cookie and so the conversation. A "yes" means yes to the question on the
screen: said in a tab still showing the read-back after the other tab confirmed it, it must not be
taken as a yes to the confirmation text that tab never showed (a text the person never agreed to), nor
answer in the other tab's place. The stale tab is shown what it missed, with its message back in the
box to send again, and nothing is stored or sent for it.
"""

from __future__ import annotations

import asyncio
import html
import secrets
import unicodedata
from pathlib import Path

import httpx
import phonenumbers
import pytest
from faker import Faker

from app.runtime import Runtime
from tests.support.notifiers import RecordingNotifier
from tests.web.conftest import WebVisitor, bubbles, web_app

LOCALES = ("en_US", "en_CA", "fr_CA", "es_MX")


def _signup(locale: str, seed: int) -> list[str]:
    """A person's four answers up to the read-back: a Faker name, their email, a US mobile."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    first, last = fake.first_name(), fake.last_name()
    example = phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    phone = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    local = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode()
    email = f"{local.lower().replace(' ', '')}@{fake.free_email_domain()}"
    return [f"{first} {last}", phone, email, "I'm a client"]


async def _tabs_at_the_read_back(
    http: httpx.AsyncClient, answers: list[str]
) -> tuple[WebVisitor, WebVisitor]:
    first, second = WebVisitor(http), WebVisitor(http)
    await first.open("/")
    for text in answers:
        await first.say(text)
    await second.open("/")  # the same chat in a second tab, showing the read-back
    assert second.last is not None and answers[2] in " ".join(bubbles(second.last.text))  # the read-back
    return first, second


def _texts(runtime: Runtime) -> list[int]:
    """The entries whose confirmation text was asked for."""
    notifier = runtime.agent.notifier
    assert isinstance(notifier, RecordingNotifier)
    return notifier.requested


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_yes_from_a_tab_still_at_the_read_back_is_not_a_yes_to_the_text(
    database_url: str, tmp_path: Path, locale: str
) -> None:
    answers = _signup(locale, 1607)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = await _tabs_at_the_read_back(http, answers)
        saved = await first.say("yes")
        offer = " ".join(bubbles(saved.text)).lower()
        assert "text" in offer, "the first tab is offered the confirmation text"
        stale = await second.say("yes")
        assert _texts(runtime) == [], "no text for a yes said to the read-back"
        assert stale.status_code == 409
        assert "wasn't sent" in html.unescape(stale.text), "the tab says its message was not sent"
        assert offer in " ".join(bubbles(stale.text)).lower(), (
            "the stale tab is shown the offer it had not seen"
        )
        assert bubbles(stale.text, "user") == ["yes"], "the other tab's yes, and not its own as sent"
        again = await second.say("yes")  # now it has seen the offer: its yes is one
        assert any(w in " ".join(bubbles(again.text)).lower() for w in ("on its way", "text you"))
        assert len(_texts(runtime)) == 1


async def test_a_no_from_a_stale_tab_does_not_replace_the_other_tabs_answer(
    database_url: str, tmp_path: Path
) -> None:
    answers = _signup("en_US", 1608)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = await _tabs_at_the_read_back(http, answers)
        await first.say("yes")
        await second.say("no")  # meant for the read-back, never for the text offer
        accepted = await first.say("yes please")  # the first tab's own answer to the offer it shows
        assert any(w in " ".join(bubbles(accepted.text)).lower() for w in ("on its way", "text you"))
        assert len(_texts(runtime)) == 1
        [entry] = await runtime.store.list_entries()
    assert entry.full_name == answers[0]


async def test_without_javascript_the_stale_tab_gets_the_page_with_its_message_in_the_box(
    database_url: str, tmp_path: Path
) -> None:
    answers = _signup("es_MX", 1609)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = await _tabs_at_the_read_back(http, answers)
        await first.say("yes", htmx=False)
        stale = await second.say("yes please", htmx=False)
        assert stale.status_code == 409 and _texts(runtime) == []
        assert 'value="yes please"' in stale.text, "the message is back in the box"
        assert "text" in bubbles(stale.text)[-1].lower(), "the page ends with the offer the tab had not seen"
        assert (await second.say("yes please", htmx=False)).status_code == 200
        assert len(_texts(runtime)) == 1


async def test_two_tabs_saying_yes_at_once_at_the_read_back_send_no_text(
    database_url: str, tmp_path: Path
) -> None:
    """Both posts were written against the read-back: the one answered second finds the other's turn
    stored (under the agent's lock, or as a conflict on its write from another process) and is shown it."""
    answers = _signup("fr_CA", 1610)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = await _tabs_at_the_read_back(http, answers)
        replies = await asyncio.gather(first.say("oui, yes"), second.say("yes"))
        assert sorted(r.status_code for r in replies) == [200, 409]
        assert _texts(runtime) == []
        [entry] = await runtime.store.list_entries()
        assert entry.email == answers[2]


async def test_a_yes_typed_again_after_a_lost_answer_is_not_a_yes_to_the_text(
    database_url: str, tmp_path: Path
) -> None:
    """One tab: its "yes" to the read-back was saved, but the answer (the text's offer) never reached the
    browser. Typed again differently ("yes please", so a new message with a turn token of its own), it
    was taken as a yes to the offer the person never saw."""
    answers = _signup("en_CA", 1611)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        tab = WebVisitor(http)
        await tab.open("/")
        for text in answers:
            await tab.say(text)
        fields = {**tab.fields, "view": tab.view, "text": "yes"}
        lost = await http.post("/chat/message", data=fields, headers={"HX-Request": "true"})
        assert lost.status_code == 200  # stored and answered, but the browser never got it
        again = await tab.say("yes please", turn=secrets.token_urlsafe(16))
        assert again.status_code == 409 and _texts(runtime) == []
        assert "text" in bubbles(again.text)[-1].lower(), "the offer it missed is shown"
