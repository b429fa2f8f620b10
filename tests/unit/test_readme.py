"""The README is the front page: it opens with the two commands, and its configuration table documents
exactly the settings Knotty reads, the same ones `.env.example` lists."""

from __future__ import annotations

import re
from pathlib import Path

from knotty.config import Settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def table_variables() -> list[str]:
    """The variables named in the first column of the README's configuration table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, flags=re.MULTILINE)


def test_every_setting_is_in_the_readme_table() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [f.alias for f in Settings.model_fields.values() if f"| `{f.alias}` |" not in text]
    assert missing == []


def test_the_table_lists_each_setting_once_and_nothing_else() -> None:
    settings = sorted(str(f.alias) for f in Settings.model_fields.values())
    assert sorted(table_variables()) == settings


def test_the_table_and_env_example_name_the_same_variables() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE)
    assert sorted(listed) == sorted(table_variables())


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:2000]
    assert "make run" in head and "make test" in head
