"""requirements.lock, which the Docker image installs with `--require-hashes`, matches pyproject.toml.

A dependency added or re-bounded in pyproject.toml without `make lock` fails here, not in a
`docker build` on a deploy host.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
TARGET = {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux"}
"""The image's Python and platform (python:3.11-slim), for evaluating the lock's and packages' markers."""

_ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?: ; (?P<marker>[^\\]+?))? \\$")


def _declared() -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(r) for r in pyproject["project"]["dependencies"]]


def _locked() -> dict[str, tuple[str, list[str], str | None]]:
    """name -> (version, hashes, marker) from the lock's `name==version [; marker] \\` entries."""
    entries: dict[str, tuple[str, list[str], str | None]] = {}
    current: list[str] | None = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if match := _ENTRY.match(line):
            current = []
            entries[canonicalize_name(match["name"])] = (match["version"], current, match["marker"])
        elif line.strip().startswith("--hash=") and current is not None:
            current.append(line.strip().split("=", 1)[1].rstrip(" \\"))
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"unexpected line in requirements.lock: {line!r}")
    return entries


def test_every_locked_package_is_pinned_with_hashes() -> None:
    locked = _locked()
    assert len(locked) > 20, "the lock holds the whole tree, not only the direct dependencies"
    for name, (version, hashes, _) in locked.items():
        assert re.fullmatch(r"\d+(\.\d+)*([a-z]+\d*)?(\.post\d+)?", version), f"{name}: {version} is no pin"
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), name


def test_every_runtime_dependency_is_locked_at_a_version_pyproject_allows() -> None:
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is missing from requirements.lock: run `make lock`"
        version = locked[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock has {name}=={version}, outside pyproject's {requirement}: run `make lock`"
        )


def test_the_extras_asked_for_are_locked_too() -> None:
    """`litestar[standard]` and `sqlalchemy[asyncio]` bring packages of their own (uvicorn, greenlet...)."""
    locked = _locked()
    checked = 0
    for requirement in _declared():
        if not requirement.extras:
            continue
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            in_extra = needed.marker is not None and any(
                needed.marker.evaluate({**TARGET, "extra": extra}) for extra in requirement.extras
            )
            if in_extra and not (needed.marker and needed.marker.evaluate({**TARGET, "extra": ""})):
                assert canonicalize_name(needed.name) in locked, f"{requirement} needs {needed.name}"
                checked += 1
    assert checked >= 3


def test_the_lock_installs_everything_on_the_images_platform() -> None:
    """Entries with a marker (Windows-only colorama, say) may be skipped; the runtime's own may not."""
    for requirement in _declared():
        _, _, marker = _locked()[canonicalize_name(requirement.name)]
        assert marker is None or Marker(marker).evaluate(TARGET), f"{requirement.name} skipped on Linux"
