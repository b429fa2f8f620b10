"""A package's exported names, imported on first use (PEP 562) instead of when the package is imported.

`knotty` and `knotty.store` export the agent, the store and their types. Imported eagerly, even
`import knotty.config` imported all of them, and `openai` with them: seconds of start-up for a
command that only reads the settings (`knotty --help`, a setting refused before start).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose name `n` lives in module `homes[n]`."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value  # kept: the next use is a plain attribute, as after an eager import
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
