"""What real visitors do to the chat in Chromium: type ahead, meet a failing proxy or a dead link, use a small phone.

Each visitor is generated (Faker names in several locales, a phonenumbers example number), and what
they see is checked the way they would see it: the lines in the chat, what is left in the message
box, and after a reload the conversation as the server stored it (no line lost, none twice).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path

import httpx
import phonenumbers
import pytest
from faker import Faker
from playwright.async_api import Browser, Page, Route, ViewportSize, expect
from playwright.async_api import Error as PlaywrightError

from tests.conftest import new_database_url
from tests.web.conftest import bubbles, web_app
from web.wording import EXPIRED, TOO_MANY_CHATS

pytestmark = pytest.mark.browser

DESKTOP: ViewportSize = {"width": 1024, "height": 700}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
PROXY_PAGES = [
    (502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
     "</h1></center><hr><center>nginx</center></body></html>"),
    (504, "text/plain", "upstream request timeout"),
    (500, "text/plain", "Internal Server Error"),
]  # fmt: skip
PROXY_WORDS = ("Bad Gateway", "nginx", "upstream request timeout", "Internal Server Error")


@dataclass(frozen=True)
class Visitor:
    name: str
    phone: str


def _visitor(locale: str) -> Visitor:
    """A generated person: a Faker name of `locale` and the US example mobile, as typed."""
    fake = Faker(locale)
    fake.seed_instance(4)
    number = phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE)
    assert number is not None
    phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return Visitor(f"{fake.first_name()} {fake.last_name()}", phone)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await new_database_url("sqlite", tmp_path, None, None)


async def _stored_lines(page: Page, base: str, who: str) -> list[str]:
    """The visitor's (`user`) or Knotty's (`bot`) lines as the server stored them, read by reloading."""
    await page.goto(base + "/")
    return bubbles(await page.content(), who)


@pytest.mark.parametrize("locale", ["en_US", "pt_BR"])
async def test_what_a_visitor_types_while_knotty_answers_is_kept_and_sent_next(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, locale: str
) -> None:
    person = _visitor(locale)
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=DESKTOP)
        page = await context.new_page()
        await page.goto(base + "/")
        release = asyncio.Event()

        async def slow(route: Route) -> None:
            await release.wait()
            await route.continue_()

        await page.route("**/chat/message", slow)
        box = page.locator("#knotty-input")
        await box.focus()
        await page.keyboard.type(person.name)
        await page.keyboard.press("Enter")
        await expect(page.locator(".msg-pending")).to_have_text(person.name)
        await page.keyboard.type(person.phone)  # the next answer, typed while Knotty is still answering
        await page.keyboard.press("Enter")  # too soon: it waits in the box, it is not sent twice or lost
        await expect(box).to_have_value(person.phone)
        release.set()
        await expect(page.locator("#messages .msg-bot")).to_have_count(2)
        await page.unroute("**/chat/message")
        await expect(box).to_have_value(person.phone)
        await expect(box).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.locator("#messages .msg-bot")).to_have_count(3)
        await expect(box).to_have_value("")

        assert await _stored_lines(page, base, "user") == [person.name, person.phone]
        await context.close()


@pytest.mark.parametrize(("status", "content_type", "body"), PROXY_PAGES, ids=["502", "504", "500"])
async def test_an_error_page_from_a_proxy_is_not_shown_and_the_message_can_be_sent_again(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, status: int, content_type: str, body: str
) -> None:
    person = _visitor("de_DE")
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=DESKTOP)
        page = await context.new_page()
        await page.goto(base + "/")
        await page.route(
            "**/chat/message",
            lambda route: route.fulfill(status=status, content_type=content_type, body=body),
        )
        box = page.locator("#knotty-input")
        await box.fill(person.name)
        await box.press("Enter")
        notice = page.locator("#messages .msg-notice")
        await expect(notice).to_have_text("Something went wrong on our side. Please send your message again.")
        await expect(notice).to_have_attribute("role", "status")
        shown = await page.locator("#knotty").inner_text()
        assert not [words for words in PROXY_WORDS if words in shown], shown
        await expect(box).to_have_value(person.name)  # kept, to send again
        await expect(box).to_be_focused()

        await page.unroute("**/chat/message")
        await box.press("Enter")
        await expect(page.locator("#messages .msg-bot")).to_have_count(2)
        assert await _stored_lines(page, base, "user") == [person.name]
        await context.close()


async def test_an_answer_that_never_comes_times_out_and_sending_again_is_answered_once(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser
) -> None:
    person = _visitor("es_MX")
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=DESKTOP)
        page = await context.new_page()
        await page.goto(base + "/")
        await expect(page.locator("#messages .msg-bot")).to_have_count(1)
        timeout_ms = await page.evaluate("htmx.config.timeout")
        assert 10_000 <= timeout_ms <= 30_000, "a lost answer is given up on, after longer than a turn takes"
        await page.evaluate("htmx.config.timeout = 1500")  # the same, sooner: the test need not wait
        late = asyncio.Event()

        async def answered_too_late(route: Route) -> None:
            response = await route.fetch()  # the server takes and answers the turn...
            await late.wait()  # ...but the answer arrives after the browser gave up
            with contextlib.suppress(PlaywrightError):  # the browser dropped the request: nothing to fulfil
                await route.fulfill(response=response)

        await page.route("**/chat/message", answered_too_late)
        box = page.locator("#knotty-input")
        await box.fill(person.name)
        await box.press("Enter")
        notice = page.locator("#messages .msg-notice")
        await expect(notice).to_contain_text("couldn't reach the server", timeout=6000)
        await expect(box).to_have_value(person.name)
        await expect(box).to_be_editable()
        await expect(page.locator("button.send")).to_be_enabled()
        await expect(page.locator("#typing")).to_be_hidden()
        late.set()
        await page.unroute("**/chat/message")

        await box.press("Enter")  # sent again: the stored answer, not a second turn
        await expect(page.locator("#messages .msg-bot")).to_have_count(2)
        await expect(page.locator("#messages .msg-user")).to_have_count(1)
        assert await _stored_lines(page, base, "user") == [person.name]
        assert len(await _stored_lines(page, base, "bot")) == 2
        await context.close()


SMALLEST_PHONE: ViewportSize = {"width": 320, "height": 568}
INSIDE = """() => [...document.querySelectorAll("body *")].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5);
}).map(e => e.tagName.toLowerCase() + "." + e.className)"""
APART = """([a, b]) => {
  const x = document.querySelector(a).getBoundingClientRect(), y = document.querySelector(b).getBoundingClientRect();
  return x.right <= y.left || y.right <= x.left || x.bottom <= y.top || y.bottom <= x.top;
}"""


@pytest.mark.parametrize("mobile", [True, False], ids=["phone", "narrow-window"])
async def test_the_home_page_fits_a_320_pixel_screen(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, mobile: bool
) -> None:
    person = _visitor("fr_FR")
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(
            viewport=SMALLEST_PHONE, is_mobile=mobile, has_touch=mobile
        )
        page = await context.new_page()
        await page.goto(base + "/")
        await expect(page.locator("#messages .msg-bot")).to_have_count(1)
        assert await page.evaluate("window.innerWidth") == 320, "a phone does not zoom the page out to fit it"
        assert await page.evaluate(FITS), "no sideways scrolling"
        assert await page.evaluate(INSIDE) == [], "nothing cut off at the right edge"
        assert await page.evaluate(APART, [".brand", ".pill"]), "the header's name and badge do not overlap"
        for text in [person.name, person.phone]:
            bot = page.locator("#messages .msg-bot")
            before = await bot.count()
            await page.fill("#knotty-input", text)
            await page.press("#knotty-input", "Enter")
            await expect(bot).to_have_count(before + 1)
        assert await page.evaluate(FITS)
        assert await page.evaluate(INSIDE) == []
        await context.close()


RIGHT_TO_LEFT = "el => el.matches(':dir(rtl)') && getComputedStyle(el).direction === 'rtl'"


@pytest.mark.parametrize("locale", ["ar_SA", "he_IL", "fa_IR"])
async def test_a_name_in_arabic_or_hebrew_script_reads_right_to_left(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, locale: str
) -> None:
    fake = Faker(locale)
    fake.seed_instance(11)
    name = f"{fake.first_name()} {fake.last_name()}"
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=DESKTOP)
        page = await context.new_page()
        await page.goto(base + "/")
        box = page.locator("#knotty-input")
        await box.fill(name)
        assert await box.evaluate(RIGHT_TO_LEFT), "the box shows what is typed right to left"
        await box.press("Enter")
        await expect(page.locator("#messages .msg-bot")).to_have_count(2)
        line = page.locator("#messages .msg-user").last
        assert await line.evaluate(RIGHT_TO_LEFT), "so does the visitor's line"
        await page.reload()
        line = page.locator("#messages .msg-user").last
        await expect(line).to_contain_text(name)
        assert await line.evaluate(RIGHT_TO_LEFT), "and after a reload"
        reply = page.locator("#messages .msg-bot").last
        assert await reply.evaluate("el => el.matches(':dir(ltr)')"), "Knotty's English stays left to right"
        await context.close()


async def _use_up_new_chats(base: str) -> None:
    """Thirty cookie-less page views from the visitor's address: the new-chat limit (web.ratelimit) is reached."""
    async with httpx.AsyncClient(base_url=base) as http:
        for _ in range(30):
            http.cookies.clear()  # each view a new visitor
            await http.get("/")


@pytest.mark.parametrize("refusal", ["page-left-open", "too-many-new-chats"])
async def test_a_refused_start_over_keeps_the_chat_on_screen_with_the_notice(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, refusal: str
) -> None:
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(viewport=DESKTOP)
        page = await context.new_page()
        await page.goto(base + "/")
        for text in ("bye, not interested", "no, goodbye"):
            if await page.locator("#knotty-input").count():
                bot = page.locator("#messages .msg-bot")
                before = await bot.count()
                await page.fill("#knotty-input", text)
                await page.press("#knotty-input", "Enter")
                await expect(bot).to_have_count(before + 1)
        lines = await page.locator("#messages .msg").count()
        if refusal == "page-left-open":  # its form token is from hours ago
            await page.evaluate(
                "document.querySelector('#composer input[name=csrf]').value = 'from-hours-ago'"
            )
        else:
            await _use_up_new_chats(base)
        await page.get_by_role("button", name="Start over").click()
        notice = page.locator("#messages .msg-notice")
        await expect(notice).to_have_count(1)
        await expect(notice).to_have_text(EXPIRED if refusal == "page-left-open" else TOO_MANY_CHATS)
        await expect(page.locator(".knotty-head")).to_be_visible()
        assert await page.locator("#messages .msg").count() == lines + 1, "the conversation stays on screen"
        await expect(page.get_by_role("button", name="Start over")).to_be_visible()  # to try again
        await context.close()
