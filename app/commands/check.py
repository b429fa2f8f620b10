"""`knotty check`: the configuration, then the database, the model and Twilio, each reached for real."""

from __future__ import annotations

import argparse
import asyncio

from app.check import check_database, check_migration_database
from app.commands.problems import BAD_CONFIGURATION
from channels.twilio_check import check_twilio
from knotty.check import check_confirmation_texts, check_model, check_public_address
from knotty.config import Settings
from knotty.preflight import serve_problems

__all__ = ["check_command"]


async def _check(settings: Settings) -> int:
    problems = serve_problems(settings)
    print("configuration: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    for problem in problems:
        print(f"  {problem}")
    found = await asyncio.gather(
        check_database(settings),
        check_model(settings),
        check_twilio(settings),
        check_migration_database(settings),
    )
    local = (check_confirmation_texts(settings), check_public_address(settings))
    findings = [finding for finding in (*found, *local) if finding is not None]
    for finding in findings:
        print(finding)
    failed = bool(problems) or any(f.outcome == "failed" for f in findings)
    return BAD_CONFIGURATION if failed else 0


def check_command(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_check(settings))
