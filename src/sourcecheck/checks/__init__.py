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
from sourcecheck.checks.titles import claims as title_claims
from sourcecheck.checks.verdicts import Rules, check_claims
from sourcecheck.checks.window import check_window, reported_events
from sourcecheck.kb import KnowledgeBase
from sourcecheck.records import STATUS_ORDER, Article, Attribution, Finding, PersonMention

__all__ = ["open_kb", "run_checks"]


@lru_cache(maxsize=4)
def open_kb(kb_path: str | None = None) -> KnowledgeBase:
    """The knowledge base at ``kb_path`` (``None``: the shipped one), opened once per process."""
    return KnowledgeBase(kb_path)


def run_checks(
    article: Article,
    attributions: tuple[Attribution, ...],
    *,
    kb_path: str | None = None,
    mentions: tuple[PersonMention, ...] = (),
    rules: Rules | None = None,
) -> tuple[Finding, ...]:
    """Every finding for the article's attributions and titled mentions, contradicted first.

    Args:
        article: The article (its ``date`` and ``links`` matter).
        attributions: What extraction found.
        kb_path: Knowledge base file; ``None`` uses the shipped one.
        mentions: Titled person mentions (attribution sources among them are checked once,
            through their attribution).
        rules: Title-verdict rules; ``None`` uses the shipped ones.

    Raises:
        KnowledgeBaseError: The knowledge base cannot be opened.
    """
    kb = open_kb(kb_path)
    events = reported_events(article, kb)
    claims, findings = title_claims(article, attributions, kb, mentions=mentions, events=events)
    findings += check_claims(claims, article, kb, rules or Rules.shipped())
    findings += check_window(article, claims, kb)
    findings += check_sourcing(article, attributions)
    return tuple(sorted(findings, key=lambda f: STATUS_ORDER[f.status]))
