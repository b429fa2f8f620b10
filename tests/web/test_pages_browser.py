"""The pages people look at (issue 16), in headless Chromium at phone (390x844) and desktop sizes.

The home page on a phone puts the chat on the first screen with its composer in view; the written
read-back is a card of four labelled lines with quick replies, and the end says "You're on the
waitlist"; the widget opens without console errors; the admin page fits a phone, pages and sorts
the waitlist, and lists who each recent conversation was.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from knotty.agent import Inbound
from knotty.state import Modality
from knotty.store import Store
from tests.conftest import new_database_url
from tests.support.live_server import free_port, serve
from tests.support.screen_size import ScreenSize
from tests.web.conftest import WebVisitor, web_app
from tests.web.test_browser import _partner_site

pytestmark = pytest.mark.browser

PHONE: ScreenSize = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP: ScreenSize = {"viewport": {"width": 1280, "height": 800}}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
TOKEN = "pages-admin-token-3b9d0e7a41c2"
IN_VIEW = """(sel) => {
  const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
}"""
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
CATCH_CSP = """document.addEventListener("securitypolicyviolation",
  e => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));"""


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await new_database_url("sqlite", tmp_path, None, None)


async def _say(page: Page, text: str) -> None:
    bot = page.locator("#messages .msg-bot")
    before = await bot.count()
    await page.fill("#knotty-input", text)
    await page.press("#knotty-input", "Enter")
    await expect(bot).to_have_count(before + 1)


async def _click_reply(page: Page, name: str) -> None:
    bot = page.locator("#messages .msg-bot")
    before = await bot.count()
    await page.get_by_role("button", name=name).click()
    await expect(bot).to_have_count(before + 1)


@SIZES
async def test_a_signup_by_quick_replies_shows_the_read_back_card_and_a_success_state(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, size: ScreenSize
) -> None:
    async with web_app(sqlite_url, tmp_path) as (base, runtime):
        context = await launch_chromium.new_context(**size)
        page = await context.new_page()
        await page.goto(base + "/")
        await expect(page.locator("#messages .msg-bot")).to_have_count(1)
        assert await page.evaluate(FITS)
        assert await page.evaluate(IN_VIEW, "#composer"), "the composer is on the first screen"
        assert await page.evaluate(IN_VIEW, ".knotty-head"), "so is the chat's top"

        for text in ["Jane Doe", "415 555 0100", "jane.doe@example.com"]:
            await _say(page, text)
        replies = page.locator(".quick-replies").last
        await expect(replies.get_by_role("button")).to_have_text(["I'm a therapist", "I'm a client"])
        await _click_reply(page, "I'm a therapist")
        await expect(page.get_by_role("button", name="I'm a therapist")).to_be_hidden()

        card = page.locator(".msg-readback .readback")
        await expect(card.locator("dt")).to_have_text(
            ["Name", "Phone", "Email", "Joining as"], use_inner_text=True
        )
        await expect(card.locator("dd")).to_have_text(
            ["Jane Doe", "+1 415-555-0100", "jane.doe@example.com", "a therapist"], use_inner_text=True
        )
        phone_lines = (
            await card.locator("dd")
            .nth(1)
            .evaluate(
                "dd => { const r = document.createRange(); r.selectNodeContents(dd.firstChild);"
                " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
            )
        )
        assert phone_lines == 1, "the phone number never breaks across lines"
        assert await page.evaluate(IN_VIEW, "#composer")
        await _click_reply(page, "Yes, that's right")
        [entry] = await runtime.store.list_entries()
        assert (entry.full_name, entry.phone, entry.role) == ("Jane Doe", "+14155550100", "therapist")

        await _say(page, "no thanks")
        await expect(page.locator(".knotty-success")).to_contain_text("You're on the waitlist")
        await expect(page.locator("#knotty-restart")).to_be_focused()
        assert await page.evaluate(IN_VIEW, "#knotty-restart"), "Start over stays on screen"
        await page.reload()  # the success state is the conversation's, not the last response's
        await expect(page.locator(".knotty-success")).to_contain_text("You're on the waitlist")
        await context.close()


async def test_a_conversation_that_ends_without_a_signup_says_so_without_success(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser
) -> None:
    async with web_app(sqlite_url, tmp_path) as (base, _runtime):
        context = await launch_chromium.new_context(**PHONE)
        page = await context.new_page()
        await page.goto(base + "/")
        await _say(page, "bye, not interested")
        if await page.locator("#knotty-restart").count() == 0:
            await _say(page, "no, goodbye")
        await expect(page.locator("#knotty-restart")).to_be_visible()
        await expect(page.locator(".knotty-success")).to_have_count(0)
        await expect(page.locator("#composer")).to_contain_text("This conversation has ended")
        await context.close()


@SIZES
async def test_the_widget_opens_without_console_errors(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, size: ScreenSize
) -> None:
    partner_port = free_port()
    allowed = f"http://localhost:{partner_port}"
    async with (
        web_app(sqlite_url, tmp_path, KNOTTY_ALLOWED_ORIGINS=allowed) as (base, _runtime),
        serve(_partner_site(f"{base}/widget.js"), port=partner_port),
    ):
        context = await launch_chromium.new_context(**size)
        await context.add_init_script(CATCH_CSP)
        page = await context.new_page()
        said: list[str] = []
        page.on(
            "console",
            lambda m: said.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: said.append(f"pageerror: {e}"))
        await page.goto(f"{allowed}/")
        await page.locator("knotty-chat-widget .launcher").click()
        chat = page.frame_locator("iframe[title='Chat with Knotty']")
        await expect(chat.locator("#messages .msg-bot")).to_have_count(1)
        await expect(chat.locator("#knotty-input")).to_be_focused()
        await asyncio.sleep(0.5)
        own = [
            s for s in said if "favicon" not in s and "status of 404" not in s
        ]  # the partner site has no icon
        assert own == [], "no postMessage to a frame still loading, no inline style refused"
        await context.close()


async def _seed(store: Store, count: int) -> None:
    for i in range(count):
        await store.save_entry(
            full_name=f"Person {i:02d} {'Zed' if i == 7 else 'Able'}",
            phone=f"+1415555{i:04d}",
            email=f"p{i:02d}@example.com",
            role="therapist" if i % 2 else "client",
            channel="web",
        )


async def _sign_in(page: Page, base: str) -> None:
    await page.goto(base + "/admin")
    await page.fill("#token", TOKEN)
    await page.press("#token", "Enter")
    await expect(page.locator("#waitlist")).to_be_visible()


@SIZES
async def test_the_admin_page_fits_pages_and_sorts_and_names_who_talked(
    sqlite_url: str, tmp_path: Path, launch_chromium: Browser, size: ScreenSize
) -> None:
    import httpx

    async with web_app(sqlite_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed(runtime.store, 60)
        # A page view: Knotty greeted and nobody answered (as a reload with the chat's cookie opens it).
        await runtime.agent.open(
            Inbound(channel="web", external_id="page-view-only", modality=Modality.WRITTEN)
        )
        async with httpx.AsyncClient(base_url=base) as http:
            talker = WebVisitor(http)
            await talker.open("/")
            await talker.say("Jane Doe")
        context = await launch_chromium.new_context(**size)
        page = await context.new_page()
        await _sign_in(page, base)
        assert await page.evaluate(FITS), "no sideways scrolling"
        table = await page.locator("#waitlist").bounding_box()
        chart = await page.locator("svg.chart").bounding_box()
        assert table is not None and chart is not None, "both are on the page"
        assert table["y"] < chart["y"], "the table comes before the chart"

        rows = page.locator("#waitlist tbody tr")
        await expect(rows).to_have_count(50)
        await expect(page.locator(".pager")).to_contain_text("Entries 1–50 of 60")
        await expect(rows.first).to_contain_text("Person 59")
        await expect(rows.first).to_contain_text("+1 415-555-0059")
        await page.get_by_role("link", name="Next").click()
        await expect(rows).to_have_count(10)
        await expect(rows.last).to_contain_text("Person 00")

        if size is DESKTOP:  # the column headers sort
            await page.get_by_role("link", name="Name").click()
            await expect(page.locator("#waitlist th[aria-sort='ascending']")).to_contain_text("Name")
            await expect(rows.first).to_contain_text("Person 00 Able")
            await page.get_by_role("link", name="Name").click()
        else:  # on a phone the rows are cards: the form sorts
            await page.select_option("#sort", "full_name")
            await page.select_option("#dir", "desc")
            await page.get_by_role("button", name="Filter").click()
        await expect(page.locator("#waitlist th[aria-sort='descending']")).to_contain_text("Name")
        await expect(rows.first).to_contain_text("Person 59 Able")
        await page.select_option("#role", "therapist")
        await page.get_by_role("button", name="Filter").click()
        await expect(page.locator(".pager")).to_contain_text("of 30")
        await expect(rows.first).to_contain_text("Person 59")  # still sorted by name, descending

        recent = page.locator("#conversations tbody tr")
        await expect(recent).to_have_count(1)
        await expect(recent.first).to_contain_text("web visitor")
        await expect(recent.first).to_contain_text("In progress")
        assert len(await runtime.store.list_conversations()) == 2, "the page view is stored, just not listed"
        assert await page.evaluate(FITS)
        await context.close()
