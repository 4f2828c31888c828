"""Knowledge bases for the kb tests: a small fictional one and the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck.kb import KnowledgeBase, build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


@pytest.fixture(scope="session")
def fixture_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fictional terms (tests/fixtures/kb) with a newsroom file on top, no shipped rows."""
    path = tmp_path_factory.mktemp("kb") / "fixture.sqlite"
    extra = [FIXTURES / "terms.csv", FIXTURES / "events.csv", FIXTURES / "newsroom.yml"]
    return build(path, extra=extra, shipped=False)


@pytest.fixture(scope="session")
def fixture_kb(fixture_kb_path: Path) -> KnowledgeBase:
    return KnowledgeBase(fixture_kb_path)


@pytest.fixture(scope="session")
def shipped_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped knowledge base, built from the package data into a temporary folder."""
    return KnowledgeBase(build(tmp_path_factory.mktemp("kb") / "shipped.sqlite"))
