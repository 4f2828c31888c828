"""Plain-text articles with optional YAML front matter.

A text input may start with a front matter block::

    ---
    title: Council approves bridge
    date: 2025-11-04
    outlet: The Riverton Gazette
    url: https://gazette.example.com/bridge
    language: en
    author: Jane Example
    ---
    The article text starts here.

The opening ``---`` must be the very first line (after an optional UTF-8 BOM); the
block ends at the next line that is ``---`` or ``...``. The article's ``text`` is
the *body*: everything after the closing line, as written, less its lines of page
furniture (share bars, "READ MORE:" links, photo credits: :mod:`.furniture`), so all
offsets index into that text, not into the file. Values are read as plain strings
(``title: no`` stays ``"no"``); unknown keys are ignored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import yaml

from sourcecheck.errors import InputError
from sourcecheck.ingest.dates import DateFormatError, parse_date, quoted
from sourcecheck.ingest.decode import utf8_of
from sourcecheck.ingest.furniture import drop_furniture
from sourcecheck.ingest.headline import headline
from sourcecheck.ingest.rules import rules
from sourcecheck.records import Article, DateSource

__all__ = [
    "BOM",
    "FrontMatter",
    "TextParts",
    "article_from_text",
    "build_text_article",
    "headline",
    "parse_front_matter",
    "split_front_matter",
]

BOM = "\ufeff"
_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TextParts:
    """A text input split into its front matter and its body.

    Attributes:
        front_matter: The YAML between the ``---`` lines, or ``None`` when there is none.
        body: The article text (everything after the closing line).
        body_start: Where the body starts in the input text (BOM removed).
    """

    front_matter: str | None
    body: str
    body_start: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The Article fields a front matter block gives (``None`` where not given).

    Attributes:
        date_key: The key the date was written under (``date``, ``published``...),
            so that messages name it as the user wrote it.
    """

    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    author: str | None = None
    date_key: str = "date"


def split_front_matter(text: str, source: str) -> TextParts:
    """Split a text input into front matter and body.

    Args:
        text: The input text; a leading BOM is removed.
        source: The input's name, for error messages.

    Raises:
        InputError: The front matter is opened but never closed.
    """
    text = text.removeprefix(BOM)
    opening = _OPENING.match(text)
    if opening is None:
        return TextParts(front_matter=None, body=text, body_start=0)
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise InputError(
            source,
            "the front matter opened by '---' on line 1 is never closed; add a line '---' "
            "after its last 'key: value' line, or remove the first line if it is not front matter",
        )
    newline = text.find("\n", closing.end())
    body_start = len(text) if newline < 0 else newline + 1
    return TextParts(
        front_matter=text[opening.end() : closing.start()],
        body=text[body_start:],
        body_start=body_start,
    )


def _value(raw: object, key: str, field: str, source: str) -> str | None:
    if isinstance(raw, list) and field == "author":
        names = [_value(item, key, field, source) for item in raw]
        joined = ", ".join(n for n in names if n)
        return joined or None
    if not isinstance(raw, str):
        kind = "a list" if isinstance(raw, list) else "a mapping"
        raise InputError(
            source,
            f"front matter key {key!r} holds {kind}; give one value on the line, e.g. {key}: ...",
        )
    value = " ".join(raw.split())
    return None if value.lower() in rules().null_values else value


def parse_front_matter(block: str, source: str) -> FrontMatter:
    """Read the fields of a front matter block (all values as strings).

    Raises:
        InputError: The block is not valid YAML, not ``key: value`` lines, or a
            known key holds a list or mapping.
    """
    try:
        # BaseLoader keeps every scalar a string: no YAML 1.1 surprises (no -> False,
        # 2025-13-01 -> crash); dates are parsed by us.
        data = yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 2}"  # +1 for 0-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            source,
            f"the front matter is not valid YAML{where} ({problem}); write one 'key: value' "
            "per line and put values that contain ': ' or start with a quote in double quotes",
        ) from exc
    if data is None or data == "":
        return FrontMatter()
    if not isinstance(data, dict):
        raise InputError(
            source,
            "the front matter between the '---' lines must be 'key: value' lines "
            "(title, date, outlet, url, language, author)",
        )
    given = {str(k).strip().lower().replace("-", "_"): v for k, v in data.items()}
    values: dict[str, str | None] = {}
    date_key = "date"
    for field, keys in rules().field_keys:
        key = next((k for k in keys if k in given), None)
        values[field] = None if key is None else _value(given[key], key, field, source)
        if field == "date" and key is not None:
            date_key = key
    return FrontMatter(
        title=values["title"],
        date=values["date"],
        outlet=values["outlet"],
        url=values["url"],
        language=values["language"],
        author=values["author"],
        date_key=date_key,
    )


def build_text_article(text: str, *, path: str | None, sha256: str) -> Article:
    """Build an article from decoded text (front matter allowed).

    Args:
        text: The decoded input.
        path: The input's name as given (``None`` for text passed directly).
        sha256: Hex SHA-256 of the raw input bytes.

    Raises:
        InputError: Bad front matter, a bad date, or no article text.
    """
    source = path or "<text>"
    parts = split_front_matter(text, source)
    matter = (
        parse_front_matter(parts.front_matter, source)
        if parts.front_matter is not None
        else FrontMatter()
    )
    if not parts.body.strip():
        if parts.front_matter is not None:
            problem = (
                "has front matter but no article text after it; put the article below the "
                "closing '---' line"
            )
        elif parts.body:
            problem = "contains only whitespace; give a file with the article text"
        else:
            problem = "is empty; give a file with the article text"
        raise InputError(source, problem)
    body, _ = drop_furniture(parts.body)
    if not body.strip():
        raise InputError(
            source,
            "holds only page furniture (share buttons, 'READ MORE' links, photo credits), "
            "no article text; give a file with the article text",
        )
    date = None
    if matter.date is not None:
        try:
            date = parse_date(matter.date, language=matter.language)
        except DateFormatError as exc:
            raise InputError(
                source,
                f"front matter field {matter.date_key!r} is {quoted(matter.date)}, which cannot be "
                f"read as a date: {exc}; write it as YYYY-MM-DD, e.g. "
                f"{matter.date_key}: 2025-11-04",
            ) from exc
    return Article(
        text=body,
        path=path,
        title=matter.title or headline(body),
        date=date,
        date_source=DateSource.FRONT_MATTER if date is not None else DateSource.NONE,
        outlet=matter.outlet,
        url=matter.url,
        author=matter.author,
        language=matter.language,
        sha256=sha256,
    )


def article_from_text(text: str, *, path: str | None = None) -> Article:
    """Build an article from a string (``sha256`` is that of its UTF-8 encoding)."""
    return build_text_article(
        text, path=path, sha256=hashlib.sha256(utf8_of(text, path or "<text>")).hexdigest()
    )
