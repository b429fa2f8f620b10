"""Take the README's screenshots of the pages at phone and desktop sizes: `.venv/bin/python -m tests.web.screenshot_pages`.

Runs the real app (offline brain, a throwaway SQLite database) and Debian's Chromium: the home page
on a phone, the read-back card and the success state, and the admin page on a phone and a desktop.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from playwright.async_api import Page, async_playwright, expect

from app.factory import create_app
from app.migrate import migrate_async
from app.runtime import build_runtime
from knotty.agent import Inbound
from knotty.state import Modality
from tests.conftest import make_settings
from tests.support.live_server import serve
from tests.support.screen_size import ScreenSize
from tests.web.conftest import launch_chromium_args

DOCS = Path(__file__).resolve().parents[2] / "docs"
TOKEN = "screenshot-admin-token-8d2f61c0"
PHONE: ScreenSize = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: ScreenSize = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
PEOPLE = [
    ("Maya Chen", "+14155550142", "maya@example.com", "therapist", "web"),
    ("Luis Ortega", "+13125550187", "luis.ortega@example.com", "client", "sms"),
    ("Amara Okafor", "+447700900123", "amara@example.co.uk", "therapist", "voice"),
    ("Ben Carter", "+16175550110", "ben.carter@example.com", "client", "web"),
]


async def _say(page: Page, text: str, *, button: str | None = None) -> None:
    bot = page.locator("#messages .msg-bot")
    before = await bot.count()
    if button:
        await page.get_by_role("button", name=button).click()
    else:
        await page.fill("#knotty-input", text)
        await page.press("#knotty-input", "Enter")
    await expect(bot).to_have_count(before + 1)
    await page.wait_for_timeout(200)


async def take(out: Path) -> None:
    """Write the screenshots into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/knotty.db"
        await migrate_async(url)
        runtime = build_runtime(make_settings(url, Path(tmp), ADMIN_TOKEN=TOKEN))
        for name, phone, email, role, channel in PEOPLE:
            await runtime.store.save_entry(
                full_name=name, phone=phone, email=email, role=role, channel=channel
            )
        await runtime.agent.open(
            Inbound(channel="web", external_id="just-looking", modality=Modality.WRITTEN)
        )
        async with serve(create_app(runtime=runtime)) as base, async_playwright() as playwright:
            browser = await playwright.chromium.launch(**launch_chromium_args())
            phone_context = await browser.new_context(**PHONE)
            page = await phone_context.new_page()
            await page.goto(base + "/")
            await page.wait_for_timeout(300)
            await page.screenshot(path=str(out / "screenshot-phone-home.png"))
            for text in ["Jane Doe", "415 555 0100", "jane.doe@example.com"]:
                await _say(page, text)
            await _say(page, "", button="I'm a therapist")
            await page.screenshot(path=str(out / "screenshot-phone-readback.png"))
            await _say(page, "", button="Yes, that's right")
            if await page.locator("#knotty-input").count():
                await _say(page, "no thanks")  # the confirmation-text offer, when texts can go
            await page.screenshot(path=str(out / "screenshot-phone-done.png"))
            desktop_context = await browser.new_context(**DESKTOP)
            for context, name in ((phone_context, "phone"), (desktop_context, "desktop")):
                page = await context.new_page()
                await page.goto(base + "/admin")
                await page.fill("#token", TOKEN)
                await page.press("#token", "Enter")
                await expect(page.locator("#waitlist")).to_be_visible()
                await page.screenshot(
                    path=str(out / f"screenshot-admin-{name}.png"), full_page=name == "desktop"
                )
            await browser.close()
        await runtime.aclose()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    asyncio.run(take(target))
    print(f"wrote the screenshots into {target}")
