"""Benchmarks: `python -m bench.run` (Twilio webhooks through the real HTTP server), `python -m bench.core`."""
