"""Checks stage: attributions → findings (filled by the knowledge-base issue)."""

from __future__ import annotations

from sourcecheck.records import Article, Attribution, Finding


def run_checks(
    article: Article, attributions: tuple[Attribution, ...], *, kb_path: str | None = None
) -> tuple[Finding, ...]:
    """Every finding for the article's attributions."""
    return ()
