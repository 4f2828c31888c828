"""The alias data files, loaded once: ``kb/data/`` (positions, persons) and the places shared
with the extract stage (``sourcecheck/data/en/places.yml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sourcecheck import places as shared_places
from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError
from sourcecheck.kb.names import key


@dataclass(frozen=True, slots=True)
class PositionAlias:
    """A named position from ``positions.yml`` with the titles that name it.

    ``same_as`` holds other labels sources file the same office under (in its jurisdiction);
    rows under them join this position.
    """

    label: str
    jurisdiction: str
    role_kind: str
    titles: tuple[str, ...]
    same_as: tuple[str, ...] = ()


def _load(name: str) -> dict[str, Any]:
    return load_mapping("sourcecheck.kb", name)


def _str_list(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, got {value!r}")
    return value


#: Public name of the list check, for the other data-file readers of the kb package.
str_list = _str_list


@cache
def places() -> dict[str, tuple[str, str]]:
    """Folded place/organisation name → (knowledge-base name, ``country`` or ``organisation``).

    Every form of an entry of the shared vocabulary (:mod:`sourcecheck.places`; the
    knowledge base's data hash covers its file) names it: the name, its other ``names``
    and its ``adjectives``.
    """
    table: dict[str, tuple[str, str]] = {}
    for place in shared_places.vocabulary().entries:
        for form in (place.name, *place.names, *place.adjectives):
            table.setdefault(key(form), (place.name, place.kind))
    return table


@cache
def role_titles() -> dict[str, str]:
    """Folded generic title → role kind (``foreign minister`` → ``foreign_minister``)."""
    roles = _load("positions").get("roles") or {}
    return {
        key(title): role
        for role, titles in roles.items()
        for title in _str_list(titles, f"positions.yml roles.{role}")
    }


@cache
def jurisdiction_titles() -> dict[tuple[str, str], str]:
    """(folded jurisdiction, folded title) → role kind, for titles that mean it in one place."""
    table: dict[tuple[str, str], str] = {}
    for place, roles in (_load("positions").get("jurisdictions") or {}).items():
        for role, titles in (roles or {}).items():
            for title in _str_list(titles, f"positions.yml jurisdictions.{place}.{role}"):
                table[(key(place), key(title))] = role
    return table


@cache
def named_positions() -> tuple[PositionAlias, ...]:
    """Positions named by title in ``positions.yml`` (organisation heads and the like)."""
    items = _load("positions").get("positions") or []
    out = []
    for item in items:
        try:
            out.append(
                PositionAlias(
                    label=str(item["label"]),
                    jurisdiction=str(item["jurisdiction"]),
                    role_kind=str(item["role_kind"]),
                    titles=tuple(_str_list(item.get("titles"), f"positions.yml {item['label']}")),
                    same_as=tuple(
                        _str_list(item.get("same_as"), f"positions.yml {item['label']} same_as")
                    ),
                )
            )
        except (KeyError, TypeError) as exc:
            raise ConfigError(
                f"positions.yml positions entry {item!r} needs label, jurisdiction, role_kind"
            ) from exc
    return tuple(out)


@cache
def word_synonyms() -> tuple[tuple[str, str], ...]:
    """(folded phrase, replacement) pairs applied before word-by-word title comparison."""
    table = _load("positions").get("word_synonyms") or {}
    pairs = [(key(a), key(b)) for a, b in table.items()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def not_offices() -> frozenset[str]:
    """Folded titles that are occupations, not offices."""
    return frozenset(
        key(t) for t in _str_list(_load("positions").get("not_offices"), "not_offices")
    )


@cache
def subordinate_words() -> frozenset[str]:
    """Folded words that mark a subordinate office (assistant, deputy…)."""
    words = _str_list(_load("positions").get("subordinate_words"), "subordinate_words")
    return frozenset(key(w) for w in words)


@cache
def name_affixes() -> tuple[frozenset[str], frozenset[str]]:
    """Folded honorifics and suffixes dropped from names before lookup."""
    data = _load("persons")
    return (
        frozenset(key(w) for w in _str_list(data.get("honorifics"), "persons.yml honorifics")),
        frozenset(key(w) for w in _str_list(data.get("suffixes"), "persons.yml suffixes")),
    )


@cache
def person_aliases() -> dict[str, tuple[str, ...]]:
    """Knowledge-base label → other spellings of the person's name."""
    data = _load("persons").get("aliases") or {}
    return {name: tuple(_str_list(v, f"persons.yml {name}")) for name, v in data.items()}
