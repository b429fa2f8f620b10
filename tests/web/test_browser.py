"""The chat in a real headless Chromium: by keyboard on the home page, embedded on another site, without JavaScript.

Few and deliberate, because each drives a browser: together they cover what only a browser can tell
(htmx swaps, focus, the typing indicator, scrolling, frame-ancestors, cookies in a cross-site
iframe, the plain-form fallback). The signup ends in the database and on the admin page.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar, MediaType, get
from playwright.async_api import Browser, Frame, FrameLocator, Page, Route, expect

from knotty.store import Store
from tests.conftest import new_database_url
from tests.support.live_server import free_port, serve
from tests.web.conftest import SIGNUP, web_app

pytestmark = pytest.mark.browser

TOKEN = "browser-admin-token-5c8e1a9f2d"
NEWEST_IN_VIEW = """() => {
  const scroller = document.getElementById("knotty-scroll");
  const last = [...document.querySelectorAll("#messages .msg")].pop();
  const s = scroller.getBoundingClientRect(), m = last.getBoundingClientRect();
  return m.top >= s.top - 1 && m.bottom <= s.bottom + 1;
}"""


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    """Browser tests run on SQLite; the first one also runs on PostgreSQL."""
    return await new_database_url("sqlite", tmp_path, None, None)


@pytest.fixture
async def browser(launch_chromium: Browser) -> Browser:
    return launch_chromium


def _watch_errors(page: Page) -> list[str]:
    """Script errors and console errors (CSP violations land there too)."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


async def _send(where: Page | FrameLocator, page: Page, text: str) -> None:
    """Type `text` and press Enter, then wait for Knotty's answer."""
    bot = where.locator("#messages .msg-bot")
    before = await bot.count()
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")
    await expect(bot).to_have_count(before + 1)


async def test_a_visitor_signs_up_by_keyboard_and_the_admin_page_lists_them(
    database_url: str, tmp_path: Path, browser: Browser
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        context = await browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page = await context.new_page()
        errors = _watch_errors(page)
        await page.goto(base + "/")
        await expect(page.locator("#messages .msg-bot")).to_have_count(1)
        assert await page.locator("#messages").get_attribute("aria-live") == "polite"

        await page.keyboard.press("Tab")  # the skip link
        await page.keyboard.press("Enter")
        message_box = page.locator("#knotty-input")
        await expect(message_box).to_be_focused()

        too_long = "x" * 1001
        await message_box.fill(too_long)
        await page.keyboard.press("Enter")
        await expect(page.locator("#messages .msg-notice")).to_contain_text("1,000 characters")
        await expect(message_box).to_have_value(too_long)  # kept, to shorten and send again
        await message_box.fill("")

        # Hold the first answer back a moment: the visitor's line and the typing indicator show meanwhile.
        release = asyncio.Event()

        async def slow(route: Route) -> None:
            await release.wait()
            await route.continue_()

        await page.route("**/chat/message", slow)
        await page.keyboard.type(SIGNUP[0])
        await page.keyboard.press("Enter")
        await expect(page.locator("#typing")).to_be_visible()
        await expect(page.locator(".msg-pending")).to_have_text(SIGNUP[0])
        release.set()
        await expect(page.locator("#messages .msg-bot")).to_have_count(2)
        await expect(page.locator("#typing")).to_be_hidden()
        await expect(page.locator(".msg-pending")).to_have_count(0)
        await page.unroute("**/chat/message")
        await expect(message_box).to_be_focused()
        await expect(message_box).to_have_value("")

        for text in SIGNUP[1:]:
            await _send(page, page, text)
            assert await page.evaluate(NEWEST_IN_VIEW), "the newest message scrolls into view"
        await _send(page, page, "yes please")  # the confirmation text
        restart = page.locator("#knotty-restart")
        await expect(restart).to_be_visible()
        await expect(restart).to_be_focused()
        assert await page.evaluate(NEWEST_IN_VIEW)
        await expect(page.locator("#messages .msg-user")).to_have_count(len(SIGNUP) + 1)

        [entry] = await runtime.store.list_entries()
        assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
            "Jane Doe",
            "+14155550100",
            "jane.doe@example.com",
            "therapist",
            "web",
        )
        assert entry.confirmation_sms_status == "requested"

        await page.goto(base + "/admin")
        await expect(page.locator("#token")).to_be_focused()
        await page.keyboard.type(TOKEN)
        await page.keyboard.press("Enter")
        table = page.locator("#waitlist")
        await expect(table).to_contain_text("Jane Doe")
        await expect(table).to_contain_text("+1 415-555-0100")  # formatted for reading
        await page.select_option("#role", "client")
        await page.get_by_role("button", name="Filter").click()
        await expect(table).not_to_contain_text("Jane Doe")
        await page.select_option("#role", "therapist")
        await page.get_by_role("button", name="Filter").click()
        await expect(table).to_contain_text("Jane Doe")
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Download CSV").click()
        download = await download_info.value
        csv_text = Path(await download.path()).read_text(encoding="utf-8")
        header, row = csv_text.splitlines()[:2]
        assert (
            header
            == "full_name,phone,email,role,channel,created_at,updated_at,confirmation_sms_status,review_reason,id"
        )
        assert row.startswith("Jane Doe,+14155550100,") and ",requested,," in row, "the text's status is in"
        await table.get_by_role("link", name="Transcript").click()
        await expect(page.locator(".transcript")).to_contain_text("jane.doe@example.com")
        assert [e for e in errors if "status of 422" not in e] == [], "no script errors, no CSP violations"
        await context.close()


def _partner_site(script_src: str) -> Litestar:
    """Another site that embeds the widget with its one tag, and has hostile CSS."""
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner spa</title>
<style>* {{ font-family: "Comic Sans MS", cursive !important; color: lime !important; }}
div, button, iframe {{ display: none !important; }}</style></head>
<body><h1>Serenity Day Spa</h1><p>Book your next massage with us.</p>
<script src="{script_src}" defer></script></body></html>"""

    @get("/", media_type=MediaType.HTML)
    async def index() -> str:
        return page

    return Litestar([index])


async def _frame(page: Page, path: str) -> Frame:
    for _ in range(100):
        for frame in page.frames:
            if path in frame.url:
                return frame
        await asyncio.sleep(0.05)
    raise AssertionError(f"no frame loaded {path}")


async def test_the_widget_works_on_another_site_on_a_phone(
    sqlite_url: str, tmp_path: Path, browser: Browser
) -> None:
    partner_port = free_port()
    allowed = f"http://localhost:{partner_port}"
    async with (
        web_app(sqlite_url, tmp_path, KNOTTY_ALLOWED_ORIGINS=allowed) as (base, runtime),
        serve(_partner_site(f"{base}/widget.js"), port=partner_port),
    ):
        # localhost and 127.0.0.1 are different sites: the chat runs in a cross-site iframe, over http.
        context = await browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = await context.new_page()
        await page.goto(f"{allowed}/")
        launcher = page.locator("knotty-chat-widget .launcher")
        await expect(launcher).to_have_accessible_name("Join the waitlist")
        await expect(launcher).to_be_visible()
        await page.keyboard.press("Tab")
        await expect(launcher).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(launcher).to_have_attribute("aria-expanded", "true")

        chat = page.frame_locator("iframe[title='Chat with Knotty']")
        await expect(chat.locator("#messages .msg-bot")).to_have_count(1)
        await expect(chat.locator("#knotty-input")).to_be_focused()
        panel = await page.locator(".panel").bounding_box()
        assert panel is not None and (panel["width"], panel["height"]) == (390, 844), "full screen on a phone"
        embed = await _frame(page, "/chat/embed")
        assert await embed.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        for text in [*SIGNUP, "no thanks"]:
            await _send(chat, page, text)
        await expect(chat.locator("#knotty-restart")).to_be_visible()
        [entry] = await runtime.store.list_entries()
        assert (entry.full_name, entry.channel) == ("Jane Doe", "web")
        conversations = await runtime.store.list_conversations()
        assert len(conversations) == 1, "one conversation even though the iframe gets no cookie over http"

        await chat.get_by_role("button", name="Close the chat").click()
        await expect(page.locator(".panel")).to_be_hidden()
        await expect(launcher).to_be_focused()
        await context.close()

        # The same page served from an origin that isn't allowed: the browser refuses to frame the chat.
        context = await browser.new_context()
        page = await context.new_page()
        refused: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        def on_console(msg: Any) -> None:
            if "frame-ancestors" in msg.text and not refused.done():
                refused.set_result(msg.text)

        page.on("console", on_console)
        await page.goto(f"http://127.0.0.1:{partner_port}/")
        await page.get_by_role("button", name="Join the waitlist").click()
        assert "frame-ancestors" in await asyncio.wait_for(refused, 10)
        assert all("/chat/embed" not in f.url for f in page.frames if f.url.startswith(base))
        await context.close()


async def test_the_chat_works_without_javascript(sqlite_url: str, tmp_path: Path, browser: Browser) -> None:
    async with web_app(sqlite_url, tmp_path) as (base, runtime):
        context = await browser.new_context(
            java_script_enabled=False, viewport={"width": 1024, "height": 700}
        )
        page = await context.new_page()
        await page.goto(base + "/")
        await expect(page.locator("#messages .msg-bot")).to_have_count(1)
        await page.focus("#knotty-input")
        for text in [*SIGNUP, "no"]:
            await page.keyboard.type(text)
            async with page.expect_navigation():
                await page.keyboard.press("Enter")
            await expect(page.locator("#messages .msg-user").last).to_contain_text(text)
            assert await page.evaluate(NEWEST_IN_VIEW), "the newest message is in view without JavaScript"
            if text != "no":
                await expect(page.locator("#knotty-input")).to_be_focused()
        await expect(page.locator("#knotty-restart")).to_be_visible()
        store: Store = runtime.store
        [entry] = await store.list_entries()
        assert (entry.email, entry.channel) == ("jane.doe@example.com", "web")
        await context.close()
