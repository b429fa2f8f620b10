"""The country a person names beside a phone number written as it is dialled there ("07911 123456 (UK)").

Asked for a phone, someone abroad writes their number the way it is dialled at home and says where it is from. The
number alone is not one of Knotty's region, and Knotty had asked for a country code the person had already given in
words. Only the countries whose national numbers Knotty recognises from abroad are named here, by their English
names, short names and adjectives ("UK", "Britain", "a British mobile", "Irish number").
"""

from __future__ import annotations

import re

__all__ = ["country_name", "named_region"]

_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("usa", "u.s.", "u.s.a.", "united states", "america", "american", "the states"),
    "CA": ("canada", "canadian"),
    "GB": ("uk", "u.k.", "united kingdom", "britain", "great britain", "england", "scotland", "wales",
           "northern ireland", "british", "english", "scottish", "welsh"),
    "IE": ("ireland", "republic of ireland", "irish"),
    "FR": ("france", "french"),
    "DE": ("germany", "german"),
    "ES": ("spain", "spanish"),
    "IT": ("italy", "italian"),
    "PT": ("portugal", "portuguese"),
    "NL": ("netherlands", "the netherlands", "holland", "dutch"),
    "BE": ("belgium", "belgian"),
    "CH": ("switzerland", "swiss"),
    "AT": ("austria", "austrian"),
    "SE": ("sweden", "swedish"),
    "NO": ("norway", "norwegian"),
    "DK": ("denmark", "danish"),
    "FI": ("finland", "finnish"),
    "PL": ("poland", "polish"),
    "GR": ("greece", "greek"),
    "BR": ("brazil", "brazilian"),
    "MX": ("mexico", "mexican"),
    "AR": ("argentina", "argentinian", "argentine"),
    "CO": ("colombia", "colombian"),
    "PE": ("peru", "peruvian"),
    "IN": ("india", "indian"),
    "PH": ("philippines", "the philippines", "filipino", "philippine"),
    "AU": ("australia", "australian", "aussie"),
    "NZ": ("new zealand", "nz", "n.z."),
    "ZA": ("south africa", "south african"),
    "NG": ("nigeria", "nigerian"),
    "JP": ("japan", "japanese"),
    "KR": ("south korea", "korea", "korean"),
    "IL": ("israel", "israeli"),
    "AE": ("uae", "u.a.e.", "united arab emirates", "emirates", "dubai"),
}  # fmt: skip
"""Each country's names; word-like ones that are also given names or places of the US (Chad, Jordan, Georgia,
Jersey) are left out, as are the codes that are English words ("in", "us", "no", "co")."""
_REGION_OF = {name: region for region, names in _NAMES.items() for name in names}
_NAMED = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(_REGION_OF, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)


def named_region(text: str) -> str | None:
    """The one region ``text`` names (`_NAMES`), or None when it names none or two."""
    regions = {_REGION_OF[m.group(1).lower()] for m in _NAMED.finditer(text)}
    return regions.pop() if len(regions) == 1 else None


def country_name(region: str) -> str:
    """How Knotty names ``region`` in a sentence ("the UK", "Italy")."""
    name = _NAMES[region][0]
    if f"the {name}" in _NAMES[region]:
        return f"the {name.title()}"  # the Netherlands, the Philippines
    return f"the {name.upper()}" if len(name) <= 3 else " ".join(w.capitalize() for w in name.split())
