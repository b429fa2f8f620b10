"""Jinja2 for the web pages: autoescaped templates, versioned static URLs, HTML responses.

Everything a visitor or the database supplies is escaped by Jinja's autoescape; templates never
mark text safe. Static files get a content-hash query string so browsers may cache them for long.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import MediaType, Response
from litestar.datastructures import Cookie

from web.bubble import quick_replies, read_back, unbroken_phones

__all__ = ["STATIC_DIR", "TEMPLATE_DIR", "html_response", "render", "static_url"]

WEB_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


@cache
def static_url(name: str) -> str:
    """`/static/<name>?v=<content hash>`."""
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static_url"] = static_url
    env.filters["unbroken_phones"] = unbroken_phones
    env.filters["read_back"] = read_back
    env.filters["quick_replies"] = quick_replies
    return env


def render(template: str, **context: Any) -> str:
    """Render one template (a page or a fragment) to HTML."""
    return _environment().get_template(template).render(**context)


def html_response(
    template: str,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    cookies: list[Cookie] | None = None,
    **context: Any,
) -> Response[str]:
    """An HTML response of the rendered template."""
    return Response(
        render(template, **context),
        media_type=MediaType.HTML,
        status_code=status_code,
        headers=headers or {},
        cookies=cookies or [],
    )
