"""The production kit in the repository: `.env.example`, `Dockerfile`, `docker-compose.yml`, `fly.toml`,
`render.yaml`. There is no container engine on the test machine, so the files are parsed and checked
against the code they name, and the commands they run are run here by hand, against the test PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import sys
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from knotty.config import Settings
from tests.integration.knotty_cli import empty_postgres_database, knotty_env
from tests.support.live_server import free_port
from tests.support.postgres import PostgresCluster

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {f.alias for f in Settings.model_fields.values() if f.alias}  # every field has one
IMAGE_ONLY = {"PORT", "WEB_CONCURRENCY"}
"""Variables the image's command reads, not Knotty."""


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def instruction(keyword: str) -> str:
    [args] = [a for k, a in dockerfile() if k == keyword]
    return args


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return loaded


def expand(value: str) -> str:
    """Compose's `${VAR:-default}` with nothing set: the default."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


# --- .env.example -------------------------------------------------------------------------------


def env_example_lines() -> list[str]:
    return (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()


def test_env_example_has_every_setting_once_each_with_its_comment() -> None:
    lines = env_example_lines()
    assignments = [
        (i, m.group(1)) for i, line in enumerate(lines) if (m := re.match(r"^#? ?([A-Z][A-Z0-9_]*)=", line))
    ]
    names = [name for _, name in assignments]
    assert sorted(names) == sorted(SETTINGS), (
        "every setting, and only settings, once each: a new setting goes in .env.example too"
    )
    for i, name in assignments:
        assert lines[i - 1].startswith("# ") and "=" not in lines[i - 1].split()[1], (
            f"{name} has no comment above it"
        )


def test_env_example_defaults_are_the_real_defaults(tmp_path: Path) -> None:
    """Uncommenting every line changes nothing: the commented values are what Knotty uses without them."""
    uncommented = [re.sub(r"^# ([A-Z][A-Z0-9_]*=)", r"\1", line) for line in env_example_lines()]
    env_file = tmp_path / ".env"
    env_file.write_text("\n".join(uncommented), encoding="utf-8")
    from_file = Settings(_env_file=env_file)
    defaults = Settings(_env_file=None)
    assert from_file.model_dump() == defaults.model_dump()


# --- Dockerfile ------------------------------------------------------------------------------------


def test_the_dependency_layer_depends_on_the_hashed_lock_alone() -> None:
    steps = dockerfile()
    first_install = next(i for i, (k, a) in enumerate(steps) if k == "RUN" and "pip install" in a)
    copied = [a for k, a in steps[:first_install] if k in ("COPY", "ADD")]
    assert copied == ["requirements.lock ./"], "a README, pyproject or code edit must not reinstall them"
    argv = shlex.split(steps[first_install][1].split("&&")[0])
    assert argv[:2] == ["pip", "install"] and "--require-hashes" in argv
    assert argv[argv.index("-r") + 1] == "requirements.lock"
    assert "requirements.lock" not in (ROOT / ".dockerignore").read_text(encoding="utf-8")


def test_the_project_installs_on_the_locked_dependencies_without_resolving_more() -> None:
    [project_install] = [a for k, a in dockerfile() if k == "RUN" and "pip install --no-deps ." in a]
    assert "pip check" in project_install, "a lock that no longer satisfies pyproject.toml stops the build"


def test_the_image_checks_liveness_and_does_not_migrate_on_start() -> None:
    assert "/livez" in instruction("HEALTHCHECK")
    cmd = " ".join(yaml.safe_load(instruction("CMD")))
    assert "knotty serve --host 0.0.0.0" in cmd and "migrate" not in cmd
    assert instruction("EXPOSE") == "8080"


# --- hosts: compose, Fly, Render ----------------------------------------------------------------


def test_compose_runs_the_migration_once_before_the_app() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "migrate", "app"}
    migrate, app = services["migrate"], services["app"]
    assert migrate["command"] == ["knotty", "migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert app["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert "command" not in app, "the app runs the image's own command (knotty serve)"
    assert migrate["image"] == app["image"] and migrate["build"] == app["build"] == "."
    for service in (migrate, app):
        assert service["environment"]["DATABASE_URL"].startswith("postgresql://knotty:knotty@db:5432/")
        assert set(service["environment"]) <= SETTINGS | IMAGE_ONLY
    assert app["ports"] == ["8080:8080"]


def test_fly_migrates_as_the_release_step_and_checks_liveness() -> None:
    fly = tomllib.loads((ROOT / "fly.toml").read_text(encoding="utf-8"))
    assert fly["deploy"]["release_command"] == "knotty migrate"
    service = fly["http_service"]
    assert service["internal_port"] == int(instruction("EXPOSE"))
    assert service["force_https"] is True
    assert service["auto_stop_machines"] == "off" and service["min_machines_running"] >= 1
    assert [c["path"] for c in service["checks"]] == ["/livez"]
    assert (
        fly["env"]["KNOTTY_TRUSTED_PROXIES"] == "private"
        and fly["env"]["KNOTTY_CLIENT_IP_HEADER"] == "Fly-Client-IP"
    )
    assert set(fly["env"]) <= SETTINGS | IMAGE_ONLY


def test_render_migrates_before_deploying_and_checks_liveness() -> None:
    [web] = yaml.safe_load((ROOT / "render.yaml").read_text(encoding="utf-8"))["services"]
    assert web["runtime"] == "docker" and web["dockerfilePath"] == "./Dockerfile"
    assert web["preDeployCommand"] == "knotty migrate"
    assert web["healthCheckPath"] == "/livez"
    keys = {v["key"]: v for v in web["envVars"]}
    assert set(keys) <= SETTINGS | IMAGE_ONLY
    assert keys["KNOTTY_SECRET_KEY"] == {"key": "KNOTTY_SECRET_KEY", "generateValue": True}
    assert keys["KNOTTY_TRUSTED_PROXIES"]["value"] == "private"
    assert {"PUBLIC_BASE_URL", "DATABASE_URL", "MIGRATION_DATABASE_URL", "ADMIN_TOKEN"} <= set(keys)


# --- the same commands, by hand --------------------------------------------------------------------


async def test_the_compose_stack_by_hand(tmp_path: Path, pg_cluster: PostgresCluster | None) -> None:
    """The migrate service's command, then the image's command with the app service's environment,
    then the image's health check, with the test PostgreSQL standing in for the `db` service."""
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    database = await empty_postgres_database(pg_cluster)
    services = compose()["services"]
    bin_dir = Path(sys.executable).parent  # where `pip install` put the `knotty` script
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"

    def environment(service: str, **extra: str) -> dict[str, str]:
        env = {k: expand(str(v)) for k, v in services[service]["environment"].items()}
        env["DATABASE_URL"] = database
        return knotty_env(tmp_path, **env, PATH=path, **extra)

    migrate = await asyncio.create_subprocess_exec(
        *services["migrate"]["command"], cwd=tmp_path, env=environment("migrate"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(migrate.communicate(), 60)
    assert migrate.returncode == 0, err.decode()
    assert "created Knotty's tables" in out.decode()

    port = str(free_port())
    cmd = yaml.safe_load(instruction("CMD"))
    app = await asyncio.create_subprocess_exec(
        *cmd, cwd=tmp_path, env=environment("app", PORT=port), start_new_session=True,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(900):  # 90 s: starting beside a loaded machine is slow, not broken
                try:
                    if (await http.get("/livez")).status_code == 200:
                        break
                except httpx.TransportError:
                    assert app.returncode is None, "the app stopped"
                    await asyncio.sleep(0.1)
            assert (await http.get("/readyz")).status_code == 200
            assert (await http.get("/")).status_code == 200
        check = shlex.split(instruction("HEALTHCHECK").split(" CMD ", 1)[1])
        health = await asyncio.create_subprocess_exec(
            *[sys.executable if part == "python" else part for part in check],
            env={**os.environ, "PORT": port},
        )
        assert await asyncio.wait_for(health.wait(), 30) == 0
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        await asyncio.wait_for(app.communicate(), 30)
