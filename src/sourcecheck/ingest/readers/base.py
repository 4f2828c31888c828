"""What every reader shares: the items it yields, its options, and building one article."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal, Protocol

from sourcecheck.errors import InputError
from sourcecheck.ingest.dates import DateFormatError, parse_date, quoted
from sourcecheck.ingest.decode import decode_input, looks_like_html
from sourcecheck.records import Article, DateSource
from sourcecheck.settings import DEFAULT_MAX_BYTES
from sourcecheck.web.fetch import FetchedPage, FetchSettings

#: Where ``--dates-from`` looks for a date when nothing else gives one.
DatesFrom = Literal["filename", "url"]
DATES_FROM: tuple[DatesFrom, ...] = ("filename", "url")


@dataclass(frozen=True, slots=True)
class ReadError:
    """An item that could not be read: a batch records it and goes on.

    Attributes:
        item: The item as a user finds it again: a path, ``file.jsonl:12``, a URL,
            ``manifest.csv:3``, ``feed.xml#4``.
        error: What went wrong (its message names the item, the problem and the fix).
    """

    item: str
    error: InputError


#: What a reader yields, one at a time.
Item = Article | ReadError


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read.

    Attributes:
        max_bytes: Largest article (file, JSON line, WARC record, fetched page) accepted.
        fetch: Limits of every URL fetch (:func:`sourcecheck.web.fetch.fetch_url`).
        delay: Seconds between two requests to the same host (robots.txt included).
        robots: Honour robots.txt (fetched once per host).
        dates_from: Where to take a date from when the input gives none (``filename``:
            ``2016-09-12`` in the file name; ``url``: ``/2016/09/12/`` in the URL path).
        stdin: The stream ``-`` reads (default: ``sys.stdin.buffer``).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    fetch: FetchSettings = field(default_factory=FetchSettings)
    delay: float = 1.0
    robots: bool = True
    dates_from: DatesFrom | None = None
    stdin: BinaryIO | None = None


@dataclass(slots=True)
class ReadStats:
    """What readers skipped on purpose (not errors), counted by reason.

    ``skipped["warc: not a response record"]`` and the like; a batch prints the counts.
    """

    skipped: Counter[str] = field(default_factory=Counter)


class Fetcher(Protocol):
    """How readers fetch a URL (:class:`.fetcher.PoliteFetcher` in a run)."""

    def fetch(self, url: str, *, feed: bool = False) -> FetchedPage:
        """The page at ``url`` (with ``feed``, a news feed too);
        :class:`~sourcecheck.web.fetch.FetchError` when refused."""
        ...


@dataclass(frozen=True, slots=True)
class Context:
    """What a reader is handed besides the input's name."""

    options: ReadOptions
    stats: ReadStats
    #: Fetches a URL politely (per-host delay, robots.txt); shared by every reader of a run.
    fetcher: Fetcher


#: A reader: the input's name and the run's context → its items, lazily.
ReadFunction = Callable[[str, Context], Iterator[Item]]


def build_article(
    data: bytes, name: str, *, html: bool | None, url: str | None = None, what: str = "the file"
) -> Article:
    """One article from raw bytes: decoded, parsed as HTML or text, ``format`` set.

    ``html=None`` sniffs (HTML when the first non-blank character is ``<``).

    Raises:
        InputError: Empty, binary, not UTF-8, bad front matter, or HTML without main text.
    """
    if not data.strip():
        problem = "is empty" if not data else "contains only whitespace"
        raise InputError(name, f"{what} {problem}; give the article text")
    is_html = looks_like_html(data) if html is None else html
    text = decode_input(data, name, what=what, html=is_html)
    return build_from_text(text, name, html=is_html, url=url, sha256=_sha(data))


def build_from_text(
    text: str, name: str, *, html: bool, url: str | None = None, sha256: str | None = None
) -> Article:
    """One article from decoded text or HTML, ``format`` set."""
    # Imported here: text/html pull in trafilatura and spaCy-free but heavy parsers.
    from sourcecheck.ingest.html import build_html_article
    from sourcecheck.ingest.text import build_text_article

    digest = sha256 if sha256 is not None else _sha(text.encode("utf-8", "surrogatepass"))
    if html:
        article = build_html_article(text, path=name, url=url, sha256=digest)
        return dataclasses.replace(article, format="html")
    article = build_text_article(text, path=name, sha256=digest)
    if url is not None and article.url is None:
        article = dataclasses.replace(article, url=url)
    return dataclasses.replace(article, format="text")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def given_date(value: object, item: str, field_name: str) -> dt.date:
    """A date given with an input (a JSON ``date``, a manifest's ``date`` column).

    Raises:
        InputError: Not a string, or not a complete unambiguous date.
    """
    if not isinstance(value, str):
        raise InputError(
            item, f"{field_name} is {type(value).__name__}, not a date; write it as 2025-11-04"
        )
    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise InputError(
            item,
            f"{field_name} is {quoted(value)}, which cannot be read as a date: {exc}; write it "
            "as YYYY-MM-DD, e.g. 2025-11-04",
        ) from exc


def with_metadata(
    article: Article,
    *,
    date: dt.date | None = None,
    date_source: DateSource = DateSource.INPUT,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    override: bool = True,
) -> Article:
    """``article`` with metadata given alongside it.

    ``override=True`` (a JSON line, a manifest row: the user's own statement) replaces
    what the page says; ``override=False`` (a feed item, a WARC header) only fills gaps.

    ``date_source`` says where ``date`` came from: ``input`` (a JSON line, a manifest
    row), ``feed-item``, ``warc-date``.
    """
    changes: dict[str, object] = {}

    def _set(name: str, value: object) -> None:
        if value is not None and (override or getattr(article, name) is None):
            changes[name] = value

    _set("title", title)
    _set("outlet", outlet)
    _set("url", url)
    if date is not None and (override or article.date is None):
        changes["date"] = date
        changes["date_source"] = date_source
    return dataclasses.replace(article, **changes) if changes else article  # type: ignore[arg-type]


def page_article(page: FetchedPage, name: str) -> Article:
    """The article of a fetched page (``url`` is where the page was in the end)."""
    return build_from_text(page.text, name, html=page.kind == "html", url=page.final_url)
