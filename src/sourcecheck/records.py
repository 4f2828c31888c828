"""The records that flow through the stages: article → attributions → findings → report.

All are small frozen dataclasses. Offsets are Python string indices into
``Article.text`` exactly as read (no normalisation), end-exclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DateSource(StrEnum):
    """Where the article's date came from."""

    CLI = "cli"
    FRONT_MATTER = "front-matter"
    HTML_META = "html-meta"
    #: Given with the input: a JSON line's or a manifest row's ``date``.
    INPUT = "input"
    #: Read from the file name (``--dates-from filename``).
    FILE_NAME = "file-name"
    #: Read from the URL's path (``--dates-from url``).
    URL_PATH = "url-path"
    #: The feed item's published or updated date.
    FEED_ITEM = "feed-item"
    #: When a web archive captured the page (WARC-Date): the page existed by then.
    CAPTURED = "warc-date"
    NONE = "none"


class AttributionKind(StrEnum):
    """How the content is reported."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    ACCORDING_TO = "according_to"
    STATISTIC = "statistic"


class Category(StrEnum):
    """What sort of act an attribution reports (reports list speech and document by default)."""

    SPEECH = "speech"  # a statement someone made: said, told, tweeted, wrote, warned
    DOCUMENT = "document"  # a report, study, survey or data set: found, showed, estimated
    BELIEF = "belief"  # a stance with no statement: view, see, think, fear, believe
    OTHER = "other"  # what PolNeAR also counts: seek, attempt, plan, embrace, learn


class SourceKind(StrEnum):
    """What sort of source an attribution names."""

    PERSON = "person"
    ORGANISATION = "organisation"
    ANONYMOUS = "anonymous"
    VAGUE = "vague"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """The three-valued verdict of a check."""

    CONSISTENT = "consistent"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"


#: Verdicts in the order a reader must act on them: contradicted first.
STATUS_ORDER = {Status.CONTRADICTED: 0, Status.UNVERIFIABLE: 1, Status.CONSISTENT: 2}


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    def __str__(self) -> str:
        # What a reader sees: ``print(att.cue)`` shows "said", not the offsets.
        return self.text

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink of the article's main text, anchored at its anchor text."""

    span: Span
    href: str


@dataclass(frozen=True, slots=True)
class Article:
    """One input article after ingestion."""

    text: str
    path: str | None = None
    title: str | None = None
    date: dt.date | None = None
    date_source: DateSource = DateSource.NONE
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    sha256: str = ""
    links: tuple[Link, ...] = ()
    #: What the article was read as: ``text`` (plain text, front matter allowed) or
    #: ``html`` (a page, main text extracted).
    format: str = "text"


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A figure inside an attribution (``28 percent``, ``1,200 people``)."""

    value: float
    unit: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression inside or around an attribution.

    Attributes:
        span: Where it is written.
        kind: ``relative`` (recently, five years ago), ``year`` (in 2019),
            ``date`` (3 November 2025), ``month`` (December 2022).
        year: The year it names, when it names one.
        month: The month it names, when it names one.
        day: The day it names, when it names one.
    """

    span: Span
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Who an attribution credits.

    Attributes:
        span: The source as written (``she``, ``a spokesperson for Chile's Ministry``).
        kind: Person, organisation, anonymous, vague or unknown.
        name: The resolved name (the antecedent's text for pronouns and generic
            references, else the name inside ``span``).
        antecedent: Where the resolved name is written, when it differs from ``span``.
        title: The stated title (``Foreign Minister``), if any.
        jurisdiction: The stated jurisdiction (``Mexico``), if any.
        qualifier: ``former``, ``then``, ``acting``, ``incoming``… if any.
    """

    span: Span
    kind: SourceKind
    name: str | None = None
    antecedent: Span | None = None
    title: Span | None = None
    jurisdiction: Span | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person named with a title anywhere in the article, source of an attribution or not.

    Attributes:
        span: The whole phrase as written ("then-Governor Ana Ruiz").
        name: The person's name as written ("Ana Ruiz").
        title: The title as written ("President", "Gov.", "environment minister").
        jurisdiction: The stated jurisdiction ("Mexico’s", "Florida"), if any.
        qualifier: ``former``, ``then``, ``acting``… in lower case, if any.
    """

    span: Span
    name: str
    title: Span
    jurisdiction: Span | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: a source, a cue and the content credited."""

    id: str
    kind: AttributionKind
    content: Span
    cue: Span | None = None
    source: Source | None = None
    medium: str | None = None
    via: Span | None = None
    parent: str | None = None
    numbers: tuple[NumberMention, ...] = ()
    time_expressions: tuple[TimeExpression, ...] = ()
    #: What sort of act it reports (see :class:`Category`).
    category: Category = Category.SPEECH
    #: For a quote with no cue of its own: the id of the attribution whose speaker it
    #: continues ("…," said Powell. "I'm sure …").
    continues: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a verdict rests on: a KB row, a corpus passage or the article itself."""

    kind: str
    description: str
    source: str
    as_of: dt.date | None = None
    data: tuple[tuple[str, str], ...] = ()
    #: A link to the source (http or https) when it has one; reports show it as a link.
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict of one check on one attribution, on a person mention, or on the article.

    Attributes:
        span: What the finding is about when it is no attribution: the titled person
            mention ("then-Governor Ana Ruiz"); ``attribution_id`` is then ``None``.
    """

    check: str
    status: Status
    explanation: str
    attribution_id: str | None = None
    evidence: tuple[Evidence, ...] = ()
    span: Span | None = None
    #: Every attribution the finding covers when it judges one statement made of several
    #: (the indirect and direct halves, a continuation, an "according to" parent and its
    #: child); ``attribution_id`` is the first of them. Empty: just ``attribution_id``.
    covers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything sourcecheck found in one article."""

    article: Article
    attributions: tuple[Attribution, ...] = ()
    findings: tuple[Finding, ...] = field(default=())
    schema_version: str = "2.1"
    #: What the reader should know of how the report was made: a check that was skipped
    #: and how to run it, quotes too short to trace (schema 2.1).
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the schema-2.1 form of ``--format json``).

        :func:`sourcecheck.report.json.report_from_dict` rebuilds the report from it.
        """
        # Imported here: records stays free of imports from the rest of the package.
        from sourcecheck.report.json import report_to_dict

        return report_to_dict(self)

    def to_json(self, indent: int | None = None) -> str:
        """The report as a JSON document (one line unless ``indent`` is given)."""
        from sourcecheck.report.json import to_json

        return to_json(self, indent=indent)
