"""Queries shared by the trainer's and the teams' handles (each runs inside a transaction)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from sim.workshop.errors import JoinError, WorkshopError
from sim.workshop.records import (
    BoardRow,
    RedTeamInfo,
    SeatInfo,
    TeamInfo,
    TeamResult,
    WorkshopInfo,
    awaited_roles,
)


def workshop_info(conn: sqlite3.Connection, workshop_id: int) -> WorkshopInfo:
    row = conn.execute("SELECT * FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
    if row is None:
        raise WorkshopError("no_workshop", workshop=workshop_id)
    return WorkshopInfo.of(row)


def teams_of(conn: sqlite3.Connection, workshop_id: int) -> list[TeamInfo]:
    rows = conn.execute(
        "SELECT * FROM teams WHERE workshop_id = ? ORDER BY id", (workshop_id,)
    ).fetchall()
    return [TeamInfo.of(r) for r in rows]


def team_by_name(conn: sqlite3.Connection, workshop_id: int, name: str) -> TeamInfo:
    row = conn.execute(
        "SELECT * FROM teams WHERE workshop_id = ? AND name = ?", (workshop_id, name)
    ).fetchone()
    if row is None:
        raise WorkshopError("no_team", team=name)
    return TeamInfo.of(row)


def team_by_code(conn: sqlite3.Connection, code: str) -> TeamInfo:
    row = conn.execute("SELECT * FROM teams WHERE join_code = ?", (code,)).fetchone()
    if row is None:
        raise JoinError("wrong_code", code=code or "–")
    return TeamInfo.of(row)


def rounds_played(conn: sqlite3.Connection, team_id: int) -> int:
    return int(
        conn.execute("SELECT COUNT(*) FROM rounds WHERE team_id = ?", (team_id,)).fetchone()[0]
    )


def seats_of(conn: sqlite3.Connection, team_id: int) -> list[SeatInfo]:
    """The team's seats, one per role taken (none: the team plays on one screen)."""
    rows = conn.execute("SELECT * FROM seats WHERE team_id = ? ORDER BY id", (team_id,))
    return [SeatInfo.of(r) for r in rows.fetchall()]


def red_teams_of(conn: sqlite3.Connection, workshop_id: int) -> list[RedTeamInfo]:
    """The workshop's red teams (competitors played by people), in the order they were given."""
    rows = conn.execute(
        "SELECT * FROM red_teams WHERE workshop_id = ? ORDER BY id", (workshop_id,)
    ).fetchall()
    return [RedTeamInfo.of(r) for r in rows]


def red_team_by_code(conn: sqlite3.Connection, code: str) -> RedTeamInfo | None:
    row = conn.execute("SELECT * FROM red_teams WHERE join_code = ?", (code,)).fetchone()
    return None if row is None else RedTeamInfo.of(row)


def code_in_use(conn: sqlite3.Connection, code: str) -> bool:
    """Is ``code`` a team's or a red team's join code (they share one space)?"""
    return (
        conn.execute(
            "SELECT 1 FROM teams WHERE join_code = ? UNION SELECT 1 FROM red_teams"
            " WHERE join_code = ?",
            (code, code),
        ).fetchone()
        is not None
    )


def _result(name: str, row: sqlite3.Row) -> TeamResult:
    return TeamResult(
        team=name,
        outcome=row["outcome"],
        winner=row["winner"],
        weeks=row["weeks"],
        contract_value=row["contract_value"],
        pursuit_spend=row["pursuit_spend"],
        labour_cost=row["labour_cost"],
        margin=row["margin"],
        forecast_brier=row["forecast_brier"],
        satisfaction=row["satisfaction"],
        events=row["events"],
        event_log_sha256=row["event_log_sha256"],
        finished_at=row["finished_at"],
    )


def rival_drafts(
    conn: sqlite3.Connection, team_id: int, round_index: int, workshop_id: int
) -> list[sqlite3.Row]:
    """Each seated red team's order (``rival_order``, JSON or NULL) and readiness for the
    team's week ``round_index``, in the order the red teams were made."""
    return conn.execute(
        "SELECT red_teams.id, red_teams.vendor, rival_drafts.rival_order,"
        " COALESCE(rival_drafts.ready, 0) AS ready FROM red_teams LEFT JOIN rival_drafts"
        " ON rival_drafts.red_team_id = red_teams.id AND rival_drafts.team_id = ?"
        " AND rival_drafts.round = ? WHERE red_teams.workshop_id = ?"
        " AND red_teams.joined_at IS NOT NULL ORDER BY red_teams.id",
        (team_id, round_index, workshop_id),
    ).fetchall()


def results(conn: sqlite3.Connection, workshop_id: int) -> dict[str, TeamResult]:
    rows = conn.execute(
        "SELECT teams.name AS team_name, results.* FROM results JOIN teams ON teams.id ="
        " results.team_id WHERE teams.workshop_id = ? ORDER BY teams.id",
        (workshop_id,),
    ).fetchall()
    return {r["team_name"]: _result(r["team_name"], r) for r in rows}


def _past(deadline: str | None, now: datetime) -> bool:
    if deadline is None:
        return False
    due = datetime.fromisoformat(deadline)
    return now.astimezone(timezone.utc) > due.astimezone(timezone.utc)


def board(conn: sqlite3.Connection, workshop_id: int, now: datetime) -> list[BoardRow]:
    info = workshop_info(conn, workshop_id)
    finished = results(conn, workshop_id)
    from sim.workshop.games import workshop_scenario  # noqa: PLC0415  (games imports queries' users)

    budget = workshop_scenario(conn, workshop_id).scenario.account.pursuit_budget
    overdue = info.state == "running" and _past(info.deadline, now)
    rows: list[BoardRow] = []
    for team in teams_of(conn, workshop_id):
        last = conn.execute(
            "SELECT * FROM rounds WHERE team_id = ? ORDER BY round DESC LIMIT 1", (team.id,)
        ).fetchone()
        forecast = conn.execute(
            "SELECT stage, win_probability FROM forecasts WHERE team_id = ?"
            " ORDER BY round DESC LIMIT 1",
            (team.id,),
        ).fetchone()
        played = rounds_played(conn, team.id)
        seats = seats_of(conn, team.id)
        result = finished.get(team.name)
        ready = {
            int(r[0])
            for r in conn.execute(
                "SELECT seat_id FROM readiness WHERE team_id = ? AND round = ?", (team.id, played)
            )
        }
        drafted = conn.execute(
            "SELECT COUNT(*) FROM drafts WHERE team_id = ? AND round = ?", (team.id, played)
        ).fetchone()[0]
        rows.append(
            BoardRow(
                team=team.name,
                join_code=team.join_code,
                joined=team.joined_at is not None,
                rounds=played,
                week=int(last["week"]) if last else 0,
                stage=str(last["stage"]) if last else "prospecting",
                phase=str(last["phase"]) if last else "latent",
                spend=float(last["spend"]) if last else 0.0,
                budget_left=float(last["budget_left"]) if last else budget,
                forecast_stage=str(forecast["stage"]) if forecast else None,
                forecast_win=float(forecast["win_probability"]) if forecast else None,
                last_commit=str(last["committed_at"]) if last else None,
                late=overdue
                and result is None
                and info.released_round is not None
                and played < info.released_round,
                outcome=result.outcome if result else None,
                margin=result.margin if result else None,
                seats=tuple((s.role, s.person, s.id in ready) for s in seats),
                drafts=int(drafted),
                awaited=awaited_roles(team.table_roles, (s.role for s in seats)),
                rivals=tuple(
                    (str(r["vendor"]), bool(r["ready"]))
                    for r in rival_drafts(conn, team.id, played, workshop_id)
                ),
            )
        )
    return rows
