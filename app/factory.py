"""The Litestar app: every channel and web route mounted on one core.

`create_app()` builds the runtime from the environment (`app.runtime`); tests pass their own `Runtime`.
This is the one file that says where each request is wired: the route list and the dependencies below.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.response import Response

import channels
from app.migrate import migrate_async
from app.runtime import Runtime, build_runtime
from channels.sms_later import SmsLater, build_sms_later
from knotty.admission import TurnGate
from knotty.config import MIN_ADMIN_TOKEN_CHARS, Settings, get_settings
from knotty.errors import Unavailable
from knotty.fields import preload_numbering_plans
from knotty.limits import Limiter
from knotty.logs import configure_logging, log_event
from knotty.maintenance import prune_forever, sweep_forever
from web import health, http_metrics, metrics, site
from web.proxy import ProxyTrust, proxy_headers_middleware
from web.request_log import RequestLog
from web.unavailable import answer_unavailable

__all__ = ["GC_THRESHOLDS", "AdminTokenTooShort", "create_app", "refuse_weak_admin_token"]

GC_THRESHOLDS = (10_000, 10, 10)
"""The collector's thresholds once the app has started (Python's default is (700, 10, 10)). A webhook
leaves objects in cycles (coroutines, exceptions, SQLAlchemy's statements), and with 700 the youngest
generation was walked every few webhooks, each pass over every request still in flight: perf put
2-6% of the server's CPU in the collector over HTTP, and 100 text signups at once in process spent
63 us per webhook in it on PostgreSQL (231 passes, 2 of them full) and 15 us on SQLite; with these,
5 us and 2-3 us (4 and 2 passes, none full). Cyclic garbage waits a little longer to be freed."""


class AdminTokenTooShort(ValueError):
    """`ADMIN_TOKEN` is set but short enough to guess."""


def refuse_weak_admin_token(settings: Settings) -> None:
    """Raise `AdminTokenTooShort` unless `ADMIN_TOKEN` is unset or at least `MIN_ADMIN_TOKEN_CHARS` long."""
    if settings.admin_token and len(settings.admin_token.strip()) < MIN_ADMIN_TOKEN_CHARS:
        raise AdminTokenTooShort(
            f"ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_CHARS} characters "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`), or unset to disable the admin pages"
        )


def _internal_error(request: object, exc: Exception) -> Response[dict[str, str]]:
    """Last line of defence: log it, answer 500 without leaking details (tests assert this never happens)."""
    if isinstance(exc, HTTPException):
        return Response({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    logging.getLogger("knotty").exception("unhandled error")
    return Response({"detail": "internal error"}, status_code=500)


def _dependencies(runtime: Runtime, gate: TurnGate, sms_later: SmsLater | None) -> dict[str, Provide]:
    """What route handlers receive by name: the one core this app built, never a way to build another."""
    built: dict[str, object] = {
        "agent": runtime.agent,
        "settings": runtime.settings,
        "ledger": runtime.ledger,
        "admin": runtime.admin,
        "gate": gate,
        "sms_later": sms_later,
        "stream_refusals": channels.StreamRefusals(Limiter(counters=runtime.counters)),
    }
    return {name: Provide(_constant(value), sync_to_thread=False) for name, value in built.items()}


def _constant(value: object) -> Callable[[], object]:
    def provide() -> object:
        return value

    return provide


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None, *, migrate: bool | None = None
) -> Litestar:
    """The Knotty web app. Migrates the embedded SQLite database on start unless told otherwise."""
    settings = runtime.settings if runtime else (settings or get_settings())
    refuse_weak_admin_token(settings)
    # Here rather than in the lifespan: in each `--workers` process uvicorn logs before the app starts.
    configure_logging(settings.log_level)
    if runtime is None:
        runtime = build_runtime(settings, twilio_texts=True)
    should_migrate = migrate if migrate is not None else settings.database_url is None
    gate = TurnGate(settings.max_turns_in_flight, settings.turn_queue_s)
    sms_later = build_sms_later(settings, runtime.ledger, runtime.agent, gate)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if should_migrate:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            await migrate_async(settings.resolved_database_url)
        log_event("startup", brain=runtime.agent.brain.name, voice_mode=settings.voice_mode)
        if not settings.twilio_auth_token:
            log_event(
                "twilio_disabled",
                logging.WARNING,
                reason="TWILIO_AUTH_TOKEN is not set: Twilio routes refuse every request",
            )
        housekeeping = asyncio.create_task(prune_forever(runtime.store))
        sweeper = asyncio.create_task(sweep_forever(runtime.store))
        runtime.agent.notifier.start()  # the confirmation texts' outbox worker, for the life of the process
        if sms_later is not None:
            sms_later.start()  # texts kept while overloaded, answered by the REST API
        preload_numbering_plans()
        # Everything loaded so far lives as long as the process: keep it out of the collector's
        # full passes, which otherwise stall every call for ~0.15 s now and then.
        gc.collect()
        gc.freeze()
        thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            yield
        finally:
            gc.set_threshold(*thresholds)
            housekeeping.cancel()
            sweeper.cancel()
            if sms_later is not None:
                await sms_later.aclose()
            await runtime.aclose()

    app = Litestar(
        route_handlers=[
            health.livez,
            health.readyz,
            health.healthz,
            metrics.metrics,
            *site.route_handlers(settings, runtime.counters),
            *channels.route_handlers(
                channels.TwilioCore(runtime.settings, runtime.agent, runtime.ledger, gate, sms_later)
            ),
        ],
        dependencies=_dependencies(runtime, gate, sms_later),
        middleware=[
            proxy_headers_middleware(ProxyTrust(settings.trusted_proxy_networks, settings.client_ip_header)),
            http_metrics.http_metrics_middleware(),
        ],
        openapi_config=None,  # no public /schema (nor its CDN-loaded UIs): the API is documented in the README
        lifespan=[lifespan],
        exception_handlers={Unavailable: answer_unavailable, Exception: _internal_error},
        logging_config=None,  # knotty.logs configures every logger, Litestar's included, as JSON
        debug=False,
    )
    # Around the whole app, not per route: a 404 gets its request id and access line too.
    app.asgi_handler = RequestLog(app.asgi_handler)
    return app
