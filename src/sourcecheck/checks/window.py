"""date_window: with no article date, when could every present-tense title have been true?"""

from __future__ import annotations

from sourcecheck.checks.context import passage_evidence
from sourcecheck.checks.timing import names_participants
from sourcecheck.checks.titles import TitleClaim, term_evidence
from sourcecheck.kb import Event, KnowledgeBase, PartialDate, Window
from sourcecheck.records import Article, Evidence, Finding, Status

CHECK = "date_window"


def event_evidence(event: Event) -> Evidence:
    """A knowledge-base event as evidence."""
    return Evidence(
        kind="kb_event",
        description=f"{event.date}: {event.description}",
        source=event.source,
        as_of=event.as_of,
        data=(("date", str(event.date)), ("participants", "; ".join(event.participants))),
    )


def _whole(article: Article) -> Evidence:
    """The article itself as evidence: it states no title the check could place."""
    return Evidence(
        kind="article_text",
        description=f"the article ({len(article.text):,} characters) states no title of "
        "an office held at the time",
        source="article",
        data=(("start", "0"), ("end", str(len(article.text)))),
    )


def reported_events(article: Article, kb: KnowledgeBase) -> tuple[Event, ...]:
    """Knowledge-base events the article reports: every participant is named in it.

    A place counts when the article names it, its demonym or adjective
    (``Mexican Embassy`` names Mexico).
    """
    return tuple(e for e in kb.events() if names_participants(article.text, e, need_person=False))


def _claim_window(claim: TitleClaim) -> Window | None:
    if not claim.terms:
        return None
    # Several terms in the same office: the hull is enough to find a conflict.
    windows = [t.window() for t in claim.terms]
    starts = [w.start for w in windows if w.start is not None]
    ends = [w.end for w in windows if w.end is not None]
    start = min(starts, key=PartialDate.earliest) if len(starts) == len(windows) else None
    end = max(ends, key=PartialDate.latest) if len(ends) == len(windows) else None
    return Window(start, end)


def _describe(claim: TitleClaim, window: Window) -> str:
    return f"“{claim.written} {claim.name}” ({window})"


def check_window(article: Article, claims: list[TitleClaim], kb: KnowledgeBase) -> list[Finding]:
    """The date window of an undated article, and what conflicts with it."""
    if article.date is not None:
        return []
    placed: list[tuple[TitleClaim, Window]] = []
    for claim in claims:
        # Attribution sources only: a mention in narrative may carry a title of its past.
        if claim.qualifier != "present" or claim.time.placed or claim.attribution is None:
            continue
        window = _claim_window(claim)
        if window is not None:
            placed.append((claim, window))
    if not placed:
        # what was looked at: the titles the article states, or the article as a whole
        looked = [c.span for c in claims if c.attribution is not None]
        evidence = tuple(passage_evidence(span) for span in dict.fromkeys(looked))
        return [
            Finding(
                CHECK,
                Status.UNVERIFIABLE,
                "No present-tense title in the article is in the knowledge base, so its "
                "date cannot be narrowed down.",
                None,
                evidence or (_whole(article),),
            )
        ]
    findings: list[Finding] = []
    combined = Window()
    for _, window in placed:
        combined = combined.intersect(window)
    evidence = tuple(term_evidence(t) for claim, _ in placed for t in claim.terms)
    listing = "; ".join(_describe(c, w) for c, w in placed)
    if combined.is_empty():
        clashes = [
            f"{_describe(a, wa)} and {_describe(b, wb)}"
            for i, (a, wa) in enumerate(placed)
            for b, wb in placed[i + 1 :]
            if wa.intersect(wb).is_empty()
        ]
        findings.append(
            Finding(
                CHECK,
                Status.CONTRADICTED,
                "The present-tense titles were never all true at once: " + "; ".join(clashes) + ".",
                None,
                evidence,
            )
        )
        return findings
    events = reported_events(article, kb)
    late = [e for e in events if e.date.latest() > combined.highest()]
    status = Status.CONTRADICTED if late else Status.CONSISTENT
    text = (
        f"The article has no date; its present-tense titles hold together only from "
        f"{combined.start or '…'} to {combined.end or '…'}: {listing}."
    )
    if late:
        text += (
            " It reports later events: "
            + "; ".join(f"{e.description} ({e.date})" for e in late)
            + "."
        )
    findings.append(
        Finding(CHECK, status, text, None, evidence + tuple(event_evidence(e) for e in events))
    )
    for event in late:
        for claim, window in placed:
            if window.highest() < event.date.earliest():
                findings.append(
                    Finding(
                        CHECK,
                        Status.CONTRADICTED,
                        f"“{claim.written} {claim.name}” held only until {window.end}, "
                        f"but the article reports an event of {event.date} "
                        f"({event.description}), so the title was out of date when it was written.",
                        claim.attribution_id,
                        (*map(term_evidence, claim.terms), event_evidence(event)),
                    )
                )
    return findings
