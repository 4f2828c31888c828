"""``--dates-from``: a date from the file name or the URL path when nothing else gives one.

``filename``: ``2016-09-12`` (or ``2016_09_12``, ``20160912`` between non-digits) in the
article file's name. ``url``: ``/2016/09/12/`` (or ``/2016-09-12/``, ``/20160912/``;
the last part may end the path) in the article URL's path. Impossible dates
(``2016-13-40``) are ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import PurePath
from urllib.parse import urlsplit

from sourcecheck.ingest.readers.base import DatesFrom
from sourcecheck.records import Article, DateSource

_IN_NAME = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_IN_PATH = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=/|$|[-_.])"
)


def _date(match: re.Match[str] | None) -> dt.date | None:
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_from_name(name: str) -> dt.date | None:
    """The date written in a file name (its last component), if any."""
    return _date(_IN_NAME.search(PurePath(name).name))


def date_from_url(url: str) -> dt.date | None:
    """The date written as path segments of a URL, if any."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    return _date(_IN_PATH.search(path))


def apply_dates_from(article: Article, where: DatesFrom | None) -> Article:
    """``article`` with a date from ``where`` when it has none (else unchanged).

    Its ``date_source`` is ``file-name`` or ``url-path``.
    """
    if where is None or article.date is not None:
        return article
    if where == "filename":
        date, source = (
            (date_from_name(article.path) if article.path else None),
            DateSource.FILE_NAME,
        )
    else:
        date, source = (date_from_url(article.url) if article.url else None), DateSource.URL_PATH
    if date is None:
        return article
    return dataclasses.replace(article, date=date, date_source=source)
