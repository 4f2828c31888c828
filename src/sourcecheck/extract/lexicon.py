"""Word lists and rules, loaded once from the YAML files in ``extract/data/``."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from sourcecheck.errors import ConfigError


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``extract/data/<name>.yml`` (cached)."""
    path = resources.files("sourcecheck.extract") / "data" / f"{name}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"missing data file extract/data/{name}.yml") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"extract/data/{name}.yml must hold a mapping, got {type(data).__name__}")
    return data


@cache
def cue_lemmas() -> frozenset[str]:
    """Lemmas of verbs that introduce reported speech, thought or writing."""
    return frozenset(load("cues")["verbs"])


@cache
def prefilter_pattern() -> re.Pattern[str]:
    """A regex that matches any paragraph that may hold an attribution."""
    data = load("cues")
    words = sorted(set(data["prefilter_words"]), key=len, reverse=True)
    alternatives = [re.escape(w) for w in words]
    return re.compile(
        r"[\"“”«»]|\d\s*(?:%|per\s*cent|percent)|according to|\b(?:"
        + "|".join(alternatives)
        + r")",
        re.IGNORECASE,
    )
