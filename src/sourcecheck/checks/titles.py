"""title_at_date: could the source have held the stated title at the time in question?"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sourcecheck.checks.context import (
    SentenceTime,
    passage_evidence,
    qualifier_class,
    sentence_time,
)
from sourcecheck.kb import KnowledgeBase, Overlap, PartialDate, Position, Term, Window, lexicon
from sourcecheck.kb.names import key, name_words
from sourcecheck.kb.store import resolve_place, split_title
from sourcecheck.records import Article, Attribution, Evidence, Finding, Span, Status

CHECK = "title_at_date"


def term_evidence(term: Term) -> Evidence:
    """A knowledge-base term as evidence."""
    return Evidence(
        kind="kb_term",
        description=term.describe(),
        source=term.source,
        as_of=term.as_of,
        data=(
            ("person", term.person),
            ("position", term.position.label),
            ("jurisdiction", term.position.jurisdiction),
            ("start", str(term.start) if term.start else ""),
            ("end", str(term.end) if term.end else ""),
            ("origin", term.origin),
        ),
    )


@dataclass(frozen=True, slots=True)
class TitleClaim:
    """One attribution's stated title, resolved against the knowledge base.

    Attributes:
        attribution: The attribution.
        name: The source's name.
        written: The title as written, with its place (``Mexico’s Foreign Minister``).
        qualifier: ``present``, ``former``, ``then`` or ``future``.
        terms: The person's terms in offices the title may name.
        positions: Offices the title may name (empty when the title names no place).
        other_terms: The person's other terms (to say what the KB knows instead).
        time: The time the sentence names, if any.
    """

    attribution: Attribution
    name: str
    written: str
    qualifier: str
    terms: tuple[Term, ...]
    positions: tuple[Position, ...]
    other_terms: tuple[Term, ...]
    time: SentenceTime | None


def claims(
    article: Article, attributions: tuple[Attribution, ...], kb: KnowledgeBase
) -> tuple[list[TitleClaim], list[Finding]]:
    """Resolve every titled, named source; findings for titles that are not offices."""
    out: list[TitleClaim] = []
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    for attribution in attributions:
        source = attribution.source
        if source is None or source.title is None or not source.name:
            continue
        # One finding per written title, even when several attributions share the source.
        mark = (source.name, source.title.start, source.title.end)
        if mark in seen:
            continue
        seen.add(mark)
        title = _widen_title(article.text, source.title)
        jurisdiction = source.jurisdiction.text if source.jurisdiction else None
        written = _written(article.text, source.title, source.jurisdiction, title)
        office, _ = split_title(title)
        office_words = office.replace("then ", "").replace("former ", "").strip()
        if office_words in lexicon.not_offices() or key(title) in lexicon.not_offices():
            findings.append(
                Finding(
                    check=CHECK,
                    status=Status.UNVERIFIABLE,
                    attribution_id=attribution.id,
                    explanation=f"“{title}” describes an occupation, not a dated office; the "
                    "knowledge base covers public offices only, so "
                    f"{source.name}'s title cannot be checked.",
                    evidence=(passage_evidence(source.span),),
                )
            )
            continue
        qualifier = qualifier_class(attribution, article)
        clean_title = _strip_qualifier(title)
        positions: tuple[Position, ...] = ()
        if jurisdiction or split_title(clean_title)[1]:
            positions = kb.find_position(clean_title, jurisdiction)
        if not positions and jurisdiction:
            # "European Council President", "Homeland Security Secretary": the extractor's
            # jurisdiction may be part of the office's name.
            positions = kb.find_position(f"{jurisdiction} {clean_title}")
        matches = _matcher(kb, clean_title, jurisdiction, positions)
        all_terms = kb.who(source.name) or _by_surname(kb, source.name, matches)
        terms = tuple(t for t in all_terms if matches(t))
        other = tuple(t for t in all_terms if t not in terms)
        time = sentence_time(article, attribution, outside_content=qualifier == "present")
        out.append(
            TitleClaim(attribution, source.name, written, qualifier, terms, positions, other, time)
        )
    return out, findings


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s-]+$")


def _widen_title(text: str, title: Span) -> str:
    """The title with a subordinate word written just before it ("Vice" President).

    Checking "President" when the text says "Vice President" would be a false alarm.
    """
    before = _WORD_BEFORE.search(text[max(0, title.start - 20) : title.start])
    if before is not None and key(before.group(1)) in lexicon.subordinate_words():
        return f"{before.group(1)} {title.text}"
    return title.text


def _written(text: str, title: Span, jurisdiction: Span | None, widened: str) -> str:
    """The title with its place as the article writes it ("Mexico’s Foreign Minister")."""
    if jurisdiction is None:
        return widened
    first, second = sorted((title, jurisdiction), key=lambda s: s.start)
    if 0 <= second.start - first.end <= 6:
        written = text[first.start : second.end]
        # A widened word ("Vice") sits before the title: inside ``written`` only when the
        # place comes first.
        return written if first is jurisdiction else widened.removesuffix(title.text) + written
    return f"{jurisdiction.text} {widened}"


def _matcher(
    kb: KnowledgeBase, title: str, jurisdiction: str | None, positions: tuple[Position, ...]
) -> Callable[[Term], bool]:
    """Whether a person's term is in an office the written title may name."""
    if positions:
        keys = {p.key for p in positions}
        return lambda term: term.position.key in keys
    # No office found under the stated place (or none stated): match the title against the
    # person's own offices, within the place when it is one the KB knows.
    place = resolve_place(jurisdiction) if jurisdiction else None
    titles = (
        [title] if place is not None or not jurisdiction else [f"{jurisdiction} {title}", title]
    )

    def matches(term: Term) -> bool:
        if place is not None and key(place[0]) != key(term.position.jurisdiction):
            return False
        return any(kb.title_matches(t, term.position) for t in titles)

    return matches


def _by_surname(kb: KnowledgeBase, name: str, matches: Callable[[Term], bool]) -> tuple[Term, ...]:
    """Terms of the one person with this surname who held the stated office, if only one did.

    Articles name officeholders by surname alone ("President Obama"); a first name, when
    given, must at least start with the same letter as the person's.
    """
    words = name_words(name)
    candidates = [t for t in kb.by_surname(name) if matches(t)]
    if len(words) > 1:
        candidates = [t for t in candidates if name_words(t.person)[0][:1] == words[0][:1]]
    people = {t.person_qid or key(t.person) for t in candidates}
    if len(people) != 1:
        return ()
    (person,) = people
    return tuple(t for t in kb.by_surname(name) if (t.person_qid or key(t.person)) == person)


def _strip_qualifier(title: str) -> str:
    words = title.replace("-", " ").split()
    while words and key(words[0]) in {"then", "former", "ex", "acting", "interim", "late"}:
        words.pop(0)
    return " ".join(words) or title


def _on(window: Window) -> str:
    start, end = window.start, window.end
    if start is not None and start == end:
        if start.day or start.month is None:
            return f"on {start}" if start.day else f"in {start}"
        return f"in {calendar.month_name[start.month]} {start.year}"
    return f"during {window}"


def _one_per_person(terms: Iterable[Term]) -> list[Term]:
    """The first record of each person (several records of one term say the same)."""
    seen: set[str] = set()
    out = []
    for term in terms:
        if key(term.person) not in seen:
            seen.add(key(term.person))
            out.append(term)
    return out


def _holders_text(
    kb: KnowledgeBase,
    positions: tuple[Position, ...],
    window: Window,
    exclude: str,
    *,
    say_unknown: bool = False,
) -> tuple[str, tuple[Term, ...]]:
    """Who held the office in ``window``, as far as the knowledge base knows.

    With ``say_unknown`` the text says so when the knowledge base has no sure holder (the
    reader of a contradiction wants to know who held the office instead).
    """
    holders = tuple(
        t for p in positions[:1] for t in kb.holders(p, window) if key(t.person) != key(exclude)
    )
    sure = _one_per_person(t for t in holders if t.held_during(window) is Overlap.YES)
    if sure:
        listed = ", ".join(f"{t.person} (from {t.start or '?'})" for t in sure)
        return f"; the knowledge base lists {listed} in that office", tuple(sure)
    maybe = _one_per_person(
        sorted(holders, key=lambda t: t.start.earliest() if t.start else dt.date.min, reverse=True)
    )
    parts = []
    for term in maybe:
        if term.bounding_end is None:
            # Open record (a successor may bound it): say what the record itself saw.
            parts.append(f"{term.person}, in office from {term.start or '?'} as of {term.as_of}")
        else:
            parts.append(f"{term.person}, {term.start or '?'} to {_end_text(term)}")
    if not say_unknown:
        if not parts:
            return "", ()
        return "; the knowledge base lists possibly " + "; ".join(parts), tuple(maybe)
    text = f"; the knowledge base does not know who held that office {_on(window)}"
    if parts:
        text += ": possibly " + "; ".join(parts)
    return text, tuple(maybe)


def _passage(claim: TitleClaim) -> tuple[Evidence, ...]:
    """The article passage stating the title, as evidence when the KB has no row to give."""
    source = claim.attribution.source
    span = source.span if source is not None else claim.attribution.content
    return (passage_evidence(span),)


def check_claim(claim: TitleClaim, article: Article, kb: KnowledgeBase) -> Finding:
    """The title_at_date verdict on one resolved title."""
    aid = claim.attribution.id
    who = claim.name
    if claim.terms and name_words(claim.terms[0].person) != name_words(who):
        # Found by surname or alias: say whom the knowledge base took the name for.
        who = f"{who} (taken as {claim.terms[0].person})"
    if claim.qualifier == "future":
        return Finding(
            CHECK,
            Status.UNVERIFIABLE,
            f"“{claim.written}” names an office {who} had not yet taken; the check "
            "covers held offices only.",
            aid,
            tuple(map(term_evidence, claim.terms)) or _passage(claim),
        )
    window, when = _reference(claim, article)
    if not claim.terms:
        # The KB is silent: the article passage is what the verdict rests on.
        evidence = tuple(map(term_evidence, claim.other_terms[:5])) + _passage(claim)
        known = ""
        if claim.other_terms:
            known = " (it knows " + "; ".join(t.describe() for t in claim.other_terms[:3]) + ")"
        extra, holders = "", tuple[Term, ...]()
        if window is not None and claim.positions:
            extra, holders = _holders_text(kb, claim.positions, window, who)
        return Finding(
            CHECK,
            Status.UNVERIFIABLE,
            f"The knowledge base has no term of {who} as “{claim.written}”{known}{extra}.",
            aid,
            evidence + tuple(map(term_evidence, holders)),
        )
    evidence = tuple(map(term_evidence, claim.terms))
    if window is None:
        return Finding(
            CHECK,
            Status.UNVERIFIABLE,
            f"The article has no date and the sentence names no time, so “{claim.written}"
            f"” cannot be placed; see the date_window finding.",
            aid,
            evidence,
        )
    label = claim.terms[0].position.label
    if claim.qualifier == "former":
        verdicts = [t.ended_before(window) for t in claim.terms]
        if Overlap.YES in verdicts:
            ended = next(t for t, v in zip(claim.terms, verdicts, strict=True) if v is Overlap.YES)
            return Finding(
                CHECK,
                Status.CONSISTENT,
                f"{who}'s term as {label} ended {_end_text(ended)}, "
                f"before the time in question ({_on(window)}), so “former” fits.",
                aid,
                evidence,
            )
        if all(v is Overlap.NO for v in verdicts):
            return Finding(
                CHECK,
                Status.CONTRADICTED,
                f"{who} was still {label} {_on(window)} ({claim.terms[-1].describe()}), "
                "so “former” does not fit.",
                aid,
                evidence,
            )
        return Finding(
            CHECK,
            Status.UNVERIFIABLE,
            _maybe_reason(claim.terms, window, who, label)
            + " so whether the term had ended cannot be told.",
            aid,
            evidence,
        )
    verdicts = [t.held_during(window) for t in claim.terms]
    if Overlap.YES in verdicts:
        held = next(t for t, v in zip(claim.terms, verdicts, strict=True) if v is Overlap.YES)
        return Finding(
            CHECK,
            Status.CONSISTENT,
            f"{who} was {label} {_on(window)} ({held.describe()}), checked {when}.",
            aid,
            evidence,
        )
    if Overlap.MAYBE in verdicts:
        return Finding(
            CHECK,
            Status.UNVERIFIABLE,
            _maybe_reason(claim.terms, window, who, label)
            + f" so the title cannot be confirmed {when}.",
            aid,
            evidence,
        )
    positions = claim.positions or (claim.terms[0].position,)
    extra, holders = _holders_text(kb, positions, window, claim.terms[0].person, say_unknown=True)
    # Several records of one term often give the same span: say each span once.
    spans = "; ".join(dict.fromkeys(f"{t.start or '?'} to {_end_text(t)}" for t in claim.terms))
    return Finding(
        CHECK,
        Status.CONTRADICTED,
        f"{who} was not {label} {_on(window)}: the term ran {spans}{extra}.",
        aid,
        evidence + tuple(map(term_evidence, holders)),
    )


def _reference(claim: TitleClaim, article: Article) -> tuple[Window | None, str]:
    """The time a title is checked at, and how to say it.

    A plain title is written as of publication (newsroom style), so it is checked at the
    article's date even when the sentence names another time (that time usually dates the
    content). "then-" is checked at the time the sentence names, or else at some time before
    the article's date; "former" at the article's date, or else at the sentence's time.
    """
    sentence = None
    if claim.time is not None:
        sentence = (
            claim.time.window,
            f"at the time the sentence names ({claim.time.expression.span.text})",
        )
    dated = None
    if article.date is not None:
        dated = (Window.day(article.date), f"on the article's date ({article.date})")
    if claim.qualifier == "then":
        if sentence is not None:
            return sentence
        if article.date is not None:
            return Window(None, PartialDate.of(article.date)), "at some time before the article"
        return None, ""
    if claim.qualifier == "former":
        return dated or sentence or (None, "")
    return dated or (None, "")


def _end_text(term: Term) -> str:
    if term.end_record is not None and term.bounding_end is not None:
        return f"{term.bounding_end} (per a record as of {term.end_record.as_of or '?'})"
    if term.end is not None:
        return str(term.end)
    if term.successor_start is not None:
        return f"no later than {term.successor_start}"
    return f"at least {term.as_of}" if term.as_of else "an unknown date"


def _maybe_reason(terms: tuple[Term, ...], window: Window, who: str, label: str) -> str:
    stale = [t for t in terms if t.bounding_end is None and t.as_of and t.as_of < window.highest()]
    if stale:
        t = stale[-1]
        after = ""
        if t.successor_start is not None:
            after = f" and a successor, {t.successor}, took office in {t.successor_start}"
        return (
            f"The knowledge base knows {who} as {label} only until {t.as_of} (its record's "
            f"date){after}, so {_on(window)} is past what it knows,"
        )
    return (
        f"The knowledge base gives {who}'s term as {label} only to the year or month "
        f"({'; '.join(t.describe() for t in terms)}), which leaves {_on(window)} undecided,"
    )


def check_titles(
    article: Article, attributions: tuple[Attribution, ...], kb: KnowledgeBase
) -> tuple[list[TitleClaim], list[Finding]]:
    """title_at_date findings for every titled, named source; also the resolved claims."""
    resolved, findings = claims(article, attributions, kb)
    findings += [_guard_resolution(claim, check_claim(claim, article, kb)) for claim in resolved]
    return resolved, findings


def _guard_resolution(claim: TitleClaim, finding: Finding) -> Finding:
    """A contradiction on a name resolved from elsewhere ("the president" → an earlier name)
    more likely shows a wrong resolution than a wrong title: say so, do not accuse."""
    source = claim.attribution.source
    if finding.status is not Status.CONTRADICTED or source is None or source.antecedent is None:
        return finding
    return Finding(
        CHECK,
        Status.UNVERIFIABLE,
        f"“{source.span.text}” was read as {claim.name}, named earlier; "
        + finding.explanation
        + " So that reading is probably wrong, or the title is.",
        finding.attribution_id,
        finding.evidence,
    )
