"""The quoted stretches ``quote_origin`` traces, and which ones are long enough.

An attribution's quoted words (:func:`sourcecheck.quotes.quoted_parts`) are cut here into
the stretches looked up in the reference corpus: a direct quote broken by narration gives
its quoted halves, and only stretches of at least ``min_words`` words (origin.yml) are
traced; :func:`untraced` names the quoting attributions left out for being too short.
The check itself is :mod:`sourcecheck.checks.origin`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sourcecheck.checks.quotematch import data
from sourcecheck.quotes import normalise, quoted_parts, word_count
from sourcecheck.records import Attribution, AttributionKind

#: The attribution kinds whose quoted stretches are traced.
QUOTING = (AttributionKind.DIRECT, AttributionKind.MIXED)
#: One stretch inside quote marks (group 1: the words).
QUOTED = re.compile(r"[\u201c\u201e\u00ab\"]([^\u201c\u201d\u00bb\"]+)[\u201d\u00bb\"]")
MARKS = '\u201c\u201d\u201e\u00ab\u00bb"'


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters (reports escape it later)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def quote_parts(attribution: Attribution) -> tuple[str, ...]:
    """The attribution's quoted stretches; a direct quote broken by narration
    (“We are close,” she said, “but …”) gives its quoted halves, not the narration."""
    parts = quoted_parts(attribution)
    if attribution.kind is AttributionKind.DIRECT and parts and any(m in parts[0] for m in MARKS):
        inner = [m.group(1).strip() for m in QUOTED.finditer(f"“{parts[0]}”")]
        return tuple(p for p in inner if p)
    return parts


def traceable(attribution: Attribution) -> tuple[str, ...]:
    """The stretches long enough to trace (``min_words``, origin.yml)."""
    least = int(data()["min_words"])
    return tuple(p for p in quote_parts(attribution) if word_count(normalise(p)) >= least)


def untraced(attributions: Sequence[Attribution]) -> tuple[str, ...]:
    """Ids of the quoting attributions with no stretch long enough to trace."""
    return tuple(
        a.id for a in attributions if a.kind in QUOTING and quote_parts(a) and not traceable(a)
    )
