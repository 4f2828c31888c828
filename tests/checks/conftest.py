"""A knowledge base built once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck.kb import build


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shipped knowledge base, built from the package data (not the user's cache)."""
    path: Path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    return str(build(path))


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


@pytest.fixture(scope="session")
def fixture_kb_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Fictional Freedonian offices (tests/fixtures/kb) with newsroom facts, no shipped rows."""
    path = tmp_path_factory.mktemp("kb") / "fixture.sqlite"
    extra = [FIXTURES / "terms.csv", FIXTURES / "events.csv", FIXTURES / "newsroom.yml"]
    return str(build(path, extra=extra, shipped=False))
