"""A committed round's rows and the checks every commit makes, for the table's and the seats'
commits alike (one transaction each, written whole or not at all).

Every decision row names who made it: ``source`` is ``seat`` (a role's seat, with its id, role
and the person's name as given), ``policy`` (the automatic policy, for a role nobody sits in or
nobody at the table plays) or ``table`` (the one-screen-per-table mode: the people at one
screen together). ``how`` says why the round was committed: ``table`` (the table's Advance),
``ready`` (every occupied seat marked ready), ``deadline`` (the trainer's deadline passed) or
``forced`` (the trainer committed it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sim.engine import Simulation
from sim.model.plans import Assignment, Plan
from sim.model.stages import current_stage
from sim.workshop.errors import RoundClosedError
from sim.workshop.records import WorkshopInfo

COMMIT_REASONS = ("table", "ready", "deadline", "forced")


@dataclass(frozen=True)
class Author:
    """Who made one decision of a round."""

    source: str  # seat | policy | table
    seat_id: int | None = None
    role: str = ""
    person: str = ""


def why_closed(info: WorkshopInfo, round_index: int) -> RoundClosedError | None:
    """Why round ``round_index`` may not be played now, or None if it may. Round *i* is
    week *i* of the deal (weeks count from 0, as the sandbox shows them)."""
    if info.state == "ended":
        return RoundClosedError("ended", workshop=info.name)
    if info.state == "paused":
        return RoundClosedError("paused", workshop=info.name)
    if info.released_round is not None and round_index >= info.released_round:
        return RoundClosedError("not_released", week=round_index)
    return None


def touch(conn: sqlite3.Connection, workshop_id: int) -> None:
    """Count a change of the workshop (the screens poll this counter to update themselves)."""
    conn.execute("UPDATE workshops SET changes = changes + 1 WHERE id = ?", (workshop_id,))


def changes(conn: sqlite3.Connection, workshop_id: int) -> int:
    row = conn.execute("SELECT changes FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
    return int(row[0]) if row is not None else -1


def assignment_json(assignment: Assignment) -> str:
    return json.dumps(assignment.to_dict(), ensure_ascii=False, sort_keys=True)


def note_of(assignment: Assignment) -> str:
    return str(getattr(assignment, "note", "") or "")


@dataclass(frozen=True)
class RoundRows:
    """The rows of one round commit (parameters of the INSERTs, in column order)."""

    round: tuple[object, ...]
    decisions: list[tuple[object, ...]]
    forecast: tuple[object, ...] | None
    result: tuple[object, ...] | None
    rivals: tuple[tuple[object, ...], ...] = ()  # the red team's orders the week carried


def round_rows(
    game: Simulation,
    team_id: int,
    index: int,
    plan: Plan,
    now: str,
    authors: Sequence[Author],
    how: str,
) -> RoundRows:
    """Everything a round's transaction writes, once ``game`` has played ``plan``."""
    deal = game.deal
    result = game.result() if game.done else None
    return RoundRows(
        (
            team_id,
            index,
            deal.week,
            now,
            current_stage(deal),
            deal.phase,
            round(deal.spend, 2),
            round(deal.budget_left(), 2),
            round(deal.labour_cost, 2),
            len(game.log),
            game.log.sha256(),
            how,
        ),
        [
            (
                team_id,
                index,
                position,
                a.activity,
                a.members[0] if a.members else "",
                assignment_json(a),
                author.source,
                author.seat_id,
                author.role,
                author.person,
                note_of(a),
            )
            for position, (a, author) in enumerate(zip(plan.assignments, authors, strict=True))
        ],
        None
        if plan.forecast is None
        else (team_id, index, plan.forecast.stage, plan.forecast.win_probability),
        None
        if result is None
        else (
            team_id,
            result.outcome,
            result.winner,
            result.weeks,
            result.contract_value,
            result.pursuit_spend,
            result.labour_cost,
            result.margin,
            result.forecast_brier,
            result.satisfaction,
            result.events,
            result.event_log_sha256,
            now,
        ),
        tuple(
            (team_id, index, order.vendor, json.dumps(order.to_dict(), sort_keys=True))
            for order in plan.rivals
        ),
    )


def write_round(conn: sqlite3.Connection, workshop_id: int, rows: RoundRows) -> None:
    """Insert a round's rows (inside the caller's transaction) and count the change."""
    conn.execute(
        "INSERT INTO rounds (team_id, round, week, committed_at, stage, phase, spend,"
        " budget_left, labour_cost, events, event_log_sha256, how)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows.round,
    )
    conn.executemany(
        "INSERT INTO decisions (team_id, round, position, activity, lead, assignment, source,"
        " seat_id, role, person, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows.decisions,
    )
    if rows.forecast is not None:
        conn.execute(
            "INSERT INTO forecasts (team_id, round, stage, win_probability) VALUES (?,?,?,?)",
            rows.forecast,
        )
    conn.executemany(
        "INSERT INTO rival_orders (team_id, round, vendor, rival_order) VALUES (?,?,?,?)",
        rows.rivals,
    )
    if rows.result is not None:
        conn.execute(
            "INSERT INTO results (team_id, outcome, winner, weeks, contract_value,"
            " pursuit_spend, labour_cost, margin, forecast_brier, satisfaction, events,"
            " event_log_sha256, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows.result,
        )
    touch(conn, workshop_id)
