"""The chat in a real browser tab, as a person reads and types it (shared by the Chromium tests)."""

from __future__ import annotations

from playwright.async_api import Page, expect

__all__ = ["chat_lines", "say", "say_after_catching_up"]


async def chat_lines(page: Page) -> list[str]:
    """The person's and Knotty's lines the tab shows, in order, spacing collapsed."""
    return [
        " ".join(t.split())
        for t in await page.locator("#messages .msg-user, #messages .msg-bot").all_inner_texts()
    ]


async def say(page: Page, text: str) -> None:
    """Type `text`, press Enter, and wait until the tab shows it answered."""
    await page.fill("#knotty-input", text)
    await page.press("#knotty-input", "Enter")
    await expect(page.locator("#messages .msg-pending")).to_have_count(0)
    await expect(page.locator("#messages .msg-user").last).to_contain_text(text)
    await expect(page.locator("#messages > :last-child")).not_to_have_class("msg msg-user")


async def say_after_catching_up(page: Page, text: str) -> None:
    """Send `text` from a tab behind its chat: it comes back unanswered with what the tab missed and a
    notice (`web.wording.MISSED`), and the person sends it again from the box."""
    box = page.locator("#knotty-input")
    await box.fill(text)
    await box.press("Enter")
    await expect(page.locator("#messages .msg-notice")).to_contain_text("wasn't sent")
    await expect(box).to_have_value(text)
    await box.press("Enter")
    await expect(page.locator("#messages .msg-pending")).to_have_count(0)
    await expect(page.locator("#messages .msg-user").last).to_contain_text(text)
    await expect(page.locator("#messages > :last-child")).not_to_have_class("msg msg-user")
