"""The ingest stage's rules, loaded once from ``ingest/data/ingest.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError

_DATA_FILE = "ingest/data/ingest.yml"

#: The Article fields that front matter may fill.
FRONT_MATTER_FIELDS = ("title", "date", "outlet", "url", "language", "author")


@dataclass(frozen=True, slots=True)
class BinarySignature:
    """A binary format recognised by its first bytes.

    Attributes:
        name: What the format is, as a user would say it (``a PDF document``).
        prefix: The bytes such files start with.
        hint: How to turn such a file into something sourcecheck reads.
    """

    name: str
    prefix: bytes
    hint: str


@dataclass(frozen=True, slots=True)
class IngestRules:
    """Everything configurable about ingestion.

    Attributes:
        field_keys: For each Article field, the front matter keys (lower case) that fill it.
        null_values: Front matter values (lower case) that mean "not given".
        binary_signatures: Binary formats recognised by their first bytes.
        max_control_share: Share of control characters above which input counts as binary.
        dropped_link_schemes: URL schemes whose links are dropped.
        max_link_share: HTML text with more of its letters inside links has no main text.
        headline_max_words: A plain-text article without a front matter title takes its
            first line as the title when that line has at most this many words.
    """

    field_keys: tuple[tuple[str, tuple[str, ...]], ...]
    null_values: frozenset[str]
    binary_signatures: tuple[BinarySignature, ...]
    max_control_share: float
    dropped_link_schemes: frozenset[str]
    max_link_share: float
    headline_max_words: int


def _share(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{_DATA_FILE}: {key!r} must be a number from 0 to 1")
    return float(value)


def _str_list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_DATA_FILE}: {key!r} must be a list of strings")
    return value


def _signatures(data: dict[str, Any]) -> tuple[BinarySignature, ...]:
    entries = data.get("binary_signatures")
    if not isinstance(entries, list):
        raise ConfigError(f"{_DATA_FILE}: 'binary_signatures' must be a list")
    signatures = []
    for entry in entries:
        try:
            signatures.append(
                BinarySignature(
                    name=str(entry["name"]),
                    prefix=bytes.fromhex(str(entry["hex"])),
                    hint=str(entry["hint"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"{_DATA_FILE}: each binary signature needs name, hex (even-length hex digits) "
                f"and hint; got {entry!r}"
            ) from exc
    return tuple(signatures)


def _field_keys(data: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    mapping = data.get("front_matter_fields")
    if not isinstance(mapping, dict) or set(mapping) != set(FRONT_MATTER_FIELDS):
        raise ConfigError(
            f"{_DATA_FILE}: 'front_matter_fields' must map exactly these fields to key lists: "
            + ", ".join(FRONT_MATTER_FIELDS)
        )
    return tuple(
        (name, tuple(k.lower() for k in _str_list(mapping, name))) for name in FRONT_MATTER_FIELDS
    )


@cache
def rules() -> IngestRules:
    """The ingest rules (read once).

    Raises:
        ConfigError: The data file is missing or malformed.
    """
    data = load_mapping("sourcecheck.ingest", "ingest")
    return IngestRules(
        field_keys=_field_keys(data),
        null_values=frozenset(v.lower() for v in _str_list(data, "null_values")),
        binary_signatures=_signatures(data),
        max_control_share=_share(data, "max_control_share"),
        dropped_link_schemes=frozenset(s.lower() for s in _str_list(data, "dropped_link_schemes")),
        max_link_share=_share(data, "max_link_share"),
        headline_max_words=int(data.get("headline_max_words", 0)),
    )
