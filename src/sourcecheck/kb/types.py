"""Records the knowledge base answers with: terms of office, positions and dated events."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sourcecheck.kb.dates import Overlap, PartialDate, Window

#: Role kinds of offices held by one person at a time (a successor's start ends a term).
SINGLE_HOLDER_ROLES = frozenset(
    {"head_of_state", "head_of_government", "foreign_minister", "org_head"}
)


_URL = re.compile(r"https?://[^\s\"'()<>|]+", re.IGNORECASE)
# owner/repo/path@commit, or owner/repo@commit:path (the curated files' form).
_REPO_FILE = re.compile(
    r"^(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/(?P<path>[^\s@]+?)@(?P<commit>[0-9a-f]{7,40})\b"
)
_REPO_COLON = re.compile(
    r"^(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)@(?P<commit>[0-9a-f]{7,40}):(?P<path>[^\s(;|]+)"
)
_QID = re.compile(r"^Q[1-9][0-9]*$")


def source_url(source: str, person_qid: str | None = None) -> str | None:
    """A link for a term's ``source``: the first http(s) URL in it; else the GitHub page of an
    ``owner/repo/path@commit`` (or ``owner/repo@commit:path``) file; else the person's
    Wikidata page. Only http and https links are ever given.
    """
    found = _URL.search(source)
    if found:
        return found[0].rstrip(".,;:")
    text = source.strip()
    match = _REPO_COLON.match(text) or _REPO_FILE.match(text)
    if match:
        from sourcecheck.kb.sources import url_tree_only  # sources reads the data files

        owner, repo, path, commit = match["owner"], match["repo"], match["path"], match["commit"]
        if f"{owner}/{repo}" in url_tree_only() and "/" not in path.strip("/"):
            return f"https://github.com/{owner}/{repo}/tree/{commit}"
        return f"https://github.com/{owner}/{repo}/blob/{commit}/{path.strip('/')}"
    if person_qid and _QID.match(person_qid):
        return f"https://www.wikidata.org/wiki/{person_qid}"
    return None


@dataclass(frozen=True, slots=True)
class Position:
    """An office in one jurisdiction.

    Attributes:
        key: Identity used by the knowledge base (jurisdiction and label, folded).
        label: The office's name (``Secretary of Foreign Affairs of Mexico``).
        jurisdiction: The state or organisation (``Mexico``).
        role_kind: ``head_of_state``, ``head_of_government``, ``foreign_minister``,
            ``minister``, ``org_head`` or ``other``.
        qid: Wikidata item, when known.
    """

    key: str
    label: str
    jurisdiction: str
    role_kind: str
    qid: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """One person's term in one office, as one source records it.

    Attributes:
        person: The person's name as the source writes it.
        position: The office.
        start: When the term began, ``None`` when the source does not say.
        end: When it ended; ``None`` means still in office on ``as_of``.
        source: Where the row comes from (a URL, a repository file at a commit…).
        as_of: The date the source describes; an open term is known only until then.
        origin: ``wikidata``, ``congress``, ``factbook``, ``import``, ``update``,
            ``curated`` or ``newsroom`` (breaks ties between records of one term).
        person_qid: Wikidata item of the person, when known.
        dataset: The source set the row came from (``terms-factbook``, ``update:<stem>``,
            ``import:<file>``, ``newsroom:<file>``).
        successor_start: For an open term, the start of a different person's later term in
            the same single-holder office, which bounds this one's end.
        successor: That successor's name.
        end_record: Another record of the same term whose explicit end falls earlier than
            this record's own (or than its open end) and that no later record contradicts:
            the term ended by then (see :mod:`sourcecheck.kb.merge`).
    """

    person: str
    position: Position
    start: PartialDate | None
    end: PartialDate | None
    source: str
    as_of: dt.date | None
    origin: str = "wikidata"
    person_qid: str | None = None
    successor_start: PartialDate | None = None
    successor: str | None = None
    end_record: Term | None = None
    dataset: str = ""

    @property
    def url(self) -> str | None:
        """A link to the source (see :func:`source_url`), ``None`` when there is none."""
        return source_url(self.source, self.person_qid)

    @property
    def bounding_end(self) -> PartialDate | None:
        """The end that bounds the term: its own or, when earlier, another record's.

        Another record's end is read at the precision it may stand for
        (:meth:`PartialDate.widened`).
        """
        other = self.end_record.end.widened() if self.end_record and self.end_record.end else None
        if other is None:
            return self.end
        if self.end is None or other.latest() < self.end.latest():
            return other
        return self.end

    def _bounds(self) -> tuple[dt.date, dt.date, dt.date, dt.date]:
        """(may start, surely started, surely still in, surely gone) days."""
        start_low = self.start.earliest() if self.start else dt.date.min
        if self.end is not None:
            end_low, end_high = self.end.earliest(), self.end.latest()
        else:
            end_low = (
                self.as_of if self.as_of else (self.start.latest() if self.start else dt.date.min)
            )
            end_high = self.successor_start.latest() if self.successor_start else dt.date.max
        other = self.bounding_end if self.end_record is not None else None
        if other is not None:
            # A record of the same term ended it: by its last day at the latest, and not
            # before its first (unless this record's own end is earlier still).
            end_high = min(end_high, other.latest())
            end_low = min(max(end_low, other.earliest()), end_high)
        if self.start is not None:
            start_high = self.start.latest()
        else:
            # No start: the source at least saw them in office at the end or on as_of.
            start_high = end_low if end_low != dt.date.min else dt.date.max
        return start_low, start_high, end_low, end_high

    def held_during(self, window: Window) -> Overlap:
        """Whether the person held the office at some time within ``window``."""
        start_low, start_high, end_low, end_high = self._bounds()
        low, high = window.lowest(), window.highest()
        if high < start_low or low > end_high:
            return Overlap.NO
        if max(start_high, low) <= min(end_low, high):
            return Overlap.YES
        return Overlap.MAYBE

    def held_throughout(self, window: Window) -> bool:
        """Whether the person surely held the office for the whole of ``window``.

        "Former X" in 2019 is false only if X was in office all of 2019: one who left in
        November was "former" by December.
        """
        _, start_high, end_low, _ = self._bounds()
        return start_high <= window.lowest() and window.highest() <= end_low

    def ended_before(self, window: Window) -> Overlap:
        """Whether the term was over at some time within ``window`` ("former")."""
        start_low, _, end_low, end_high = self._bounds()
        high = window.highest()
        if end_high < high:
            return Overlap.YES
        if end_low >= high or start_low > high:
            return Overlap.NO
        return Overlap.MAYBE

    def window(self) -> Window:
        """The stretch this term may cover (open end when still in office)."""
        end = self.bounding_end
        if end is None:
            end = self.successor_start
        return Window(self.start, end)

    @property
    def is_stale_open(self) -> bool:
        """Open-ended with nothing bounding it: known only until ``as_of``."""
        return self.bounding_end is None and self.successor_start is None

    def describe(self) -> str:
        """``Alicia Bárcena, Secretary of Foreign Affairs of Mexico, 2023-07 to 2024-09-30``."""
        start = str(self.start) if self.start else "?"
        if self.end_record is not None:
            own = f"ends {self.end}" if self.end is not None else f"in office as of {self.as_of}"
            end = (
                f"{self.bounding_end} per a record as of {self.end_record.as_of or '?'} "
                f"(this one: {own})"
            )
        elif self.end is not None:
            end = str(self.end)
        elif self.successor_start is not None:
            end = f"no later than {self.successor_start}, when {self.successor} took office"
        else:
            end = f"in office as of {self.as_of}" if self.as_of else "open"
        return f"{self.person}, {self.position.label}, {start} to {end}"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event the knowledge base knows about.

    Attributes:
        date: When it happened.
        description: One sentence.
        participants: People, states and organisations taking part.
        source: Where it is documented.
        as_of: When the source was written, if known.
    """

    date: PartialDate
    description: str
    participants: tuple[str, ...]
    source: str
    as_of: dt.date | None = None
