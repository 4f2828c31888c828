"""Reading one input as the user names it: a ``.txt``/``.html``/``.htm`` file or ``-``.

The work is split by concern: :mod:`.files` (paths, sizes, stdin),
:mod:`.decode` (bytes → text), :mod:`.text` (front matter),
:mod:`.html` (trafilatura) and :mod:`.flatten` (link offsets). Inputs that hold many
articles (JSON Lines, WARC, feeds, URL lists, manifests) are read by the registry in
:mod:`.readers`, which this module consults to tell them apart.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import BinaryIO

from sourcecheck.errors import InputError
from sourcecheck.ingest import html as _html
from sourcecheck.ingest.files import check_path, expand_inputs
from sourcecheck.ingest.readers import KINDS, ReadOptions, detect_kind
from sourcecheck.ingest.readers.page import read_page_file
from sourcecheck.ingest.text import article_from_text
from sourcecheck.records import Article
from sourcecheck.settings import DEFAULT_MAX_BYTES

__all__ = ["article_from_html", "article_from_text", "expand_inputs", "read_article"]


def article_from_html(html: str, *, path: str | None = None, url: str | None = None) -> Article:
    """Build an article from an HTML string (``sha256`` is that of its UTF-8 encoding)."""
    return dataclasses.replace(_html.article_from_html(html, path=path, url=url), format="html")


def read_article(
    source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Article:
    """Read one input: a ``.txt``/``.html``/``.htm`` file, or ``-`` for stdin.

    Files without an extension, and stdin, are HTML when their first non-blank
    character is ``<`` and text otherwise. ``Article.path`` is ``source`` as given
    (``-`` for stdin); ``Article.sha256`` is that of the raw bytes read;
    ``Article.format`` is ``text`` or ``html``. Inputs of many articles (``.jsonl``,
    ``.warc.gz``, feeds, ``@urls.txt``, ``.csv`` manifests) and URLs are refused with a
    pointer to :func:`sourcecheck.ingest.readers.read_inputs`.

    Args:
        source: A path, or ``-`` for standard input.
        max_bytes: Inputs larger than this are refused (files before being read).
        stdin: The stream ``-`` reads (default: ``sys.stdin.buffer``).

    Raises:
        InputError: Missing, a directory, unsupported extension, too large, binary,
            non-UTF-8, empty, bad front matter or date, or HTML without main text.
    """
    name = str(source)
    if max_bytes < 1:
        raise InputError("--max-bytes", f"{max_bytes} is not a positive number of bytes")
    try:
        kind = detect_kind(name)
    except InputError:
        if name.startswith("@"):
            raise
        check_path(name)  # "not found" or "not a usable file name" before "extension"
        raise
    if kind == "directory":
        check_path(name)  # says it is a directory, and what to do
    if kind not in ("text", "html", "stdin"):
        raise InputError(
            name,
            f"is {KINDS[kind].describes.split(': ', 1)[-1]} ({kind}), not one article "
            "file; read it with sourcecheck.ingest.read_inputs (the command line does)",
        )
    return read_page_file(name, ReadOptions(max_bytes=max_bytes, stdin=stdin))
