"""Where focus goes, and what stays on screen, when the chat ends in another tab or "Start over" and
sending go wrong, for a visitor in Chromium using the keyboard (or a screen reader, which follows focus).

Generated people (Faker names and emails in several locales, phonenumbers' example numbers). What is
checked is what they would notice: which control has focus, whether Knotty's lines show once, how many
new chats a double press starts, and how many times the same failure notice is on screen.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import phonenumbers
import pytest
from faker import Faker
from playwright.async_api import Browser, Page, Route, ViewportSize, expect

from tests.conftest import new_database_url
from tests.web.chat_page import chat_lines, say
from tests.web.conftest import web_app

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
UNREACHABLE = "I couldn't reach the server. Please check your connection and send it again."
BROKEN = "Something went wrong on our side. Please send your message again."
RESTART_UNREACHABLE = "I couldn't reach the server. Please check your connection and press Start over again."
RESTART_BROKEN = "Something went wrong on our side. Please press Start over again."
FOCUSED = "(() => { const e = document.activeElement; return e && e !== document.body ? e.id : null })()"


def _person(locale: str, region: str, seed: int) -> list[str]:
    """A signup's answers up to confirming the read-back."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert number is not None
    phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    name = f"{fake.first_name()} {fake.last_name()}"
    return [name, phone, fake.free_email(), "I'm a client", "yes"]


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await new_database_url("sqlite", tmp_path, None, None)


async def _sign_up(page: Page, answers: list[str]) -> None:
    """Answer every question and confirm; decline the confirmation text when it is offered (a number
    Knotty can't text ends the chat at once)."""
    for text in answers:
        await say(page, text)
    if await page.locator("#knotty-input").count():
        await say(page, "no thanks")
    await expect(page.get_by_role("button", name="Start over")).to_be_visible()


@pytest.mark.parametrize(
    ("locale", "region", "seed"), [("en_GB", "GB", 3), ("he_IL", "IL", 4), ("ko_KR", "KR", 5)]
)
async def test_a_chat_ended_in_another_tab_moves_focus_to_start_over(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, locale: str, region: str, seed: int
) -> None:
    """The visitor's cursor is in the message box of a tab that falls behind; the chat ends in another
    tab. Switched back, the tab shows the lines it missed once each and "Start over" in place of the box,
    with focus on it, not fallen to the page body (where a keyboard or screen-reader user is lost)."""
    answers = _person(locale, region, seed)
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        first = await context.new_page()
        await first.goto(base + "/")
        await say(first, answers[0])
        behind = await context.new_page()
        await behind.goto(base + "/")
        await behind.focus("#knotty-input")
        await first.bring_to_front()
        await _sign_up(first, answers[1:])
        await expect(first.get_by_role("button", name="Start over")).to_be_focused()

        await behind.bring_to_front()
        await behind.evaluate(
            "document.dispatchEvent(new Event('visibilitychange')); window.dispatchEvent(new Event('focus'))"
        )
        await expect(behind.get_by_role("button", name="Start over")).to_be_visible()
        await expect(behind.get_by_role("button", name="Start over")).to_be_focused()
        assert await behind.evaluate(FOCUSED) == "knotty-restart"
        shown = await chat_lines(behind)
        assert shown == await chat_lines(first), "each missed line shows once, in order"
        await context.close()


async def test_start_over_pressed_twice_on_a_slow_link_starts_one_chat(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser
) -> None:
    """Pressing "Start over", and again while the answer is slow to come: the button shows it is
    working (disabled), one new chat comes, and focus is in its message box, with no error notice."""
    answers = _person("fr_FR", "FR", 8)
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(base + "/")
        await _sign_up(page, answers)
        sent: list[str] = []

        async def slow_link(route: Route) -> None:
            sent.append(route.request.url)
            await asyncio.sleep(1.5)
            await route.continue_()

        await page.route("**/chat/restart", slow_link)
        start_over = page.get_by_role("button", name="Start over")
        await start_over.focus()
        await page.keyboard.press("Enter")
        await expect(start_over).to_be_disabled()
        await page.keyboard.press("Enter")  # pressed again: nothing more is sent
        await start_over.dblclick(force=True)
        await expect(page.locator("#knotty-input")).to_be_focused(timeout=10_000)
        await asyncio.sleep(0.5)  # anything queued would have gone out by now
        assert len(sent) == 1
        await expect(page.locator("#messages .msg-bot")).to_have_count(1)
        await expect(page.locator("#messages .msg-user")).to_have_count(0)
        await expect(page.locator("#messages .msg-notice")).to_have_count(0)
        await context.close()


async def _offline(route: Route) -> None:
    await route.abort("internetdisconnected")


async def _proxy_error(route: Route) -> None:
    await route.fulfill(status=502, content_type="text/plain", body="Bad Gateway")


@pytest.mark.parametrize(
    ("failure", "notice", "restart_notice"),
    [(_offline, UNREACHABLE, RESTART_UNREACHABLE), (_proxy_error, BROKEN, RESTART_BROKEN)],
    ids=["offline", "502"],
)
async def test_the_same_failure_on_every_try_shows_its_notice_once(
    sqlite_url: str,
    tmp_path: Path,
    launch_chromium: Browser,
    failure: object,
    notice: str,
    restart_notice: str,
) -> None:
    """The server can't be reached for a while: each try of a message (and of "Start over") fails the
    same way, and the chat shows that notice once, not one line per try; a failed "Start over" asks
    for another press, not for a message that was never sent."""
    answers = _person("ar_EG", "EG", 13)
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(base + "/")
        notices = page.locator("#messages .msg-notice")
        await page.route("**/chat/*", failure)  # type: ignore[arg-type]
        await page.fill("#knotty-input", answers[0])
        for _try in range(3):
            await page.press("#knotty-input", "Enter")
            await expect(page.locator("#knotty-input")).to_have_value(answers[0])
        await expect(notices).to_have_text([notice])
        await page.unroute("**/chat/*")
        await _sign_up(page, answers)
        await page.route("**/chat/restart", failure)  # type: ignore[arg-type]
        start_over = page.get_by_role("button", name="Start over")
        for _try in range(3):
            await start_over.click()
            await expect(start_over).to_be_enabled()
        await expect(notices).to_have_text([restart_notice])
        await expect(start_over).to_be_focused()
        await context.close()
