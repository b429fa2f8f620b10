"""Take the README's screenshot of the chat mid-conversation: `.venv/bin/python -m tests.web.screenshot`.

Runs the real app (offline brain, a throwaway SQLite database) and Debian's Chromium, types the
first answers of a signup, and holds the next answer back so the typing indicator shows.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from playwright.async_api import Route, async_playwright, expect

from app.factory import create_app
from app.migrate import migrate_async
from app.runtime import build_runtime
from tests.conftest import make_settings
from tests.support.live_server import serve
from tests.web.conftest import SIGNUP, launch_chromium_args

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-widget.png"


async def take(out: Path) -> None:
    """Write the screenshot to `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/knotty.db"
        await migrate_async(url)
        runtime = build_runtime(make_settings(url, Path(tmp)))
        async with serve(create_app(runtime=runtime)) as base, async_playwright() as playwright:
            browser = await playwright.chromium.launch(**launch_chromium_args())
            page = await browser.new_page(viewport={"width": 1200, "height": 760}, device_scale_factor=2)
            await page.goto(base + "/")
            await page.focus("#knotty-input")
            bot = page.locator("#messages .msg-bot")
            for text in SIGNUP[:3]:
                before = await bot.count()
                await page.keyboard.type(text)
                await page.keyboard.press("Enter")
                await expect(bot).to_have_count(before + 1)

            async def hold(route: Route) -> None:
                await asyncio.Event().wait()

            await page.route("**/chat/message", hold)
            await page.keyboard.type(SIGNUP[3])
            await page.keyboard.press("Enter")
            await expect(page.locator("#typing")).to_be_visible()
            await page.wait_for_timeout(300)
            out.parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(out))
            await browser.close()
        await runtime.aclose()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    asyncio.run(take(target))
    print(f"wrote {target}")
