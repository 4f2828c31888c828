"""The quoted stretches ``quote_origin`` traces, and which ones are long enough.

An attribution's quoted stretches (:func:`sourcecheck.quotes.quoted_parts`: a direct
quote broken by narration gives its quoted halves) are looked up in the reference corpus
when they have at least ``min_words`` words (origin.yml); :func:`untraced` names the
quoting attributions left out for being too short. The check itself is
:mod:`sourcecheck.checks.origin`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sourcecheck.checks.quotematch import data
from sourcecheck.quotes import normalise, quoted_parts, word_count
from sourcecheck.records import Attribution, AttributionKind

#: The attribution kinds whose quoted stretches are traced.
QUOTING = (AttributionKind.DIRECT, AttributionKind.MIXED)


def traceable(attribution: Attribution) -> tuple[str, ...]:
    """The stretches long enough to trace (``min_words``, origin.yml)."""
    least = int(data()["min_words"])
    return tuple(p for p in quoted_parts(attribution) if word_count(normalise(p)) >= least)


def untraced(attributions: Sequence[Attribution]) -> tuple[str, ...]:
    """Ids of the quoting attributions with no stretch long enough to trace."""
    return tuple(
        a.id for a in attributions if a.kind in QUOTING and quoted_parts(a) and not traceable(a)
    )
