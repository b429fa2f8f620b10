"""The browser-context options that make a page phone- or desktop-sized, typed so that
`browser.new_context(**size)` is checked against Playwright's own parameters."""

from __future__ import annotations

from typing import TypedDict

from playwright.async_api import ViewportSize

__all__ = ["ScreenSize"]


class ScreenSize(TypedDict, total=False):
    """A phone or desktop screen, as keyword arguments to `Browser.new_context`."""

    viewport: ViewportSize
    is_mobile: bool
    has_touch: bool
    device_scale_factor: float
