"""Bad settings as a new operator makes them: one line per problem naming the setting, exit status 2.

Before issue 16 these ended in 19-140-line tracebacks (a closed database port, an unknown host,
`KNOTTY_LOG_LEVEL=LOUD`, an unwritable path) or were accepted and broke later (`DEFAULT_REGION=ZZ`,
`PUBLIC_BASE_URL=not-a-url`, `KNOTTY_BRAIN=openai` with no key, an invalid allowed origin).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.integration.knotty_cli import Ran, empty_postgres_database, knotty, knotty_async
from tests.support.postgres import PostgresCluster


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_refused(ran: Ran, *expected: tuple[str, str]) -> None:
    """Exit 2, no traceback, and exactly one `knotty: SETTING: ...` line per expected (setting, words)."""
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr
    lines = ran.error_lines
    assert len(lines) == len(expected), lines
    for line, (setting, words) in zip(lines, expected, strict=True):
        assert line.startswith(f"knotty: {setting}"), line
        assert words in line, line


@pytest.mark.parametrize(
    ("env", "setting", "words"),
    [
        ({"KNOTTY_LOG_LEVEL": "LOUD"}, "KNOTTY_LOG_LEVEL", "'LOUD' is not a logging level; use one of DEBUG"),
        ({"DEFAULT_REGION": "ZZ"}, "DEFAULT_REGION", "'ZZ' is not an ISO 3166 region"),
        ({"KNOTTY_SMS_COUNTRIES": "US,XX"}, "KNOTTY_SMS_COUNTRIES", "'XX' is not an ISO 3166 region"),
        ({"PUBLIC_BASE_URL": "not-a-url"}, "PUBLIC_BASE_URL", "'not-a-url' is not an http(s) URL"),
        ({"OPENAI_BASE_URL": "localhost:8080"}, "OPENAI_BASE_URL", "is not an http(s) URL"),
        ({"KNOTTY_BRAIN": "openai"}, "KNOTTY_BRAIN=openai", "needs OPENAI_API_KEY"),
        (
            {"KNOTTY_BRAIN": "gpt"},
            "KNOTTY_BRAIN",
            "'gpt' is not valid: input should be 'openai' or 'scripted'",
        ),
        (
            {"KNOTTY_ALLOWED_ORIGINS": "https://ok.example,partner"},
            "KNOTTY_ALLOWED_ORIGINS",
            "'partner' is not an origin",
        ),
        ({"KNOTTY_TRUSTED_PROXIES": "*"}, "KNOTTY_TRUSTED_PROXIES", "`*` would trust every peer"),
        (
            {"KNOTTY_TRUSTED_PROXIES": "10.0.0.0/33"},
            "KNOTTY_TRUSTED_PROXIES",
            "is not an IP address or network",
        ),
        ({"KNOTTY_TURN_BUDGET_S": "-1"}, "KNOTTY_TURN_BUDGET_S", "greater than 0"),
        (
            {"DATABASE_URL": "mysql://u:p@db.example.com/knotty"},
            "DATABASE_URL",
            "unsupported database URL scheme 'mysql'",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], setting: str, words: str
) -> None:
    assert_refused(knotty("serve", cwd=tmp_path, settings=env), (setting, words))


@pytest.mark.parametrize(
    "command", [("migrate",), ("check",), ("chat",), ("export", "--csv", "-"), ("twilio-setup",)]
)
def test_every_command_refuses_a_bad_setting(tmp_path: Path, command: tuple[str, ...]) -> None:
    assert_refused(knotty(*command, cwd=tmp_path, DEFAULT_REGION="ZZ"), ("DEFAULT_REGION", "'ZZ'"))


def test_every_bad_setting_is_listed_at_once(tmp_path: Path) -> None:
    ran = knotty(
        "serve", cwd=tmp_path, KNOTTY_LOG_LEVEL="LOUD", DEFAULT_REGION="ZZ", PUBLIC_BASE_URL="not-a-url"
    )
    assert_refused(
        ran, ("PUBLIC_BASE_URL", "not an http"), ("DEFAULT_REGION", "ZZ"), ("KNOTTY_LOG_LEVEL", "LOUD")
    )


def test_good_values_in_any_case_are_taken(tmp_path: Path) -> None:
    ran = knotty(
        "check",
        cwd=tmp_path,
        KNOTTY_LOG_LEVEL="debug",
        DEFAULT_REGION="gb",
        KNOTTY_ALLOWED_ORIGINS="https://*.example.com, http://localhost:3000/",
    )
    assert ran.returncode == 0, ran.stderr


def test_a_secret_is_never_echoed(tmp_path: Path) -> None:
    ran = knotty(
        "serve",
        cwd=tmp_path,
        KNOTTY_MODEL_FAILURES="zero",
        DATABASE_URL="postgresql://u:hunter2-secret@127.0.0.1:1/db",
    )
    assert_refused(ran, ("KNOTTY_MODEL_FAILURES", "'zero' is not valid"))
    ran = knotty(
        "serve", cwd=tmp_path, DATABASE_URL=f"postgresql://u:hunter2-secret@127.0.0.1:{closed_port()}/db"
    )
    assert "hunter2" not in ran.stderr + ran.stdout


def test_serving_https_needs_a_secret_key_and_a_long_admin_token(tmp_path: Path) -> None:
    ran = knotty("serve", cwd=tmp_path, PUBLIC_BASE_URL="https://knotty.example.com", ADMIN_TOKEN="short")
    assert_refused(
        ran,
        ("ADMIN_TOKEN", "shorter than 24 characters"),
        ("KNOTTY_SECRET_KEY", "not set while serving https"),
    )


def test_an_unwritable_data_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for command in ("serve", "migrate", "chat"):
        ran = knotty(command, cwd=tmp_path, KNOTTY_DATA_DIR=str(blocker / "data"))
        assert_refused(ran, ("KNOTTY_DATA_DIR", "cannot write to"))


@pytest.mark.parametrize("command", ["serve", "migrate", "chat", "export"])
def test_a_closed_database_port(tmp_path: Path, command: str) -> None:
    port = closed_port()
    args = ("export", "--csv", "-") if command == "export" else (command,)
    ran = knotty(*args, cwd=tmp_path, DATABASE_URL=f"postgresql://knotty:pw@127.0.0.1:{port}/knotty")
    assert_refused(ran, ("DATABASE_URL", f"nothing accepts connections at 127.0.0.1:{port}"))


def test_an_unknown_database_host(tmp_path: Path) -> None:
    ran = knotty(
        "serve", cwd=tmp_path, DATABASE_URL="postgresql://knotty:pw@no-such-host.invalid:5432/knotty"
    )
    assert_refused(ran, ("DATABASE_URL", "unknown host 'no-such-host.invalid'"))


async def test_a_database_that_does_not_exist_or_a_role_that_does_not(
    tmp_path: Path, pg_cluster: PostgresCluster | None
) -> None:
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    missing_db = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/no_such_db"
    assert_refused(
        await knotty_async("serve", cwd=tmp_path, DATABASE_URL=missing_db),
        ("DATABASE_URL", "no database 'no_such_db'"),
    )
    missing_role = f"postgresql://nobody:pw@127.0.0.1:{pg_cluster.port}/postgres"
    assert_refused(
        await knotty_async("serve", cwd=tmp_path, DATABASE_URL=missing_role),
        ("DATABASE_URL", "refused user 'nobody'"),
    )


async def test_serve_refuses_a_database_that_was_never_migrated(
    tmp_path: Path, pg_cluster: PostgresCluster | None
) -> None:
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    url = await empty_postgres_database(pg_cluster)
    ran = await knotty_async("serve", cwd=tmp_path, DATABASE_URL=url)
    assert_refused(ran, ("DATABASE_URL", "the database schema is not up to date (no Knotty tables"))
    assert "run `knotty migrate` first" in ran.stderr


def test_export_to_an_unwritable_path(tmp_path: Path) -> None:
    assert knotty("migrate", cwd=tmp_path).returncode == 0
    (tmp_path / "a-file").write_text("")
    ran = knotty("export", "--csv", str(tmp_path / "a-file" / "waitlist.csv"), cwd=tmp_path)
    assert_refused(ran, ("--csv", "cannot write"))
