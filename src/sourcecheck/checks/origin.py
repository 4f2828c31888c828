"""quote_origin: was the quote said earlier, by the same speaker, in the same words?

Each quoted stretch of a ``direct`` or ``mixed`` attribution (of at least ``min_words``
words, origin.yml) is looked up in a reference corpus of quotes (the store's index of
every stored article's quotes and imported corpora); the candidates are compared word by
word (:mod:`sourcecheck.checks.quotematch`). One finding per statement (the grouping of
:func:`sourcecheck.checks.sourcing.statement_groups`):

* ``contradicted`` — found earlier, in the same words, only under one other named speaker
  (a misattribution); or found earlier only in wording whose change flips or narrows the
  sense (with the word diff); or placed by its sentence at a time ("said in 2012") well
  before its earliest appearance in a corpus that covers that time;
* ``consistent`` — found earlier, in the same words, with the same speaker;
* ``unverifiable`` — not found, found only in this article or after it, close but with
  edits that prove nothing, or with no speaker to compare.

"Earlier" is dated before the article; undated appearances are never the origin, and the
article's own id and URL never count.

The stretches traced are chosen in :mod:`~sourcecheck.checks.origin_quotes`, speakers are
compared in :mod:`~sourcecheck.checks.origin_speakers`, and each stretch is judged in
:mod:`~sourcecheck.checks.origin_verdict`; this module turns those verdicts into one
finding per statement, and writes the report notes of the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sourcecheck.checks.origin_quotes import QUOTING, traceable, untraced
from sourcecheck.checks.origin_speakers import speaker_of
from sourcecheck.checks.origin_verdict import judge, unique
from sourcecheck.checks.quotematch import data
from sourcecheck.checks.sourcing import statement_groups
from sourcecheck.kb import KnowledgeBase
from sourcecheck.quotes import CorpusInfo, QuoteCorpus
from sourcecheck.quotes import quoted_parts as quote_parts
from sourcecheck.records import Article, Attribution, Finding, Status
from sourcecheck.report.common import excerpt

__all__ = ["CHECK", "SKIPPED_NOTE", "check_origin", "origin_notes", "quote_parts"]

CHECK = "quote_origin"

_ORDER = {Status.CONTRADICTED: 0, Status.CONSISTENT: 1, Status.UNVERIFIABLE: 2}


def check_origin(
    article: Article,
    attributions: tuple[Attribution, ...],
    corpus: QuoteCorpus,
    kb: KnowledgeBase,
) -> tuple[Finding, ...]:
    """One ``quote_origin`` finding per statement that quotes a traceable stretch.

    A statement with several stretches (halves, continuations) is contradicted when one
    is, else consistent when one is, else unverifiable; the explanation names each.
    """
    findings: list[Finding] = []
    info: CorpusInfo | None = None
    # One KB look-up per name per article: speakers repeat across statements and candidates.
    keys_for = cache(kb.person_keys_for)
    for group in statement_groups(article, attributions):
        parts = [(a, text) for a in group if a.kind in QUOTING for text in traceable(a)]
        if not parts:
            continue
        speaker = speaker_of(group, keys_for)
        info = info or corpus.info()
        verdicts = [judge(article, a, text, corpus, keys_for, speaker, info) for a, text in parts]
        status = min((v.status for v in verdicts), key=_ORDER.__getitem__)
        if len(verdicts) == 1:
            explanation = verdicts[0].reason
        else:
            explanation = "; ".join(
                f"“{excerpt(text, 40)}”: {v.reason}"
                for (_, text), v in zip(parts, verdicts, strict=True)
            )
        label = {
            Status.CONTRADICTED: "Quote origin contradicted",
            Status.CONSISTENT: "Quote traced",
            Status.UNVERIFIABLE: "Quote origin unverifiable",
        }[status]
        ids = tuple(a.id for a in group)
        findings.append(
            Finding(
                CHECK,
                status,
                f"{label}: {explanation}.",
                ids[0],
                unique([e for v in verdicts for e in v.evidence]),
                covers=ids if len(ids) > 1 else (),
            )
        )
    return tuple(findings)


#: The note of a report made without a quote store.
SKIPPED_NOTE = (
    "quote_origin was skipped: no quote store was given. Run `sourcecheck check ARTICLE "
    "--store URL` (or Settings(quote_store=URL)) to trace each quote to its first "
    "appearance in that store's quote index."
)


def origin_notes(attributions: Sequence[Attribution], *, traced: bool) -> tuple[str, ...]:
    """The report notes of ``quote_origin``: skipped (no store), or quotes too short to trace."""
    if not traced:
        return (SKIPPED_NOTE,)
    short = untraced(attributions)
    if not short:
        return ()
    least = int(data()["min_words"])
    return (
        f"quote_origin did not trace {len(short)} quote{'s' if len(short) > 1 else ''} "
        f"of fewer than {least} words ({', '.join(short)}): short phrases recur too "
        "often to tell where they come from.",
    )
