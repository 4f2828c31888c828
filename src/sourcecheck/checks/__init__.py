"""Checks stage: attributions → findings.

* ``title_at_date`` (:mod:`~sourcecheck.checks.titles`): each stated title against who held
  the office at the article's date (or the time the sentence names), from the knowledge base.
* ``date_window`` (:mod:`~sourcecheck.checks.window`): with no article date, when all
  present-tense titles hold together, and which titles or reported events conflict.
* ``sourcing`` (:mod:`~sourcecheck.checks.sourcing`): anonymous or vague sources and cited
  documents a reader cannot trace.
* ``quote_origin`` (:mod:`~sourcecheck.checks.origin`): each quote against a reference
  corpus of quotes (a store's index): first seen where, said by whom, in which words.
"""

from __future__ import annotations

from functools import lru_cache

from sourcecheck.checks.origin import check_origin
from sourcecheck.checks.sourcing import check_sourcing
from sourcecheck.checks.titles import claims as title_claims
from sourcecheck.checks.verdicts import Rules, check_claims
from sourcecheck.checks.window import check_window, reported_events
from sourcecheck.errors import ConfigError
from sourcecheck.kb import KnowledgeBase
from sourcecheck.quotes import QuoteCorpus
from sourcecheck.records import STATUS_ORDER, Article, Attribution, Finding, PersonMention

__all__ = ["open_corpus", "open_kb", "run_checks"]


@lru_cache(maxsize=4)
def open_kb(kb_path: str | None = None) -> KnowledgeBase:
    """The knowledge base at ``kb_path`` (``None``: the shipped one), opened once per process."""
    return KnowledgeBase(kb_path)


@lru_cache(maxsize=4)
def open_corpus(store: str) -> QuoteCorpus:
    """The quote index of the store at ``store`` (path or URL), opened once per process.

    Raises:
        StoreError: The store cannot be opened.
        ConfigError: The store has no quote index to search.
    """
    from sourcecheck.store import open_store  # the store is only needed with a quote store

    opened = open_store(store)
    quote_corpus = getattr(opened, "quote_corpus", None)
    if quote_corpus is None:
        raise ConfigError(
            f"the store {store!r} has no quote index this version can search; give "
            "quote_store=None (no --store) to skip quote_origin"
        )
    corpus: QuoteCorpus = quote_corpus()
    return corpus


def run_checks(
    article: Article,
    attributions: tuple[Attribution, ...],
    *,
    kb_path: str | None = None,
    mentions: tuple[PersonMention, ...] = (),
    rules: Rules | None = None,
    corpus: QuoteCorpus | None = None,
) -> tuple[Finding, ...]:
    """Every finding for the article's attributions and titled mentions, contradicted first.

    Args:
        article: The article (its ``date`` and ``links`` matter).
        attributions: What extraction found.
        kb_path: Knowledge base file; ``None`` uses the shipped one.
        mentions: Titled person mentions (attribution sources among them are checked once,
            through their attribution).
        rules: Title-verdict rules; ``None`` uses the shipped ones.
        corpus: The reference corpus of quotes ``quote_origin`` searches; ``None`` skips
            that check.

    Raises:
        KnowledgeBaseError: The knowledge base cannot be opened.
    """
    kb = open_kb(kb_path)
    events = reported_events(article, kb)
    claims, findings = title_claims(article, attributions, kb, mentions=mentions, events=events)
    findings += check_claims(claims, article, kb, rules or Rules.shipped())
    findings += check_window(article, claims, kb)
    findings += check_sourcing(article, attributions)
    if corpus is not None:
        findings += check_origin(article, attributions, corpus, kb)
    return tuple(sorted(findings, key=lambda f: STATUS_ORDER[f.status]))
