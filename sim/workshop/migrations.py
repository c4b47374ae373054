"""The store's schema, versioned: migration *n* takes ``PRAGMA user_version`` from n-1 to n.

Migrations only ever append: a store written by an older Sandtable is upgraded in place when it
is opened; a store written by a newer one is refused with a message (never silently misread).
"""

from __future__ import annotations

import re
import sqlite3

from sim.workshop.errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    # 1 — workshops, teams, rounds, decisions, forecasts, results
    """
    CREATE TABLE workshops (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        scenario_source TEXT NOT NULL,
        scenario_sha256 TEXT NOT NULL,
        seed INTEGER NOT NULL CHECK (seed >= 0),
        lang TEXT NOT NULL,
        round_minutes INTEGER NOT NULL CHECK (round_minutes >= 0),
        trainer_code TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'ended')),
        released_round INTEGER,            -- rounds teams may play; NULL = self-paced
        deadline TEXT,                     -- when the released round is due (UTC, ISO 8601)
        debrief_open INTEGER NOT NULL DEFAULT 0 CHECK (debrief_open IN (0, 1)),
        created_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE teams (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id),
        name TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        roles TEXT NOT NULL DEFAULT '',
        joined_at TEXT,
        UNIQUE (workshop_id, name)
    );
    CREATE TABLE rounds (
        team_id INTEGER NOT NULL REFERENCES teams(id),
        round INTEGER NOT NULL CHECK (round >= 0),
        week INTEGER NOT NULL,
        committed_at TEXT NOT NULL,
        stage TEXT NOT NULL,
        phase TEXT NOT NULL,
        spend REAL NOT NULL,
        budget_left REAL NOT NULL,
        labour_cost REAL NOT NULL,
        events INTEGER NOT NULL,
        event_log_sha256 TEXT NOT NULL,
        PRIMARY KEY (team_id, round)
    );
    CREATE TABLE decisions (
        team_id INTEGER NOT NULL,
        round INTEGER NOT NULL,
        position INTEGER NOT NULL,
        activity TEXT NOT NULL,
        lead TEXT NOT NULL,
        assignment TEXT NOT NULL,          -- the assignment as JSON (Assignment.to_dict)
        PRIMARY KEY (team_id, round, position),
        FOREIGN KEY (team_id, round) REFERENCES rounds(team_id, round)
    );
    CREATE TABLE forecasts (
        team_id INTEGER NOT NULL,
        round INTEGER NOT NULL,
        stage TEXT NOT NULL,
        win_probability REAL NOT NULL CHECK (win_probability BETWEEN 0 AND 1),
        PRIMARY KEY (team_id, round),
        FOREIGN KEY (team_id, round) REFERENCES rounds(team_id, round)
    );
    CREATE TABLE results (
        team_id INTEGER PRIMARY KEY REFERENCES teams(id),
        outcome TEXT NOT NULL,
        winner TEXT,
        weeks INTEGER NOT NULL,
        contract_value REAL NOT NULL,
        pursuit_spend REAL NOT NULL,
        labour_cost REAL NOT NULL,
        margin REAL NOT NULL,
        forecast_brier REAL,
        satisfaction REAL NOT NULL,
        events INTEGER NOT NULL,
        event_log_sha256 TEXT NOT NULL,
        finished_at TEXT NOT NULL
    );
    CREATE INDEX teams_by_workshop ON teams(workshop_id);
    """,
    # 2 — competency scores cached by the analysis (keyed by the log they were computed from)
    """
    CREATE TABLE assessments (
        team_id INTEGER NOT NULL REFERENCES teams(id),
        event_log_sha256 TEXT NOT NULL,
        role TEXT NOT NULL,
        competency TEXT NOT NULL,
        value REAL,
        level TEXT NOT NULL,
        evidence TEXT NOT NULL,            -- JSON: {"for": [rows], "against": [rows]}
        detail TEXT NOT NULL,              -- JSON: the figures its explanation quotes
        variant TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (team_id, role, competency)
    );
    """,
    # 3 — the model version each workshop was created under (sim.engine.version); workshops
    # created before it was recorded count as version "1"
    """
    ALTER TABLE workshops ADD COLUMN model_version TEXT NOT NULL DEFAULT '1';
    """,
)
VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """A script's statements (comments dropped, so a ``;`` inside one cannot split a line)."""
    text = "\n".join(re.sub(r"--.*$", "", line) for line in script.splitlines())
    return [s.strip() for s in text.split(";") if s.strip()]


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, where: str) -> int:
    """Bring the store up to :data:`VERSION` (each step in its own transaction). A store that
    is up to date is only read: opening it takes no write lock."""
    if schema_version(conn) == VERSION:
        return VERSION
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current > VERSION:
                raise StoreError("newer_schema", path=where, found=current, known=VERSION)
            if current == VERSION:
                conn.execute("COMMIT")
                return current
            for statement in statements(MIGRATIONS[current]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
