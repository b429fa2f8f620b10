"""Every setting Knotty reads from the environment, in one place.

Each field's docstring is what the README's configuration table says about it. Values derived from
other settings (the database URL, the brain) are properties, so they can never disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self
from urllib.parse import urlsplit

import phonenumbers
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knotty.store.database import engine_spec
from knotty.trusted_proxies import Network, parse_networks

__all__ = ["LOG_LEVELS", "MIN_ADMIN_TOKEN_CHARS", "Settings", "get_settings"]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
"""The values `KNOTTY_LOG_LEVEL` takes (any case)."""

_ORIGIN = re.compile(r"^https?://((\*\.)?[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?$")

_UNREACHABLE_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".lan",
    ".home.arpa",
    ".test",
    ".invalid",
    ".example",
)
"""Host names no caller can open (RFC 6761 and local names)."""

MIN_ADMIN_TOKEN_CHARS = 24
"""The shortest `ADMIN_TOKEN` the web app starts with (guessing it must stay out of reach)."""


class Settings(BaseSettings):
    """Knotty's configuration, read from environment variables (and an optional `.env` file)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    """Database URL. `postgres://`/`postgresql://` URLs (as Supabase shows them) are accepted; default:
    SQLite file `knotty.db` under `KNOTTY_DATA_DIR`."""

    migration_database_url: str | None = Field(default=None, alias="MIGRATION_DATABASE_URL")
    """Database URL `knotty migrate` uses instead of `DATABASE_URL`: Supabase's direct connection (port 5432),
    since the transaction pooler the app uses cannot run DDL."""

    data_dir: Path = Field(default=Path(".knotty"), alias="KNOTTY_DATA_DIR")
    """Folder for the embedded SQLite database and other local state."""

    brain_choice: Literal["openai", "scripted"] | None = Field(default=None, alias="KNOTTY_BRAIN")
    """`openai` or `scripted` (offline). Default: `openai` when `OPENAI_API_KEY` is set, else `scripted`."""

    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    """API key for the OpenAI (or OpenAI-compatible) server."""

    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    """Base URL of an OpenAI-compatible server (default: OpenAI's)."""

    openai_model: str = Field(default="gpt-4o-mini", alias="OPENAI_MODEL")
    """Chat Completions model."""

    openai_timeout_s: float = Field(default=6.0, alias="KNOTTY_TURN_BUDGET_S", gt=0)
    """Time budget of one model turn in seconds; past it the offline brain answers that turn."""

    model_failures: int = Field(default=3, alias="KNOTTY_MODEL_FAILURES", ge=1)
    """Failed model requests in a row (a timeout or a 401 counts at once) that open the circuit breaker."""

    model_cooldown_s: float = Field(default=30.0, alias="KNOTTY_MODEL_COOLDOWN_S", ge=0)
    """While the breaker is open, turns go straight to the offline brain; then one turn probes the model."""

    openai_realtime_url: str = Field(default="wss://api.openai.com/v1/realtime", alias="OPENAI_REALTIME_URL")
    """WebSocket URL of the OpenAI Realtime API (voice mode `realtime`)."""

    openai_realtime_model: str = Field(default="gpt-realtime", alias="OPENAI_REALTIME_MODEL")
    """Realtime model (voice mode `realtime`)."""

    openai_realtime_voice: str = Field(default="alloy", alias="OPENAI_REALTIME_VOICE")
    """Voice of the Realtime model."""

    openai_prompt_id: str | None = Field(default=None, alias="OPENAI_PROMPT_ID")
    """Stored prompt to reference in Realtime sessions instead of sending the prompt text."""

    openai_prompt_version: str | None = Field(default=None, alias="OPENAI_PROMPT_VERSION")
    """Version of `OPENAI_PROMPT_ID`."""

    public_base_url: str = Field(default="http://127.0.0.1:8000", alias="PUBLIC_BASE_URL")
    """The public https URL Twilio calls (used to check Twilio signatures and build callback URLs)."""

    twilio_account_sid: str | None = Field(default=None, alias="TWILIO_ACCOUNT_SID")
    """Twilio account SID (REST API: confirmation SMS, setup)."""

    twilio_auth_token: str | None = Field(default=None, alias="TWILIO_AUTH_TOKEN")
    """Twilio auth token; without it the Twilio routes refuse every request."""

    twilio_previous_auth_token: str | None = Field(default=None, alias="TWILIO_PREVIOUS_AUTH_TOKEN")
    """The auth token being rotated out: webhooks Twilio still signs with it are accepted while the new
    one (`TWILIO_AUTH_TOKEN`) is promoted in Twilio's console; remove it once the rotation is done."""

    twilio_phone_number: str | None = Field(default=None, alias="TWILIO_PHONE_NUMBER")
    """Knotty's Twilio number in E.164 (spaces and dashes dropped; without its `+` country code it is
    refused), the sender of confirmation texts."""

    twilio_messaging_service_sid: str | None = Field(default=None, alias="TWILIO_MESSAGING_SERVICE_SID")
    """Messaging Service SID to send confirmation texts from instead of `TWILIO_PHONE_NUMBER`."""

    twilio_api_base_url: str | None = Field(default=None, alias="TWILIO_API_BASE_URL")
    """Overrides Twilio's REST base URL (`https://api.twilio.com`), for tests and proxies."""

    twilio_voice: str = Field(default="Polly.Joanna", alias="TWILIO_VOICE")
    """Voice used by `<Say>` on calls."""

    twilio_voice_es: str = Field(default="Polly.Mia", alias="TWILIO_VOICE_ES")
    """Voice of the few lines a call says in Spanish (`es-MX`): the menu's offer and its note."""

    twilio_speech_model: str = Field(default="phone_call", alias="TWILIO_SPEECH_MODEL")
    """Speech recognition model of `<Gather>`."""

    voice_mode: Literal["gather", "realtime", "relay"] = Field(default="gather", alias="KNOTTY_VOICE_MODE")
    """Voice flow: `gather` (webhooks, works offline), `realtime` (Media Streams + OpenAI Realtime),
    `relay` (ConversationRelay)."""

    voice_silence_s: float = Field(default=8.0, alias="KNOTTY_VOICE_SILENCE_S", ge=0, le=60)
    """Voice modes `relay` and `realtime`: seconds of silence, once Knotty has finished speaking, before it
    asks "Are you still there?" (and, the second time, says goodbye), as `<Gather>` does; 0 never asks."""

    caller_id_trust: Literal["attested", "any"] = Field(default="attested", alias="KNOTTY_CALLER_ID_TRUST")
    """When a call's caller ID counts as proof that the caller holds the number (updating the entry that
    lists it, "this number is already on our waitlist", their own texts, finishing the call by text):
    `attested` only when the carrier vouches for it with SHAKEN/STIR attestation A (Twilio's
    `StirVerstat` `TN-Validation-Passed-A`); `any` for every caller ID, as before (for numbers outside
    SHAKEN/STIR, where no call is ever attested). An SMS sender is always trusted."""

    admin_token: str | None = Field(default=None, alias="ADMIN_TOKEN")
    """Bearer token of the admin API and login of the admin page; unset disables both."""

    metrics_token: str | None = Field(
        default=None, alias="KNOTTY_METRICS_TOKEN", min_length=MIN_ADMIN_TOKEN_CHARS
    )
    """Bearer token a Prometheus scraper sends to `GET /metrics` (at least 24 characters); unset turns `/metrics` off."""

    secret_key: str | None = Field(default=None, alias="KNOTTY_SECRET_KEY")
    """Key that signs web-chat and admin cookies. Default: generated once and kept under `KNOTTY_DATA_DIR`."""

    allowed_origins: str = Field(default="", alias="KNOTTY_ALLOWED_ORIGINS")
    """Comma-separated origins allowed to embed the chat widget (`*` for any)."""

    default_region: str = Field(default="US", alias="DEFAULT_REGION")
    """Region for phone numbers written without a country code (ISO 3166 code)."""

    sms_countries: str = Field(default="US,CA", alias="KNOTTY_SMS_COUNTRIES")
    """Comma-separated ISO 3166 regions a confirmation text may go to (mobile numbers only); others are not offered one."""

    sms_per_number_days: float = Field(default=30.0, alias="KNOTTY_SMS_PER_NUMBER_DAYS", ge=0)
    """At most one confirmation text per phone number in this many days."""

    sms_hourly_cap: int = Field(default=100, alias="KNOTTY_SMS_HOURLY_CAP", ge=0)
    """At most this many confirmation texts an hour across every process (a warning is logged when it trips)."""

    sms_hourly_cap_per_address: int = Field(default=10, alias="KNOTTY_SMS_HOURLY_CAP_PER_ADDRESS", ge=0)
    """At most this many confirmation texts an hour asked for from one web chat client address (an IPv6
    client by its /64), counted across every process; past it the person is told no text will come."""

    sms_hourly_cap_per_sender: int = Field(default=5, alias="KNOTTY_SMS_HOURLY_CAP_PER_SENDER", ge=0)
    """At most this many confirmation texts an hour to numbers other than the sender's own, asked for by
    one texting number (the signed SMS `From`) or caller ID (every caller without one counted as one),
    counted across every process; past it the person is told no text will come."""

    trusted_proxies: str = Field(default="127.0.0.1,::1", alias="KNOTTY_TRUSTED_PROXIES")
    """Peers whose `X-Forwarded-For`/`-Proto` (and `KNOTTY_CLIENT_IP_HEADER`) are believed: comma-separated
    IPs or networks, or `private` for the private ranges platforms' proxies connect from. `*` is refused."""

    client_ip_header: str | None = Field(default=None, alias="KNOTTY_CLIENT_IP_HEADER")
    """A trusted proxy's own client-address header, e.g. `Fly-Client-IP` on Fly.io; unset: the right-most
    untrusted hop of `X-Forwarded-For`."""

    redis_url: str | None = Field(default=None, alias="KNOTTY_REDIS_URL")
    """A Redis or Valkey server (`redis://`, `rediss://` or `unix://` URL) to keep the abuse limits' counters
    in, instead of the database; unset: the database."""

    max_turns_in_flight: int = Field(default=64, alias="KNOTTY_MAX_TURNS_IN_FLIGHT", ge=1)
    """Agent turns one server process runs at once. Past it a webhook waits up to `KNOTTY_TURN_QUEUE_S` for a
    slot, then a call hears "one moment" and comes back with what the caller said, and a text is kept and
    answered later by the REST API: no webhook queues into Twilio's 15 s timeout."""

    turn_queue_s: float = Field(default=2.0, alias="KNOTTY_TURN_QUEUE_S", ge=0, le=10)
    """Seconds a webhook waits for one of the `KNOTTY_MAX_TURNS_IN_FLIGHT` slots before it is answered at once."""

    drain_s: float = Field(default=20.0, alias="KNOTTY_DRAIN_S", ge=0, le=600)
    """On SIGTERM/SIGINT, `knotty serve` stops taking connections and lets the open voice streams finish for
    up to this many seconds; the rest are handed over politely (the call goes on by Gather) before it exits."""

    log_level: str = Field(default="INFO", alias="KNOTTY_LOG_LEVEL")
    """Logging level."""

    @field_validator(
        "brain_choice",
        "database_url",
        "migration_database_url",
        "openai_api_key",
        "openai_base_url",
        "twilio_account_sid",
        "twilio_auth_token",
        "twilio_previous_auth_token",
        "twilio_phone_number",
        "twilio_messaging_service_sid",
        "twilio_api_base_url",
        "openai_prompt_id",
        "openai_prompt_version",
        "secret_key",
        "admin_token",
        "metrics_token",
        "client_ip_header",
        "redis_url",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """`VAR=` in an env file means "not set", not "set to nothing"."""
        return None if value == "" else value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_scheme(cls, value: str | None) -> str | None:
        """A URL Redis' client cannot open is refused at start-up, not at the first chat message."""
        if value is not None and urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, value: str) -> str:
        """A typo or `*` in `KNOTTY_TRUSTED_PROXIES` stops start-up instead of trusting the wrong peers."""
        parse_networks(value)
        return value

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _database_url_scheme(cls, value: str | None) -> str | None:
        """A MySQL URL or a typo in the scheme is refused now, not at the first query."""
        if value is not None:
            engine_spec(value)
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level_known(cls, value: str) -> str:
        """`LOUD` is no level: say so instead of a 46-line exception group from the logging module."""
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a logging level; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("default_region")
    @classmethod
    def _region_known(cls, value: str) -> str:
        """`ZZ` would make every phone number written without a country code unreadable."""
        return _region(value)

    @field_validator("sms_countries")
    @classmethod
    def _sms_regions_known(cls, value: str) -> str:
        """A typo here would silently offer no one a confirmation text."""
        return ",".join(_region(part) for part in value.split(",") if part.strip())

    @field_validator("public_base_url")
    @classmethod
    def _public_url_is_a_url(cls, value: str) -> str:
        """Twilio's signatures are checked against this URL: it must be the bare `https://host`."""
        value = _http_url(
            value, "use the address people and Twilio reach the app at, e.g. https://knotty.example.com"
        )
        parts = urlsplit(value)
        if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
            bare = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
            raise ValueError(
                f"{value[:80]!r} is more than an address; give only the scheme and host (and port), "
                f"e.g. {bare}: Knotty adds /twilio/voice and its other paths itself, and serves them at the "
                "root of its host"
            )
        return value.rstrip("/")

    @field_validator("openai_base_url", "twilio_api_base_url")
    @classmethod
    def _service_url_is_a_url(cls, value: str | None) -> str | None:
        """A server URL that is no URL fails every request later; refuse it now."""
        return (
            None
            if value is None
            else _http_url(value, "give the server's http(s) base URL, or leave it unset")
        )

    @field_validator("allowed_origins")
    @classmethod
    def _origins_are_origins(cls, value: str) -> str:
        """An entry that is no origin would be dropped from the widget's frame-ancestors without a word."""
        for entry in (o.strip().rstrip("/") for o in value.split(",")):
            if entry and entry != "*" and not _ORIGIN.match(entry):
                raise ValueError(
                    f"{entry[:80]!r} is not an origin; list scheme://host[:port] entries such as "
                    "https://www.example.com or https://*.example.com, comma-separated, or `*`"
                )
        return value

    @model_validator(mode="after")
    def _openai_brain_has_a_key(self) -> Self:
        """`KNOTTY_BRAIN=openai` with no key would fail every turn over to the offline brain, silently."""
        if self.brain_choice == "openai" and not self.openai_api_key and not self.openai_base_url:
            raise ValueError(
                "KNOTTY_BRAIN=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server); "
                "set the key, or KNOTTY_BRAIN=scripted for the offline brain"
            )
        return self

    @model_validator(mode="after")
    def _twilio_number_is_e164(self) -> Self:
        """Knotty's number as Twilio writes it (E.164): compared with every typed and texting number,
        a "(415) 555-0100" would never match, and a person typing it would be saved and texted."""
        raw = (self.twilio_phone_number or "").strip()
        if raw:
            self.twilio_phone_number = _e164(raw, self.default_region)
        return self

    @property
    def migration_url(self) -> str:
        """The database `knotty migrate` changes: `MIGRATION_DATABASE_URL`, else the app's own."""
        return self.migration_database_url or self.resolved_database_url

    @property
    def web_chat_host(self) -> str | None:
        """Where a caller can sign up by typing instead (the web chat at the root of `PUBLIC_BASE_URL`), said on
        a call that gives up on a field: the host of an https `PUBLIC_BASE_URL` with a public name; None for
        the default, a plain-http, loopback or IP address (a caller could not reach it)."""
        parts = urlsplit(self.public_base_url)
        host = (parts.hostname or "").rstrip(".")
        if parts.scheme != "https" or "." not in host or host.endswith(_UNREACHABLE_SUFFIXES):
            return None
        if host.replace(".", "").isdigit() or ":" in host:
            return None  # an IP address
        return host

    @property
    def public_url_is_https(self) -> bool:
        """People reach Knotty over https (`PUBLIC_BASE_URL`), whatever scheme a proxy forwards it with:
        every cookie is then `Secure`."""
        return urlsplit(self.public_base_url).scheme.lower() == "https"

    @property
    def public_url_given(self) -> bool:
        """`PUBLIC_BASE_URL` was set, not left at its local default. Unset, Knotty can't tell a deployment
        behind a TLS-terminating proxy from local development, so its cookies are `Secure` unless a
        request is plainly local (`web.sessions`)."""
        return "public_base_url" in self.model_fields_set

    @property
    def sms_country_set(self) -> frozenset[str]:
        """`KNOTTY_SMS_COUNTRIES` as upper-case region codes."""
        return frozenset(c.strip().upper() for c in self.sms_countries.split(",") if c.strip())

    @property
    def trusted_proxy_networks(self) -> tuple[Network, ...]:
        """`KNOTTY_TRUSTED_PROXIES` as IP networks."""
        return parse_networks(self.trusted_proxies)

    @property
    def brain(self) -> Literal["openai", "scripted"]:
        """The brain in use: the explicit choice, else `openai` exactly when a key is configured."""
        if self.brain_choice:
            return self.brain_choice
        return "openai" if self.openai_api_key else "scripted"

    @property
    def resolved_database_url(self) -> str:
        """The configured database URL, or the embedded SQLite file under the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'knotty.db').resolve()}"

    @property
    def allowed_origin_list(self) -> list[str]:
        """`KNOTTY_ALLOWED_ORIGINS` split into a list."""
        return [o.strip().rstrip("/") for o in self.allowed_origins.split(",") if o.strip()]


def _region(value: str) -> str:
    region = value.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(
            f"{value!r} is not an ISO 3166 region with phone numbers; use a two-letter code such as US, CA or GB"
        )
    return region


def _e164(raw: str, region: str) -> str:
    """`TWILIO_PHONE_NUMBER` in E.164 (spaces and dashes dropped), or why it cannot be."""
    fix = "write Knotty's Twilio number in E.164, as the Twilio console lists it, e.g. +14155550100"
    try:
        number = phonenumbers.parse(raw, None if raw.startswith("+") else region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValueError(f"TWILIO_PHONE_NUMBER: {raw[:40]!r} is not a phone number; {fix}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not raw.startswith("+"):
        raise ValueError(
            f"TWILIO_PHONE_NUMBER: {raw[:40]!r} has no country code; write it in E.164, e.g. {e164} "
            f"if it is a {region} number"
        )
    return e164


def _http_url(value: str, fix: str) -> str:
    value = value.strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value[:80]!r} is not an http(s) URL; {fix}")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
