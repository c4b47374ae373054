"""Joining a workshop from the start screen: the store, the join code, the roles played here.

A missing file or a file that is not a workshop store is refused before anything is opened, so
a typo never leaves a new empty store behind (``Store`` creates one where none exists). A wrong
join code is refused by the store; in both cases nothing changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from sim.ui.game import Game
from sim.ui.text import tr
from sim.workshop import Store, TeamSeat
from sim.workshop.store import STORE_FILE

SQLITE_MAGIC = b"SQLite format 3\x00"


class JoinFormError(ValueError):
    """Something to fix on the join form; the message is in the player's language."""


def store_file(text: str) -> Path:
    """The store file a typed path names (a folder means its ``workshops.sqlite``)."""
    path = Path(text.strip()).expanduser()
    return path / STORE_FILE if path.is_dir() else path


def _schema_version(path: Path) -> int | None:
    """The store's schema version, read without writing (None: could not tell)."""
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=2)) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except (sqlite3.Error, OSError, ValueError):
        return None


def store_problem(path: Path, lang: str) -> str | None:
    """Why ``path`` cannot be joined from, or None if it looks like a workshop store."""
    shown = str(path)
    if not path.exists():
        return tr("join.no_store", lang, path=shown)
    if not path.is_file():
        return tr("join.not_a_store", lang, path=shown)
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        return tr("join.cannot_read", lang, path=shown, problem=exc.strerror or str(exc))
    if header != SQLITE_MAGIC or _schema_version(path) == 0:
        # Another program's SQLite file has schema version 0; opening it as a store would add
        # the workshop tables to it.
        return tr("join.not_a_store", lang, path=shown)
    return None


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
    path = store_file(store_text)
    problem = store_problem(path, lang)
    if problem is not None:
        raise JoinFormError(problem)
    store = Store(path)
    try:
        seat = TeamSeat.join(store, code, roles=list(roles), lang=lang)
        return Game.join(seat, lang=lang, folder=folder)
    except BaseException:
        store.close()
        raise
