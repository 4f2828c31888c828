"""Reading the YAML data files shipped inside the package (rules, word lists, aliases).

Word lists hold words: :func:`load_yaml` reads only ``true``/``false`` as booleans (as
YAML 1.2 does), not YAML 1.1's ``no``, ``on``, ``off``, ``yes``, ``y``, ``n``, which a
list of English words is full of.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml

from sourcecheck.errors import ConfigError

_BOOL = "tag:yaml.org,2002:bool"


class _WordsLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 booleans."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str) -> Any:
    """``text`` as YAML data (safe; booleans only ``true``/``false``).

    Raises:
        yaml.YAMLError: ``text`` is not valid YAML.
    """
    return yaml.load(text, Loader=_WordsLoader)


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
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"missing data file {where}; reinstall sourcecheck") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must hold a mapping, got {type(data).__name__}")
    return data
