"""Ingest stage: files, directories, stdin, text and HTML → :class:`~sourcecheck.records.Article`.

Public functions:

- :func:`read_article` — one input as the user names it (a path or ``-``).
- :func:`article_from_text` — plain text, with optional YAML front matter.
- :func:`article_from_html` — HTML: main text, title, date, outlet, author, URL, links.
- :func:`expand_inputs` — paths and directories → the list of inputs to audit.
"""

from __future__ import annotations

from sourcecheck.ingest.loader import (
    article_from_html,
    article_from_text,
    expand_inputs,
    read_article,
)

__all__ = ["article_from_html", "article_from_text", "expand_inputs", "read_article"]
