"""Read-only access for managers: every team's game in a store, and the competency-score cache.

A manager reads the gaps of all teams across workshops; managers are not trainers, so nothing
here asks for a trainer code or a join code, and nothing returns one. The only write is the
score cache (the ``assessments`` table, schema version 2): scores computed from a team's event
log are kept under that log's SHA-256, so reopening the team-gaps view does not replay and
re-score games that have not changed. A cache row whose hash differs from the team's current
log is stale and never returned. Nothing here imports pandas, matplotlib or the analysis.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.engine import Simulation
from sim.scenario import LoadedScenario
from sim.workshop.games import team_game, workshop_scenario
from sim.workshop.queries import results, rounds_played, teams_of
from sim.workshop.records import TeamInfo, TeamResult, WorkshopInfo
from sim.workshop.store import Store


@dataclass(frozen=True)
class CachedScore:
    """One competency score as the cache keeps it (JSON fields already decoded)."""

    role: str
    competency: str
    value: float | None
    level: str
    evidence: dict[str, Any]
    detail: dict[str, Any]
    variant: str = ""


@dataclass(frozen=True)
class TeamGame:
    """One team of one workshop, as a manager sees it: no codes, the result if finished, and
    the hash of its event log so far (the cache key)."""

    store: Store = field(repr=False, compare=False)
    workshop: WorkshopInfo
    team: TeamInfo
    result: TeamResult | None
    rounds: int
    event_log_sha256: str | None  # None: the team never committed a round

    def simulation(self, *, detail: bool = True) -> Simulation:
        """The team's game replayed from its committed decisions (the same as the trainer's)."""
        with self.store.read() as conn:
            return team_game(conn, self.team, detail=detail)

    def scenario(self) -> LoadedScenario:
        """The scenario the workshop was played on (parsed once per process)."""
        with self.store.read() as conn:
            return workshop_scenario(conn, self.workshop.id)


def _last_sha(conn: sqlite3.Connection, team_id: int) -> str | None:
    row = conn.execute(
        "SELECT event_log_sha256 FROM rounds WHERE team_id = ? ORDER BY round DESC LIMIT 1",
        (team_id,),
    ).fetchone()
    return str(row["event_log_sha256"]) if row else None


def all_team_games(store: Store) -> list[TeamGame]:
    """Every team of every workshop in the store (oldest workshop first), one snapshot.

    Teams that never committed a round are included (``rounds == 0``) so that a view can say
    how many it left out; their ``event_log_sha256`` is None."""
    games: list[TeamGame] = []
    with store.read() as conn:
        rows = conn.execute("SELECT * FROM workshops ORDER BY created_at, id").fetchall()
        for info in (WorkshopInfo.of(r) for r in rows):
            finished = results(conn, info.id)
            for team in teams_of(conn, info.id):
                result = finished.get(team.name)
                sha = result.event_log_sha256 if result else _last_sha(conn, team.id)
                games.append(TeamGame(store, info, team, result, rounds_played(conn, team.id), sha))
    return games


def cached_scores(store: Store, team_id: int, sha: str) -> list[CachedScore] | None:
    """The team's cached scores if they were computed from the log with hash ``sha``; None
    when there are none or they belong to another log (the game changed since)."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT * FROM assessments WHERE team_id = ? ORDER BY rowid", (team_id,)
        ).fetchall()
    if not rows or any(r["event_log_sha256"] != sha for r in rows):
        return None
    try:
        return [
            CachedScore(
                role=r["role"],
                competency=r["competency"],
                value=None if r["value"] is None else float(r["value"]),
                level=r["level"],
                evidence=json.loads(r["evidence"]),
                detail=json.loads(r["detail"]),
                variant=r["variant"],
            )
            for r in rows
        ]
    except (TypeError, ValueError):  # a damaged row is a miss, recomputed and overwritten
        return None


def save_scores(store: Store, team_id: int, sha: str, scores: Sequence[CachedScore]) -> None:
    """Replace the team's cached scores with ``scores`` for the log ``sha`` (one transaction)."""

    def body(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM assessments WHERE team_id = ?", (team_id,))
        conn.executemany(
            "INSERT INTO assessments (team_id, event_log_sha256, role, competency, value, level,"
            " evidence, detail, variant) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    team_id,
                    sha,
                    s.role,
                    s.competency,
                    s.value,
                    s.level,
                    json.dumps(s.evidence, ensure_ascii=False, sort_keys=True),
                    json.dumps(s.detail, ensure_ascii=False, sort_keys=True, default=str),
                    s.variant,
                )
                for s in scores
            ],
        )

    store.write(body)


__all__ = ["CachedScore", "TeamGame", "all_team_games", "cached_scores", "save_scores"]
