"""`knotty twilio-setup`: point the live number's webhooks at this deployment's public address."""

from __future__ import annotations

import argparse
import asyncio

from app.commands.problems import refuse
from channels.setup import twilio_setup
from knotty.config import Settings
from knotty.preflight import Problem, is_public_host

__all__ = ["twilio_setup_command"]


def twilio_setup_command(args: argparse.Namespace, settings: Settings) -> int:
    base = settings.public_base_url
    if not args.force and not (base.startswith("https://") and is_public_host(base)):
        return refuse(
            [
                Problem(
                    "PUBLIC_BASE_URL",
                    f"{base} is not a public https address Twilio can reach, and the live number would point at it; "
                    "set PUBLIC_BASE_URL to the app's public https URL (or pass --force)",
                )
            ]
        )
    return asyncio.run(twilio_setup(settings))
