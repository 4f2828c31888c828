"""Reading inputs (to be implemented)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from sourcecheck.records import Article
from sourcecheck.settings import DEFAULT_MAX_BYTES


def read_article(
    source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Article:
    """Read one input: a ``.txt``/``.html``/``.htm`` file, or ``-`` for stdin.

    Raises:
        InputError: Missing, binary, non-UTF-8, empty, too large, or HTML without main text.
    """
    raise NotImplementedError


def article_from_text(text: str, *, path: str | None = None) -> Article:
    """Build an article from plain text with optional YAML front matter."""
    raise NotImplementedError


def article_from_html(html: str, *, path: str | None = None, url: str | None = None) -> Article:
    """Build an article from an HTML page (main text, metadata, links with offsets)."""
    raise NotImplementedError


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Expand directories into their .txt/.html/.htm files (sorted); keep other names as given."""
    raise NotImplementedError
