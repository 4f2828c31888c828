"""Datelines: the place, date and agency a news story opens with.

"HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper … accused China": the parser
reads "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper" as one noun phrase,
so the place becomes the speaker. :func:`dateline_end` finds where the dateline ends
so that the paragraph is parsed from there (the dateline stays in the article text).
The pattern's parts are in ``ingest/data/dateline.yml``, with the page-layout rules.
"""

from __future__ import annotations

import re
from functools import cache

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError

_CAPS_WORD = r"[A-Z][A-Z.'’&-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z.'’-]+"
# A region after the comma: "Vietnam", "N.Y.", "W.Va.", "Puerto Rico", "D.C.".
_REGION = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}"
# The dash ending a dateline; a hyphen only between spaces ("FAIRVIEW, W.Va. - The").
_DASH = r"(?:\s*(?:—|–|--)\s*|\s+-\s+)"
# What follows a dateline: the story's first sentence.
_NEXT = r"(?=[\"“‘'(]?[A-Z0-9])"


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _rules() -> tuple[re.Pattern[str], frozenset[str]]:
    data = load_mapping("sourcecheck.ingest", "dateline")
    try:
        words = int(data["place_max_words"])
        agencies = [str(a) for a in data["agencies"]]
        months = [str(m) for m in data["months"]]
        not_places = frozenset(str(w).replace(".", "").upper() for w in data["not_places"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            "ingest/data/dateline.yml needs place_max_words (a number) and the lists "
            f"agencies, months and not_places: {exc}"
        ) from exc
    caps_place = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,{words - 1}}}"
    title_place = rf"{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,{words - 1}}}"
    date = rf"(?:{_alternatives(months)})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    extras = rf"(?:,\s*(?:{date}|{_REGION})){{0,3}}"
    agency = rf"\s*\((?:{_alternatives(agencies)})\)"
    pattern = (
        rf"(?P<caps>{caps_place}){extras}(?:{agency})?{_DASH}{_NEXT}"
        rf"|(?P<title>{title_place}){extras}{agency}{_DASH}{_NEXT}"
    )
    return re.compile(pattern), not_places


def dateline_end(paragraph: str) -> int:
    """Where the dateline that opens ``paragraph`` ends (its dash and the spaces after
    it included); 0 when the paragraph opens with no dateline."""
    pattern, not_places = _rules()
    match = pattern.match(paragraph)
    if match is None:
        return 0
    place = match.group("caps") or match.group("title") or ""
    if place.replace(".", "").upper() in not_places:
        return 0
    return match.end()
