"""The `knotty` commands, one module each, imported by `app.cli` only when run."""
