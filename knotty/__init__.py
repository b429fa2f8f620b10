"""Knotty: MasseurMatch's channel-agnostic waitlist sign-up agent (the core)."""

__version__ = "0.1.0"
