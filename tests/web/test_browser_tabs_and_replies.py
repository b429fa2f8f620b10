"""A visitor in Chromium with two tabs of the chat, a half-typed draft and a flaky connection.

Generated people (Faker names in several locales, phonenumbers' example numbers). What is checked is
what they would see: the lines in each tab against the conversation as the server stored it, what is
left in the message box after a quick reply, and whether an old "couldn't reach the server" notice is
still on screen once sending works again.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import phonenumbers
import pytest
from faker import Faker
from playwright.async_api import Browser, Page, Route, ViewportSize, expect
from playwright.async_api import Error as PlaywrightError

from tests.conftest import new_database_url
from tests.web.chat_page import chat_lines, say, say_after_catching_up
from tests.web.conftest import web_app

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
UNREACHABLE = "I couldn't reach the server. Please check your connection and send it again."
BROKEN = "Something went wrong on our side. Please send your message again."


def _person(locale: str, region: str) -> tuple[str, str, str]:
    fake = Faker(locale)
    fake.seed_instance(21)
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert number is not None
    phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{fake.first_name()} {fake.last_name()}", phone, fake.free_email()


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await new_database_url("sqlite", tmp_path, None, None)


@pytest.mark.parametrize(("locale", "region"), [("en_US", "US"), ("de_DE", "DE"), ("pt_BR", "BR")])
async def test_two_tabs_of_one_chat_show_each_others_lines_in_order(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, locale: str, region: str
) -> None:
    name, phone, email = _person(locale, region)
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        first = await context.new_page()
        await first.goto(base + "/")
        await say(first, name)
        second = await context.new_page()  # the same chat (same cookie) in another tab
        await second.goto(base + "/")
        await say(first, phone)
        await say_after_catching_up(second, email)  # it had not seen the phone's exchange
        stored = await context.new_page()
        await stored.goto(base + "/")
        assert await chat_lines(second) == await chat_lines(stored), (
            "the second tab shows the first tab's lines, in order"
        )
        await say_after_catching_up(first, "I'm a client")  # it had not seen the email's
        await stored.reload()
        assert await chat_lines(first) == await chat_lines(stored), "and the first tab the second's"
        await context.close()


async def _at_the_role_question(page: Page, name: str, phone: str, email: str) -> None:
    for text in (name, phone, email):
        await say(page, text)
    await expect(page.get_by_role("button", name="I'm a client")).to_be_visible()


@pytest.mark.parametrize("locale", ["en_US", "fr_FR", "ja_JP"])
async def test_a_quick_reply_leaves_what_was_typed_in_the_box(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, locale: str
) -> None:
    name, phone, email = _person(locale, "US")
    draft = Faker(locale).sentence()
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = await context.new_page()
        await page.goto(base + "/")
        await _at_the_role_question(page, name, phone, email)
        box = page.locator("#knotty-input")
        await box.fill(draft)
        bot = page.locator("#messages .msg-bot")
        before = await bot.count()
        await page.get_by_role("button", name="I'm a client").click()
        await expect(bot).to_have_count(before + 1)
        await expect(page.locator("#messages .msg-user").last).to_have_text("You said: I'm a client")
        await expect(box).to_have_value(draft)
        await context.close()


async def _offline(route: Route) -> None:
    await route.abort("internetdisconnected")


async def _proxy_error(route: Route) -> None:
    await route.fulfill(status=502, content_type="text/plain", body="Bad Gateway")


@pytest.mark.parametrize(
    ("failure", "notice"), [(_offline, UNREACHABLE), (_proxy_error, BROKEN)], ids=["offline", "502"]
)
async def test_a_failure_notice_goes_once_sending_works_again(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, failure: object, notice: str
) -> None:
    name, phone, email = _person("es_MX", "MX")
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(base + "/")
        notices = page.locator("#messages .msg-notice")
        await page.route("**/chat/message", failure)  # type: ignore[arg-type]
        await page.fill("#knotty-input", name)
        await page.press("#knotty-input", "Enter")
        await expect(notices).to_have_text([notice])
        await page.unroute("**/chat/message")
        await page.press("#knotty-input", "Enter")  # sent again: it goes through
        await expect(page.locator("#messages .msg-bot")).to_have_count(2)
        await expect(notices).to_have_count(0)

        # A quick reply that fails: its button stays to press again, the box keeps only what was typed.
        for text in (phone, email):
            await say(page, text)
        await page.fill("#knotty-input", name)
        await page.route("**/chat/message", failure)  # type: ignore[arg-type]
        await page.get_by_role("button", name="I'm a therapist").click()
        await expect(notices).to_have_text([notice])
        await expect(page.locator("#knotty-input")).to_have_value(name)
        await page.unroute("**/chat/message")
        bot = page.locator("#messages .msg-bot")
        before = await bot.count()
        await page.get_by_role("button", name="I'm a therapist").click()
        await expect(bot).to_have_count(before + 1)
        await expect(notices).to_have_count(0)
        await context.close()


async def test_a_tab_switched_back_to_shows_what_was_said_in_the_other_tab(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser
) -> None:
    name, phone, email = _person("it_IT", "IT")
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        first = await context.new_page()
        await first.goto(base + "/")
        second = await context.new_page()  # opened before anything was said
        await second.goto(base + "/")
        await first.bring_to_front()
        for text in (name, phone):
            await say(first, text)
        await second.bring_to_front()  # switched back to the second tab, without sending anything
        await second.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        await expect(second.locator("#messages .msg-user")).to_have_count(2)
        assert await chat_lines(second) == await chat_lines(first)
        await say(second, email)  # and it carries on in order
        stored = await context.new_page()
        await stored.goto(base + "/")
        assert await chat_lines(second) == await chat_lines(stored)
        await context.close()


@pytest.mark.parametrize("locale", ["en_US", "ja_JP"])
async def test_a_message_fixed_after_its_answer_was_lost_is_answered_for_what_it_says(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, locale: str
) -> None:
    """The answer to a message is lost on the way (the server took the turn), the visitor fixes a typo
    in the message that came back to the box and sends it: the chat must not show the fixed line with
    the stored answer to the first one, but both lines as the conversation stored them."""
    name, _phone, email = _person(locale, "US")
    fake = Faker(locale)
    fake.seed_instance(5)
    typo = email.replace("@", "@" + fake.lexify("??"), 1)
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(base + "/")
        await say(page, name)

        async def lost_on_the_way(route: Route) -> None:
            await route.fetch()  # the server takes and answers the turn...
            await route.abort("connectionreset")  # ...and the answer never reaches the browser

        await page.route("**/chat/message", lost_on_the_way)
        box = page.locator("#knotty-input")
        await box.fill(typo)
        await box.press("Enter")
        await expect(page.locator("#messages .msg-notice")).to_have_count(1)
        await expect(box).to_have_value(typo)
        await page.unroute("**/chat/message")
        await say_after_catching_up(page, email)  # the typo fixed: first shown Knotty's answer to it
        shown = await chat_lines(page)
        await page.reload()
        stored = await chat_lines(page)
        assert [line for line in stored if line.startswith("You said:")] == [
            f"You said: {text}" for text in (name, typo, email)
        ]
        assert shown == stored
        await context.close()


async def test_a_slow_catch_up_never_holds_back_a_message(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser
) -> None:
    """Switching back to the tab asks the server for lines said elsewhere; on a slow link that answer
    can take a while, and a message sent meanwhile must go at once, not be dropped."""
    name, phone, _email = _person("pl_PL", "PL")
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(base + "/")
        await say(page, name)
        asked = asyncio.Event()

        async def slow_link(route: Route) -> None:
            asked.set()
            await asyncio.sleep(3)
            with contextlib.suppress(PlaywrightError):
                await route.continue_()

        await page.route("**/chat/lines", slow_link)
        await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        await asyncio.wait_for(asked.wait(), 5)
        await say(page, phone)
        assert (await chat_lines(page))[-2] == f"You said: {phone}"
        await context.close()
