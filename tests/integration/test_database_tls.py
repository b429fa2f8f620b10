"""`DATABASE_URL` with `sslmode=verify-full` or `verify-ca`, against a real PostgreSQL serving TLS.

Before, a verifying `sslmode` without a root certificate was reported as "cannot connect to host:port
(No such file or directory); check the URL", at start-up and in `knotty check` alike: nothing said a
certificate was missing, nor where it goes. And naming the certificate the way libpq and every
provider's docs do, `sslrootcert=/path/ca.crt` in the URL, failed with "connect() got an unexpected
keyword argument 'sslrootcert'": a verified connection could not be configured at all.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from tests.integration.knotty_cli import knotty
from tests.integration.test_cli_config_errors import assert_refused
from tests.support.postgres import PostgresCluster, start_cluster

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _certificate_authority(folder: Path, name: str) -> Path:
    """A CA's certificate and key in `folder` (`name.crt`, `name.key`)."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=folder)  # fmt: skip
    return folder / f"{name}.crt"


def _server_certificate(folder: Path, ca: str, host: str) -> None:
    """`server.crt`/`server.key` for `host`, signed by the CA `ca` in `folder`."""
    (folder / "san.cnf").write_text(f"subjectAltName=IP:{host}\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={host}",
             "-keyout", "server.key", "-out", "server.csr", cwd=folder)  # fmt: skip
    _openssl("x509", "-req", "-in", "server.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "server.crt", cwd=folder)  # fmt: skip


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PostgresCluster, Path]]:
    """A PostgreSQL of its own serving TLS with a certificate for 127.0.0.1; and its CA's certificate."""
    if os.environ.get("KNOTTY_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("KNOTTY_TEST_SKIP_POSTGRES=1")
    certs = tmp_path_factory.mktemp("certs")
    ca = _certificate_authority(certs, "ca")
    _server_certificate(certs, "ca", "127.0.0.1")
    cluster = start_cluster()
    try:
        for name in ("server.crt", "server.key"):
            shutil.copy(certs / name, cluster.data_dir / name)
            os.chmod(cluster.data_dir / name, 0o600)
            if os.geteuid() == 0:
                shutil.chown(cluster.data_dir / name, "postgres")

        async def _tls_on() -> None:
            conn = await asyncpg.connect(cluster.url().replace("+asyncpg", ""), ssl=False)
            try:
                await conn.execute("ALTER SYSTEM SET ssl = on")
                await conn.execute("SELECT pg_reload_conf()")
            finally:
                await conn.close()

        asyncio.run(_tls_on())
        yield cluster, ca
    finally:
        cluster.stop()


def _url(cluster: PostgresCluster, query: str) -> str:
    return f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres?{query}"


@pytest.mark.parametrize("mode", ["verify-full", "verify-ca"])
@pytest.mark.parametrize("command", [("check",), ("migrate",), ("serve", "--port", "1")])
def test_a_verifying_sslmode_without_a_root_certificate_says_so(
    tls_cluster: tuple[PostgresCluster, Path], tmp_path: Path, mode: str, command: tuple[str, ...]
) -> None:
    cluster, _ = tls_cluster
    home = tmp_path / "home"
    home.mkdir()  # no ~/.postgresql/root.crt
    ran = knotty(*command, cwd=tmp_path, DATABASE_URL=_url(cluster, f"sslmode={mode}"), HOME=str(home))
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    problem = next(line for line in ran.error_lines if "DATABASE_URL" in line)
    for words in ("root certificate", "sslrootcert=", "PGSSLROOTCERT", "~/.postgresql/root.crt"):
        assert words in problem, problem
    assert "check the URL" not in problem and "Traceback" not in ran.stderr


def test_the_root_certificate_named_in_the_url_verifies_the_server(
    tls_cluster: tuple[PostgresCluster, Path], tmp_path: Path
) -> None:
    cluster, ca = tls_cluster
    url = _url(cluster, f"sslmode=verify-full&sslrootcert={ca}")
    ran = knotty("migrate", cwd=tmp_path, DATABASE_URL=url, HOME=str(tmp_path))
    assert ran.returncode == 0, ran.stderr
    checked = knotty("check", cwd=tmp_path, DATABASE_URL=url, HOME=str(tmp_path))
    database = next(line for line in checked.stdout.splitlines() if line.startswith("database"))
    assert "ok" in database, checked.stdout + checked.stderr


def test_a_server_certificate_of_another_authority_is_refused(
    tls_cluster: tuple[PostgresCluster, Path], tmp_path: Path
) -> None:
    cluster, _ = tls_cluster
    other = _certificate_authority(tmp_path, "other")
    ran = knotty(
        "migrate",
        cwd=tmp_path,
        DATABASE_URL=_url(cluster, f"sslmode=verify-full&sslrootcert={other}"),
        HOME=str(tmp_path),
    )
    assert ran.returncode != 0 and "Traceback" not in ran.stderr, ran.stderr


def test_a_root_certificate_that_is_not_there_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "ca.crt"
    url = f"postgresql://u:p@127.0.0.1:5432/db?sslmode=verify-full&sslrootcert={missing}"
    assert_refused(knotty("check", cwd=tmp_path, DATABASE_URL=url), ("DATABASE_URL", str(missing)))


def test_a_misspelt_sslmode_is_named_not_taken_for_require(tmp_path: Path) -> None:
    url = "postgresql://u:p@127.0.0.1:5432/db?sslmode=verify_full"
    assert_refused(
        knotty("check", cwd=tmp_path, DATABASE_URL=url),
        ("DATABASE_URL", "sslmode='verify_full' is not one of disable, allow, prefer, require, verify-ca"),
    )
