"""`knotty check`'s questions to the outside world: does the database answer, does the model?

Each check returns a `Finding`: `ok`, `failed` (with what to do) or `skipped` (not configured, which
is a choice, not a fault). The Twilio check lives with the Twilio adapter (`channels/twilio_check.py`)
and the database's with the migrations (`app/check.py`); the command puts them together (`app/cli.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import openai

from knotty.config import Settings

__all__ = ["Finding", "check_confirmation_texts", "check_model", "check_public_address"]

MODEL_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Finding:
    """What one check found, as the line `knotty check` prints."""

    subject: str
    outcome: Literal["ok", "failed", "skipped"]
    detail: str

    def __str__(self) -> str:
        label = {"ok": "ok", "failed": "FAILED", "skipped": "not configured"}[self.outcome]
        return f"{self.subject}: {label}: {self.detail}"


def check_confirmation_texts(settings: Settings) -> Finding | None:
    """Said when `KNOTTY_SMS_COUNTRIES` is empty: the app runs, and nobody is ever offered a text."""
    if settings.sms_country_set:
        return None
    return Finding(
        "confirmation texts",
        "skipped",
        "KNOTTY_SMS_COUNTRIES is empty, so no one is offered a confirmation text (set it, e.g. US,CA, to offer them)",
    )


def check_public_address(settings: Settings) -> Finding | None:
    """Said when `PUBLIC_BASE_URL` is unset: the web chat runs, but Knotty can't tell how people reach it,
    so its cookies are `Secure` on every request but plain http to a loopback host (`web.sessions`)."""
    if settings.public_url_given:
        return None
    return Finding(
        "public address",
        "skipped",
        "PUBLIC_BASE_URL is unset, so cookies are Secure on every request but plain http to localhost "
        "(signing in over plain http from another host fails); set it to the https address people use, "
        "or to http://host:port to serve plain http there",
    )


_NOT_AN_API_STATUSES = frozenset({405, 501})
"""What a server that is not an OpenAI-compatible API (a web server, a page) answers a completion's POST."""
_NOT_AN_API = (
    "OPENAI_BASE_URL: not an OpenAI-compatible API; check the URL "
    "(a compatible server's usually ends in /v1, e.g. https://api.openai.com/v1)"
)


async def check_model(settings: Settings) -> Finding:
    """One one-token completion from the configured model (the offline brain needs nothing)."""
    if settings.brain != "openai":
        return Finding(
            "model", "skipped", "the offline brain answers every turn (set OPENAI_API_KEY to use a model)"
        )

    where = f"{settings.openai_model} at {settings.openai_base_url or 'OpenAI'}"
    client = openai.AsyncOpenAI(
        api_key=settings.openai_api_key or "unset",
        base_url=settings.openai_base_url,
        max_retries=0,
        timeout=MODEL_TIMEOUT_S,
    )
    started = time.perf_counter()
    try:
        completion: object = await client.chat.completions.create(
            model=settings.openai_model, messages=[{"role": "user", "content": "Say OK."}], max_tokens=1
        )
    except openai.AuthenticationError as exc:
        return Finding(
            "model",
            "failed",
            f"{where}: OPENAI_API_KEY: refused by the server (HTTP {exc.status_code}); check the key",
        )
    except openai.NotFoundError as exc:
        return Finding(
            "model",
            "failed",
            f"{where}: OPENAI_MODEL: not found (HTTP {exc.status_code}); check the model name and OPENAI_BASE_URL",
        )
    except openai.APITimeoutError:
        return Finding(
            "model", "failed", f"{where}: no answer within {MODEL_TIMEOUT_S:g} s; check OPENAI_BASE_URL"
        )
    except openai.APIConnectionError:
        return Finding("model", "failed", f"{where}: OPENAI_BASE_URL: cannot connect; check the URL")
    except openai.APIStatusError as exc:
        if exc.status_code in _NOT_AN_API_STATUSES:
            return Finding(
                "model", "failed", f"{where}: {_NOT_AN_API} (HTTP {exc.status_code} to a completion)"
            )
        return Finding(
            "model",
            "failed",
            f"{where}: the server answered HTTP {exc.status_code}; try again or check the account",
        )
    finally:
        await client.close()
    if not getattr(completion, "choices", None):  # a web page answering 200 to anything: not a model
        return Finding("model", "failed", f"{where}: {_NOT_AN_API} (its answer holds no completion)")
    return Finding("model", "ok", f"{where} answered in {time.perf_counter() - started:.2f} s")
