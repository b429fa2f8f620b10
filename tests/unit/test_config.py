"""Configuration as a person deploying Knotty sets it: environment variables, Supabase URLs pasted as-is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knotty.config import Settings
from knotty.store.database import engine_spec


def settings(**env: str) -> Settings:
    values: dict[str, Any] = dict(env)  # environment names: Settings takes them as aliases, typed Any
    return Settings(_env_file=None, **values)


def test_offline_brain_is_the_default_without_a_key() -> None:
    assert settings().brain == "scripted"


def test_openai_brain_is_the_default_with_a_key() -> None:
    assert settings(OPENAI_API_KEY="sk-test").brain == "openai"


def test_explicit_brain_choice_wins() -> None:
    assert settings(OPENAI_API_KEY="sk-test", KNOTTY_BRAIN="scripted").brain == "scripted"


def test_invalid_brain_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="KNOTTY_BRAIN"):
        settings(KNOTTY_BRAIN="gpt")


def test_embedded_sqlite_lives_under_the_data_dir(tmp_path: Path) -> None:
    url = settings(KNOTTY_DATA_DIR=str(tmp_path)).resolved_database_url
    assert url == f"sqlite+aiosqlite:///{tmp_path.resolve()}/knotty.db"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFAULT_REGION", "GB")
    monkeypatch.setenv("KNOTTY_ALLOWED_ORIGINS", "https://a.example, https://b.example/")
    s = Settings(_env_file=None)
    assert s.default_region == "GB"
    assert s.allowed_origin_list == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    ("pasted", "url", "connect_args"),
    [
        (
            "postgresql://postgres:pw@db.abc.supabase.co:5432/postgres?sslmode=require",
            "postgresql+asyncpg://postgres:pw@db.abc.supabase.co:5432/postgres",
            {"ssl": "require"},
        ),
        (
            "postgres://postgres.abc:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres",
            "postgresql+asyncpg://postgres.abc:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres",
            {"statement_cache_size": 0, "prepared_statement_cache_size": 0},
        ),
        ("postgresql+asyncpg://u@localhost/db", "postgresql+asyncpg://u@localhost/db", {}),
    ],
)
def test_supabase_urls_work_as_pasted(pasted: str, url: str, connect_args: dict[str, object]) -> None:
    spec = engine_spec(pasted)
    assert spec.url == url
    assert spec.connect_args == connect_args


def test_transaction_pooler_is_not_pooled_twice() -> None:
    assert engine_spec("postgresql://u:p@pooler.supabase.com:6543/postgres").use_null_pool
    assert not engine_spec("postgresql://u:p@db.supabase.co:5432/postgres").use_null_pool


def test_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        engine_spec("mysql://u@h/db")


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"KNOTTY_LOG_LEVEL": "LOUD"}, "KNOTTY_LOG_LEVEL"),
        ({"DEFAULT_REGION": "ZZ"}, "DEFAULT_REGION"),
        ({"KNOTTY_SMS_COUNTRIES": "US,Canada"}, "KNOTTY_SMS_COUNTRIES"),
        ({"PUBLIC_BASE_URL": "not-a-url"}, "PUBLIC_BASE_URL"),
        ({"PUBLIC_BASE_URL": "ftp://knotty.example.com"}, "PUBLIC_BASE_URL"),
        ({"PUBLIC_BASE_URL": "https://knotty.example.com:port"}, "PUBLIC_BASE_URL"),
        ({"TWILIO_API_BASE_URL": "api.twilio.com"}, "TWILIO_API_BASE_URL"),
        ({"KNOTTY_ALLOWED_ORIGINS": "https://a.example; https://b.example"}, "KNOTTY_ALLOWED_ORIGINS"),
        ({"MIGRATION_DATABASE_URL": "mysql://u@h/db"}, "MIGRATION_DATABASE_URL"),
    ],
)
def test_a_value_that_cannot_work_is_refused_by_name(env: dict[str, str], setting: str) -> None:
    with pytest.raises(ValueError, match=setting):
        settings(**env)


def test_openai_brain_needs_a_key_or_a_local_server() -> None:
    with pytest.raises(ValueError, match="needs OPENAI_API_KEY"):
        settings(KNOTTY_BRAIN="openai")
    assert settings(KNOTTY_BRAIN="openai", OPENAI_BASE_URL="http://127.0.0.1:8080/v1").brain == "openai"


def test_values_are_normalised() -> None:
    s = settings(
        KNOTTY_LOG_LEVEL="debug",
        DEFAULT_REGION=" gb ",
        KNOTTY_SMS_COUNTRIES="us, ca",
        PUBLIC_BASE_URL="https://k.example.com/",
    )
    assert (s.log_level, s.default_region, s.sms_country_set, s.public_base_url) == (
        "DEBUG",
        "GB",
        frozenset({"US", "CA"}),
        "https://k.example.com",
    )


def test_empty_optional_settings_mean_unset() -> None:
    s = settings(
        TWILIO_ACCOUNT_SID="",
        TWILIO_PHONE_NUMBER="",
        KNOTTY_CLIENT_IP_HEADER="",
        ADMIN_TOKEN="",
        KNOTTY_SECRET_KEY="",
    )
    assert (s.twilio_account_sid, s.twilio_phone_number, s.client_ip_header, s.admin_token, s.secret_key) == (
        None,
    ) * 5


def test_migrations_use_their_own_url_when_given() -> None:
    app = "postgresql://u:p@pooler.supabase.com:6543/postgres"
    direct = "postgresql://u:p@db.abc.supabase.co:5432/postgres"
    assert settings(DATABASE_URL=app).migration_url == app
    assert settings(DATABASE_URL=app, MIGRATION_DATABASE_URL=direct).migration_url == direct


@pytest.mark.parametrize(
    ("public", "host"),
    [
        (None, None),  # the default loopback address: no caller can open it
        ("https://join.masseurmatch.com", "join.masseurmatch.com"),
        ("https://MasseurMatch.com:443/", "masseurmatch.com"),
        ("http://join.masseurmatch.com", None),  # plain http: not a public deployment
        ("https://localhost:8443", None),
        ("https://203.0.113.7", None),
        ("https://[2001:db8::1]", None),
        ("https://knotty.internal", None),
        ("https://knotty.local", None),
    ],
)
def test_the_web_chat_host_said_on_calls_is_only_a_public_https_name(
    public: str | None, host: str | None
) -> None:
    assert settings(**({"PUBLIC_BASE_URL": public} if public else {})).web_chat_host == host
