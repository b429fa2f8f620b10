"""The async engine: turns any URL people paste (Supabase's included) into one asyncpg/aiosqlite can use.

Supabase shows `postgres://` or `postgresql://` URLs with libpq's `sslmode`; SQLAlchemy's asyncpg
driver wants `postgresql+asyncpg://` and asyncpg's own `ssl`. Its transaction-mode pooler (port 6543)
can't keep prepared statements, so the statement caches are turned off there and the app does not
pool on top of the pooler.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel.ext.asyncio.session import AsyncSession

from knotty.store.sqlite_file import check_file, file_id

__all__ = [
    "SQLITE_BUSY_TIMEOUT_S",
    "SQLITE_SERVING_WAIT_S",
    "EngineSpec",
    "create_engine",
    "engine_spec",
    "session_factory",
    "spec_of",
    "sqlite_file_path",
]

SQLITE_BUSY_TIMEOUT_S = 30
"""How long a SQLite statement on aiosqlite's thread waits for another connection's lock (the commands:
`knotty migrate`, `erase`, `export` can wait; see `SQLITE_SERVING_WAIT_S` for the server)."""
SQLITE_SERVING_WAIT_S = 2.0
"""The server's wait for another connection's SQLite lock, and for its one pooled connection: a write
holds the lock well under a millisecond, so only another program holds it longer (a shell's open
`BEGIN IMMEDIATE`, a backup tool), and then a webhook must answer before Twilio's 15 s ("one moment" and
the same turn again, a text kept for later) instead of waiting 30 s for it."""

_SSLMODE_TO_ASYNCPG = {
    "disable": "disable",
    "allow": "allow",
    "prefer": "prefer",
    "require": "require",
    "verify-ca": "verify-ca",
    "verify-full": "verify-full",
}


@dataclass(frozen=True)
class EngineSpec:
    """A database URL in driver form, with the connection arguments it needs."""

    url: str
    connect_args: dict[str, Any] = field(default_factory=dict)
    use_null_pool: bool = False
    pool_size: int = 10

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the embedded SQLite database."""
        return self.url.startswith("sqlite")


def engine_spec(raw_url: str, *, lock_wait_s: float = SQLITE_BUSY_TIMEOUT_S) -> EngineSpec:
    """Normalise a pasted database URL into an async driver URL and its connect arguments (`lock_wait_s`:
    how long a SQLite statement waits for another connection's lock)."""
    url = raw_url.strip()
    scheme, _, rest = url.partition("://")
    scheme = scheme.lower()
    if scheme in {"sqlite", "sqlite+aiosqlite"}:
        return EngineSpec(url=f"sqlite+aiosqlite://{rest}", connect_args={"timeout": lock_wait_s})
    if scheme not in {"postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg"}:
        raise ValueError(f"unsupported database URL scheme {scheme!r}: use postgresql:// or sqlite://")

    parts = urlsplit(f"postgresql+asyncpg://{rest}")
    if parts.netloc.count("@") > 1 or "@" in parts.path + parts.query + parts.fragment:
        # A password with a raw `@`, `/`, `?` or `#` moves the host: asyncpg would look up a wrong one.
        raise ValueError(
            "the user or password holds a character a URL reserves (@ / ? # :); percent-encode it in the "
            "password (@ as %40, / as %2F, ? as %3F, # as %23, : as %3A), or copy the URL again from your provider"
        )
    try:
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        raise ValueError(f"the port of {parts.hostname!r} is not a number; check the URL") from None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    connect_args: dict[str, Any] = {}
    sslmode = query.pop("sslmode", None)
    tls_files: dict[str, str] = {
        name: query.pop(name) for name in ("sslrootcert", "sslcert", "sslkey") if name in query
    }
    if sslmode:
        connect_args["ssl"] = _ssl_argument(sslmode, tls_files)
    if "ssl" in query:
        connect_args["ssl"] = query.pop("ssl")
    for libpq_only in ("channel_binding", "gssencmode", "target_session_attrs", "options"):
        query.pop(libpq_only, None)
    pooled = parts.port == 6543 or query.pop("pgbouncer", "").lower() == "true"
    if pooled:
        # Supabase's transaction pooler: no server-side prepared statements survive a transaction.
        connect_args["statement_cache_size"] = 0
        connect_args["prepared_statement_cache_size"] = 0
    normalised = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
    return EngineSpec(url=normalised, connect_args=connect_args, use_null_pool=pooled)


def _root_certificate(named: str | None) -> str | None:
    """The root certificate file libpq would use: `sslrootcert`, `PGSSLROOTCERT`, `~/.postgresql/root.crt`."""
    named = named or os.environ.get("PGSSLROOTCERT")
    if named:
        return named
    default = Path("~/.postgresql/root.crt").expanduser()
    return str(default) if default.is_file() else None


def _ssl_argument(sslmode: str, files: dict[str, str]) -> str | ssl.SSLContext:
    """asyncpg's `ssl` for libpq's `sslmode` and certificate files, or a ValueError saying what to fix.

    asyncpg takes no `sslrootcert` argument (SQLAlchemy would pass it on and the connection fail with
    "unexpected keyword argument"), and knows no `sslrootcert=system`, so verifying modes get a context
    built here: from the named root certificate, libpq's default file, or the system's CAs (`system`).
    """
    mode = _SSLMODE_TO_ASYNCPG.get(sslmode.strip().lower())
    if mode is None:
        raise ValueError(f"sslmode={sslmode!r} is not one of {', '.join(_SSLMODE_TO_ASYNCPG)}")
    verifying = mode in ("verify-ca", "verify-full") or (mode == "require" and "sslrootcert" in files)
    if not verifying:
        return mode
    root = _root_certificate(files.get("sslrootcert"))
    if root is None:
        raise ValueError(
            f"sslmode={sslmode} checks the server's certificate against a root certificate, and there is "
            "none: save your provider's CA certificate and add sslrootcert=/path/to/ca.crt to the URL (or set "
            "PGSSLROOTCERT, or put it at ~/.postgresql/root.crt of the user running Knotty); "
            "sslrootcert=system trusts the system's CAs, for a server whose certificate a public CA signed"
        )
    if root == "system":
        context = ssl.create_default_context()
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        try:
            context.load_verify_locations(cafile=root)
        except (OSError, ssl.SSLError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a PEM certificate"
            raise ValueError(
                f"the root certificate {root} cannot be read ({reason}); check sslrootcert or PGSSLROOTCERT"
            ) from None
    context.check_hostname = mode == "verify-full"
    context.verify_mode = ssl.CERT_REQUIRED
    if "sslcert" in files:
        try:
            context.load_cert_chain(files["sslcert"], files.get("sslkey"))
        except (OSError, ssl.SSLError) as exc:
            reason = (
                exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a PEM certificate and key"
            )
            raise ValueError(f"the client certificate {files['sslcert']} cannot be read ({reason})") from None
    return context


def create_engine(
    raw_url: str, *, pool_size: int = 10, lock_wait_s: float = SQLITE_BUSY_TIMEOUT_S
) -> AsyncEngine:
    """An async engine for the URL, with SQLite tuned for many short concurrent transactions.

    `lock_wait_s`: on SQLite, how long a statement waits for another connection's lock and a job for
    the pooled connection before failing (`StoreBusy`); the server passes `SQLITE_SERVING_WAIT_S`.
    """
    spec = engine_spec(raw_url, lock_wait_s=lock_wait_s)
    kwargs: dict[str, Any] = {"connect_args": spec.connect_args}
    if spec.use_null_pool:
        kwargs["poolclass"] = NullPool
    elif spec.is_sqlite and ":memory:" not in spec.url and not spec.url.endswith("://"):
        # SQLite takes one writer at a time: one connection per process queues writers in the
        # pool (cheap, fair) instead of in SQLite's busy handler (sleeps and retries). No reset on
        # return: a Connection rolls back what it began itself when it closes, and the hot path's
        # jobs on the driver (`turn_sql`) end their own transactions, so the pool's extra ROLLBACK
        # would only cost a hop to aiosqlite's thread after every statement.
        kwargs.update(pool_size=1, max_overflow=0, pool_timeout=lock_wait_s, pool_reset_on_return=None)
    elif not spec.is_sqlite:
        kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    engine = create_async_engine(spec.url, **kwargs)
    _SPECS[engine.sync_engine] = EngineSpec(spec.url, dict(spec.connect_args), spec.use_null_pool, pool_size)
    if spec.is_sqlite:
        path = sqlite_file_path(engine)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={round(lock_wait_s * 1000)}")
            cur.close()
            if path is not None:
                record.info["file"] = file_id(path)

        if path is not None:

            @event.listens_for(engine.sync_engine, "checkout")
            def _same_file(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
                check_file(path, record.info.get("file"))  # a file replaced under the server: unavailable

    return engine


_SPECS: WeakKeyDictionary[Any, EngineSpec] = WeakKeyDictionary()


def sqlite_file_path(engine: AsyncEngine) -> str | None:
    """The SQLite database file an engine opens (None: in memory, or a URI with options)."""
    database = engine.url.database
    if not database or database == ":memory:" or engine.url.query:
        return None
    return database


def spec_of(engine: AsyncEngine) -> EngineSpec | None:
    """How `create_engine` built this engine (its driver URL, connect arguments, pool size), if it did."""
    return _SPECS.get(engine.sync_engine)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
