"""The `knotty` command as an operator uses it: chat in the terminal, migrate, export CSV."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

PERSON = [
    "Hi, my name is Ana Lima",
    "415 555 0100",
    "ana.lima@example.com",
    "I'm a massage therapist",
    "yes",
    "no thanks",
]


def knotty(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TWILIO_", "DATABASE_URL"))}
    env["KNOTTY_DATA_DIR"] = str(cwd / "data")
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_chat_signs_up_and_export_writes_the_entry(tmp_path: Path) -> None:
    chat = knotty("chat", cwd=tmp_path, stdin="\n".join(PERSON) + "\n")
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.startswith("Knotty: ")
    out = tmp_path / "waitlist.csv"
    export = knotty("export", "--csv", str(out), cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    rows = list(csv.DictReader(out.open()))
    assert [(r["full_name"], r["phone"], r["email"], r["role"], r["channel"]) for r in rows] == [
        ("Ana Lima", "+14155550100", "ana.lima@example.com", "therapist", "cli")
    ]


def test_migrate_creates_the_embedded_database(tmp_path: Path) -> None:
    result = knotty("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "knotty.db").exists()
