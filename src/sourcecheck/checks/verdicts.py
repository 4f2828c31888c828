"""The title_at_date verdict on one resolved title, with a plain explanation and evidence.

``contradicted`` needs positive evidence (see :func:`judge_present`): another person in the
single-holder office at that time, or the person's term over before it with a successor
after it, while the time lies within what the knowledge base knows of the office (its
*horizon*: the newest ``as_of`` among its records, plus a grace period). Past that, or on
a time the text cannot place, the verdict is ``unverifiable`` and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sourcecheck.checks.context import data, passage_evidence
from sourcecheck.checks.timing import ARTICLE, NARRATIVE, CheckTime
from sourcecheck.checks.titles import TitleClaim, term_evidence
from sourcecheck.checks.wording import (
    ended_text,
    fineness,
    on,
    plain,
    record,
    span_text,
    spans,
    surname,
    when_text,
    who_text,
)
from sourcecheck.kb import KnowledgeBase, Overlap, PartialDate, Position, Term, Window
from sourcecheck.kb.names import key
from sourcecheck.kb.types import SINGLE_HOLDER_ROLES
from sourcecheck.records import Article, Evidence, Finding, Status


@dataclass(frozen=True, slots=True)
class Rules:
    """How far past an office's horizon an ended term still counts as evidence.

    Attributes:
        grace_days: Days past the horizon (the newest record of the office) within which
            an ended term followed by a successor still contradicts the title.
        narrative_years: An undated past-tense sentence whose title fits only a term that
            ended more than this many years before the article is read as history.
        former_return_years: "former" on someone back in office for longer than this, in a
            sentence that names no time, may tell of the years between the terms.
    """

    grace_days: int = 365
    narrative_years: int = 10
    former_return_years: int = 2

    @classmethod
    def shipped(cls) -> Rules:
        """The rules in ``checks/data/checks.yml``."""
        timing = data()["timing"]
        return cls(
            int(timing["grace_days"]),
            int(timing["narrative_years"]),
            int(timing["former_return_years"]),
        )


def _horizon_note(kb: KnowledgeBase, position: Position, window: Window) -> str:
    """Said next to an unverifiable title when the time is past what the KB knows."""
    horizon = kb.horizon(position)
    if horizon is not None and window.highest() > horizon:
        return (
            f" The time checked is past what the knowledge base knows of {position.label}: "
            f"its newest record is as of {horizon}."
        )
    return ""


def _passage(claim: TitleClaim) -> tuple[Evidence, ...]:
    """The article passage stating the title, as evidence when the KB has no row to give."""
    return (passage_evidence(claim.span),)


def _sure_holders(
    kb: KnowledgeBase, position: Position, window: Window, claim: TitleClaim
) -> list[Term]:
    """Other people whose record covers the whole of ``window`` in ``position``."""
    mine = {key(t.person) for t in claim.terms} | {key(claim.name)}
    found: dict[str, Term] = {}
    for term in kb.holders(position, window):
        if key(term.person) in mine or term.held_during(window) is not Overlap.YES:
            continue
        found.setdefault(key(term.person), term)
    return list(found.values())


def _successor(kb: KnowledgeBase, ended: Term) -> Term | None:
    """The first other person who took the office after ``ended`` began."""
    begun = ended.start.earliest() if ended.start else dt.date.min
    later = [
        t
        for t in kb.terms_in(ended.position)
        if key(t.person) != key(ended.person)
        and t.start is not None
        and t.start.earliest() > begun
        and (ended.bounding_end is None or t.start.latest() >= ended.bounding_end.earliest())
    ]
    return min(later, key=lambda t: t.start.earliest() if t.start else dt.date.min, default=None)


def _offices(claim: TitleClaim) -> list[Position]:
    """The offices the title names, best-named first, one each."""
    seen: dict[str, Position] = {}
    for term in claim.terms:
        seen.setdefault(term.position.key, term.position)
    for position in claim.positions:
        seen.setdefault(position.key, position)
    return list(seen.values())


def judge(claim: TitleClaim, article: Article, kb: KnowledgeBase, rules: Rules) -> Finding:
    """The title_at_date finding on one resolved title."""
    who = who_text(claim)
    if claim.qualifier == "future":
        return claim.finding(
            Status.UNVERIFIABLE,
            f"“{claim.written}” names an office {who} had not yet taken; the check covers "
            "held offices only.",
            tuple(map(term_evidence, claim.terms)) or _passage(claim),
        )
    window, when = _reference(claim, article)
    if not claim.terms:
        return _not_in_kb(claim, kb, window, who)
    evidence = tuple(map(term_evidence, claim.terms))
    if window is None:
        return claim.finding(
            Status.UNVERIFIABLE,
            f"The article has no date and the sentence names no time, so “{claim.written}” "
            "cannot be placed; see the date_window finding.",
            evidence,
        )
    if claim.qualifier == "former":
        return _judge_former(claim, kb, window, who, evidence, rules)
    return judge_present(claim, kb, window, when, who, rules, article)


def _not_in_kb(claim: TitleClaim, kb: KnowledgeBase, window: Window | None, who: str) -> Finding:
    evidence = tuple(map(term_evidence, claim.other_terms[:5])) + _passage(claim)
    known = ""
    if claim.other_terms:
        known = " It knows " + "; ".join(t.describe() for t in claim.other_terms[:3]) + "."
    note = ""
    if window is not None and claim.positions:
        position = claim.positions[0]
        holders = _sure_holders(kb, position, window, claim)
        if holders:
            # Not a contradiction: the name may be a spelling the KB lacks.
            holder = holders[0]
            note = (
                f" It has {holder.person} as {position.label} {on(window)} "
                f"({span_text(holder)}{record(holder)})."
            )
            evidence += (term_evidence(holder, role="holder on the date"),)
        else:
            note = _horizon_note(kb, position, window)
    return claim.finding(
        Status.UNVERIFIABLE,
        f"The knowledge base has no term of {who} as “{claim.written}”, so the title cannot "
        f"be checked.{known}{note}",
        evidence,
    )


def _judge_former(
    claim: TitleClaim,
    kb: KnowledgeBase,
    window: Window,
    who: str,
    evidence: tuple[Evidence, ...],
    rules: Rules,
) -> Finding:
    # "Former" is false only where the person was in office for the whole time in question.
    held = [t for t in claim.terms if t.held_throughout(window)]
    ended = [t for t in claim.terms if t.ended_before(window) is Overlap.YES]
    if held:
        term = held[-1]
        # A returned officeholder (Trump, Lula, Netanyahu) is "again", not "still", in office.
        earlier = [t for t in ended if t.position.key == term.position.key]
        again = "again" if earlier else "still"
        back_since = term.start.latest() if term.start else None
        if (
            not claim.time.placed
            and back_since is not None
            and (window.lowest() - back_since).days > 365.25 * rules.former_return_years
        ):
            # In office for years: an undated sentence more likely tells of an earlier time,
            # between terms or in a term the KB lacks ("After former California Gov. Jerry
            # Brown criticized …": governor 1975–1983, a term before the KB's records).
            earlier_text = (
                f"the years between the terms ({ended_text(earlier[-1])} to {term.start})"
                if earlier
                else "an earlier term, which may be missing from the knowledge base"
            )
            return claim.finding(
                Status.UNVERIFIABLE,
                f"{who} was {again} {term.position.label} {on(window)} "
                f"({span_text(term)}{record(term)}), in office since {term.start}; the "
                f"sentence names no time and may tell of {earlier_text}, when “former” "
                "fitted, so it is not judged.",
                evidence,
            )
        return claim.finding(
            Status.CONTRADICTED,
            f"{who} was {again} {term.position.label} {on(window)} "
            f"({span_text(term)}{record(term)}), so “former” does not fit.",
            evidence,
        )
    if ended:
        term = ended[-1]
        return claim.finding(
            Status.CONSISTENT,
            f"The term of {who} as {term.position.label} ended {ended_text(term)}, "
            f"before {window.highest()}, so “former” fits.",
            evidence,
        )
    label = claim.terms[0].position.label
    return claim.finding(
        Status.UNVERIFIABLE,
        f"The knowledge base cannot tell whether {who}'s term as {label} had ended "
        f"{on(window)} ({'; '.join(span_text(t) for t in claim.terms)})."
        + _horizon_note(kb, claim.terms[0].position, window),
        evidence,
    )


def judge_present(
    claim: TitleClaim,
    kb: KnowledgeBase,
    window: Window,
    when: str,
    who: str,
    rules: Rules,
    article: Article,
) -> Finding:
    """A title stated as held at ``window``.

    ``consistent`` when a term covers the window; ``contradicted`` only on positive
    evidence (module docstring); else ``unverifiable``, saying what the KB lacks.
    """
    evidence = tuple(map(term_evidence, claim.terms))
    verdicts = [(t, t.held_during(window)) for t in claim.terms]
    held = [t for t, v in verdicts if v is Overlap.YES]
    if held:
        term = max(held, key=fineness)
        return claim.finding(
            Status.CONSISTENT,
            f"{who} was {term.position.label} {on(window)}{when_text(when)}: {span_text(term)}.",
            (
                term_evidence(term),
                *tuple(e for t, e in zip(claim.terms, evidence, strict=False) if t != term),
            ),
        )
    if claim.qualifier == "present" and claim.time.placed and article.date is not None:
        # News copy gives people their present titles in sentences about the past ("Secretary
        # of State John F. Kerry … talks it abandoned in 2009"): a title held on the article's
        # date is no false claim.
        today = Window.day(article.date)
        now = [t for t in claim.terms if t.held_during(today) is Overlap.YES]
        if now:
            term = max(now, key=fineness)
            return claim.finding(
                Status.CONSISTENT,
                f"{who} was {term.position.label} on {article.date}, the article's date "
                f"({span_text(term)}); the sentence speaks of {plain(window)}, but news copy "
                "gives people their present titles.",
                (term_evidence(term), *(term_evidence(t) for t in claim.terms if t != term)),
            )
    maybe = [t for t, v in verdicts if v is Overlap.MAYBE]
    if maybe:
        return claim.finding(
            Status.UNVERIFIABLE,
            _maybe_reason(maybe, window, who)
            + f" (checked {when})."
            + _horizon_note(kb, maybe[0].position, window),
            evidence,
        )
    history = _history_reading(claim, article, window, rules)
    if history is not None:
        return claim.finding(Status.UNVERIFIABLE, history, evidence)
    for position in _offices(claim):
        if position.role_kind not in SINGLE_HOLDER_ROLES:
            continue
        holders = _sure_holders(kb, position, window, claim)
        if holders:
            holder = holders[0]
            mine = [t for t in claim.terms if t.position.key == position.key] or list(claim.terms)
            return claim.finding(
                Status.CONTRADICTED,
                f"{who} was not {position.label} {on(window)}{when_text(when)}: {holder.person} "
                f"held that office then ({span_text(holder)}{record(holder)}); "
                f"{surname(claim.name)}'s term ran {spans(mine)}.",
                (term_evidence(holder, role="holder on the date"), *evidence),
            )
    ended = [t for t in claim.terms if t.ended_before(window) is Overlap.YES]
    for term in sorted(ended, key=lambda t: t.bounding_end or PartialDate(1), reverse=True):
        horizon = kb.horizon(term.position)
        if horizon is None:
            continue
        within = window.highest() <= horizon + dt.timedelta(days=rules.grace_days)
        successor = _successor(kb, term) if term.position.role_kind in SINGLE_HOLDER_ROLES else None
        multi = term.position.role_kind not in SINGLE_HOLDER_ROLES
        if within and (successor is not None or multi):
            after = (
                f" and {successor.person} succeeded {surname(claim.name)} ({span_text(successor)})"
                if successor is not None
                else ""
            )
            extra = (term_evidence(successor, role="successor"),) if successor else ()
            return claim.finding(
                Status.CONTRADICTED,
                f"{who} was not {term.position.label} {on(window)}{when_text(when)}: the term "
                f"ended {ended_text(term)}{after}; the knowledge base's record of this office is "
                f"as of {horizon}.",
                evidence + extra,
            )
    return _stale(claim, kb, window, who, evidence)


def _stale(
    claim: TitleClaim,
    kb: KnowledgeBase,
    window: Window,
    who: str,
    evidence: tuple[Evidence, ...],
) -> Finding:
    """No positive evidence: what the KB knows, and how far its knowledge reaches."""
    term = claim.terms[-1]
    horizon = kb.horizon(term.position)
    reach = f"ends {horizon}" if horizon is not None else "has no date"
    return claim.finding(
        Status.UNVERIFIABLE,
        f"The knowledge base's record of {term.position.label} {reach}; {who} held it "
        f"{spans(claim.terms)} and its holder {on(window)} is not known to it.",
        evidence,
    )


def _history_reading(
    claim: TitleClaim, article: Article, window: Window, rules: Rules
) -> str | None:
    """Past-tense narrative of unplaced time whose title fits a past term: say so, don't
    accuse."""
    basis = claim.time.basis
    if basis not in (NARRATIVE, ARTICLE) or article.date is None:
        return None
    past = [t for t in claim.terms if t.ended_before(window) is Overlap.YES]
    if not past:
        return None
    if basis == ARTICLE:
        # News copy: an undated "X said" is of the article's days, unless the title fits
        # only a term that ended long before (the sentence then recounts history).
        limit = article.date - dt.timedelta(days=round(365.25 * rules.narrative_years))
        if any((t.bounding_end or PartialDate(9999)).latest() >= limit for t in past):
            return None
    term = past[-1]
    return (
        f"The sentence may refer to {span_text(term)}, when {term.person} was "
        f"{term.position.label}; it names no time, and on the article's date "
        f"({article.date}) the knowledge base has the term over, so the title is not judged."
    )


def _maybe_reason(terms: list[Term], window: Window, who: str) -> str:
    stale = [t for t in terms if t.bounding_end is None and t.as_of and t.as_of < window.highest()]
    if stale:
        t = stale[-1]
        after = ""
        if t.successor_start is not None:
            after = f", and {t.successor} took office by {t.successor_start}"
        return (
            f"The knowledge base knows {who} as {t.position.label} only until {t.as_of} "
            f"(its newest record of the term){after}, so {window.highest()} is past what it knows"
        )
    return (
        f"The knowledge base gives {who}'s term as {terms[0].position.label} only to the year "
        f"or month ({spans(terms)}), which leaves {on(window)} undecided"
    )


def _reference(claim: TitleClaim, article: Article) -> tuple[Window | None, str]:
    """The time a title is checked at, and how to say it.

    "then-" is checked at the time the text places (or else at some time before the
    article); "former" at the article's date (or else the time the text places); a plain
    title at the time :func:`~sourcecheck.checks.timing.check_time` found.
    """
    time: CheckTime = claim.time
    if claim.qualifier == "then":
        if time.placed and time.window is not None:
            return time.window, time.reason
        if article.date is not None:
            return Window(None, PartialDate.of(article.date)), "at some time before the article"
        return None, ""
    if claim.qualifier == "former":
        if article.date is not None:
            return Window.day(article.date), "on the article's date"
        return (time.window, time.reason) if time.placed else (None, "")
    return time.window, time.reason


def check_claims(
    claims: list[TitleClaim], article: Article, kb: KnowledgeBase, rules: Rules
) -> list[Finding]:
    """Every claim judged; a contradiction on a resolved reference or a mention is softened."""
    return [
        _guard_mention(claim, _guard_resolution(claim, judge(claim, article, kb, rules)))
        for claim in claims
    ]


def _guard_mention(claim: TitleClaim, finding: Finding) -> Finding:
    """A titled mention that is no attribution is not accused: US usage keeps "President"
    for former presidents, obituaries and hypotheticals name people by later titles, and
    the sentence's time may belong to someone else (PolNeAR train: 15 of 17 false alarms)."""
    if finding.status is not Status.CONTRADICTED or claim.attribution is not None:
        return finding
    return Finding(
        finding.check,
        Status.UNVERIFIABLE,
        finding.explanation + " This is a mention, not an attribution, and such titles are "
        "often honorific or retrospective, so it is not judged.",
        finding.attribution_id,
        finding.evidence,
        finding.span,
    )


def _guard_resolution(claim: TitleClaim, finding: Finding) -> Finding:
    """A contradiction on a name resolved from elsewhere ("the president" → an earlier name)
    more likely shows a wrong resolution than a wrong title: say so, do not accuse."""
    if finding.status is not Status.CONTRADICTED or claim.antecedent is None:
        return finding
    return Finding(
        finding.check,
        Status.UNVERIFIABLE,
        f"“{claim.span.text}” was read as {claim.name}, named earlier; "
        + finding.explanation
        + " So that reading is probably wrong, or the title is.",
        finding.attribution_id,
        finding.evidence,
        finding.span,
    )
