"""`knotty --help` and a refused setting answer without importing the agent, the web app or `openai`.

Each `knotty` command lives in `app/commands/` and is imported when run, and the `knotty` and
`knotty.store` packages import their names on first use: before, reading the settings imported the
whole core, its brains and `openai` (seconds of CPU for a one-line refusal). Checked in a fresh
interpreter, where nothing else has imported them yet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import knotty
import knotty.store

HEAVY = ("openai", "knotty.agent", "knotty.store.repository", "litestar", "channels", "app.factory")


def _imported_after(code: str, tmp_path: Path, **env: str) -> dict[str, object]:
    probe = f"""
import contextlib, io, json, sys
out = {{}}
with contextlib.redirect_stderr(io.StringIO()) as err, contextlib.redirect_stdout(io.StringIO()):
    try:
{code}
    except SystemExit as exc:
        out["exit"] = exc.code
out["stderr"] = err.getvalue()
out["heavy"] = sorted(m for m in {list(HEAVY)!r} if m in sys.modules)
print(json.dumps(out))
"""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KNOTTY_", "DATABASE_", "OPENAI_"))}
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        env={**clean, "KNOTTY_DATA_DIR": str(tmp_path / "data"), **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(ran.stdout.strip().splitlines()[-1])
    return result


def test_help_imports_no_command(tmp_path: Path) -> None:
    ran = _imported_after("        from app.cli import main; main(['--help'])", tmp_path)
    assert ran["exit"] == 0
    assert ran["heavy"] == []


def test_a_refused_setting_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    ran = _imported_after(
        "        from app.cli import main; sys.exit(main(['serve']))", tmp_path, KNOTTY_LOG_LEVEL="LOUD"
    )
    assert ran["exit"] == 2
    assert "knotty: KNOTTY_LOG_LEVEL" in str(ran["stderr"])
    assert ran["heavy"] == []


def test_reading_the_settings_imports_neither_the_agent_nor_the_store() -> None:
    code = "import sys, knotty.config; knotty.config.Settings(_env_file=None); print([m for m in ('knotty.agent', 'knotty.store.repository', 'openai') if m in sys.modules])"
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert ran.stdout.strip() == "[]"


def test_every_exported_name_is_there_when_used() -> None:
    """Imported on first use, each name is the object its module defines, and stays."""
    for package in (knotty, knotty.store):
        for name in package.__all__:
            value = getattr(package, name)
            assert vars(package)[name] is value, name
        assert set(package.__all__) <= set(dir(package))
