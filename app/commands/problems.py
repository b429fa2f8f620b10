"""How a `knotty` command stops on a setting that cannot work: one line per problem, exit status 2."""

from __future__ import annotations

import sys

from knotty.preflight import Problem

__all__ = ["BAD_CONFIGURATION", "refuse"]

BAD_CONFIGURATION = 2
"""Exit status when a setting (or what it points at) stops a command."""


def refuse(problems: list[Problem]) -> int:
    """Print each problem as `knotty: SETTING: what is wrong; what to do`; the exit status to return."""
    for problem in problems:
        print(f"knotty: {problem}", file=sys.stderr)
    return BAD_CONFIGURATION
