"""Knotty ships MasseurMatch's prompt verbatim: one copy, the same text every brain sends."""

from __future__ import annotations

from pathlib import Path

import pytest

from knotty.prompt import knotty_prompt

SHARED = Path(__file__).resolve().parents[3] / "shared" / "prompt" / "knotty.md"


def test_packaged_prompt_is_the_shared_one_verbatim() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    assert knotty_prompt() == SHARED.read_text(encoding="utf-8")


def test_there_is_exactly_one_copy_in_the_package() -> None:
    root = Path(__file__).resolve().parents[2]
    skip = {".venv", "build", "dist", ".git", ".pytest_cache"}
    needle = knotty_prompt().strip().splitlines()[-1]  # its last rule, read at run time
    copies = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in {".md", ".txt", ".py", ".html"}
        and not skip.intersection(p.relative_to(root).parts)
        and needle in p.read_text(encoding="utf-8", errors="ignore")
    ]
    assert [p.relative_to(root).as_posix() for p in copies] == ["knotty/prompt/knotty.md"]
