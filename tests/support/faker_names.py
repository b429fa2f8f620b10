"""Every name word Faker knows: what a list of everyday words must leave out, and what tests check lists against.

Read by `scripts/common_words.py` (which builds `knotty/fields/_common_words.py` from it) and by the tests
that check a word list of the offline brain's is nobody's name (`test_scripted_spanish_callers.py`).
"""

from __future__ import annotations

import importlib

import faker.config

from knotty.fields._name_reading import folded

__all__ = ["faker_names"]


def faker_names() -> set[str]:
    """Every word of every first and last name in every Faker locale, in its script and romanized, folded."""
    names: set[str] = set()
    for locale in faker.config.AVAILABLE_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in dir(provider):
            if "name" not in attr or not ("first" in attr or "last" in attr):
                continue  # first_names, last_names_female, first_romanized_names ("Jin", "Long"), ...
            value = getattr(provider, attr)
            if isinstance(value, (list, tuple, dict)):
                for name in value:
                    names.update(folded(part) for part in str(name).replace("-", " ").split())
    return names
