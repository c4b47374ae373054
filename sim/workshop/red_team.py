"""The red team: people who play one competitor of the workshop's scenario against every team.

The trainer gives a competitor (a vendor of the scenario) to a red team with its own join code
(:meth:`~sim.workshop.trainer.Facilitator.add_red_team`). The red team's seat sees, for each
team's game, only what that vendor could observe (``Simulation.observe_rival``): never the
team's plans or beliefs. It plans that week's order per team — moves from the vendor's
repertoire at people it can reach, optionally a discount — and marks ready:

>>> red = RedTeamSeat.join(Store(path), "RT4K7Q", person="Ms Gao")
>>> red.view("Blue")                       # the vendor's view of team Blue's deal this week
>>> red.order("Blue", [RivalMove("raise_doubt", "cfo")], discount=0.08)
>>> red.ready("Blue")

Each order is checked in that team's game when it is planned (a :class:`PlanError` with the
reasons, nothing stored). The team's week commits with the order in its plan
(``Plan.rivals``, stored with the round), so the game replays from its decisions. Once it has
sat down, the red team is an occupied seat of every team: a week commits when the team's seats
*and* the red team are ready, or at the trainer's deadline; a week without an order is played
by the computer for that vendor.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sim.engine import Simulation
from sim.model.plans import Plan, PlanError
from sim.model.rivals import RivalMove, RivalOrder, RivalView
from sim.model.validation import check_plan
from sim.workshop.codes import normalise_code
from sim.workshop.drafts import OutOfStep, RivalDraft, commit_round, due, read_draft
from sim.workshop.errors import JoinError, WorkshopError
from sim.workshop.games import team_game, team_plans
from sim.workshop.queries import red_team_by_code, rounds_played, teams_of, workshop_info
from sim.workshop.records import RedTeamInfo, TeamInfo, WorkshopInfo
from sim.workshop.rounds import changes, touch, why_closed
from sim.workshop.store import Store

MAX_PERSON = 60


def is_red_team_code(store: Store, code: str) -> bool:
    """Is ``code`` a red team's join code (the seat app opens the red team's screen)?"""
    with store.read() as conn:
        return red_team_by_code(conn, normalise_code(code)) is not None


@dataclass
class RedTeamSeat:
    """The red team's handle: one competitor, every team's game (rebuilt from the store)."""

    store: Store
    info: RedTeamInfo
    teams: list[TeamInfo]
    games: dict[int, Simulation]  # team id -> that team's game, in step with the store
    lang: str | None = None

    @classmethod
    def join(
        cls, store: Store, code: str, *, person: str = "", lang: str | None = None
    ) -> RedTeamSeat:
        """Sit down as the red team with this code (again from another device: the same seat).
        A code that is no red team's raises :class:`JoinError`."""
        wanted = normalise_code(code)
        name = " ".join(str(person).split())
        if len(name) > MAX_PERSON:
            raise JoinError("person_too_long", most=MAX_PERSON)

        def body(conn: sqlite3.Connection) -> RedTeamInfo:
            found = red_team_by_code(conn, wanted)
            if found is None:
                raise JoinError("wrong_code", code=wanted or "–")
            if found.joined_at is None:
                conn.execute(
                    "UPDATE red_teams SET joined_at = ? WHERE id = ?", (store.now(), found.id)
                )
            if name:
                conn.execute("UPDATE red_teams SET person = ? WHERE id = ?", (name, found.id))
            touch(conn, found.workshop_id)
            row = conn.execute("SELECT * FROM red_teams WHERE id = ?", (found.id,)).fetchone()
            return RedTeamInfo.of(row)

        info: RedTeamInfo = store.write(body)
        seat = cls(store, info, [], {}, lang)
        seat.reload()
        return seat

    @property
    def vendor(self) -> str:
        return self.info.vendor

    @property
    def workshop(self) -> WorkshopInfo:
        with self.store.read() as conn:
            return workshop_info(conn, self.info.workshop_id)

    def changes(self) -> int:
        with self.store.read() as conn:
            return changes(conn, self.info.workshop_id)

    def reload(self) -> None:
        """Rebuild every team's game from the store."""
        with self.store.read() as conn:
            self.teams = teams_of(conn, self.info.workshop_id)
            self.games = {t.id: team_game(conn, t, lang=self.lang) for t in self.teams}

    def team(self, name: str) -> TeamInfo:
        found = next((t for t in self.teams if t.name == name), None)
        if found is None:
            raise WorkshopError("no_team", team=name)
        return found

    def game(self, team: str) -> Simulation:
        return self.games[self.team(team).id]

    # --- keeping in step --------------------------------------------------------------------
    def catch_up(self) -> bool:
        """Play the weeks each team committed since this seat last looked (a team added by the
        trainer joins the list); returns whether anything moved."""
        with self.store.read() as conn:
            teams = teams_of(conn, self.info.workshop_id)
            plans = {t.id: team_plans(conn, t.id) for t in teams}
        moved = [t.id for t in self.teams] != [t.id for t in teams]
        self.teams = teams
        for team in teams:
            game = self.games.get(team.id)
            have = -1 if game is None else len(game.decisions)
            if have == len(plans[team.id]):
                continue
            moved = True
            if game is None or have > len(plans[team.id]):
                self._reload_team(team)
                continue
            try:
                for plan in plans[team.id][have:]:
                    game.plan(plan)
                    game.advance()
            except Exception:
                self._reload_team(team)
        return moved

    def _reload_team(self, team: TeamInfo) -> None:
        with self.store.read() as conn:
            self.games[team.id] = team_game(conn, team, lang=self.lang)

    def sync(self) -> bool:
        """Catch up, then commit every team's week that is due (its seats and this red team
        ready, or the deadline passed): whoever notices first commits."""
        moved = self.catch_up()
        with self.store.read() as conn:  # look first: only a due week takes the write lock
            deadline, now = workshop_info(conn, self.info.workshop_id).deadline, self.store.clock()
            waiting = [
                t
                for t in self.teams
                if not self.games[t.id].done and due(read_draft(conn, t), deadline, now)
            ]
        for team in waiting:
            for _attempt in range(3):
                try:
                    if commit_round(self.store, team, self.games[team.id]) is not None:
                        moved = True
                    break
                except OutOfStep:
                    self.catch_up()
                except Exception:
                    self._reload_team(team)
                    raise
        return moved

    # --- what the red team sees --------------------------------------------------------------
    def view(self, team: str) -> RivalView:
        """What this vendor could observe in ``team``'s deal at the start of its open week."""
        return self.game(team).observe_rival(self.vendor)

    def draft(self, team: str) -> RivalDraft:
        """This red team's order for ``team``'s open week, and whether it is ready."""
        info = self.team(team)
        with self.store.read() as conn:
            draft = read_draft(conn, info)
        mine = next((r for r in draft.rivals if r.red_team_id == self.info.id), None)
        return mine or RivalDraft(self.info.id, self.vendor, None, False)

    def week(self, team: str) -> int:
        return len(self.game(team).decisions)

    # --- planning ---------------------------------------------------------------------------
    def order(
        self,
        team: str,
        moves: Sequence[RivalMove | tuple[str, str]],
        discount: float | None = None,
    ) -> RivalOrder:
        """Set this week's order for ``team`` (replacing the one before), checked in that team's
        game: :class:`PlanError` with the reasons if it does not fit, nothing stored. Changing
        the order un-readies the red team for that team."""
        chosen = RivalOrder(
            self.vendor,
            tuple(m if isinstance(m, RivalMove) else RivalMove(*m) for m in moves),
            discount,
        )
        self._write_draft(team, chosen, ready=False)
        return chosen

    def clear(self, team: str) -> None:
        """No order for ``team`` this week: the computer plays the vendor (unless one is set)."""
        self._write_draft(team, None, ready=False)

    def ready(self, team: str, is_ready: bool = True) -> bool:
        """Mark ready (or not) for ``team``'s week, keeping the order as it is; the week
        commits once the team's seats are ready too. Returns whether a week was committed."""
        self._write_draft(team, self.draft(team).order, ready=is_ready)
        return self.sync() if is_ready else False

    def ready_all(self) -> bool:
        """Ready for every team whose game is still going."""
        for info in self.teams:
            if not self.games[info.id].done:
                self._write_draft(info.name, self.draft(info.name).order, ready=True)
        return self.sync()

    def _write_draft(self, team: str, order: RivalOrder | None, *, ready: bool) -> None:
        for _attempt in range(5):
            try:
                self._write_once(team, order, ready)
                return
            except OutOfStep:
                self.catch_up()
        raise WorkshopError("red_team.out_of_step", team=team)

    def _write_once(self, team: str, order: RivalOrder | None, ready: bool) -> None:
        info = self.team(team)
        game = self.games[info.id]
        if game.done:
            raise WorkshopError("red_team.game_over", team=team)
        if order is not None:
            reasons = check_plan(game.deal, Plan(rivals=(order,)))
            if reasons:
                raise PlanError(reasons)
        text = None if order is None else json.dumps(order.to_dict(), sort_keys=True)

        def body(conn: sqlite3.Connection) -> None:
            week = rounds_played(conn, info.id)
            if week != len(game.decisions):
                raise OutOfStep
            if workshop_info(conn, info.workshop_id).state == "ended":
                raise WorkshopError("already_ended")
            conn.execute(
                "INSERT INTO rival_drafts (red_team_id, team_id, round, rival_order, ready,"
                " changed_at) VALUES (?,?,?,?,?,?) ON CONFLICT (red_team_id, team_id, round)"
                " DO UPDATE SET rival_order = excluded.rival_order, ready = excluded.ready,"
                " changed_at = excluded.changed_at",
                (self.info.id, info.id, week, text, int(ready), self.store.now()),
            )
            touch(conn, info.workshop_id)

        self.store.write(body)

    def closed(self, team: str) -> WorkshopError | None:
        """Why ``team``'s open week cannot be played now (None: go ahead)."""
        return why_closed(self.workshop, self.week(team))


__all__ = ["RedTeamSeat", "RivalMove", "is_red_team_code"]
