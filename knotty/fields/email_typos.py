"""Obvious typos in the domain of an address ("gmial.com", "yaho.com", "gmail.con"): what was probably meant.

Only a suggestion: the dialogue asks "did you mean ...?" and keeps the address as given when the person
says it is right. A domain is suggested only when it is one typing slip (a letter missing, added,
changed, or two swapped) away from one of the providers most people use, and is not itself one of
them. `email-typo-fixer` on PyPI corrects silently and pulls its own lists; a check this small is
clearer kept here.
"""

from __future__ import annotations

__all__ = ["COMMON_DOMAINS", "lost_dot", "suggest_email"]

COMMON_DOMAINS = (
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "live.com", "msn.com",
    "me.com", "mac.com", "mail.com", "gmx.com", "gmx.de", "web.de", "proton.me", "protonmail.com",
    "yahoo.co.uk", "hotmail.co.uk", "googlemail.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net",
    "ymail.com", "rocketmail.com", "yandex.com", "zoho.com", "orange.fr", "free.fr", "libero.it", "hotmail.fr",
    "yahoo.fr", "hotmail.es", "yahoo.es", "outlook.es", "uol.com.br", "bol.com.br", "qq.com", "163.com",
)  # fmt: skip
_KNOWN = frozenset(COMMON_DOMAINS)
_MIN_PROVIDER = 5
"""Providers with a shorter first label ("aol", "gmx", "me") are too close to real small domains to suggest."""


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one letter missing, added or changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def suggest_email(email: str) -> str | None:
    """The address with its domain's obvious typo fixed ("ana@gmial.com" -> "ana@gmail.com"), or None."""
    local, _, domain = email.rpartition("@")
    domain = domain.lower()
    if not local or domain in _KNOWN:
        return None
    for known in COMMON_DOMAINS:
        if len(known.split(".")[0]) >= _MIN_PROVIDER and _one_slip(domain, known):
            return f"{local}@{known}"
    return None


_SECOND_LEVELS = {
    "uk": ("co", "org", "ac"), "nz": ("co", "org", "net"), "za": ("co", "org"), "il": ("co", "org"),
    "jp": ("co", "ne", "or"), "kr": ("co", "or"), "in": ("co", "net", "org"), "ke": ("co",), "id": ("co",),
    "th": ("co",), "au": ("com", "net", "org"), "br": ("com", "net", "org"), "mx": ("com",), "ar": ("com",),
    "tr": ("com",), "sg": ("com",), "hk": ("com",), "my": ("com",), "ph": ("com",), "cn": ("com",),
}  # fmt: skip
"""Countries whose addresses end in a second level ("co.uk", "com.au"): the names people say."""


def lost_dot(email: str) -> str | None:
    """The address with the dot a line lost before a country's second level put back ("info@zarlinoco.uk"
    -> "info@zarlino.co.uk": "z a r l i n o dot c o dot u k" heard "... n o see o dot u kay"), or None.

    Only a question for a value the person said was wrong and that was heard the same again: a domain
    such as "tesco.uk" is a real one, never changed unasked.
    """
    local, _, domain = email.rpartition("@")
    labels = domain.lower().split(".")
    if not local or len(labels) != 2:
        return None
    name, country = labels
    for level in _SECOND_LEVELS.get(country, ()):
        if name.endswith(level) and len(name) > len(level) and name[: -len(level)][-1].isalnum():
            return f"{local}@{name[: -len(level)]}.{level}.{country}"
    return None
