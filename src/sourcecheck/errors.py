"""One exception tree for the whole package, rooted at :class:`SourcecheckError`.

Messages say what was given, what is allowed and how to fix it.
"""

from __future__ import annotations


class SourcecheckError(Exception):
    """Base class of every error sourcecheck raises on purpose."""


class InputError(SourcecheckError):
    """An input (file, text, URL, option value) cannot be audited.

    Attributes:
        source: The input as the user named it (a path, ``-`` or ``<text>``).
        problem: What is wrong with it, in a few words.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        # An input's name is echoed, not dumped: a 100,000-character "file name" or URL
        # shows its first 80 characters.
        shown = source if len(source) <= 120 else source[:80] + f"… ({len(source):,} characters)"
        super().__init__(f"{shown}: {problem}")


class ConfigError(SourcecheckError):
    """A setting, data file or option value is invalid."""


class ModelNotFoundError(SourcecheckError):
    """No usable spaCy English model is installed."""


class KnowledgeBaseError(SourcecheckError):
    """The knowledge base cannot be built, opened or queried."""


class EvaluationError(SourcecheckError):
    """A benchmark split is missing or malformed."""


class BudgetExceededError(InputError):
    """An audit ran past its time budget and was stopped (see :mod:`sourcecheck.budget`)."""


class StoreError(SourcecheckError):
    """A store of reports (SQLite file or PostgreSQL database) cannot be opened or written."""
