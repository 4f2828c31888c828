"""RSS and Atom feeds (feedparser), given as a file or a URL; each item's page is fetched.

The feed itself is parsed whole (it is at most ``max_bytes``); its items are fetched one
by one, lazily, through the polite fetcher (:mod:`.fetcher`: one request at a time per
host, a delay, robots.txt). An article is named by its item's link; the item's title,
the feed's title (as outlet) and the item's date (``published``, else ``updated``) fill
what the page does not say. An item without a link, or whose page cannot be fetched or
read, is a :class:`~.base.ReadError`.

A feed *URL* goes through :func:`sourcecheck.web.fetch.fetch_url` asking for a feed, so
RSS/Atom/XML media types are accepted for it (and only for it).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from typing import Any

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import check_path, read_file
from sourcecheck.ingest.readers.base import (
    Context,
    Item,
    ReadError,
    page_article,
    with_metadata,
)
from sourcecheck.records import DateSource


def read_feed(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``feed`` inputs: a feed file, or a feed URL."""
    if name.lower().startswith(("http://", "https://")):
        page = context.fetcher.fetch(name, feed=True)
        data, headers = (
            page.text.encode("utf-8"),
            {"content-type": "application/xml; charset=utf-8"},
        )
    else:
        data, headers = read_file(check_path(name), name, context.options.max_bytes), {}
    yield from read_feed_bytes(data, name, context, headers)


def read_feed_bytes(
    data: bytes, name: str, context: Context, headers: dict[str, str] | None = None
) -> Iterator[Item]:
    """The items of a feed document."""
    # A stream, never a string: feedparser would open a string as a file name or URL.
    import feedparser  # type: ignore[import-untyped]  # only when a feed is read

    parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers or {})
    entries = list(parsed.get("entries", []))
    if not entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise InputError(
            name,
            f"is not an RSS or Atom feed with items{why}; give a feed file (.rss, .atom, "
            ".xml) or URL",
        )
    outlet = _text(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        link = _text(entry.get("link"))
        if link is None:
            item = f"{name}#{number}"
            yield ReadError(
                item, InputError(item, "the feed item has no link; there is no page to read")
            )
            continue
        try:
            article = page_article(context.fetcher.fetch(link), link)
        except InputError as exc:
            yield ReadError(link, exc)
            continue
        yield with_metadata(
            article,
            date=_date(entry),
            date_source=DateSource.FEED_ITEM,
            title=_text(entry.get("title")),
            outlet=outlet,
            override=False,
        )


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None
