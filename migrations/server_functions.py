"""Knotty's PostgreSQL functions, created private: only the role that owns the tables may call them.

PostgreSQL lets every role execute a new function, and Supabase's API exposes the functions of the
`public` schema to its public keys (the `anon` and `authenticated` roles, to which it grants them by
default). The tables have row-level security with no policy (migration 0001), so such a caller would
see no rows, but it could still take the texts' lock in a loop and hold up every text. Each function
is created and then closed to everyone but its owner.
"""

from __future__ import annotations

from alembic import op

__all__ = ["create_private_function", "drop_function"]

_API_ROLES = ("anon", "authenticated")


def create_private_function(definition: str, signature: str) -> None:
    """Run `definition` (CREATE OR REPLACE FUNCTION ...) and revoke EXECUTE on `signature` from all but
    its owner; PostgreSQL only."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(definition)
    op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for role in _API_ROLES:
        op.execute(
            f"DO $do$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "  # noqa: S608 - constants
            f"REVOKE ALL ON FUNCTION {signature} FROM {role}; END IF; END $do$"
        )


def drop_function(signature: str) -> None:
    """Drop the function (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
