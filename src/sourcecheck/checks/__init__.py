"""Checks stage: attributions → findings.

* ``title_at_date`` (:mod:`~sourcecheck.checks.titles`): each stated title against who held
  the office at the article's date (or the time the sentence names), from the knowledge base.
* ``date_window`` (:mod:`~sourcecheck.checks.window`): with no article date, when all
  present-tense titles hold together, and which titles or reported events conflict.
* ``sourcing`` (:mod:`~sourcecheck.checks.sourcing`): anonymous or vague sources and cited
  documents a reader cannot trace.
"""

from __future__ import annotations

from functools import lru_cache

from sourcecheck.checks.sourcing import check_sourcing
from sourcecheck.checks.titles import check_titles
from sourcecheck.checks.window import check_window
from sourcecheck.kb import KnowledgeBase
from sourcecheck.records import STATUS_ORDER, Article, Attribution, Finding

__all__ = ["open_kb", "run_checks"]


@lru_cache(maxsize=4)
def open_kb(kb_path: str | None = None) -> KnowledgeBase:
    """The knowledge base at ``kb_path`` (``None``: the shipped one), opened once per process."""
    return KnowledgeBase(kb_path)


def run_checks(
    article: Article, attributions: tuple[Attribution, ...], *, kb_path: str | None = None
) -> tuple[Finding, ...]:
    """Every finding for the article's attributions, contradicted ones first.

    Args:
        article: The article (its ``date`` and ``links`` matter).
        attributions: What extraction found.
        kb_path: Knowledge base file; ``None`` uses the shipped one.

    Raises:
        KnowledgeBaseError: The knowledge base cannot be opened.
    """
    kb = open_kb(kb_path)
    claims, findings = check_titles(article, attributions, kb)
    findings += check_window(article, claims, kb)
    findings += check_sourcing(article, attributions)
    return tuple(sorted(findings, key=lambda f: STATUS_ORDER[f.status]))
