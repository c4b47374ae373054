"""A team's seat in a workshop: join with a code, play rounds, commit each in one transaction.

>>> seat = TeamSeat.join(Store(path), "AB3K7Q")
>>> seat.game.observe()            # the team's own game, rebuilt from the store
>>> seat.commit(plan)              # plays the round and records it, or changes nothing

A seat sees only its own team's decisions until the trainer opens the debrief. If a commit is
refused (paused, round not released, another kernel of the same team was faster, store busy),
the game is rebuilt from the store, so the kernel and the store never disagree.

:class:`TeamSeat` is the whole team on one screen (a join code alone). :class:`RoleSeat` is one
role's seat (a join code and a role), on its own device:

>>> rep = RoleSeat.join(Store(path), "AB3K7Q", "sales_rep", person="Li Wei")
>>> rep.add(assignment, note="the CFO worries about the cut-over")   # into the shared draft
>>> rep.ready()                    # the week commits once every occupied seat is ready
>>> rep.sync()                     # catch up with what the other seats committed
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sim.engine import Simulation
from sim.model.observation import TeamView
from sim.model.plans import Assignment, Forecast, Plan
from sim.scenario import LoadedScenario
from sim.scenario.schema import Scenario
from sim.workshop.codes import normalise_code
from sim.workshop.drafts import (
    OutOfStep,
    TeamDraft,
    add_draft,
    canonical_role,
    commit_round,
    full_plan,
    read_draft,
    remove_draft,
    set_forecast,
    set_ready,
    with_rivals,
)
from sim.workshop.errors import (
    AccessError,
    ConflictError,
    JoinError,
    RoundClosedError,
    WorkshopError,
)
from sim.workshop.games import team_game, team_plans, workshop_scenario
from sim.workshop.queries import (
    results,
    rounds_played,
    seats_of,
    team_by_code,
    team_by_name,
    teams_of,
    workshop_info,
)
from sim.workshop.records import SeatInfo, TeamInfo, TeamResult, WorkshopInfo
from sim.workshop.rounds import (
    Author,
    RoundRows,
    changes,
    round_rows,
    touch,
    why_closed,
    write_round,
)
from sim.workshop.store import Store

Hook = Callable[[sqlite3.Connection], None]
T = TypeVar("T")
ROLE_ORDER: tuple[str, ...] = ("sales_rep", "presales", "project_manager", "executive")


def team_roles(scenario: Scenario) -> tuple[str, ...]:
    """The roles of the scenario's team, in the usual order (a seat each)."""
    present = {m.role for m in scenario.team}
    return tuple(r for r in ROLE_ORDER if r in present) + tuple(sorted(present - set(ROLE_ORDER)))


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
            touch(conn, team.workshop_id)
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
    def commit(self, plan: Plan, *, drafted: int | None = None) -> None:
        """Play one round with ``plan`` and record it in the store, all or nothing. The first
        ``drafted`` assignments are the table's, the rest the policy's (default: all the
        table's); each decision is stored with who made it.

        Raises :class:`PlanError` (an invalid plan), :class:`RoundClosedError` (paused, ended,
        not released yet), :class:`ConflictError` (this team's round was committed elsewhere
        first, or the team plays in seats, one per role) or :class:`StoreBusyError`; in every
        case the game is as the store has it."""
        refused = self.closed()
        if refused is not None:
            raise refused
        game = self.game
        with self.store.read() as conn:  # the red teams' orders for this week ride along
            plan = with_rivals(game, plan, read_draft(conn, self.team).rival_orders())
        game.plan(plan)  # PlanError: nothing changed yet
        index = len(game.decisions)
        shown = len(plan.assignments) if drafted is None else drafted
        authors = [
            Author("table" if k < shown else "policy", role=self._role(a))
            for k, a in enumerate(plan.assignments)
        ]
        try:
            game.advance()
            rows = round_rows(
                game, self.team.id, index, game.decisions[-1], self.store.now(), authors, "table"
            )
            self.store.write(lambda conn: self._record(conn, index, rows))
        except BaseException:
            self.reload()
            raise

    def _role(self, assignment: Assignment) -> str:
        lead = assignment.members[0] if assignment.members else ""
        return next((m.role for m in self.game.scenario.team if m.id == lead), "")

    def _record(self, conn: sqlite3.Connection, index: int, rows: RoundRows) -> None:
        """The round's one transaction: check it may be played, then write it whole."""
        refused = why_closed(workshop_info(conn, self.workshop_id), index)
        if refused is not None:
            raise refused
        if rounds_played(conn, self.team.id) != index:
            raise ConflictError("already_played", week=index, team=self.team.name)
        if seats_of(conn, self.team.id):
            raise ConflictError("seats_in_use", team=self.team.name)
        write_round(conn, self.workshop_id, rows)
        if self.before_commit is not None:
            self.before_commit(conn)


MAX_PERSON = 60  # characters of a person's name on a seat


def member_view(game: Simulation, member: str | None, *, feed: bool = True) -> TeamView:
    """What ``member`` knows (``Simulation.observe(member=...)``); the team's view on an engine
    that does not keep per-member knowledge yet."""
    if member is None:
        return game.observe(feed=feed)
    try:
        return game.observe(feed=feed, member=member)  # type: ignore[call-arg, unused-ignore]
    except TypeError:
        return game.observe(feed=feed)


@dataclass
class RoleSeat:
    """One role's seat in a team: plans for its own members into the team's shared draft,
    marks ready, and sees its members' own view and the whole draft. ``game`` is the team's
    game, kept in step with the store by :meth:`sync`."""

    store: Store
    team: TeamInfo
    seat: SeatInfo
    game: Simulation

    @classmethod
    def join(
        cls,
        store: Store,
        code: str,
        role: str,
        *,
        person: str = "",
        lang: str | None = None,
        table: Sequence[str] = (),
    ) -> RoleSeat:
        """Take (or retake, from another device) the seat of ``role`` in the team with this
        code. A wrong code raises :class:`JoinError`, a role the team does not have
        :class:`JoinError` naming the roles it has; a name too long is refused.

        ``table``: the other roles played by people at this table, each on a seat of their
        own. The team's week then waits for those seats too (as well as for the seats
        taken), so the first person to sit down cannot commit the week for a table still
        arriving; what each seat says is added to what the table said before."""
        wanted, chosen = normalise_code(code), canonical_role(role)
        others = tuple(dict.fromkeys(canonical_role(r) for r in table if str(r).strip()))
        name = " ".join(str(person).split())
        if len(name) > MAX_PERSON:
            raise JoinError("person_too_long", most=MAX_PERSON)

        def body(conn: sqlite3.Connection) -> tuple[TeamInfo, SeatInfo]:
            team = team_by_code(conn, wanted)
            roles = team_roles(workshop_scenario(conn, team.workshop_id).scenario)
            for asked, said_as in ((chosen, role), *((r, r) for r in others)):
                if asked not in roles:
                    raise JoinError("no_such_role", role=said_as or "–", roles=", ".join(roles))
            now = store.now()
            if team.joined_at is None:
                conn.execute("UPDATE teams SET joined_at = ? WHERE id = ?", (now, team.id))
            if others:
                said = {*team.table_roles, chosen, *others}
                conn.execute(
                    "UPDATE teams SET table_roles = ? WHERE id = ?",
                    (",".join(r for r in roles if r in said), team.id),
                )
            conn.execute(
                "INSERT INTO seats (team_id, role, person, joined_at, from_round)"
                " VALUES (?,?,?,?,?) ON CONFLICT (team_id, role) DO NOTHING",
                (team.id, chosen, name, now, rounds_played(conn, team.id)),
            )
            if name:
                conn.execute(
                    "UPDATE seats SET person = ? WHERE team_id = ? AND role = ?",
                    (name, team.id, chosen),
                )
            touch(conn, team.workshop_id)
            seat = next(s for s in seats_of(conn, team.id) if s.role == chosen)
            fresh = TeamInfo.of(
                conn.execute("SELECT * FROM teams WHERE id = ?", (team.id,)).fetchone()
            )
            return fresh, seat

        team, seat = store.write(body)
        return cls(store, team, seat, _load(store, team, lang))

    # --- reading --------------------------------------------------------------------------
    @property
    def role(self) -> str:
        return self.seat.role

    @property
    def members(self) -> tuple[str, ...]:
        """The members this seat plans for (the scenario's members of its role)."""
        return tuple(m.id for m in self.game.scenario.team if m.role == self.seat.role)

    @property
    def workshop(self) -> WorkshopInfo:
        with self.store.read() as conn:
            return workshop_info(conn, self.team.workshop_id)

    def changes(self) -> int:
        """The workshop's change counter (cheap: the screens poll it)."""
        with self.store.read() as conn:
            return changes(conn, self.team.workshop_id)

    def draft(self) -> TeamDraft:
        with self.store.read() as conn:
            return read_draft(conn, self.team)

    def plan(self, draft: TeamDraft | None = None) -> tuple[Plan, list[Author]]:
        """The week's whole plan as it stands (the seats' drafts, then the policy's)."""
        return full_plan(self.game, draft if draft is not None else self.draft())

    def view(self, *, feed: bool = True) -> TeamView:
        """What this seat's member knows (the first member, if the role has several)."""
        members = self.members
        return member_view(self.game, members[0] if members else None, feed=feed)

    def closed(self) -> RoundClosedError | None:
        return why_closed(self.workshop, len(self.game.decisions))

    # --- keeping in step --------------------------------------------------------------------
    def reload(self) -> None:
        self.game = _load(self.store, self.team, self.game.lang)

    def catch_up(self) -> bool:
        """Play the weeks the store has and this game has not (another seat committed them);
        returns whether the game moved."""
        with self.store.read() as conn:
            plans = team_plans(conn, self.team.id)
        have = len(self.game.decisions)
        if len(plans) == have:
            return False
        if len(plans) < have:
            self.reload()
            return True
        try:
            for plan in plans[have:]:
                self.game.plan(plan)
                self.game.advance()
        except Exception:
            self.reload()
        return True

    def sync(self) -> bool:
        """Catch up with the store and commit the week if it is due (everyone ready, or the
        trainer's deadline passed); returns whether the game moved."""
        moved = self.catch_up()
        return self._commit() or moved

    def _commit(self, forced: bool = False) -> bool:
        for _attempt in range(5):
            try:
                return commit_round(self.store, self.team, self.game, forced) is not None
            except OutOfStep:
                self.catch_up()
            except BaseException:
                self.reload()
                raise
        return False

    # --- planning ---------------------------------------------------------------------------
    def _in_step(self, action: Callable[[], T]) -> T:
        """Run ``action`` against the store's week, catching up first if another seat
        committed meanwhile (the action is then checked against the new week)."""
        for _attempt in range(5):
            try:
                return action()
            except OutOfStep:
                self.catch_up()
        raise ConflictError("out_of_step", team=self.team.name)

    def add(self, assignment: Assignment, note: str = "") -> int:
        """Add an assignment led by one of this seat's members to the team's draft; refused
        (PlanError, WorkshopError) with the draft as it was."""
        return self._in_step(
            lambda: add_draft(
                self.store, self.team, self.seat, self.game, assignment, note, self.members
            )
        )

    def remove(self, draft_id: int) -> bool:
        return remove_draft(self.store, self.team, self.seat, draft_id)

    def set_forecast(self, forecast: Forecast) -> bool:
        return set_forecast(self.store, self.team, self.seat, len(self.game.decisions), forecast)

    def ready(self, is_ready: bool = True) -> bool:
        """Mark this seat ready (or not) for the week; the week commits when every occupied
        seat is ready. Returns whether the game moved (the week was committed)."""
        self.catch_up()
        set_ready(self.store, self.team, self.seat, len(self.game.decisions), is_ready)
        return self.sync() if is_ready else False


def _load(store: Store, team: TeamInfo, lang: str | None) -> Simulation:
    with store.read() as conn:
        return team_game(conn, team, lang=lang)


__all__ = [
    "RoleSeat",
    "RoundClosedError",
    "TeamSeat",
    "WorkshopError",
    "member_view",
    "team_roles",
    "why_closed",
]
