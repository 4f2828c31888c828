"""Reading one input as the user names it: a ``.txt``/``.html``/``.htm`` file or ``-``.

The work is split by concern: :mod:`.files` (paths, sizes, stdin),
:mod:`.decode` (bytes → text), :mod:`.text` (front matter),
:mod:`.html` (trafilatura) and :mod:`.flatten` (link offsets).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import BinaryIO

from sourcecheck.errors import InputError
from sourcecheck.ingest.decode import decode_input, looks_like_html
from sourcecheck.ingest.files import (
    HTML_SUFFIXES,
    STDIN,
    TEXT_SUFFIXES,
    check_file,
    expand_inputs,
    read_file,
    read_stdin,
)
from sourcecheck.ingest.html import article_from_html, build_html_article
from sourcecheck.ingest.text import article_from_text, build_text_article
from sourcecheck.records import Article
from sourcecheck.settings import DEFAULT_MAX_BYTES

__all__ = ["article_from_html", "article_from_text", "expand_inputs", "read_article"]


def read_article(
    source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Article:
    """Read one input: a ``.txt``/``.html``/``.htm`` file, or ``-`` for stdin.

    Files without an extension, and stdin, are HTML when their first non-blank
    character is ``<`` and text otherwise. ``Article.path`` is ``source`` as given
    (``-`` for stdin); ``Article.sha256`` is that of the raw bytes read.

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
    if name == STDIN:
        data = read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        what = "standard input"
        is_html = looks_like_html(data)
    else:
        path = check_file(name)
        data = read_file(path, name, max_bytes)
        what = "the file"
        suffix = path.suffix.lower()
        is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(data))
    if not data.strip():
        problem = "is empty" if not data else "contains only whitespace"
        raise InputError(name, f"{what} {problem}; give the article text")
    text = decode_input(data, name, what=what, html=is_html)
    sha256 = hashlib.sha256(data).hexdigest()
    if is_html:
        return build_html_article(text, path=name, url=None, sha256=sha256)
    return build_text_article(text, path=name, sha256=sha256)
