"""The store fixtures of ``tests/store`` (SQLite, and PostgreSQL where a server runs)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "store" / "conftest.py"
_SPEC = importlib.util.spec_from_file_location("_sourcecheck_store_fixtures", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
_FIXTURES = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_FIXTURES)

pg_server = _FIXTURES.pg_server
pg_url = _FIXTURES.pg_url
store_url = _FIXTURES.store_url
