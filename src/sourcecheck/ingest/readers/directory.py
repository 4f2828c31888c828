"""Directories: every ``.txt``/``.html``/``.htm`` file below, recursively, sorted by path.

Hidden files and folders are skipped (today's behaviour of ``expand_inputs``); each file
is read like any such file and named as the directory was given joined with its
relative path. A file that cannot be read is a :class:`~.base.ReadError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sourcecheck.errors import InputError
from sourcecheck.ingest.files import directory_articles
from sourcecheck.ingest.readers.base import Context, Item, ReadError
from sourcecheck.ingest.readers.page import read_page_file


def read_directory(name: str, context: Context) -> Iterator[Item]:
    """Reader of ``directory`` inputs."""
    files = directory_articles(Path(name))
    if not files:
        raise InputError(name, "is a directory with no .txt, .html or .htm files in it")
    for file in files:
        try:
            yield read_page_file(str(file), context.options)
        except InputError as exc:
            yield ReadError(str(file), exc)
