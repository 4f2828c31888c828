"""title_at_date: could the person have held the stated title at the time in question?

Every titled person the article names is checked: attribution sources (findings carry the
attribution's id) and titled mentions that are no attribution ("then-Governor Ana
Ruiz tried to close the legislature": findings carry the mention's span and no id).
This module resolves each written title against the knowledge base (:class:`TitleClaim`);
:mod:`sourcecheck.checks.verdicts` judges it at the time :mod:`sourcecheck.checks.timing`
finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sourcecheck.checks.context import data, passage_evidence
from sourcecheck.checks.timing import CheckTime, check_time
from sourcecheck.extract.intervals import Intervals
from sourcecheck.kb import Event, KnowledgeBase, Position, Term, lexicon
from sourcecheck.kb.names import fold, key, name_words
from sourcecheck.kb.store import resolve_place, split_title
from sourcecheck.records import (
    Article,
    Attribution,
    Evidence,
    Finding,
    PersonMention,
    Span,
    Status,
)

CHECK = "title_at_date"


def term_evidence(term: Term, **extra: str) -> Evidence:
    """A knowledge-base term as evidence: its source, link and ``as_of`` as fields."""
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
            ("dataset", term.dataset),
            *sorted(extra.items()),
        ),
        url=term.url,
    )


@dataclass(frozen=True, slots=True)
class TitleClaim:
    """One stated title of a named person, resolved against the knowledge base.

    Attributes:
        attribution: The attribution whose source states it; ``None`` for a mention.
        span: Where the titled name is written (the source or the mention).
        name: The person's name.
        written: The title as written, with its place (``Chile’s Foreign Minister``).
        qualifier: ``present``, ``former``, ``then`` or ``future``.
        terms: The person's terms in offices the title may name, best-named office first.
        positions: Offices the title may name (empty when the title names no place).
        other_terms: The person's other terms (to say what the KB knows instead).
        time: When the title is checked, and why then.
        antecedent: Where the name was found when the source is a reference ("the
            president" read as an earlier name).
    """

    attribution: Attribution | None
    span: Span
    name: str
    written: str
    qualifier: str
    terms: tuple[Term, ...]
    positions: tuple[Position, ...]
    other_terms: tuple[Term, ...]
    time: CheckTime
    antecedent: Span | None = None

    @property
    def attribution_id(self) -> str | None:
        """The attribution's id, ``None`` for a mention."""
        return self.attribution.id if self.attribution is not None else None

    def finding(self, status: Status, explanation: str, evidence: Iterable[Evidence]) -> Finding:
        """A title_at_date finding about this claim."""
        return Finding(
            CHECK,
            status,
            explanation,
            self.attribution_id,
            tuple(evidence),
            span=None if self.attribution is not None else self.span,
        )


@dataclass(frozen=True, slots=True)
class _Stated:
    """A titled name as the text states it, from an attribution or a mention."""

    attribution: Attribution | None
    span: Span
    name: str
    title: Span
    jurisdiction: Span | None
    qualifier: str | None
    antecedent: Span | None = None


def _stated(
    attributions: tuple[Attribution, ...], mentions: tuple[PersonMention, ...]
) -> list[_Stated]:
    """Attribution sources first, then mentions no attribution source already states."""
    out: list[_Stated] = []
    titles: list[Span] = []
    for attribution in attributions:
        source = attribution.source
        if source is None or source.title is None or not source.name:
            continue
        out.append(
            _Stated(
                attribution,
                source.span,
                source.name,
                source.title,
                source.jurisdiction,
                source.qualifier,
                source.antecedent,
            )
        )
        titles.append(source.title)
    stated = Intervals((t, None) for t in titles)
    for mention in mentions:
        title = mention.title
        if any(title.overlaps(t) for t, _ in stated.reaching(title.start, title.end)):
            continue
        out.append(
            _Stated(
                None,
                mention.span,
                mention.name,
                mention.title,
                mention.jurisdiction,
                mention.qualifier,
            )
        )
    return out


def qualifier_of(text: str, stated: _Stated) -> str:
    """``former``, ``then``, ``future`` or ``present`` for a stated title."""
    classes: dict[str, list[str]] = data()["qualifiers"]
    words: list[str] = []
    if stated.qualifier:
        words.append(fold(stated.qualifier).strip(" -"))
    # The extractor may leave the qualifier inside the title or just before it.
    before = text[max(stated.span.start, stated.title.start - 25) : stated.title.start]
    words += [w.strip(" -") for w in re.split(r"[\s\-–]+", fold(before + " " + stated.title.text))]
    for name in ("then", "former", "future"):
        wanted = {w.strip(" -") for w in classes[name]}
        if any(w in wanted for w in words if w):
            return name
    # A word right after the title may make it a candidacy: "president candidate Donald
    # Trump", "presidential hopeful".
    after = fold(text[stated.title.end : stated.title.end + 20]).split()[:1]
    if after and after[0].strip(" ,-") in {w.strip(" -") for w in classes["after_title_future"]}:
        return "future"
    if re.search(r"\bat the time\b", text[stated.span.start : stated.span.end + 40]):
        return "then"
    return "present"


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in key(title).split() if w not in {"of", "the", "for", "and"})


def _best_named_first(terms: Iterable[Term], title: str) -> tuple[Term, ...]:
    """Terms whose office label holds the title's words first ("President" names the
    President of France before Macron's other office, co-prince of Andorra)."""
    wanted = _title_words(title)

    def rank(term: Term) -> tuple[int, object]:
        have = _title_words(term.position.label)
        start = term.start.earliest() if term.start else None
        return (0 if wanted and wanted <= have else 1, str(start))

    return tuple(sorted(terms, key=rank))


def claims(
    article: Article,
    attributions: tuple[Attribution, ...],
    kb: KnowledgeBase,
    *,
    mentions: tuple[PersonMention, ...] = (),
    events: tuple[Event, ...] = (),
) -> tuple[list[TitleClaim], list[Finding]]:
    """Resolve every titled, named person; findings for titles that are not offices."""
    out: list[TitleClaim] = []
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    for stated in _stated(attributions, mentions):
        # One finding per written title, even when several attributions share the source.
        mark = (stated.name, stated.title.start, stated.title.end)
        if mark in seen:
            continue
        seen.add(mark)
        title = _widen_title(article.text, stated.title)
        jurisdiction = stated.jurisdiction.text if stated.jurisdiction else None
        written = _written(article.text, stated.title, stated.jurisdiction, title)
        office, _ = split_title(title)
        office_words = office.replace("then ", "").replace("former ", "").strip()
        if office_words in lexicon.not_offices() or key(title) in lexicon.not_offices():
            if stated.attribution is not None:
                findings.append(
                    Finding(
                        check=CHECK,
                        status=Status.UNVERIFIABLE,
                        attribution_id=stated.attribution.id,
                        explanation=f"“{title}” describes an occupation, not a dated office; "
                        "the knowledge base covers public offices only, so "
                        f"{stated.name}'s title cannot be checked.",
                        evidence=(passage_evidence(stated.span),),
                    )
                )
            continue
        qualifier = qualifier_of(article.text, stated)
        clean_title = _strip_qualifier(title)
        positions: tuple[Position, ...] = ()
        if jurisdiction or split_title(clean_title)[1]:
            positions = kb.find_position(clean_title, jurisdiction)
        if not positions and jurisdiction:
            # "European Council President", "Homeland Security Secretary": the extractor's
            # jurisdiction may be part of the office's name.
            positions = kb.find_position(f"{jurisdiction} {clean_title}")
        matches = _matcher(kb, clean_title, jurisdiction, positions)
        all_terms = kb.who(stated.name) or _by_surname(kb, stated.name, matches)
        terms = _best_named_first((t for t in all_terms if matches(t)), clean_title)
        other = tuple(t for t in all_terms if t not in terms)
        attribution = stated.attribution
        time = check_time(
            article,
            stated.span,
            content=attribution.content if attribution and qualifier == "present" else None,
            cue=attribution.cue if attribution else None,
            is_attribution=attribution is not None,
            events=events,
        )
        out.append(
            TitleClaim(
                attribution,
                stated.span,
                stated.name,
                written,
                qualifier,
                terms,
                positions,
                other,
                time,
                stated.antecedent,
            )
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
    """The title with its place as the article writes it ("Chile’s Foreign Minister")."""
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
