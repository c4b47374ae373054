"""The workshop store: one SQLite file every team's kernel and the trainer's can reach.

SQLite in WAL mode lets readers (the live board) run while a team commits; writers queue on a
busy timeout, and a round is committed in one ``BEGIN IMMEDIATE`` transaction, so a kernel
killed mid-commit leaves nothing half-written. A lock that outlasts the busy timeout is retried
with back-off up to :data:`COMMIT_PATIENCE` seconds; only then does a user see a message
(:class:`StoreBusyError`), never SQLite's "database is locked".

Opening never changes a file that is not a store. An existing file is first looked at without
SQLite (a regular file, not empty, an SQLite header, no other program's application id), then
opened **read-only**: ``PRAGMA quick_check`` must pass and its tables must be exactly those of
a store of its schema version. Only then is it opened for writing (upgraded, switched to WAL).
A new store is built in a temporary file beside it and linked into place whole, so no empty or
half-made store is ever seen under its name. A store the user may not write to is opened
read-only: reading works, a write is refused with a message. SQLite's own failures (disk full,
a damaged page, a read-only file) become :class:`StoreError` messages naming the file.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sim.safe_text import quoted
from sim.workshop.errors import StoreBusyError, StoreError
from sim.workshop.migrations import MIGRATIONS, VERSION, change_words, migrate, statements

STORE_ENV = "SANDTABLE_WORKSHOPS"
STORE_FILE = "workshops.sqlite"
BUSY_TIMEOUT_MS = 2_000  # SQLite's own wait for a lock, per attempt
COMMIT_PATIENCE = 60.0  # seconds a write keeps retrying before the user is told
LOCK_POLL = (0.0005, 0.004)  # first and longest pause (s) between tries for the write lock
Clock = Callable[[], datetime]
APPLICATION_ID = 0x53414E44  # "SAND" in the SQLite header: what `file` and we recognise
SQLITE_HEADER = b"SQLite format 3\x00"

# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF)
_READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 8, 10, 11, 13, 14, 26


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
        self.read_only = False
        self.upgraded: tuple[int, ...] = ()  # schema versions this open migrated the store to
        if self.path.is_dir():
            raise StoreError("is_folder", path=self.where)
        if not self.path.exists():
            if not create:
                raise StoreError("missing", path=self.where)
            self._create()
        self._inspect()
        self.read_only = not _writable(self.path)
        # In a folder we cannot write, SQLite cannot make its shared-memory file: a store that
        # nobody is writing (no -wal or -journal beside it) is then read as immutable.
        folder_locked = not os.access(self.path.parent, os.W_OK | os.X_OK)
        self.conn = self._connect(
            read_only=self.read_only, untouched=folder_locked and not self._busy()
        )
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise self._failure(exc) from None
        except BaseException:
            self.conn.close()
            raise

    # --- opening --------------------------------------------------------------------------
    def _connect(self, *, read_only: bool, untouched: bool = False) -> sqlite3.Connection:
        """``untouched``: open a file no connection is writing (no ``-wal`` or ``-journal``
        beside it) as immutable, so that not even SQLite's shared-memory file is created."""
        try:
            if read_only:
                uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
                uri += "&immutable=1" if untouched else ""
                conn = sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
            else:
                conn = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError("cannot_open", path=self.where, problem=str(exc)) from None
        conn.row_factory = sqlite3.Row
        return conn

    def _create(self) -> None:
        """Build a new store in a temporary file beside ``path`` and link it into place whole
        (if another kernel made one first, theirs is kept)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(
                prefix=".workshops-", suffix=".sqlite", dir=self.path.parent
            )
            os.close(handle)
        except OSError as exc:
            raise StoreError(
                "cannot_open", path=self.where, problem=exc.strerror or str(exc)
            ) from None
        try:
            conn = sqlite3.connect(temp, isolation_level=None)
            try:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("PRAGMA journal_mode = WAL")
                migrate(conn, self.where)
            finally:
                conn.close()
            _link(Path(temp), self.path)
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from None
        except OSError as exc:
            raise StoreError(
                "cannot_open", path=self.where, problem=exc.strerror or str(exc)
            ) from None
        finally:
            for leftover in (temp, f"{temp}-wal", f"{temp}-shm", f"{temp}-journal"):
                with suppress(OSError):
                    os.unlink(leftover)

    def _inspect(self) -> None:
        """Refuse, without writing anything, a file that is not one of our stores."""
        try:
            info = os.stat(self.path)
            header = b""
            if stat.S_ISREG(info.st_mode):
                with open(self.path, "rb") as handle:
                    header = handle.read(100)
        except OSError as exc:
            raise StoreError(
                "cannot_open", path=self.where, problem=exc.strerror or str(exc)
            ) from None
        if not stat.S_ISREG(info.st_mode):
            self._foreign("it is not a regular file")
        if not header:
            self._foreign("the file is empty")
        if not header.startswith(SQLITE_HEADER) or len(header) < 100:
            self._foreign("not an SQLite database")
        application = int.from_bytes(header[68:72], "big")
        if application not in (0, APPLICATION_ID):
            self._foreign(f"another program's database (application id {application:#x})")
        conn = self._connect(read_only=True, untouched=not self._busy())
        try:
            checked = str(conn.execute("PRAGMA quick_check").fetchone()[0])
            if checked != "ok":
                raise StoreError("damaged", path=self.where, problem=quoted(checked, 120))
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            objects = _objects(conn)
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from None
        finally:
            conn.close()
        if version > VERSION:
            if "table:workshops" not in objects:
                self._foreign("its tables are not a workshop store's")
            raise StoreError("newer_schema", path=self.where, found=version, known=VERSION)
        if version == 0 or objects != _schema_objects(version):
            self._foreign(
                "no workshop tables" if version == 0 else "its tables are not a workshop store's"
            )

    def _busy(self) -> bool:
        """Is a connection writing the file (its WAL or rollback journal is there)?"""
        return any(Path(f"{self.path}{end}").exists() for end in ("-wal", "-journal"))

    def _foreign(self, problem: str) -> None:
        raise StoreError("not_a_store", path=self.where, problem=problem)

    def _setup(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.read_only:  # read as it is: a store we may not write to is not upgraded
            found = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
            if found < VERSION:
                problem = (
                    f"schema version {found} needs an upgrade to {VERSION}, and it is read-only"
                )
                raise StoreError("store_failed", path=self.where, problem=problem)
            return
        mode = self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            raise StoreError("no_wal", path=self.where, mode=str(mode))
        # WAL + NORMAL: a commit survives a killed process; only power loss can lose the last one.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        applied: list[int] = []
        self._retry(lambda: migrate(self.conn, self.where, applied))
        self.upgraded = tuple(applied)
        if int(self.conn.execute("PRAGMA application_id").fetchone()[0]) == 0:
            self._retry(lambda: self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}"))

    def _failure(self, exc: sqlite3.Error) -> StoreError:
        """SQLite's error as a message that names the store and says what to do."""
        code = int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        problem = quoted(str(exc), 120)
        if code == _FULL:
            return StoreError("disk_full", path=self.where)
        if code == _READONLY:
            return StoreError("read_only", path=self.where)
        if code in (_CORRUPT, _NOTADB) or "malformed" in str(exc):
            return StoreError("damaged", path=self.where, problem=problem)
        if "no such table" in str(exc) or "no such column" in str(exc):
            return StoreError("not_a_store", path=self.where, problem=problem)
        if code == _CANTOPEN:
            return StoreError("cannot_open", path=self.where, problem=problem)
        return StoreError("store_failed", path=self.where, problem=problem)

    def _has_tables(self) -> bool:
        return bool(self.conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def upgrade_note(self, lang: str = "en") -> str:
        """What opening this store changed, in words ("" if it was up to date or new)."""
        return change_words(self.upgraded, lang)

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
        try:
            self._retry(lambda: self.conn.execute("BEGIN"))
            try:
                yield self.conn
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from None

    def write(self, body: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``body`` in one immediate transaction (all or nothing), retrying on a lock.

        A read-only store refuses before anything runs; SQLite's own failures (disk full, a
        damaged page) become :class:`StoreError` and the transaction is rolled back."""
        if self.read_only:
            raise StoreError("read_only", path=self.where)
        try:
            return self._write(body)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from None

    def _write(self, body: Callable[[sqlite3.Connection], Any]) -> Any:
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


def _link(made: Path, path: Path) -> None:
    """Put the finished store ``made`` at ``path`` unless a store got there first (a hard link
    fails if the name exists; a file system without hard links gets a rename)."""
    try:
        os.link(made, path)
    except FileExistsError:
        return
    except OSError:
        if not path.exists():
            os.replace(made, path)


def _writable(path: Path) -> bool:
    """May this process write the store (the file, and its folder for the WAL files)?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _objects(conn: sqlite3.Connection) -> frozenset[str]:
    """A database's tables and indexes as ``kind:name`` (SQLite's own left out)."""
    rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return frozenset(f"{kind}:{name}" for kind, name in rows)


@cache
def _schema_objects(version: int) -> frozenset[str]:
    """The tables and indexes a store of schema ``version`` has (built in memory)."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            for statement in statements(script):
                conn.execute(statement)
        return _objects(conn)
    finally:
        conn.close()
