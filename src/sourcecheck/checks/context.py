"""What the text around an attribution says: its sentence, the times it names, its qualifier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from sourcecheck.datafiles import load_mapping
from sourcecheck.kb.dates import PartialDate, Window
from sourcecheck.kb.names import fold
from sourcecheck.records import Article, Attribution, Evidence, Span, TimeExpression

# A sentence ends at . ! ? (or a closing quote after one) before a capital, or at a line break;
# not after initials (U.S.) or common abbreviations (Mr.).
_SENTENCE_END = re.compile(
    r"(?<![A-Z]\.[A-Z]\.)(?<! [A-Z]\.)(?<!Mr\.)(?<!Ms\.)(?<!Dr\.)(?<!St\.)(?<!Mrs\.)"
    r"(?<=[.!?”\"])\s+(?=[A-Z“\"])|\n+"
)
_YEAR = r"(1[89]\d\d|20\d\d)"


@cache
def data() -> dict[str, Any]:
    """``checks/data/checks.yml``."""
    return load_mapping("sourcecheck.checks", "checks")


@cache
def _time_pattern() -> re.Pattern[str]:
    months = sorted(data()["months"], key=len, reverse=True)
    month = r"(" + "|".join(months) + r")\.?"
    return re.compile(
        rf"\b(?:(\d{{1,2}})\s+{month}\s+{_YEAR}"  # 3 November 2025
        rf"|{month}\s+(\d{{1,2}}),?\s+{_YEAR}"  # November 3, 2025
        rf"|{month},?\s+(?:of\s+)?{_YEAR}"  # December 2022
        rf"|{_YEAR}-(\d\d)-(\d\d)"  # 2025-11-03
        rf"|{_YEAR})\b",  # 2019
        re.IGNORECASE,
    )


#: Characters looked back for the start of a sentence before scanning from the top.
_LOOK_BACK = 2000


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``text[at]`` starts: the end of the last sentence break.

    Scans only the :data:`_LOOK_BACK` characters before ``at`` (a scan from the top for
    every attribution grew with the square of the article's length); a break found there
    after the scan's first character is the one a scan from the top finds.
    """
    low = max(0, at - _LOOK_BACK)
    breaks = list(_SENTENCE_END.finditer(text, low, at))
    last = breaks[-1] if breaks else None
    if last is not None and (low == 0 or last.start() > low):
        return last.end()
    start = 0
    if low > 0:
        for match in _SENTENCE_END.finditer(text, 0, at):
            start = match.end()
    return start


def sentence_of(text: str, span: Span) -> Span:
    """The sentence (or line) around ``span``."""
    start = _sentence_start(text, span.start)
    found = _SENTENCE_END.search(text, span.end)
    end = found.start() if found else len(text)
    return Span(start, end, text[start:end])


def times_in(text: str, offset: int = 0) -> tuple[TimeExpression, ...]:
    """Absolute time expressions in ``text`` (years, months, days), shifted by ``offset``."""
    months: dict[str, int] = data()["months"]
    out = []
    for m in _time_pattern().finditer(text):
        g = m.groups()
        span = Span(offset + m.start(), offset + m.end(), m.group(0))
        if g[0]:
            out.append(TimeExpression(span, "date", int(g[2]), months[g[1].lower()], int(g[0])))
        elif g[3]:
            out.append(TimeExpression(span, "date", int(g[5]), months[g[3].lower()], int(g[4])))
        elif g[6]:
            out.append(TimeExpression(span, "month", int(g[7]), months[g[6].lower()]))
        elif g[8]:
            out.append(TimeExpression(span, "date", int(g[8]), int(g[9]), int(g[10])))
        else:
            out.append(TimeExpression(span, "year", int(g[11])))
    return tuple(out)


def as_window(expression: TimeExpression) -> Window | None:
    """The stretch of time an absolute expression names; ``None`` for relative ones."""
    if expression.year is None:
        return None
    try:
        return Window.around(
            PartialDate(
                expression.year, expression.month, expression.day if expression.month else None
            )
        )
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class SentenceTime:
    """The time a sentence places an attribution's title at."""

    window: Window
    expression: TimeExpression


def sentence_time(
    article: Article, attribution: Attribution, *, outside_content: bool
) -> SentenceTime | None:
    """The absolute time the attribution's sentence names, nearest its source first.

    Uses the extractor's time expressions when it found any in the sentence, else reads the
    sentence itself. With ``outside_content`` times inside the reported content are skipped
    (they date what was said, not the speaker's title).
    """
    if attribution.source is None:
        return None
    anchor = attribution.source.span
    sentence = sentence_of(article.text, anchor)
    candidates = [
        t for t in attribution.time_expressions if sentence.contains(t.span) and t.year is not None
    ] or list(times_in(sentence.text, sentence.start))
    if outside_content:
        candidates = [t for t in candidates if not attribution.content.overlaps(t.span)]
    best: SentenceTime | None = None
    best_distance = 0
    for expression in candidates:
        window = as_window(expression)
        if window is None:
            continue
        distance = min(
            abs(expression.span.start - anchor.end), abs(anchor.start - expression.span.end)
        )
        if best is None or distance < best_distance:
            best, best_distance = SentenceTime(window, expression), distance
    return best


def qualifier_class(attribution: Attribution, article: Article) -> str:
    """``former``, ``then``, ``future`` or ``present`` for the attribution's title."""
    source = attribution.source
    if source is None:
        return "present"
    classes: dict[str, list[str]] = data()["qualifiers"]
    words: list[str] = []
    if source.qualifier:
        words.append(fold(source.qualifier).strip(" -"))
    if source.title is not None:
        # The extractor may leave the qualifier inside the title or just before it.
        before = article.text[max(source.span.start, source.title.start - 25) : source.title.start]
        words += [
            w.strip(" -") for w in re.split(r"[\s\-–]+", fold(before + " " + source.title.text))
        ]
    for name in ("then", "former", "future"):
        wanted = {w.strip(" -") for w in classes[name]}
        if any(w in wanted for w in words if w):
            return name
    if source.title is not None and re.search(
        r"\bat the time\b", article.text[source.span.start : source.span.end + 40]
    ):
        return "then"
    return "present"


def passage_evidence(span: Span) -> Evidence:
    """The article passage a verdict rests on."""
    return Evidence(
        kind="article_text",
        description=span.text.strip(),
        source="article",
        data=(("start", str(span.start)), ("end", str(span.end))),
    )
