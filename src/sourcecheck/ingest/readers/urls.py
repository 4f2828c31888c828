"""A text file of URLs: one per line; blank lines and lines starting with ``#`` skipped.

Given as ``@urls.txt`` (or ``-i urls.txt`` on the command line) or as a ``.urls`` file.
The file is read a line at a time; each URL is fetched politely (:mod:`.fetcher`) and
named as written. A line that is not an ``http(s)`` URL, or a page that cannot be
fetched or read, is a :class:`~.base.ReadError`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import check_path
from sourcecheck.ingest.readers.base import Context, Item, ReadError, page_article

_MAX_LINE = 8192


def read_urls(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``urls`` inputs."""
    path = check_path(name)
    try:
        stream = path.open("r", encoding="utf-8-sig", errors="replace", newline=None)
    except OSError as exc:
        raise InputError(name, f"the file cannot be read: {exc.strerror or exc}") from exc
    with stream:
        for number, raw in enumerate(stream, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if len(line) > _MAX_LINE or not line.lower().startswith(("http://", "https://")):
                item = f"{name}:{number}"
                yield ReadError(
                    item,
                    InputError(
                        item,
                        f"{line[:80]!r} is not an http:// or https:// URL; a URL list holds "
                        "one URL per line (lines starting with # are comments)",
                    ),
                )
                continue
            try:
                yield page_article(context.fetcher.fetch(line), line)
            except InputError as exc:
                yield ReadError(line, exc)
