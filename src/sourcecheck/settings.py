"""Run-time settings. Defaults ship with the package; nothing is read from the environment here."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings for one audit.

    Attributes:
        model: spaCy pipeline name; ``None`` tries the pinned re-upload and then
            the official ``en_core_web_sm``.
        max_bytes: Inputs larger than this are refused.
        run_checks: Run the checks stage (the knowledge base) after extraction.
        kb_path: Knowledge base SQLite file; ``None`` uses the shipped one.
        time_budget_per_100k: Seconds an audit may take per 100,000 characters before it
            is stopped with a clear error (``None``: no budget; the web app sets one).
        time_budget_min: The least budget an article gets, however short.
        quote_store: The store (path or URL, as ``open_store`` takes) whose quote index
            the ``quote_origin`` check searches; ``None`` skips that check.
    """

    model: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    run_checks: bool = True
    kb_path: str | None = None
    time_budget_per_100k: float | None = None
    time_budget_min: float = 5.0
    quote_store: str | None = None
