"""Alembic migrations for Knotty's tables (run with `knotty migrate`)."""
