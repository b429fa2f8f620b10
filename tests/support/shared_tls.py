"""One default TLS context per test process, where httpx builds one for every client.

httpx loads the whole CA bundle into a new `ssl.SSLContext` for each client made with the default
`verify=True` (0.2-0.3 s of CPU here). The suite makes thousands of clients (each test's simulator,
browser-less visitors, the `openai` client of every model test), nearly all to loopback: seconds of
set-up per test file spent reloading the same certificates. A context is safe to share between
clients; one with any other setting (`verify=False`, a CA file, a client certificate) is built as
httpx builds it.
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx._transports.default as transports

__all__ = ["share_default_tls_context"]


def share_default_tls_context() -> None:
    """From now on, clients in this process made with httpx's defaults share one TLS context."""
    build = transports.create_ssl_context  # type: ignore[attr-defined]
    if getattr(build, "shared", False):
        return
    default = functools.cache(build)

    def create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> ssl.SSLContext:
        if verify is True and cert is None and trust_env:
            return default()
        return build(verify=verify, cert=cert, trust_env=trust_env)

    create_ssl_context.shared = True  # type: ignore[attr-defined]
    transports.create_ssl_context = create_ssl_context  # type: ignore[attr-defined]
