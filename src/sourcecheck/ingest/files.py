"""Files, directories and stdin: finding inputs and reading their bytes safely."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from sourcecheck.errors import InputError

#: Extensions read as plain text and as HTML (compared case-insensitively).
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_ALLOWED = ".txt, .html, .htm (or no extension)"
STDIN = "-"
_CHUNK = 1 << 16


def directory_articles(directory: Path) -> list[Path]:
    """Every article file below ``directory`` (recursively, sorted, hidden ones skipped)."""
    return _directory_articles(directory)


def is_article_file(path: Path) -> bool:
    """Whether a file in a directory is one to audit (right extension, not hidden)."""
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def _directory_articles(directory: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        # Hidden folders (.git, .cache...) are not part of the collection.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(p for p in (Path(root) / f for f in files) if is_article_file(p))
    return sorted(found, key=lambda p: p.relative_to(directory).parts)


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Expand directories into their article files; keep everything else as given.

    A directory becomes every ``.txt``/``.html``/``.htm`` file below it (recursively,
    sorted by path, hidden files and folders skipped), each named as the directory
    was given joined with its relative path. ``-``, files and missing paths are kept
    as given so that reading them later reports any problem; a directory with no
    article file is kept too (reading it says so).
    """
    expanded: list[str] = []
    for name in inputs:
        path = Path(name)
        try:
            is_dir = name != STDIN and path.is_dir()
        except OSError:
            is_dir = False  # a name the system refuses ("File name too long"): read reports it
        if is_dir:
            files = _directory_articles(path)
            if files:
                expanded.extend(str(f) for f in files)
            else:
                expanded.append(name)
        else:
            expanded.append(name)
    return expanded


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    # Read at most limit + 1 bytes: enough to tell "too large" without reading it all.
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(size: str, max_bytes: int) -> str:
    return (
        f"is {size} bytes, over the limit of {max_bytes:,} bytes; raise the limit with "
        f"--max-bytes (e.g. --max-bytes {max_bytes * 2}) or split the article"
    )


def read_stdin(stdin: BinaryIO, max_bytes: int) -> bytes:
    """Read standard input, refusing more than ``max_bytes``.

    Raises:
        InputError: Over the limit, or the stream cannot be read.
    """
    try:
        data = _read_limited(stdin, max_bytes)
    except OSError as exc:
        raise InputError(STDIN, f"standard input cannot be read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(
            STDIN, "standard input " + _too_large(f"more than {max_bytes:,}", max_bytes)
        )
    return data


def check_file(name: str) -> Path:
    """Check that ``name`` is a readable article file and return its path.

    Raises:
        InputError: Missing, a directory, or an unsupported extension.
    """
    path = check_path(name)
    suffix = path.suffix.lower()
    if suffix and suffix not in ARTICLE_SUFFIXES:
        raise InputError(
            name,
            f"has the extension {path.suffix!r}, which sourcecheck does not read; allowed: "
            f"{_ALLOWED}. Save the article as UTF-8 text (.txt) or an HTML page (.html)",
        )
    return path


def check_path(name: str) -> Path:
    """Check that ``name`` is an existing file (any extension) and return its path.

    Raises:
        InputError: Missing, a directory, or not a usable file name.
    """
    path = Path(name)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as exc:  # "File name too long" and the like
        raise InputError(
            name[:80] + ("…" if len(name) > 80 else ""),
            f"is not a usable file name ({exc.strerror or exc}); give the path of an article "
            "file, or pass article text on standard input with -",
        ) from exc
    if not exists:
        where = "" if path.is_absolute() else f" (relative to {Path.cwd()})"
        raise InputError(name, f"file not found{where}; check the spelling of the path")
    if is_dir:
        if _directory_articles(path):
            problem = (
                "is a directory; name the article files inside it, or let expand_inputs "
                "(the command line does) turn the directory into its .txt/.html/.htm files"
            )
        else:
            problem = "is a directory with no .txt, .html or .htm files in it"
        raise InputError(name, problem)
    return path


def read_file(path: Path, name: str, max_bytes: int) -> bytes:
    """Read a file's bytes, checking its size before reading it.

    Raises:
        InputError: Over the limit, or the file cannot be read.
    """
    try:
        size = path.stat().st_size
        # Regular files are refused before reading; others (pipes) while reading.
        if path.is_file() and size > max_bytes:
            raise InputError(name, "the file " + _too_large(f"{size:,}", max_bytes))
        with path.open("rb") as stream:
            data = _read_limited(stream, max_bytes)
    except PermissionError as exc:
        raise InputError(
            name, "the file cannot be read (permission denied); check its permissions"
        ) from exc
    except OSError as exc:
        raise InputError(name, f"the file cannot be read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(name, "the file " + _too_large(f"more than {max_bytes:,}", max_bytes))
    return data
