"""Keys under which names, titles and places are compared: case-, accent- and punctuation-free."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")
_POSSESSIVE = re.compile(r"['’`]s?$|['’`]s(?=\s)")


def fold(text: str) -> str:
    """Lower-case ``text`` and drop its accents (``Chávez`` → ``chavez``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Called for every name, label and place of every row the build reads: remembered.
@lru_cache(maxsize=1 << 17)
def key(text: str) -> str:
    """The comparison key: folded, punctuation and hyphens as single spaces, no possessive."""
    folded = _POSSESSIVE.sub("", fold(text).strip())
    return _NON_WORD.sub(" ", folded).strip()


def name_words(name: str) -> list[str]:
    """The words of a name without honorifics, suffixes and initials (``Gov. Mike R. Pence Jr.``
    → ``mike pence``); the name's own words when nothing would be left."""
    from sourcecheck.kb import lexicon  # lexicon imports this module

    words = key(name).split()
    honorifics, suffixes = lexicon.name_affixes()
    start = 0
    while start < len(words) - 1 and words[start] in honorifics:
        start += 1
    end = len(words)
    while end > start + 1 and words[end - 1] in suffixes:
        end -= 1
    kept = [w for w in words[start:end] if len(w) > 1] or words[start:end]
    return kept or words


def person_keys(name: str) -> tuple[str, ...]:
    """Keys a person's name is looked up under: the cleaned name, and first + last word.

    The second key lets ``Andrés López`` find ``Andrés Manuel López`` without matching on a
    surname alone, which would be ambiguous (see :func:`surname_key` for that).
    """
    words = name_words(name)
    full = " ".join(words)
    if len(words) >= 3:
        return (full, f"{words[0]} {words[-1]}")
    return (full,) if full else ()


def surname_key(name: str) -> str:
    """The key a bare surname is looked up under (``~obama``)."""
    words = name_words(name)
    return f"~{words[-1]}" if words else ""
