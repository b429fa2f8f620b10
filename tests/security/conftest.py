"""The attack tests use the channel tests' Twilio world (real app, Twilio simulator, fake REST API)."""

from tests.channels.conftest import fake_rest, twilio  # noqa: F401 - fixtures, re-exported for pytest
