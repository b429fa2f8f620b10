"""The key that signs web cookies and CSRF tokens: configured, or generated once and kept on disk.

Without `KNOTTY_SECRET_KEY`, a random key is written to `KNOTTY_DATA_DIR/secret_key` (mode 0600) the
first time and read back afterwards, so visitors' sessions survive a restart and every worker of one
deployment signs with the same key. The file is linked into place atomically, so two workers
starting together agree on one key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from knotty import Settings

__all__ = ["load_secret_key"]

_FILE_NAME = "secret_key"
_MIN_LENGTH = 32


def load_secret_key(settings: Settings) -> str:
    """`settings.secret_key`, else the key stored under the data dir (created on first use)."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / _FILE_NAME
    return _read(path) or _create(path)


def _read(path: Path) -> str | None:
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return key if len(key) >= _MIN_LENGTH else None


def _create(path: Path) -> str:
    """Write a new key to a private temp file, then link it into place atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    tmp = path.with_name(f".{_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        existing = _read(path)
        if existing:
            return existing
        os.replace(tmp, path)  # an empty or truncated key file: replace it
        return key
    finally:
        tmp.unlink(missing_ok=True)
    return key
