"""The web chat as a visitor meets it: the real app over HTTP, and a real headless Chromium.

`WebVisitor` is a browser without JavaScript in a few lines: it keeps the cookie, reads the hidden
form fields from each page or fragment, and posts the chat form the way the page would (as htmx, or
as a plain form post).
"""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.factory import create_app
from app.runtime import Runtime, build_runtime
from tests.conftest import make_settings
from tests.support.live_server import serve
from tests.support.notifiers import RecordingNotifier

__all__ = [
    "CHROMIUM",
    "SIGNUP",
    "WebVisitor",
    "bubbles",
    "launch_chromium",
    "launch_chromium_args",
    "web_app",
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIGNUP = ["Jane Doe", "415 555 0100", "jane.doe@example.com", "I'm a massage therapist", "yes"]
"""A visitor's answers up to and including confirming the read-back."""

_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)"(?: id="[\w-]+")? value="([^"]*)"')


@asynccontextmanager
async def web_app(database_url: str, tmp_path: Path, **env: str) -> AsyncIterator[tuple[str, Runtime]]:
    """The real app (offline brain) on a loopback port; yields its base URL and runtime."""
    runtime = build_runtime(make_settings(database_url, tmp_path, **env), RecordingNotifier())
    async with serve(create_app(runtime=runtime)) as base_url:
        yield base_url, runtime


@dataclass
class WebVisitor:
    """One visitor talking to the chat over HTTP, with or without htmx."""

    http: httpx.AsyncClient
    view: str = "page"
    fields: dict[str, str] = field(default_factory=dict)
    last: httpx.Response | None = None

    async def open(self, path: str = "/") -> httpx.Response:
        """Load a chat page and remember its form fields."""
        response = await self.http.get(path)
        self._remember(response.text)
        self.last = response
        return response

    async def say(self, text: str, *, htmx: bool = True, **overrides: str) -> httpx.Response:
        """Post the chat form with `text` (fields can be overridden, e.g. a stale `csrf`)."""
        data = {**self.fields, "view": self.view, "text": text, **overrides}
        headers = {"HX-Request": "true"} if htmx else {}
        response = await self.http.post("/chat/message", data=data, headers=headers)
        self._remember(response.text)
        self.last = response
        return response

    async def restart(self, *, htmx: bool = True) -> httpx.Response:
        """Press "Start over"."""
        headers = {"HX-Request": "true"} if htmx else {}
        response = await self.http.post(
            "/chat/restart", data={**self.fields, "view": self.view}, headers=headers
        )
        self._remember(response.text)
        self.last = response
        return response

    def _remember(self, page: str) -> None:
        for name, value in _HIDDEN.findall(page):
            self.fields[name] = html.unescape(value)


def bubbles(page: str, who: str = "bot") -> list[str]:
    """The text of the chat bubbles of `who` (`bot` or `user`) in a page or fragment, markup removed.

    The read-back card and unbroken phone numbers are markup around the same words, so a bubble reads
    as the sentence Knotty wrote.
    """
    found = re.findall(
        rf'<div class="msg msg-{who}(?: msg-[\w-]+)*"[^>]*><span class="sr-only"[^>]*>[^<]*</span>(.*?)</div>',
        page,
        re.DOTALL,
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in found]


def launch_chromium_args() -> dict[str, Any]:
    """How to launch Debian's Chromium (Playwright's own browser download can't work here)."""
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
async def launch_chromium() -> AsyncIterator[Any]:
    """One headless Chromium for the session's browser tests."""
    if os.environ.get("KNOTTY_TEST_SKIP_BROWSER") == "1":
        pytest.skip("browser tests disabled by KNOTTY_TEST_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is missing: run `bash scripts/system-deps.sh` (apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_chromium_args())
        try:
            yield browser
        finally:
            await browser.close()
