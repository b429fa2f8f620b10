"""The README is the operator's manual: every setting Knotty reads is documented there."""

from __future__ import annotations

from pathlib import Path

from knotty.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_the_readme_table() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [f.alias for f in Settings.model_fields.values() if f"| `{f.alias}` |" not in text]
    assert missing == []


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:2000]
    assert "make run" in head and "make test" in head
