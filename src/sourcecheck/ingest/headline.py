"""The headline line of a plain-text article.

Kept apart from :mod:`.text` (front matter, dates) because the extract stage asks the
same question of the text it parses (:mod:`sourcecheck.extract.paragraphs`): a
headline is no paragraph of the story.
"""

from __future__ import annotations

import re

from sourcecheck.ingest.rules import rules

# a sentence break: end punctuation, an optional closing quote, a capital after a space
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’']?\s+[A-Z“\"]")


def headline(body: str) -> str | None:
    """The first line of ``body`` when it reads as a headline, else ``None``.

    Plain-text articles (copied from a page, or PolNeAR's texts) usually open with the
    headline on a line of its own: at most ``headline_max_words`` words
    (``data/ingest.yml``), one sentence, and more text below it.
    """
    limit = rules().headline_max_words
    first, newline, rest = body.lstrip().partition("\n")
    first = first.strip()
    if not limit or not newline or not rest.strip() or not first:
        return None
    if len(first.split()) > limit or _SENTENCE_BREAK.search(first):
        return None
    return first
