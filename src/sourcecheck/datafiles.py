"""Reading the YAML data files shipped inside the package (rules, word lists, aliases)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from sourcecheck.errors import ConfigError


def load_mapping(package: str, name: str) -> dict[str, Any]:
    """Load ``<package>/data/<name>.yml``, which must hold a mapping.

    Args:
        package: A stage package, e.g. ``"sourcecheck.extract"``.
        name: The file name without ``.yml``.

    Raises:
        ConfigError: The file is missing, is not valid YAML, or does not hold a mapping.
    """
    where = f"{package.removeprefix('sourcecheck.')}/data/{name}.yml"
    path = resources.files(package) / "data" / f"{name}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"missing data file {where}; reinstall sourcecheck") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must hold a mapping, got {type(data).__name__}")
    return data
