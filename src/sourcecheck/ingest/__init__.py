"""Ingest stage: files, directories, stdin, text and HTML → :class:`~sourcecheck.records.Article`.

Public functions:

- :func:`read_article` — one input as the user names it (a path or ``-``).
- :func:`article_from_text` — plain text, with optional YAML front matter.
- :func:`article_from_html` — HTML: main text, title, date, outlet, author, URL, links.
- :func:`expand_inputs` — paths and directories → the list of inputs to audit.

Offsets: for text inputs ``Article.text`` is the body after the front matter, so
every offset indexes into the body; for HTML it is the main text trafilatura finds,
one line per paragraph, and ``article.text[l.span.start:l.span.end] == l.span.text``
for every link ``l``. Every problem with an input raises
:class:`~sourcecheck.errors.InputError` naming the input, the problem and the fix.

Modules: :mod:`.files` (paths, sizes, stdin, directories), :mod:`.decode`
(bytes → text), :mod:`.text` (front matter), :mod:`.dates` (front matter dates),
:mod:`.html` (trafilatura, metadata, hrefs), :mod:`.flatten` (link offsets),
:mod:`.rules` (``data/ingest.yml``).
"""

from __future__ import annotations

from sourcecheck.ingest.loader import (
    article_from_html,
    article_from_text,
    expand_inputs,
    read_article,
)

__all__ = ["article_from_html", "article_from_text", "expand_inputs", "read_article"]
