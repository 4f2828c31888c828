"""One way to hold what must be released: a ``close()`` method, usable with ``with``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self


class Closing(ABC):
    """A resource (a store, a pool of workers, a client) released by :meth:`close`;
    ``with`` calls it at the end of the block."""

    @abstractmethod
    def close(self) -> None:
        """Releases the resource."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
