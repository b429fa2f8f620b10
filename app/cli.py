"""The `knotty` command: serve, migrate, check, chat in the terminal, export or erase, set up Twilio.

A setting that cannot work stops the command before it does anything, with one line per problem
(`knotty: SETTING: what is wrong; what to do`) and exit status 2, never a traceback. Each command lives
in `app/commands/` and is imported only when run: `knotty --help` or a refused setting answers without
importing the agent, the channels and the web app.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from app.commands.problems import refuse
from knotty.config import Settings
from knotty.preflight import BadConfiguration, load_settings

__all__ = ["main"]

COMMANDS = {
    "serve": ("app.commands.serve", "serve"),
    "migrate": ("app.commands.migrate", "migrate_command"),
    "check": ("app.commands.check", "check_command"),
    "chat": ("app.commands.chat", "chat"),
    "export": ("app.commands.entries", "export_command"),
    "erase": ("app.commands.entries", "erase_command"),
    "twilio-setup": ("app.commands.twilio_setup", "twilio_setup_command"),
}
"""Each command's module and function, imported when that command runs."""


def _command(name: str) -> Callable[[argparse.Namespace, Settings], int]:
    module, function = COMMANDS[name]
    run: Callable[[argparse.Namespace, Settings], int] = getattr(importlib.import_module(module), function)
    return run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="knotty", description="MasseurMatch's waitlist sign-up agent.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web app (web chat, Twilio webhooks, admin)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (conversation state is in the database, so any process serves any turn)",
    )
    sub.add_parser(
        "migrate",
        help="bring the database schema up to date (MIGRATION_DATABASE_URL, else DATABASE_URL); a release step",
    )
    sub.add_parser("check", help="validate the configuration and reach the database, the model and Twilio")
    sub.add_parser("chat", help="talk to Knotty in the terminal")
    export = sub.add_parser("export", help="write the waitlist as CSV")
    export.add_argument("--csv", required=True, metavar="FILE", help="output file, or - for stdout")
    erase = sub.add_parser(
        "erase", help="erase one waitlist entry with its conversations and transcripts (a person asked)"
    )
    erase.add_argument(
        "entry_id",
        type=int,
        metavar="ENTRY_ID",
        help="the entry's id, as `knotty export` and the admin API show it",
    )
    setup = sub.add_parser("twilio-setup", help="point the Twilio number's webhooks at PUBLIC_BASE_URL")
    setup.add_argument(
        "--force", action="store_true", help="even when PUBLIC_BASE_URL is not a public https URL"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `knotty` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except BadConfiguration as exc:
        return refuse(exc.problems)
    return _command(args.command)(args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
