"""Ingest stage: files, directories, stdin, text and HTML → :class:`~sourcecheck.records.Article`.

Public functions:

- :func:`read_article` — one input as the user names it (a path or ``-``).
- :func:`article_from_text` — plain text, with optional YAML front matter.
- :func:`article_from_html` — HTML: main text, title, date, outlet, author, URL, links.
- :func:`expand_inputs` — paths and directories → the list of inputs to audit.
- :func:`read_inputs` / :func:`read_input` — every kind of input (files, directories,
  stdin, JSON Lines, WARC, RSS/Atom feeds, URL lists, CSV manifests, URLs) → articles,
  lazily, with a :class:`ReadError` for each item that cannot be read; the one registry
  of kinds is :data:`KINDS` (:mod:`.readers`, where how a kind is chosen is documented).

Offsets: for text inputs ``Article.text`` is the body after the front matter, so
every offset indexes into the body; for HTML it is the main text trafilatura finds,
one line per paragraph. Either way, lines of page furniture (share bars, "READ MORE:"
links, newsletter prompts, photo credits, kicker labels) are removed first, so the
text is the article as read, and ``article.text[l.span.start:l.span.end] == l.span.text``
for every link ``l``. Every problem with an input raises
:class:`~sourcecheck.errors.InputError` naming the input, the problem and the fix.

Modules: :mod:`.files` (paths, sizes, stdin, directories), :mod:`.decode`
(bytes → text), :mod:`.text` (front matter), :mod:`.dates` (front matter dates),
:mod:`.html` (trafilatura, metadata, hrefs), :mod:`.flatten` (link offsets),
:mod:`.furniture` (page furniture, ``data/furniture.yml``), :mod:`.rules`
(``data/ingest.yml``). ``data/dateline.yml`` holds the dateline pattern the extract
stage reads paragraphs past (:mod:`sourcecheck.extract.dateline`). :mod:`.readers`
holds one reader module per input kind behind one registry.
"""

from __future__ import annotations

from sourcecheck.ingest.loader import (
    article_from_html,
    article_from_text,
    expand_inputs,
    read_article,
)
from sourcecheck.ingest.readers import (
    KINDS,
    ReadError,
    ReadOptions,
    ReadStats,
    detect_kind,
    read_input,
    read_inputs,
)

__all__ = [
    "KINDS",
    "ReadError",
    "ReadOptions",
    "ReadStats",
    "article_from_html",
    "article_from_text",
    "detect_kind",
    "expand_inputs",
    "read_article",
    "read_input",
    "read_inputs",
]
