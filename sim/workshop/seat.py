"""A team's seat in a workshop: join with a code, play rounds, commit each in one transaction.

>>> seat = TeamSeat.join(Store(path), "AB3K7Q")
>>> seat.game.observe()            # the team's own game, rebuilt from the store
>>> seat.commit(plan)              # plays the round and records it, or changes nothing

A seat sees only its own team's decisions until the trainer opens the debrief. If a commit is
refused (paused, round not released, another kernel of the same team was faster, store busy),
the game is rebuilt from the store, so the kernel and the store never disagree.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sim.engine import Simulation
from sim.model.plans import Plan
from sim.model.stages import current_stage
from sim.scenario import LoadedScenario
from sim.workshop.codes import normalise_code
from sim.workshop.errors import AccessError, ConflictError, RoundClosedError, WorkshopError
from sim.workshop.games import team_game, team_plans, workshop_scenario
from sim.workshop.queries import (
    results,
    rounds_played,
    team_by_code,
    team_by_name,
    teams_of,
    workshop_info,
)
from sim.workshop.records import TeamInfo, TeamResult, WorkshopInfo
from sim.workshop.store import Store

Hook = Callable[[sqlite3.Connection], None]


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


@dataclass
class TeamSeat:
    """One team's handle; ``game`` is its simulation, always in step with the store."""

    store: Store
    team: TeamInfo
    workshop_id: int
    game: Simulation
    before_commit: Hook | None = field(default=None, repr=False)  # tests: act mid-transaction

    # --- joining ------------------------------------------------------------------------------
    @classmethod
    def join(
        cls,
        store: Store,
        code: str,
        *,
        roles: Sequence[str] | None = None,
        lang: str | None = None,
    ) -> TeamSeat:
        """Join (or rejoin) the team with this code; its game resumes where the store has it.

        ``roles`` are the roles the people at this table play (the first join records them;
        the expert plays the rest). A wrong code raises :class:`JoinError`."""
        wanted = normalise_code(code)
        played = ",".join(roles) if roles is not None else None

        def body(conn: sqlite3.Connection) -> TeamInfo:
            team = team_by_code(conn, wanted)
            if team.joined_at is None:
                conn.execute(
                    "UPDATE teams SET joined_at = ?, roles = ? WHERE id = ?",
                    (store.now(), played if played is not None else "", team.id),
                )
            elif played is not None and not team.roles:
                conn.execute("UPDATE teams SET roles = ? WHERE id = ?", (played, team.id))
            return TeamInfo.of(
                conn.execute("SELECT * FROM teams WHERE id = ?", (team.id,)).fetchone()
            )

        team: TeamInfo = store.write(body)
        return cls(store, team, team.workshop_id, _load(store, team, lang))

    def reload(self) -> None:
        """Rebuild the game from the store (what another kernel of this team committed too)."""
        self.game = _load(self.store, self.team, self.game.lang)

    # --- what the team may read --------------------------------------------------------------
    @property
    def workshop(self) -> WorkshopInfo:
        with self.store.read() as conn:
            return workshop_info(conn, self.workshop_id)

    def scenario(self) -> LoadedScenario:
        with self.store.read() as conn:
            return workshop_scenario(conn, self.workshop_id)

    def closed(self) -> RoundClosedError | None:
        """Why the next round cannot be played now (None: go ahead)."""
        return why_closed(self.workshop, len(self.game.decisions))

    def team_names(self) -> list[str]:
        with self.store.read() as conn:
            return [t.name for t in teams_of(conn, self.workshop_id)]

    def plans(self, team: str | None = None) -> list[Plan]:
        """A team's committed plans: one's own at any time, another's once the debrief is open."""
        with self.store.read() as conn:
            if team is None or team == self.team.name:
                return team_plans(conn, self.team.id)
            if not workshop_info(conn, self.workshop_id).debrief_open:
                raise AccessError("not_yet", team=team)
            return team_plans(conn, team_by_name(conn, self.workshop_id, team).id)

    def results(self) -> dict[str, TeamResult]:
        """Every team's result, once the debrief is open; before that only one's own."""
        with self.store.read() as conn:
            everyone = results(conn, self.workshop_id)
            if workshop_info(conn, self.workshop_id).debrief_open:
                return everyone
        return {k: v for k, v in everyone.items() if k == self.team.name}

    # --- playing ------------------------------------------------------------------------------
    def commit(self, plan: Plan) -> None:
        """Play one round with ``plan`` and record it in the store, all or nothing.

        Raises :class:`PlanError` (an invalid plan), :class:`RoundClosedError` (paused, ended,
        not released yet), :class:`ConflictError` (this team's round was committed elsewhere
        first) or :class:`StoreBusyError`; in every case the game is as the store has it."""
        refused = self.closed()
        if refused is not None:
            raise refused
        game = self.game
        game.plan(plan)  # PlanError: nothing changed yet
        index = len(game.decisions)
        try:
            game.advance()
            rows = self._rows(index, game.decisions[-1])
            self.store.write(lambda conn: self._record(conn, index, rows))
        except BaseException:
            self.reload()
            raise

    def _rows(self, index: int, plan: Plan) -> RoundRows:
        """Everything the round's transaction writes, prepared before it takes the lock (the
        log's hash and the result cost more than the inserts)."""
        game, deal, now = self.game, self.game.deal, self.store.now()
        sha = game.log.sha256()
        team = self.team.id
        result = game.result() if game.done else None
        return RoundRows(
            (
                team,
                index,
                deal.week,
                now,
                current_stage(deal),
                deal.phase,
                round(deal.spend, 2),
                round(deal.budget_left(), 2),
                round(deal.labour_cost, 2),
                len(game.log),
                sha,
            ),
            [
                (
                    team,
                    index,
                    position,
                    a.activity,
                    a.members[0] if a.members else "",
                    json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True),
                )
                for position, a in enumerate(plan.assignments)
            ],
            None
            if plan.forecast is None
            else (team, index, plan.forecast.stage, plan.forecast.win_probability),
            None
            if result is None
            else (
                team,
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
        )

    def _record(self, conn: sqlite3.Connection, index: int, rows: RoundRows) -> None:
        """The round's one transaction: check it may be played, then write it whole."""
        refused = why_closed(workshop_info(conn, self.workshop_id), index)
        if refused is not None:
            raise refused
        if rounds_played(conn, self.team.id) != index:
            raise ConflictError("already_played", week=index, team=self.team.name)
        conn.execute(
            "INSERT INTO rounds (team_id, round, week, committed_at, stage, phase, spend,"
            " budget_left, labour_cost, events, event_log_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows.round,
        )
        conn.executemany(
            "INSERT INTO decisions (team_id, round, position, activity, lead, assignment)"
            " VALUES (?,?,?,?,?,?)",
            rows.decisions,
        )
        if rows.forecast is not None:
            conn.execute(
                "INSERT INTO forecasts (team_id, round, stage, win_probability) VALUES (?,?,?,?)",
                rows.forecast,
            )
        if rows.result is not None:
            conn.execute(
                "INSERT INTO results (team_id, outcome, winner, weeks, contract_value,"
                " pursuit_spend, labour_cost, margin, forecast_brier, satisfaction, events,"
                " event_log_sha256, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows.result,
            )
        if self.before_commit is not None:
            self.before_commit(conn)


@dataclass(frozen=True)
class RoundRows:
    """The rows of one round commit (parameters of the INSERTs, in column order)."""

    round: tuple[object, ...]
    decisions: list[tuple[object, ...]]
    forecast: tuple[object, ...] | None
    result: tuple[object, ...] | None


def _load(store: Store, team: TeamInfo, lang: str | None) -> Simulation:
    with store.read() as conn:
        return team_game(conn, team, lang=lang)


__all__ = ["TeamSeat", "WorkshopError", "why_closed"]
