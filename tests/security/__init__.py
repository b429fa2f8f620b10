"""Attacks from issue 10, replayed against the real app: each one must fail."""
