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
    # 4 — a seat per role: who sits in which role of a team, the team's shared draft for the
    # week, who marked ready, the policy that plans the empty roles, a change counter the
    # screens poll, and the seat that made every decision. Decisions stored before it count
    # as the whole table's (source 'table', no seat); rounds as committed by the table.
    """
    ALTER TABLE workshops ADD COLUMN auto_policy TEXT NOT NULL DEFAULT 'expert'
        CHECK (auto_policy IN ('expert', 'typical'));
    ALTER TABLE workshops ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE seats (
        id INTEGER PRIMARY KEY,
        team_id INTEGER NOT NULL REFERENCES teams(id),
        role TEXT NOT NULL,
        person TEXT NOT NULL DEFAULT '',
        joined_at TEXT NOT NULL,
        from_round INTEGER NOT NULL DEFAULT 0,   -- the first week the seat was there for
        UNIQUE (team_id, role)
    );
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,                  -- the order the seats added them in
        team_id INTEGER NOT NULL REFERENCES teams(id),
        round INTEGER NOT NULL,
        seat_id INTEGER NOT NULL REFERENCES seats(id),
        assignment TEXT NOT NULL,                -- Assignment.to_dict as JSON
        note TEXT NOT NULL DEFAULT '',           -- a hand-off note in the players' words
        added_at TEXT NOT NULL
    );
    CREATE INDEX drafts_by_team ON drafts(team_id, round);
    CREATE TABLE readiness (
        team_id INTEGER NOT NULL REFERENCES teams(id),
        round INTEGER NOT NULL,
        seat_id INTEGER NOT NULL REFERENCES seats(id),
        ready_at TEXT NOT NULL,
        PRIMARY KEY (team_id, round, seat_id)
    );
    CREATE TABLE draft_forecasts (
        team_id INTEGER NOT NULL REFERENCES teams(id),
        round INTEGER NOT NULL,
        seat_id INTEGER NOT NULL REFERENCES seats(id),
        stage TEXT NOT NULL,
        win_probability REAL NOT NULL CHECK (win_probability BETWEEN 0 AND 1),
        PRIMARY KEY (team_id, round)
    );
    ALTER TABLE rounds ADD COLUMN how TEXT NOT NULL DEFAULT 'table';  -- table|ready|deadline|forced
    ALTER TABLE decisions ADD COLUMN source TEXT NOT NULL DEFAULT 'table';  -- table|seat|policy
    ALTER TABLE decisions ADD COLUMN seat_id INTEGER REFERENCES seats(id);
    ALTER TABLE decisions ADD COLUMN role TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN person TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN note TEXT NOT NULL DEFAULT '';
    """,
    # 5 — the red team: a competitor of the scenario given to people (a seat with its own join
    # code), its order per team and week while planned, and the orders each committed week
    # carried (part of the week's plan: a game replays from them). Stores before it had no red
    # team: every competitor was played by the computer.
    """
    CREATE TABLE red_teams (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id),
        vendor TEXT NOT NULL,                    -- a competitor id of the workshop's scenario
        join_code TEXT NOT NULL UNIQUE,
        person TEXT NOT NULL DEFAULT '',
        joined_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (workshop_id, vendor)
    );
    CREATE TABLE rival_drafts (
        red_team_id INTEGER NOT NULL REFERENCES red_teams(id),
        team_id INTEGER NOT NULL REFERENCES teams(id),
        round INTEGER NOT NULL,
        rival_order TEXT,                        -- RivalOrder.to_dict as JSON; NULL: the computer
        ready INTEGER NOT NULL DEFAULT 0 CHECK (ready IN (0, 1)),
        changed_at TEXT NOT NULL,
        PRIMARY KEY (red_team_id, team_id, round)
    );
    CREATE TABLE rival_orders (
        team_id INTEGER NOT NULL,
        round INTEGER NOT NULL,
        vendor TEXT NOT NULL,
        rival_order TEXT NOT NULL,               -- RivalOrder.to_dict as JSON
        PRIMARY KEY (team_id, round, vendor),
        FOREIGN KEY (team_id, round) REFERENCES rounds(team_id, round)
    );
    """,
    # 6 — the roles a team's table said its people play (a seat each): the team's week then
    # waits for those seats as well as for the seats already taken. Teams before it said none:
    # their week commits when every seat taken is ready, as it did.
    """
    ALTER TABLE teams ADD COLUMN table_roles TEXT NOT NULL DEFAULT '';
    """,
)
VERSION = len(MIGRATIONS)
# What each migration changed, as a catalog key (``workshop.migrated.<n>``): a store opened by
# this version says so (``Store.upgraded``), in the reader's language.
CHANGES: dict[int, str] = {
    2: "workshop.migrated.2",
    3: "workshop.migrated.3",
    4: "workshop.migrated.4",
    5: "workshop.migrated.5",
    6: "workshop.migrated.6",
}


def change_words(versions: tuple[int, ...], lang: str = "en") -> str:
    """One sentence saying what the migrations to ``versions`` changed ("" for none)."""
    keys = [CHANGES[v] for v in versions if v in CHANGES]
    if not keys:
        return ""
    from sim.i18n import translate  # noqa: PLC0415  (i18n is a leaf; imported lazily)

    parts = "; ".join(translate(k, lang) for k in keys)
    return translate("workshop.migrated.title", lang, changes=parts)


def statements(script: str) -> list[str]:
    """A script's statements (comments dropped, so a ``;`` inside one cannot split a line)."""
    text = "\n".join(re.sub(r"--.*$", "", line) for line in script.splitlines())
    return [s.strip() for s in text.split(";") if s.strip()]


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, where: str, applied: list[int] | None = None) -> int:
    """Bring the store up to :data:`VERSION` (each step in its own transaction). A store that
    is up to date is only read: opening it takes no write lock. ``applied`` collects the
    versions this call migrated to (a fresh store's steps are not upgrades: pass None)."""
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
            if applied is not None:
                applied.append(current + 1)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
