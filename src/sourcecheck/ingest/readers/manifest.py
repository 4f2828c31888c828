"""A CSV manifest: ``path,date[,outlet,url]`` per row, paths relative to the manifest.

A first row whose first cell is ``path`` is a header: its column names (``path``,
``date``, ``outlet``, ``url``; others ignored) say where each value is; without one the
columns are positional. Each row's file is a ``.txt``/``.html``/``.htm`` article (read
like any such file); the row's date, outlet and URL (when not empty) win over the
file's. A row that cannot be read is a :class:`~.base.ReadError` named
``MANIFEST:ROW-LINE``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import check_file, check_path
from sourcecheck.ingest.readers.base import Context, Item, ReadError, given_date, with_metadata
from sourcecheck.ingest.readers.page import read_page_file

_COLUMNS = ("path", "date", "outlet", "url")


def read_manifest(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``manifest`` inputs (``.csv``)."""
    path = check_path(name)
    try:
        stream = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(name, f"the file cannot be read: {exc.strerror or exc}") from exc
    base = path.parent
    with stream:
        rows = csv.reader(stream)
        columns: dict[str, int] = {c: i for i, c in enumerate(_COLUMNS)}
        try:
            for row in rows:
                item = f"{name}:{rows.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if rows.line_num == 1 and row[0].strip().lower() == "path":
                    columns = {c.strip().lower(): i for i, c in enumerate(row)}
                    if "path" not in columns:
                        raise InputError(name, "the header has no 'path' column")
                    continue
                try:
                    yield _row(row, columns, base, item, context)
                except InputError as exc:
                    yield ReadError(item, exc)
        except (csv.Error, UnicodeDecodeError) as exc:
            item = f"{name}:{rows.line_num}"
            yield ReadError(item, InputError(item, f"the manifest is not valid UTF-8 CSV ({exc})"))


def _row(row: list[str], columns: dict[str, int], base: Path, item: str, context: Context) -> Item:
    def cell(column: str) -> str | None:
        index = columns.get(column)
        value = row[index].strip() if index is not None and index < len(row) else ""
        return value or None

    relative = cell("path")
    if relative is None:
        raise InputError(item, "the row has no path; write path,date[,outlet,url]")
    file_name = str(base / relative)
    check_file(file_name)  # .txt/.html/.htm only
    date_text = cell("date")
    date = given_date(date_text, item, "the date") if date_text is not None else None
    article = read_page_file(file_name, context.options)
    return with_metadata(article, date=date, outlet=cell("outlet"), url=cell("url"))
