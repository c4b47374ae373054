"""The workshop store: one SQLite file every team's kernel and the trainer's can reach.

SQLite in WAL mode lets readers (the live board) run while a team commits; writers queue on a
busy timeout, and a round is committed in one ``BEGIN IMMEDIATE`` transaction, so a kernel
killed mid-commit leaves nothing half-written. A lock that outlasts the busy timeout is retried
with back-off up to :data:`COMMIT_PATIENCE` seconds; only then does a user see a message
(:class:`StoreBusyError`), never SQLite's "database is locked".
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sim.workshop.errors import StoreBusyError, StoreError
from sim.workshop.migrations import migrate

STORE_ENV = "SANDTABLE_WORKSHOPS"
STORE_FILE = "workshops.sqlite"
BUSY_TIMEOUT_MS = 2_000  # SQLite's own wait for a lock, per attempt
COMMIT_PATIENCE = 60.0  # seconds a write keeps retrying before the user is told
LOCK_POLL = (0.0005, 0.004)  # first and longest pause (s) between tries for the write lock
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def default_store_path() -> Path:
    """``$SANDTABLE_WORKSHOPS/workshops.sqlite`` (a folder every kernel can reach, e.g. a
    JupyterHub shared folder), else ``workshops/workshops.sqlite`` in the project."""
    folder = os.environ.get(STORE_ENV)
    if folder:
        return Path(folder).expanduser() / STORE_FILE
    import sim  # noqa: PLC0415  (where the package lives decides the project folder)

    checkout = Path(sim.__file__).resolve().parents[1]
    base = checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()
    return base / "workshops" / STORE_FILE


def _locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class Store:
    """A connection to one workshop store (created and migrated on first open).

    ``read()`` gives a consistent snapshot; ``write()`` one immediate transaction, retried
    while other writers hold the lock. One ``Store`` per kernel (or per thread).
    """

    def __init__(
        self, path: str | Path | None = None, *, clock: Clock = utc_now, create: bool = True
    ) -> None:
        """``create=False`` opens only an existing store (a team joining must not leave an
        empty store behind a typo)."""
        self.path = Path(path).expanduser() if path is not None else default_store_path()
        self.clock = clock
        self.create = create
        self.where = str(self.path)
        if self.path.is_dir():
            raise StoreError("is_folder", path=self.where)
        if not create and not self.path.is_file():
            raise StoreError("missing", path=self.where)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError("cannot_open", path=self.where, problem=str(exc)) from None
        self.conn.row_factory = sqlite3.Row
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError("not_a_store", path=self.where, problem=str(exc)) from None
        except BaseException:
            self.conn.close()
            raise

    def _setup(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0 and (not self.create or self._has_tables()):
            # Not ours: an empty file a team pointed at, or another program's database that
            # migrating would add the workshop tables to.
            raise StoreError("not_a_store", path=self.where, problem="no workshop tables")
        mode = self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            raise StoreError("no_wal", path=self.where, mode=str(mode))
        # WAL + NORMAL: a commit survives a killed process; only power loss can lose the last one.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._retry(lambda: migrate(self.conn, self.where))

    def _has_tables(self) -> bool:
        return bool(self.conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> str:
        return self.clock().astimezone(timezone.utc).isoformat(timespec="seconds")

    # --- transactions ---------------------------------------------------------------------
    def _retry(
        self, action: Callable[[], Any], pauses: tuple[float, float, float] = (0.005, 2.0, 0.2)
    ) -> Any:
        """Run ``action`` until no other connection holds the lock it needs, sleeping between
        tries (first pause, growth, longest pause; jittered); after :data:`COMMIT_PATIENCE`
        seconds the user is told, with nothing changed."""
        deadline = time.monotonic() + COMMIT_PATIENCE
        pause, growth, longest = pauses
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _locked(exc):
                    raise
                if time.monotonic() > deadline:
                    raise StoreBusyError(
                        "busy", path=self.where, seconds=f"{COMMIT_PATIENCE:.0f}"
                    ) from None
                time.sleep(pause * (0.5 + random.random()))
                pause = min(pause * growth, longest)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several queries."""
        self._retry(lambda: self.conn.execute("BEGIN"))
        try:
            yield self.conn
        finally:
            self.conn.execute("COMMIT")

    def write(self, body: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``body`` in one immediate transaction (all or nothing), retrying on a lock."""

        def attempt() -> Any:
            self._begin_write()
            try:
                value = body(self.conn)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            return value

        return self._retry(attempt)

    def _begin_write(self) -> None:
        """Take the write lock (``BEGIN IMMEDIATE``), trying again every few milliseconds.

        SQLite's own busy handler backs off to 100 ms sleeps, so under forty writers the lock
        sits idle while its waiters sleep (p95 of a commit was 150–180 ms); short jittered
        polls keep the queue moving (benchmarks/workshop_commit.py)."""
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self._retry(
                lambda: self.conn.execute("BEGIN IMMEDIATE"), (LOCK_POLL[0], 1.5, LOCK_POLL[1])
            )
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def integrity(self) -> str:
        """SQLite's own check (``"ok"`` when sound) and the foreign keys."""
        with self.read() as conn:
            result = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        return result if not broken else f"{result}; {len(broken)} broken references"
