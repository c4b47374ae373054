"""What can go wrong in a workshop, each with a message a trainee or trainer can act on.

Every error is a :class:`WorkshopError` (a ``ValueError``) carrying an i18n key and its
parameters: ``str(error)`` is English, ``error.message("zh")`` Chinese. The UI shows it, and the
team's game and the store are left as they were.
"""

from __future__ import annotations

from typing import Any


class WorkshopError(ValueError):
    """A workshop action that cannot be done; the message says why and what to do."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        from sim.i18n import translate  # noqa: PLC0415  (i18n is a leaf; imported lazily)

        return translate(f"workshop.error.{self.key}", lang, **self.params)


class StoreError(WorkshopError):
    """The workshop store cannot be opened or read (wrong path, not a store, newer schema)."""


class JoinError(WorkshopError):
    """A join code that matches no team."""


class AccessError(WorkshopError):
    """A team asking for data it may not see yet, or a wrong trainer code."""


class RoundClosedError(WorkshopError):
    """A round commit while the workshop is paused, ended, or the round is not released."""


class ConflictError(WorkshopError):
    """Another kernel committed this round for the same team first; the game was reloaded."""


class StoreBusyError(WorkshopError):
    """The store stayed locked by other writers longer than the commit may wait."""
