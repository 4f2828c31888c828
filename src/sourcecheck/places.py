"""The place vocabulary the stages share: ``sourcecheck/data/<language>/places.yml``.

One file per language, read and checked here once; the knowledge base
(:func:`sourcecheck.kb.lexicon.places`) and the extract stage
(:mod:`sourcecheck.extract.vocabulary`) each derive their look-ups from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError

#: The sections of entries, with the kind of place each holds.
SECTIONS = (("countries", "country"), ("organisations", "organisation"))


@dataclass(frozen=True, slots=True)
class Place:
    """A country or international organisation, by the name the knowledge base gives it."""

    name: str
    #: ``country`` or ``organisation``.
    kind: str
    #: Other names and acronyms an article writes ("Britain", "USA").
    names: tuple[str, ...]
    #: Demonyms, and acronyms written before a noun like one ("Albanian", "U.S.").
    adjectives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every entry of the file, in file order (countries first), and its regions."""

    entries: tuple[Place, ...]
    #: Regions named as places (US states, provinces).
    regions: tuple[str, ...]


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, got {value!r}")
    return tuple(value)


@cache
def vocabulary(language: str = "en") -> Vocabulary:
    """The place vocabulary of ``language`` (cached).

    Raises:
        ConfigError: The file is missing or malformed (an entry that does not map
            ``names``/``adjectives`` to lists of strings).
    """
    data = load_mapping("sourcecheck", f"{language}/places")
    where_file = f"data/{language}/places.yml"
    entries: list[Place] = []
    for section, kind in SECTIONS:
        for name, forms in (data.get(section) or {}).items():
            where = f"{where_file} {section}.{name}"
            if forms is not None and not isinstance(forms, dict):
                raise ConfigError(f"{where} must map names/adjectives to lists, got {forms!r}")
            forms = forms or {}
            entries.append(
                Place(
                    name=str(name),
                    kind=kind,
                    names=_strings(forms.get("names"), f"{where}.names"),
                    adjectives=_strings(forms.get("adjectives"), f"{where}.adjectives"),
                )
            )
    regions = _strings(data.get("regions"), f"{where_file} regions")
    return Vocabulary(entries=tuple(entries), regions=regions)


__all__ = ["Place", "Vocabulary", "vocabulary"]
