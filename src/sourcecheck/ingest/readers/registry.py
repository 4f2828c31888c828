"""The one registry of input kinds, and how a kind is chosen for an input.

How a kind is chosen (:func:`detect_kind`), first match wins:

1. ``-`` → ``stdin``; ``@FILE`` → ``urls`` (FILE is a list of URLs).
2. ``http://`` or ``https://`` → ``feed`` when the URL path ends in ``.rss``, ``.atom``,
   ``.xml``, ``/feed``, ``/rss`` or ``/atom``; else ``url`` (one page).
3. An existing directory → ``directory``.
4. By extension (case-insensitive): ``.txt`` → ``text``; ``.html``/``.htm`` →
   ``html``; ``.jsonl``/``.ndjson`` → ``jsonl``; ``.warc``/``.warc.gz`` → ``warc``;
   ``.rss``/``.atom`` → ``feed``; ``.csv`` → ``manifest``; ``.urls`` → ``urls``;
   ``.xml`` → ``feed`` when its root element is ``rss``, ``feed`` or ``rdf:RDF``.
5. No extension: by content — ``WARC/`` (or gzip holding it) → ``warc``; an ``rss``,
   ``feed`` or ``rdf:RDF`` root → ``feed``; ``<`` first → ``html``; else ``text``.
6. Anything else is an :class:`~sourcecheck.errors.InputError` listing the kinds.

A missing file with a known extension gets its kind (reading it says it is missing).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import STDIN
from sourcecheck.ingest.readers.base import (
    Context,
    Fetcher,
    Item,
    ReadError,
    ReadFunction,
    ReadOptions,
    ReadStats,
)
from sourcecheck.ingest.readers.directory import read_directory
from sourcecheck.ingest.readers.feed import read_feed
from sourcecheck.ingest.readers.fetcher import PoliteFetcher
from sourcecheck.ingest.readers.filedates import apply_dates_from
from sourcecheck.ingest.readers.jsonl import read_jsonl
from sourcecheck.ingest.readers.manifest import read_manifest
from sourcecheck.ingest.readers.page import read_text, read_url
from sourcecheck.ingest.readers.urls import read_urls
from sourcecheck.ingest.readers.warc import read_warc
from sourcecheck.records import Article


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of input.

    Attributes:
        name: Its name (``jsonl``).
        describes: What it is, for messages and help.
        read: Its reader.
        single: It is one article (``text``, ``html``, ``stdin``, ``url``), not many.
    """

    name: str
    describes: str
    read: ReadFunction
    single: bool = False


#: Every input kind, by name: the registry the CLI, the web app and batches share.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("text", ".txt: one plain-text article (front matter allowed)", read_text, True),
        Kind("html", ".html, .htm: one HTML page", read_text, True),
        Kind("stdin", "-: one article on standard input (text or HTML)", read_text, True),
        Kind("url", "http(s)://…: one page, fetched", read_url, True),
        Kind("directory", "a directory: its .txt/.html/.htm files, recursively", read_directory),
        Kind("jsonl", ".jsonl, .ndjson: one article per line", read_jsonl),
        Kind("warc", ".warc, .warc.gz: the HTML responses of a web archive", read_warc),
        Kind("feed", ".rss, .atom, .xml or a feed URL: each item's page, fetched", read_feed),
        Kind("manifest", ".csv: rows of path,date[,outlet,url]", read_manifest),
        Kind("urls", "@FILE or .urls: one URL per line, each fetched", read_urls),
    )
}

_SUFFIXES = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".csv": "manifest",
    ".urls": "urls",
}
_FEED_URL = re.compile(r"(?:\.(?:rss|atom|xml)|/(?:feed|rss|atom)/?)$", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_SNIFF = 4096


def allowed_kinds() -> str:
    """Every kind, one per line, for messages."""
    return "; ".join(k.describes for k in KINDS.values())


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF)
    except OSError:
        return b""
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF)
        except zlib.error:
            return b""
    return head


def _is_feed(head: bytes) -> bool:
    # The root element: past an XML declaration, comments and a doctype.
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head[:_SNIFF], flags=re.S)
    match = _FEED_ROOT.search(body)
    return match is not None and not body[: match.start()].strip()


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-2:] == [".warc", ".gz"]:
        return ".warc.gz"
    return path.suffix.lower()


def detect_kind(name: str) -> str:
    """The kind of input ``name`` is, chosen as the module docstring says.

    Raises:
        InputError: Not a kind sourcecheck reads; the message lists the kinds.
    """
    if name == STDIN:
        return "stdin"
    if name.startswith("@"):
        return "urls"
    if name.lower().startswith(("http://", "https://")):
        url_path = name.split("?", 1)[0].split("#", 1)[0]
        return "feed" if _FEED_URL.search(url_path) else "url"
    path = Path(name)
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False
    if is_dir:
        return "directory"
    suffix = _suffix(path)
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix == ".xml" and _is_feed(_head(path)):
        return "feed"
    if not suffix:
        head = _head(path)
        if head.startswith(b"WARC/"):
            return "warc"
        if _is_feed(head):
            return "feed"
        return "text"  # text or HTML: the reader sniffs ``<``, as it always has
    if suffix == ".gz" and _head(path).startswith(b"WARC/"):
        return "warc"
    raise InputError(
        name,
        f"has the extension {path.suffix!r}, which sourcecheck does not read; allowed: "
        ".txt, .html, .htm (or no extension) for one article, and for many: "
        f"{allowed_kinds()}. Save the article as UTF-8 text (.txt) or an HTML page (.html)",
    )


def _reader_name(name: str, kind: str) -> str:
    return name[1:] if kind == "urls" and name.startswith("@") else name


def read_input(
    name: str,
    options: ReadOptions | None = None,
    *,
    kind: str | None = None,
    stats: ReadStats | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """The articles of one input, lazily; what cannot be read is a :class:`ReadError`.

    Args:
        name: The input as the user names it (path, ``-``, ``@urls.txt``, URL).
        options: How to read (limits, fetch settings, delay, ``dates_from``).
        kind: Force a kind (a name in :data:`KINDS`) instead of detecting it.
        stats: Receives the counts of records skipped on purpose.
        fetcher: Fetches URLs (default: a :class:`PoliteFetcher` for this input only;
            pass one to share hosts' robots.txt and delays across inputs).

    Never raises :class:`InputError`: a whole input that cannot be read (missing,
    unknown kind, not a feed) is one :class:`ReadError` naming it.
    """
    options = options or ReadOptions()
    context = Context(
        options=options,
        stats=stats if stats is not None else ReadStats(),
        fetcher=fetcher or PoliteFetcher(options.fetch, delay=options.delay, robots=options.robots),
    )
    try:
        if kind is None:
            kind = detect_kind(name)
        elif kind not in KINDS:
            raise InputError(name, f"kind {kind!r} is unknown; allowed: {', '.join(KINDS)}")
        reader = KINDS[kind].read(_reader_name(name, kind), context)
        for item in reader:
            yield apply_dates_from(item, options.dates_from) if isinstance(item, Article) else item
    except InputError as exc:
        yield ReadError(name, exc)


def read_inputs(
    names: Iterable[str],
    options: ReadOptions | None = None,
    *,
    stats: ReadStats | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """The articles of every input in turn, lazily, sharing one polite fetcher."""
    options = options or ReadOptions()
    shared = fetcher or PoliteFetcher(options.fetch, delay=options.delay, robots=options.robots)
    for name in names:
        yield from read_input(name, options, stats=stats, fetcher=shared)


def is_single(name: str) -> bool:
    """Whether ``name`` is one article (not a directory or collection); unknown kinds too."""
    try:
        return KINDS[detect_kind(name)].single
    except InputError:
        return True
