"""End to end on the showcase article: extraction (the model) and then the checks.

Complements test_peru_titles.py (hand-built attributions): this one fails when extraction
stops giving the checks what they need (names, titles, jurisdictions, qualifiers).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sourcecheck.checks import run_checks
from sourcecheck.extract import extract_attributions
from sourcecheck.records import Article, Finding, Status

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def extracted(peru_text: str, nlp: Language) -> tuple[Article, tuple[object, ...]]:
    article = Article(text=peru_text)
    return article, extract_attributions(article, nlp)


def names(
    findings: tuple[Finding, ...],
    attributions: tuple[object, ...],
    status: Status,
    check: str = "title_at_date",
) -> set[str]:
    by_id = {a.id: a for a in attributions}  # type: ignore[attr-defined]
    return {
        by_id[f.attribution_id].source.name
        for f in findings
        if f.check == check and f.status is status and f.attribution_id is not None
    }


def test_dated_exactly_two_titles_contradicted(
    extracted: tuple[Article, tuple[object, ...]], kb_path: str
) -> None:
    article, attributions = extracted
    dated = Article(text=article.text, date=dt.date(2025, 11, 4))
    findings = run_checks(dated, attributions, kb_path=kb_path)  # type: ignore[arg-type]
    assert names(findings, attributions, Status.CONTRADICTED) == {"Alicia Bárcena", "Luis Almagro"}
    checked = [f for f in findings if f.check == "title_at_date"]
    assert all(f.explanation for f in checked)


def test_undated_window_and_conflict(
    extracted: tuple[Article, tuple[object, ...]], kb_path: str
) -> None:
    article, attributions = extracted
    findings = run_checks(article, attributions, kb_path=kb_path)  # type: ignore[arg-type]
    (window,) = [f for f in findings if f.check == "date_window" and f.attribution_id is None]
    assert "2023-07 to 2024-09-30" in window.explanation
    assert "2025-11-03" in window.explanation
    assert names(findings, attributions, Status.CONTRADICTED, "date_window") == {
        "Alicia Bárcena",
        "Luis Almagro",
    }
