"""What is wrong with this deployment, found before anything starts, one line per problem.

A bad setting used to end in a long traceback with the useful line at the bottom, or to be accepted
and break later. Every command loads its settings through `load_settings`, and `serve`, `migrate` and
`check` ask the questions below before doing anything; each answer is a `Problem` that names the
setting, says what is wrong and what to do.
"""

from __future__ import annotations

import asyncio
import ipaddress
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy import text

from knotty.config import MIN_ADMIN_TOKEN_CHARS, Settings, get_settings
from knotty.errors import KnottyError
from knotty.store.database import create_engine, engine_spec
from knotty.store.sqlite_file import MIN_FREE_BYTES

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "BadConfiguration",
    "Problem",
    "database_problem",
    "describe_database",
    "is_public_host",
    "load_settings",
    "mask_url",
    "serve_problems",
    "writable_problem",
]

DATABASE_TIMEOUT_S = 5.0
"""How long a start-up check waits for the database to answer."""

_SECRET_SETTINGS = frozenset(
    {"OPENAI_API_KEY", "TWILIO_AUTH_TOKEN", "TWILIO_PREVIOUS_AUTH_TOKEN", "ADMIN_TOKEN", "KNOTTY_SECRET_KEY"}
)
_URL_SETTINGS = frozenset({"DATABASE_URL", "MIGRATION_DATABASE_URL"})


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the setting it is about (empty for several), what is wrong and what to do."""

    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.setting}: {self.message}" if self.setting else self.message


class BadConfiguration(KnottyError):
    """The settings cannot be used as they are; `problems` says why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def load_settings() -> Settings:
    """The process's settings, or `BadConfiguration` listing every invalid one."""
    try:
        return get_settings()
    except ValidationError as exc:
        raise BadConfiguration(list(_validation_problems(exc))) from None


def _validation_problems(exc: ValidationError) -> Iterator[Problem]:
    for error in exc.errors():
        setting = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] != "value_error":
            shown = "(hidden)" if setting in _SECRET_SETTINGS else repr(mask_url(str(error.get("input", ""))))
            message = f"{shown} is not valid: {message[0].lower()}{message[1:]}"
        yield Problem(setting, message)


def serve_problems(settings: Settings) -> list[Problem]:
    """What stops `knotty serve` before it listens: weak or missing secrets, an unwritable data folder."""
    problems: list[Problem] = []
    token = settings.admin_token
    if token and len(token.strip()) < MIN_ADMIN_TOKEN_CHARS:
        problems.append(
            Problem(
                "ADMIN_TOKEN",
                f"shorter than {MIN_ADMIN_TOKEN_CHARS} characters, so it can be guessed; use e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`, or unset it to turn the admin pages off",
            )
        )
    if settings.public_base_url.startswith("https://") and not settings.secret_key:
        problems.append(
            Problem(
                "KNOTTY_SECRET_KEY",
                "not set while serving https (PUBLIC_BASE_URL): a generated key dies with the container and "
                "differs between instances, signing everyone out; set one, e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`",
            )
        )
    if settings.database_url is None or not settings.secret_key:
        problem = writable_problem("KNOTTY_DATA_DIR", settings.data_dir)
        if problem:
            problems.append(problem)
    return problems


def writable_problem(setting: str, folder: Path) -> Problem | None:
    """A problem when `folder` cannot be created or written to (tried for real: permissions lie to root),
    or its disk has too little room for signups (`MIN_FREE_BYTES`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".knotty-write-test-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return Problem(setting, f"cannot write to {folder} ({reason}); point it at a writable folder")
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE_BYTES:  # `/readyz` says not ready below it: every signup would fail
        return Problem(
            setting,
            f"the disk of {folder} has {free // 1024} KB free; free at least {MIN_FREE_BYTES // 2**20} MB "
            "so that signups can be saved",
        )
    return None


def mask_url(url: str) -> str:
    """`url` with any password replaced by `***`."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    if not password:
        return url
    return url.replace(f":{password}@", ":***@", 1)


def describe_database(url: str) -> str:
    """The database a URL names, for people: engine, host, port and database, the password masked."""
    scheme, _, rest = url.partition("://")
    if scheme.startswith("sqlite"):
        return f"SQLite file {rest.lstrip('/') and '/' + rest.lstrip('/')}"
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    return f"PostgreSQL {user}{parts.hostname}:{parts.port or 5432}{parts.path} (password {'***' if parts.password else 'none'})"


async def database_problem(
    url: str, setting: str = "DATABASE_URL", timeout_s: float = DATABASE_TIMEOUT_S
) -> Problem | None:
    """None when the database answers `SELECT 1` within `timeout_s`, else why not and what to do."""

    spec = engine_spec(url)
    if spec.is_sqlite:
        path = spec.url.partition(":///")[2]
        if path and path != ":memory:":
            problem = writable_problem(setting, Path(path).parent)
            if problem:
                return problem
    engine = create_engine(url)
    try:
        async with asyncio.timeout(timeout_s), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line for the operator
        return Problem(setting, _connection_failure(exc, url, timeout_s))
    finally:
        await engine.dispose()
    return None


def _connection_failure(exc: BaseException, url: str, timeout_s: float) -> str:
    parts = urlsplit(url)
    where = f"{parts.hostname}:{parts.port or 5432}"
    for cause in _causes(exc):
        name = type(cause).__name__
        if isinstance(cause, socket.gaierror):
            return f"unknown host {parts.hostname!r}; check the host name in the URL"
        if isinstance(cause, ConnectionRefusedError):
            return f"nothing accepts connections at {where}; check the host and port, and that PostgreSQL is running"
        if isinstance(cause, TimeoutError):
            return f"no answer from {where} within {timeout_s:g} s; check the host, the port and any firewall"
        if name in {"InvalidPasswordError", "InvalidAuthorizationSpecificationError"}:
            return f"the server refused user {parts.username!r} or its password; copy the URL again from your provider"
        if name == "InvalidCatalogNameError":
            return (
                f"the server has no database {parts.path.lstrip('/')!r}; create it or fix the name in the URL"
            )
        if isinstance(cause, OSError) and cause.strerror:
            return f"cannot connect to {where} ({cause.strerror}); check the URL"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"cannot connect ({mask_url(first)[:200]}); check the URL"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)


def is_public_host(url: str) -> bool:
    """Whether Twilio could reach the URL's host: not loopback, private, link-local or unspecified."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return not (address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified)
