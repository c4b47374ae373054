"""Joining a workshop from the start screen: the store, the join code, the roles played here.

A missing file or a file that is not a workshop store is refused (``Store(create=False)``), so a
typo never leaves a new empty store behind and never touches another program's file. A wrong
join code is refused by the store; in both cases nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sim.ui.game import Game
from sim.ui.text import tr
from sim.workshop import Store, StoreError, TeamSeat
from sim.workshop.store import STORE_FILE


class JoinFormError(ValueError):
    """Something to fix on the join form; the message is in the player's language."""


def store_file(text: str) -> Path:
    """The store file a typed path names (a folder means its ``workshops.sqlite``)."""
    path = Path(text.strip()).expanduser()
    return path / STORE_FILE if path.is_dir() else path


def open_store(path: Path, lang: str) -> Store:
    """The existing store at ``path``; a missing file or one that is not a store is explained
    (and left as it was: a team never creates a store)."""
    try:
        return Store(path, create=False)
    except StoreError as exc:
        if exc.key == "missing":
            raise JoinFormError(tr("join.no_store", lang, path=str(path))) from None
        if exc.key == "not_a_store":
            raise JoinFormError(tr("join.not_a_store", lang, path=str(path))) from None
        raise


def join_workshop(
    store_text: str, code: str, roles: Sequence[str], lang: str, folder: Path
) -> Game:
    """Join (or rejoin) the team with ``code`` in the store at ``store_text``.

    Raises :class:`JoinFormError` for an empty field or a path that is no store, and the store's
    :class:`~sim.workshop.WorkshopError` (wrong code, unreadable store) otherwise."""
    if not store_text.strip():
        raise JoinFormError(tr("join.need_store", lang))
    if not code.strip():
        raise JoinFormError(tr("join.need_code", lang))
    store = open_store(store_file(store_text), lang)
    try:
        seat = TeamSeat.join(store, code, roles=list(roles), lang=lang)
        return Game.join(seat, lang=lang, folder=folder)
    except BaseException:
        store.close()
        raise
