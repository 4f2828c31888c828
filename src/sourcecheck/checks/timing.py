"""The time a sentence speaks of, at which a stated title is checked.

A title is checked at the time its sentence speaks of, found in this order:

1. an explicit date or year in the sentence (outside the reported content for a plain
   title: a year inside a quote dates what was said, not who said it);
2. a relative one counted from the article's date ("five years ago", "last year",
   "recently", "on Tuesday", "January 26" with no year);
3. the lead sentence of the paragraph ("With the 2008 financial crash, …");
4. the date of a knowledge-base event the sentence (or its paragraph lead) reports;
5. else the article's date — unless the sentence is past-tense narrative in a passage about
   earlier years (or a past-tense mention that is no attribution), whose time cannot be
   placed: the check then says so instead of accusing (:data:`NARRATIVE`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sourcecheck.checks.context import data, sentence_of
from sourcecheck.extract.timex import find_time_expressions
from sourcecheck.kb import Event, PartialDate, Window, lexicon, resolve_place
from sourcecheck.kb.names import key
from sourcecheck.records import Article, Span, TimeExpression

#: How a time was found (``CheckTime.basis``).
SENTENCE = "sentence"
RELATIVE = "relative"
PARAGRAPH = "paragraph"
EVENT = "event"
ARTICLE = "article"
#: Past-tense narrative whose time cannot be placed: the article's date is only a guess.
NARRATIVE = "narrative"
#: No article date and nothing in the text: the title cannot be placed.
NONE = "none"

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


@dataclass(frozen=True, slots=True)
class CheckTime:
    """When a title is checked, and why then.

    Attributes:
        window: The stretch of time checked; ``None`` when nothing places it.
        basis: One of :data:`SENTENCE`, :data:`RELATIVE`, :data:`PARAGRAPH`, :data:`EVENT`,
            :data:`ARTICLE`, :data:`NARRATIVE`, :data:`NONE`.
        reason: How the report says it ("at the time the sentence names (December 2022)").
        expression: The words that placed it, when the text did.
        event: The knowledge-base event that placed it (basis :data:`EVENT`).
    """

    window: Window | None
    basis: str
    reason: str
    expression: Span | None = None
    event: Event | None = None

    @property
    def placed(self) -> bool:
        """True when the text itself (or a known event) names the time."""
        return self.basis in (SENTENCE, RELATIVE, PARAGRAPH, EVENT)


@cache
def _words() -> dict[str, frozenset[str]]:
    from sourcecheck.extract.lexicon import load

    timing = data()["timing"]
    words = {
        name: frozenset(str(w).lower() for w in values)
        for name, values in timing.items()
        if isinstance(values, list)
    }
    # Weekday names are the extractor's vocabulary (one list per language).
    words["weekday_words"] = frozenset(str(w).lower() for w in load("timex")["weekdays"])
    return words


def paragraph_of(text: str, at: int) -> Span:
    """The paragraph (line) holding ``text[at]``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return Span(start, end, text[start:end])


def _quoted(text: str, within: Span) -> list[Span]:
    return [
        Span(within.start + m.start(), within.start + m.end(), m.group(0))
        for m in _QUOTED.finditer(within.text)
    ]


def absolute_window(expression: TimeExpression) -> Window | None:
    """The stretch an expression with a year names ("2008", "December 2022")."""
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


def _months_back(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def _month_window(year: int, month: int) -> Window:
    return Window.around(PartialDate(year, month))


def relative_window(expression: TimeExpression, article_date: dt.date) -> Window | None:
    """The stretch a relative expression names, counted from the article's date.

    ``None`` where it names no usable stretch ("years ago", "decades ago").
    """
    phrase = key(expression.span.text)
    words = phrase.split()
    year = article_date.year
    if expression.month is not None and expression.year is None:
        # "January 26", "in March": the last such day or month on or before the article.
        month, day = expression.month, expression.day
        try:
            candidate = dt.date(year, month, day or 1)
        except ValueError:
            return None
        if candidate > article_date:
            year -= 1
        if day is None:
            return _month_window(year, month)
        try:
            return Window.day(dt.date(year, month, day))
        except ValueError:
            return None
    near = _words()["near_words"]
    if phrase in near or (words and words[-1] in _words()["weekday_words"]):
        # "recently", "this week", "on Tuesday": within the weeks before the article.
        back = 7 if words and words[-1] in _words()["weekday_words"] else 92
        return Window(
            PartialDate.of(article_date - dt.timedelta(days=back)), PartialDate.of(article_date)
        )
    if phrase in ("last year", "a year ago", "the previous year"):
        return Window.around(PartialDate(year - 1))
    if phrase in ("this year", "so far this year", "earlier this year"):
        return Window.around(PartialDate(year))
    if phrase in ("last month", "a month ago", "earlier this month", "this month"):
        back = 0 if "this" in words else 1
        return _month_window(*_months_back(article_date, back))
    if len(words) >= 3 and words[-1] in ("ago", "earlier", "before", "previously"):
        amount = _amount(words[0])
        unit = words[-2].rstrip("s")
        if amount is None:
            return None
        if unit == "year":
            return Window.around(PartialDate(year - amount))
        if unit == "month":
            return _month_window(*_months_back(article_date, amount))
        if unit in ("week", "day"):
            days = amount * (7 if unit == "week" else 1)
            return Window.day(article_date - dt.timedelta(days=days))
        if unit == "decade":
            return Window(PartialDate(year - amount * 10 - 2), PartialDate(year - amount * 10 + 2))
    return None


def _amount(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = _words_numbers().get(word)
    return value


@cache
def _words_numbers() -> dict[str, int]:
    from sourcecheck.extract.lexicon import load

    numbers = {str(k).lower(): int(v) for k, v in load("numbers")["number_words"].items()}
    numbers.update({"a": 1, "an": 1})
    return numbers


def _best(
    expressions: Iterable[TimeExpression], anchor: Span, article_date: dt.date | None
) -> tuple[TimeExpression, Window, bool] | None:
    """The expression nearest the anchor that names a stretch; (expr, window, relative)."""
    best: tuple[TimeExpression, Window, bool] | None = None
    best_distance = 0
    for expression in expressions:
        window = absolute_window(expression)
        relative = False
        if window is None and article_date is not None:
            window = relative_window(expression, article_date)
            relative = True
        if window is None:
            continue
        distance = min(
            abs(expression.span.start - anchor.end), abs(anchor.start - expression.span.end)
        )
        if best is None or distance < best_distance:
            best, best_distance = (expression, window, relative), distance
    return best


def _event_forms(participant: str) -> list[str]:
    resolved = resolve_place(participant)
    if resolved is None:
        return [key(participant)]
    return [k for k, (name, _) in lexicon.places().items() if name == resolved[0]]


def names_participants(text: str, event: Event, *, need_person: bool = True) -> bool:
    """Whether ``text`` names every participant of ``event`` (a place by any of its forms).

    With ``need_person`` an event whose participants are all places never matches: two
    countries named together are too common to date a sentence.
    """
    folded = f" {key(text)} "
    people = [p for p in event.participants if resolve_place(p) is None]
    if need_person and not people:
        return False
    return all(
        any(f" {form} " in folded for form in _event_forms(p) if form) for p in event.participants
    )


def _history(article: Article, sentence: Span, paragraph: Span, article_date: dt.date) -> bool:
    """Whether the passage leading to the sentence speaks of earlier years.

    Read: the paragraph's lead and the sentence just before (which may end the previous
    paragraph) — narrative runs forward from them ("With the 2008 crash, … Sarkozy declared
    …. Rudd declared …").
    """
    limit = article_date - dt.timedelta(days=365)
    text = article.text
    passages = [sentence_of(text, Span(paragraph.start, paragraph.start, ""))]
    at = sentence.start - 1
    while at > 0 and text[at - 1].isspace():
        at -= 1
    if at > 0:
        passages.append(sentence_of(text, Span(at - 1, at - 1, "")))
    for passage in passages:
        if passage.start >= sentence.start:
            continue
        for expression in find_time_expressions(text, passage.start, passage.end):
            window = absolute_window(expression)
            if window is not None and window.highest() < limit:
                return True
    return False


def _present_tense(text: str, cue: Span | None, after: Span) -> bool:
    """A present-tense reporting verb: the cue, or the words right after a mention."""
    words = _words()
    if cue is not None:
        first = key(cue.text).split()[:1]
        return bool(first) and first[0] in words["present_verbs"]
    # A mention: a present-tense verb right after the name ("Macron says", "… is"); "may
    # have been" is no present.
    following = key(text[after.end : after.end + 40]).split()[:2]
    return any(w in words["mention_present_verbs"] for w in following)


def check_time(
    article: Article,
    anchor: Span,
    *,
    content: Span | None,
    cue: Span | None,
    is_attribution: bool,
    events: tuple[Event, ...] = (),
) -> CheckTime:
    """When the title written at ``anchor`` is checked (see the module docstring).

    Args:
        article: The article (its date and text).
        anchor: Where the titled name is written.
        content: The reported content, whose times are skipped (``None`` for a mention).
        cue: The attribution's cue, for its tense.
        is_attribution: A mention that is no attribution is narrative unless its verb is
            in the present tense.
        events: Knowledge-base events the article reports (candidates for dating).
    """
    text = article.text
    date = article.date
    sentence = sentence_of(text, anchor)
    excluded = _quoted(text, sentence) + ([content] if content is not None else [])
    in_sentence = [
        t
        for t in find_time_expressions(text, sentence.start, sentence.end)
        if not any(t.span.overlaps(e) for e in excluded)
    ]
    found = _best(in_sentence, anchor, date)
    if found is not None:
        expression, window, relative = found
        if relative:
            reason = f"at “{expression.span.text}”, counted from the article's date"
        else:
            reason = f"at the time the sentence names (“{expression.span.text}”)"
        return CheckTime(window, RELATIVE if relative else SENTENCE, reason, expression.span)
    paragraph = paragraph_of(text, anchor.start)
    lead = sentence_of(text, Span(paragraph.start, paragraph.start, ""))
    lead_text = text[lead.start : sentence.start] if lead.end <= sentence.start else ""
    if lead_text:
        lead_times = [
            t
            for t in find_time_expressions(text, lead.start, lead.end)
            if t.year is not None and not any(t.span.overlaps(q) for q in _quoted(text, lead))
        ]
        found = _best(lead_times, anchor, date)
        if found is not None:
            expression, window, _ = found
            return CheckTime(
                window,
                PARAGRAPH,
                f"at the time the paragraph's lead names (“{expression.span.text}”)",
                expression.span,
            )
    # The event must be what the sentence tells of its titled person, not what they spoke
    # about: the reported content is left out.
    told = sentence.text
    if content is not None and sentence.contains(content):
        told = text[sentence.start : content.start] + " " + text[content.end : sentence.end]
    for event in events:
        if date is not None and event.date.earliest() > date:
            continue
        if names_participants(told, event) or (
            lead_text and names_participants(f"{lead_text} {told}", event)
        ):
            window = Window.around(event.date)
            return CheckTime(
                window,
                EVENT,
                f"at the date of the event the sentence reports ({event.description}, "
                f"{event.date})",
                event=event,
            )
    if date is None:
        return CheckTime(None, NONE, "")
    present = _present_tense(text, cue, anchor)
    if not present and (not is_attribution or _history(article, sentence, paragraph, date)):
        return CheckTime(
            Window.day(date),
            NARRATIVE,
            "on the article's date, though the sentence may speak of another time",
        )
    return CheckTime(Window.day(date), ARTICLE, "on the article's date")
