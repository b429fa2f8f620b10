"""Run the `knotty` command as an operator does: a child process, a clean environment, its own folder."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from knotty.config import Settings
from tests.support.postgres import PostgresCluster

__all__ = ["Ran", "empty_postgres_database", "knotty", "knotty_async", "knotty_env"]

_SETTINGS = frozenset(f.alias for f in Settings.model_fields.values() if f.alias)
_counter = itertools.count()


def knotty_env(cwd: Path, **env: str) -> dict[str, str]:
    """This process's environment without any Knotty setting, plus `env` and a data folder under `cwd`."""
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS}
    return {**clean, "KNOTTY_DATA_DIR": str(cwd / "data"), **env}


@dataclass(frozen=True)
class Ran:
    """A finished `knotty` command."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def knotty(
    *args: str,
    cwd: Path,
    stdin: str = "",
    timeout: float = 60,
    settings: Mapping[str, str] | None = None,
    **env: str,
) -> Ran:
    """Run `knotty ARGS` to the end, with the settings given as keywords or as one mapping."""
    done = subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd,
        env=knotty_env(cwd, **(settings or {}), **env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


async def knotty_async(
    *args: str, cwd: Path, timeout: float = 60, settings: Mapping[str, str] | None = None, **env: str
) -> Ran:
    """`knotty`, without blocking the loop that serves the fakes it talks to."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", *args, cwd=cwd, env=knotty_env(cwd, **(settings or {}), **env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    assert proc.returncode is not None
    return Ran(proc.returncode, out.decode(), err.decode())


async def empty_postgres_database(cluster: PostgresCluster) -> str:
    """A new, empty (unmigrated) database on the test cluster; its URL as an operator would paste it."""
    name = f"knotty_cli{os.getpid()}_{next(_counter)}"
    conn = await asyncpg.connect(cluster.url().replace("+asyncpg", ""))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return cluster.url(name).replace("postgresql+asyncpg://", "postgresql://")
