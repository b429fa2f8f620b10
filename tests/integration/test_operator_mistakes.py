"""Settings an operator gets wrong while following docs/deploying.md, caught before anything serves.

Each of these was accepted and broke later, with nothing saying why: a `PUBLIC_BASE_URL` pasted with a
path (the webhook URL from Twilio's console, or a folder) made every Twilio signature fail and pointed
the number at `…/twilio/voice/twilio/voice`; a `TWILIO_PHONE_NUMBER` copied as the console shows it
("(415) 555-0100") was never recognised as Knotty's own number, so a person typing it got it saved and
texted; a transaction-pooler `MIGRATION_DATABASE_URL` passed `knotty check` and failed the release step.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import phonenumbers
import pytest
from faker import Faker
from pydantic import ValidationError

from channels.public_url import public_url
from knotty.config import Settings
from knotty.texting import TextingRules
from tests.integration.knotty_cli import Ran, empty_postgres_database, knotty, knotty_async
from tests.support.postgres import PostgresCluster

LOCALES = ["en_US", "fr_FR", "de_DE", "ja_JP", "pt_BR", "es_MX", "en_GB", "it_IT"]
REGIONS = ["US", "CA", "GB", "FR", "DE", "AU", "MX", "BR", "JP", "IN"]


def _refused(ran: Ran, setting: str, *words: str) -> str:
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stdout + ran.stderr
    lines = [line for line in ran.stderr.splitlines() if line.startswith(f"knotty: {setting}:")]
    assert len(lines) == 1, ran.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _hosts(seed: int, count: int) -> list[str]:
    fake = Faker(LOCALES)
    fake.seed_instance(seed)
    return [fake.unique.domain_name() for _ in range(count)]


def _settings_refusal(**env: str) -> str:
    """The reason `Settings` gives for refusing `env` (what `knotty` prints after `knotty: `)."""
    with pytest.raises(ValidationError) as refused:
        Settings(**env)  # type: ignore[arg-type]  # pydantic-settings takes the aliases as keywords
    return "; ".join(str(error["msg"]).removeprefix("Value error, ") for error in refused.value.errors())


TAILS = ["/twilio/voice", "/twilio/sms", "/knotty", "/knotty/", "/?x=1", "#top", "/admin", "/voice?a=b#c"]


def test_a_public_url_with_a_path_stops_every_command_with_the_bare_address(tmp_path: Path) -> None:
    host = _hosts(1, 1)[0]
    for command in ("serve", "check"):
        line = _refused(
            knotty(command, cwd=tmp_path, PUBLIC_BASE_URL=f"https://{host}/twilio/voice"), "PUBLIC_BASE_URL"
        )
        assert f"e.g. https://{host}:" in line and "only the scheme and host" in line, line


@pytest.mark.parametrize("tail", TAILS)
def test_a_public_url_with_a_path_is_refused(tail: str) -> None:
    for host in _hosts(len(tail), 6):
        reason = _settings_refusal(PUBLIC_BASE_URL=f"https://{host}{tail}")
        assert f"e.g. https://{host}:" in reason and "only the scheme and host" in reason, reason


def test_the_bare_address_is_still_taken_with_or_without_a_slash() -> None:
    for host in _hosts(7, 6):
        for url in (f"https://{host}", f"https://{host}/", f"http://{host}:8080", f"https://{host}:8443/"):
            settings = Settings(PUBLIC_BASE_URL=url)
            expected = url.rstrip("/")
            assert settings.public_base_url == expected
            # Twilio is pointed at, and its signatures checked against, the app's own route.
            assert public_url(settings, "/twilio/voice") == expected + "/twilio/voice"


def _example(region: str) -> phonenumbers.PhoneNumber:
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert number is not None
    return number


def test_a_twilio_number_without_its_country_code_stops_every_command(tmp_path: Path) -> None:
    ran = knotty("check", cwd=tmp_path, TWILIO_PHONE_NUMBER="(415) 555-0100")
    _refused(ran, "TWILIO_PHONE_NUMBER", "'(415) 555-0100' has no country code", "+14155550100", "E.164")


@pytest.mark.parametrize("region", REGIONS)
def test_a_twilio_number_without_its_country_code_is_refused_with_its_e164_form(region: str) -> None:
    number = _example(region)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    reason = _settings_refusal(TWILIO_PHONE_NUMBER=national, DEFAULT_REGION=region)
    assert reason.startswith(f"TWILIO_PHONE_NUMBER: {national!r} has no country code"), reason
    assert f"e.g. {e164} if it is a {region} number" in reason, reason


@pytest.mark.parametrize("junk", ["415-555", "+1 555", "my twilio number", "+44 20 7946 09601234"])
def test_a_twilio_number_that_is_no_number_is_refused(junk: str) -> None:
    reason = _settings_refusal(TWILIO_PHONE_NUMBER=junk)
    assert reason.startswith(f"TWILIO_PHONE_NUMBER: {junk!r} is not a phone number"), reason
    assert "E.164" in reason


@pytest.mark.parametrize("region", REGIONS)
def test_knottys_own_number_written_with_spaces_is_still_never_texted(region: str) -> None:
    """A person typing Knotty's own number (E.164 after reading) gets no text, however the operator wrote it."""
    number = _example(region)
    typed = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    settings = Settings(TWILIO_PHONE_NUMBER=written, KNOTTY_SMS_COUNTRIES=region)
    assert settings.twilio_phone_number == typed
    assert TextingRules.from_settings(settings).refusal(typed) == "our own number"


POOLERS = [
    "postgresql://postgres.abcdefghij:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
    "postgres://u:pw@db.example.com:5432/postgres?pgbouncer=true",
]


@pytest.mark.parametrize("pooler", POOLERS)
async def test_check_says_a_pooler_migration_url_will_be_refused(
    tmp_path: Path, pg_cluster: PostgresCluster | None, pooler: str
) -> None:
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    url = await empty_postgres_database(pg_cluster)
    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=url)).returncode == 0
    ran = await knotty_async("check", cwd=tmp_path, DATABASE_URL=url, MIGRATION_DATABASE_URL=pooler)
    assert ran.returncode == 2, ran.stdout
    line = next(line for line in ran.stdout.splitlines() if line.startswith("migrations:"))
    assert line.startswith("migrations: FAILED: PostgreSQL "), line
    assert "MIGRATION_DATABASE_URL: this is a transaction pooler" in line and "direct connection" in line, (
        line
    )
    assert "pw@" not in ran.stdout
    # `knotty migrate` does refuse it, as `check` said it would.
    assert (
        await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=url, MIGRATION_DATABASE_URL=pooler)
    ).returncode == 2


async def test_check_reaches_the_migration_database(
    tmp_path: Path, pg_cluster: PostgresCluster | None
) -> None:
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    url = await empty_postgres_database(pg_cluster)
    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=url)).returncode == 0
    missing = url.rsplit("/", 1)[0] + "/no_such_database"
    ran = await knotty_async("check", cwd=tmp_path, DATABASE_URL=url, MIGRATION_DATABASE_URL=missing)
    assert ran.returncode == 2, ran.stdout
    assert "migrations: FAILED: PostgreSQL" in ran.stdout and "no database 'no_such_database'" in ran.stdout
    ran = await knotty_async("check", cwd=tmp_path, DATABASE_URL=url, MIGRATION_DATABASE_URL=url)
    assert ran.returncode == 0, ran.stdout
    assert "migrations: ok: PostgreSQL" in ran.stdout


def _password(fake: Faker, reserved: str) -> str:
    word = fake.password(length=12, special_chars=False)
    return word[:4] + reserved + word[4:]


@pytest.mark.parametrize("reserved", ["@", "#", "/", "?", "@#"])
async def test_a_password_with_a_reserved_character_is_refused_until_encoded(
    tmp_path: Path, pg_cluster: PostgresCluster | None, reserved: str
) -> None:
    """A provider's generated password holding `@` pasted raw: the line named a host that was right
    ("unknown host '127.0.0.1'"); now it says to percent-encode, and the encoded URL works."""
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    url = await empty_postgres_database(pg_cluster)
    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=url)).returncode == 0
    fake = Faker(LOCALES)
    fake.seed_instance(ord(reserved[0]))
    password = _password(fake, reserved)
    raw = url.replace("postgresql://postgres@", f"postgresql://postgres:{password}@")
    ran = await knotty_async("check", cwd=tmp_path, DATABASE_URL=raw)
    line = _refused(ran, "DATABASE_URL", "percent-encode", "%40")
    assert password not in line
    encoded = url.replace("postgresql://postgres@", f"postgresql://postgres:{quote(password, safe='')}@")
    ran = await knotty_async("check", cwd=tmp_path, DATABASE_URL=encoded)
    assert ran.returncode == 0 and "database: ok" in ran.stdout, ran.stdout + ran.stderr


def test_a_port_that_is_no_number_names_the_port() -> None:
    reason = _settings_refusal(DATABASE_URL="postgresql://u@db.example.com:port/x")
    assert "the port of 'db.example.com' is not a number" in reason, reason


def test_check_says_an_empty_sms_countries_offers_no_one_a_text(tmp_path: Path) -> None:
    """`KNOTTY_SMS_COUNTRIES=` is taken (it is how texts are turned off), but `knotty check` said "ok" and
    nothing else: the operator who emptied it by mistake never learned no one would be offered a text."""
    ran = knotty("check", cwd=tmp_path, KNOTTY_SMS_COUNTRIES="")
    lines = [line for line in ran.stdout.splitlines() if line.startswith("confirmation texts:")]
    assert lines and "KNOTTY_SMS_COUNTRIES is empty" in lines[0], ran.stdout
    ran = knotty("check", cwd=tmp_path, KNOTTY_SMS_COUNTRIES="US,CA")
    assert "confirmation texts:" not in ran.stdout, ran.stdout


def test_check_says_an_unset_public_base_url_makes_cookies_secure_off_localhost(tmp_path: Path) -> None:
    """With `PUBLIC_BASE_URL` unset, cookies are `Secure` on every request but plain http to localhost
    (`tests/security/test_cookies_behind_tls.py`): an operator serving plain http on another host
    would see the admin sign-in fail, so `knotty check` says why and what to set."""
    ran = knotty("check", cwd=tmp_path)  # no Knotty setting in its environment
    lines = [line for line in ran.stdout.splitlines() if line.startswith("public address:")]
    assert lines and "PUBLIC_BASE_URL is unset" in lines[0], ran.stdout
    host = Faker(LOCALES).domain_name()
    ran = knotty("check", cwd=tmp_path, PUBLIC_BASE_URL=f"http://{host}:8000")
    assert "public address:" not in ran.stdout, ran.stdout
