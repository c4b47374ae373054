"""A team's shared draft for the week, in the store: what each seat planned, who is ready, and
the week's commit.

Each seat (one per role, :class:`~sim.workshop.seat.RoleSeat`) adds assignments for its own
members to the team's draft; every add is checked against the whole draft as it stands in the
store, inside the write transaction, so two devices adding at once both get in or the second
is refused with the reason (hours, budget) — nothing is dropped. The roles nobody sits in are
planned by the workshop's policy (``expert`` or ``typical``, the trainer's choice) around the
seats' drafts, the same way the sandbox plans the roles nobody at the table plays.

The week is committed, in one transaction and exactly once, when every occupied seat has marked
ready, when the trainer's deadline has passed (a week that opened before it), or when the
trainer forces it. Whoever notices first commits — the last seat to mark ready, any seat's or
the trainer's poll — and the transaction re-reads the draft and the rounds before it writes,
so a second try finds the week committed and does nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from sim.engine import Simulation
from sim.model.plans import SALES_STAGES, Assignment, Forecast, Plan, PlanError
from sim.model.rivals import RivalOrder
from sim.model.validation import check_plan
from sim.policies import resolve_policy
from sim.scenario.schema import Scenario
from sim.workshop.errors import WorkshopError
from sim.workshop.queries import rival_drafts, rounds_played, seats_of, workshop_info
from sim.workshop.records import SeatInfo, TeamInfo, awaited_roles, role_list
from sim.workshop.rounds import (
    Author,
    assignment_json,
    note_of,
    round_rows,
    touch,
    why_closed,
    write_round,
)
from sim.workshop.store import Store

POLICIES = ("expert", "typical")  # what may plan the roles nobody sits in
NOTE_LIMIT = 500  # characters of a hand-off note
ROLE_ALIASES = {
    "rep": "sales_rep",
    "sales": "sales_rep",
    "pm": "project_manager",
    "exec": "executive",
}


class OutOfStep(Exception):  # noqa: N818  (internal signal, never shown)
    """The caller's game is behind (or ahead of) the store: sync and try again."""


@dataclass(frozen=True)
class DraftItem:
    """One assignment of the shared draft, with the seat that planned it."""

    id: int
    seat_id: int
    role: str
    person: str
    assignment: Assignment
    note: str


@dataclass(frozen=True)
class RivalDraft:
    """A red team's order for this team's week as it stands (None: the computer plays)."""

    red_team_id: int
    vendor: str
    order: RivalOrder | None
    ready: bool


@dataclass(frozen=True)
class TeamDraft:
    """The team's week as the store has it now."""

    team_id: int
    round: int  # the week being planned (= rounds committed)
    items: tuple[DraftItem, ...]
    seats: tuple[SeatInfo, ...]
    ready: frozenset[int]  # seat ids marked ready for this week
    forecast: Forecast | None
    forecast_seat: int | None
    auto_policy: str
    opened_at: str  # when this week opened for the team (the last commit, else the creation)
    changes: int
    rivals: tuple[RivalDraft, ...] = ()  # the red teams that have sat down (a seat each)
    table_roles: tuple[str, ...] = ()  # the roles the table said its people play

    def seat(self, seat_id: int | None) -> SeatInfo | None:
        return next((s for s in self.seats if s.id == seat_id), None)

    @property
    def awaited(self) -> tuple[str, ...]:
        """Roles the table said it plays whose seat nobody has taken yet."""
        return awaited_roles(self.table_roles, (s.role for s in self.seats))

    @property
    def everyone_ready(self) -> bool:
        """Every seat taken is ready, every seat the table announced is taken, and every red
        team seated is ready."""
        return (
            bool(self.seats)
            and not self.awaited
            and all(s.id in self.ready for s in self.seats)
            and all(r.ready for r in self.rivals)
        )

    def rival_orders(self) -> tuple[RivalOrder, ...]:
        return tuple(r.order for r in self.rivals if r.order is not None)

    def assignments(self) -> tuple[Assignment, ...]:
        return tuple(i.assignment for i in self.items)

    def authors(self) -> list[Author]:
        by_id = {s.id: s for s in self.seats}
        return [Author("seat", i.seat_id, by_id[i.seat_id].role, i.person) for i in self.items]


def canonical_role(role: str) -> str:
    text = role.strip().lower().replace(" ", "_").replace("-", "_")
    return ROLE_ALIASES.get(text, text)


def with_note(assignment: Assignment, note: str) -> Assignment:
    """The assignment carrying its hand-off note (on a model that has notes)."""
    if not note or not hasattr(assignment, "note"):
        return assignment
    return replace(assignment, note=note)  # type: ignore[call-arg, unused-ignore]


def read_draft(conn: sqlite3.Connection, team: TeamInfo) -> TeamDraft:
    index = rounds_played(conn, team.id)
    seats = tuple(seats_of(conn, team.id))
    by_id = {s.id: s for s in seats}
    items = []
    for row in conn.execute(
        "SELECT id, seat_id, assignment, note FROM drafts WHERE team_id = ? AND round = ?"
        " ORDER BY id",
        (team.id, index),
    ):
        seat = by_id[int(row["seat_id"])]
        note = str(row["note"])
        assignment = with_note(Assignment.from_dict(json.loads(row["assignment"])), note)
        items.append(DraftItem(int(row["id"]), seat.id, seat.role, seat.person, assignment, note))
    ready = frozenset(
        int(r[0])
        for r in conn.execute(
            "SELECT seat_id FROM readiness WHERE team_id = ? AND round = ?", (team.id, index)
        )
    )
    forecast_row = conn.execute(
        "SELECT seat_id, stage, win_probability FROM draft_forecasts WHERE team_id = ?"
        " AND round = ?",
        (team.id, index),
    ).fetchone()
    workshop = conn.execute(
        "SELECT auto_policy, changes, created_at FROM workshops WHERE id = ?", (team.workshop_id,)
    ).fetchone()
    said = conn.execute("SELECT table_roles FROM teams WHERE id = ?", (team.id,)).fetchone()
    last = conn.execute(
        "SELECT committed_at FROM rounds WHERE team_id = ? ORDER BY round DESC LIMIT 1",
        (team.id,),
    ).fetchone()
    rivals = tuple(
        RivalDraft(
            int(row["id"]),
            str(row["vendor"]),
            None
            if row["rival_order"] is None
            else RivalOrder.from_dict(json.loads(row["rival_order"])),
            bool(row["ready"]),
        )
        for row in rival_drafts(conn, team.id, index, team.workshop_id)
    )
    return TeamDraft(
        rivals=rivals,
        team_id=team.id,
        round=index,
        items=tuple(items),
        seats=seats,
        ready=ready,
        forecast=None
        if forecast_row is None
        else Forecast(str(forecast_row["stage"]), float(forecast_row["win_probability"])),
        forecast_seat=None if forecast_row is None else int(forecast_row["seat_id"]),
        auto_policy=str(workshop["auto_policy"]),
        opened_at=str(last["committed_at"]) if last is not None else str(workshop["created_at"]),
        changes=int(workshop["changes"]),
        table_roles=role_list(said["table_roles"]),
    )


def empty_members(scenario: Scenario, draft: TeamDraft) -> tuple[str, ...]:
    """The members whose role nobody sits in (the policy plans for them)."""
    taken = {s.role for s in draft.seats}
    return tuple(m.id for m in scenario.team if m.role not in taken)


def auto_assignments(game: Simulation, draft: TeamDraft) -> tuple[Assignment, ...]:
    """The policy's assignments for the empty roles, planned around the seats' drafts (their
    hours and money come first), from the team's view of the deal."""
    members = empty_members(game.scenario, draft)
    if not members or game.done:
        return ()
    policy = resolve_policy(draft.auto_policy)
    if policy is None:
        return ()
    everyone = len(members) == len(game.scenario.team)
    view = game.observe(feed=False)
    plan = policy.plan(view, members=None if everyone else members, taken=draft.assignments())
    return plan.assignments


def full_plan(game: Simulation, draft: TeamDraft) -> tuple[Plan, list[Author]]:
    """The week's whole plan as it stands: the seats' drafts, then the policy's."""
    auto = auto_assignments(game, draft)
    roles = {m.id: m.role for m in game.scenario.team}
    authors = draft.authors() + [
        Author("policy", role=roles.get(a.members[0], "") if a.members else "") for a in auto
    ]
    plan = Plan((*draft.assignments(), *auto), draft.forecast)
    if auto and check_plan(game.deal, plan):  # the policy overreached: the seats' plan stands
        plan, authors = Plan(draft.assignments(), draft.forecast), draft.authors()
    return with_rivals(game, plan, draft.rival_orders()), authors


def with_rivals(game: Simulation, plan: Plan, orders: Sequence[RivalOrder]) -> Plan:
    """The week's plan carrying the red teams' orders for it. Each was checked in this game
    when it was planned; one that no longer fits (never expected) is left out, so the
    computer plays that vendor and the week still commits."""
    taken = {o.vendor for o in plan.rivals}
    fitting = [
        o for o in orders if o.vendor not in taken and not check_plan(game.deal, Plan(rivals=(o,)))
    ]
    return replace(plan, rivals=(*plan.rivals, *fitting)) if fitting else plan


def _when(iso: str) -> datetime:
    when = datetime.fromisoformat(iso)
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def due(draft: TeamDraft, deadline: str | None, now: datetime) -> str | None:
    """Why the week is to be committed now (``ready``, ``deadline``), or None. A deadline
    commits only a week that opened before it, so one deadline commits one week per team."""
    if not draft.seats:
        return None  # one screen per table: the table's Advance commits
    if draft.everyone_ready:
        return "ready"
    if deadline is not None:
        cut = _when(deadline)
        if now.astimezone(timezone.utc) > cut and _when(draft.opened_at) < cut:
            return "deadline"
    return None


def commit_round(
    store: Store, team: TeamInfo, game: Simulation, forced: bool = False
) -> str | None:
    """Commit the team's week if it is due (or ``forced``): plays it on ``game`` and writes
    it in one transaction. Returns why it was committed, None if it was not due (or was
    committed elsewhere first). Raises :class:`OutOfStep` if ``game`` is not at the store's
    week (the caller syncs); after any other error ``game`` must be rebuilt."""

    def body(conn: sqlite3.Connection) -> str | None:
        draft = read_draft(conn, team)
        if draft.round != len(game.decisions):
            raise OutOfStep
        info = workshop_info(conn, team.workshop_id)
        how = "forced" if forced else due(draft, info.deadline, store.clock())
        if how is None or game.done:
            return None
        refused = why_closed(info, draft.round)
        if refused is not None:
            if forced:
                raise refused
            return None
        plan, authors = full_plan(game, draft)
        game.plan(plan)
        game.advance()
        rows = round_rows(game, team.id, draft.round, game.decisions[-1], store.now(), authors, how)
        write_round(conn, team.workshop_id, rows)
        conn.execute("DELETE FROM drafts WHERE team_id = ? AND round = ?", (team.id, draft.round))
        conn.execute(
            "DELETE FROM draft_forecasts WHERE team_id = ? AND round = ?", (team.id, draft.round)
        )
        return how

    result: str | None = store.write(body)
    return result


def add_draft(
    store: Store,
    team: TeamInfo,
    seat: SeatInfo,
    game: Simulation,
    assignment: Assignment,
    note: str,
    members: Sequence[str],
) -> int:
    """Add one assignment the seat planned to the team's draft, checked against the whole
    draft as it stands (PlanError if the engine refuses it). Adding un-readies the seat."""
    text = " ".join(note.split())
    if len(text) > NOTE_LIMIT:
        raise WorkshopError("note_too_long", most=NOTE_LIMIT, length=len(text))
    if not assignment.members or assignment.members[0] not in members:
        raise WorkshopError("not_your_member", role=seat.role)
    chosen = with_note(assignment, text)

    def body(conn: sqlite3.Connection) -> int:
        draft = read_draft(conn, team)
        if draft.round != len(game.decisions):
            raise OutOfStep
        info = workshop_info(conn, team.workshop_id)
        if info.state == "ended":
            raise WorkshopError("already_ended")
        reasons = check_plan(game.deal, Plan((*draft.assignments(), chosen)))
        if reasons:
            raise PlanError(reasons)
        cursor = conn.execute(
            "INSERT INTO drafts (team_id, round, seat_id, assignment, note, added_at)"
            " VALUES (?,?,?,?,?,?)",
            (
                team.id,
                draft.round,
                seat.id,
                assignment_json(chosen),
                text or note_of(chosen),
                store.now(),
            ),
        )
        conn.execute(
            "DELETE FROM readiness WHERE team_id = ? AND round = ? AND seat_id = ?",
            (team.id, draft.round, seat.id),
        )
        touch(conn, team.workshop_id)
        return int(cursor.lastrowid or 0)

    added: int = store.write(body)
    return added


def remove_draft(store: Store, team: TeamInfo, seat: SeatInfo, draft_id: int) -> bool:
    """Take one of the seat's own assignments out of the draft (False: it was not there, e.g.
    the week was committed meanwhile). Removing un-readies the seat."""

    def body(conn: sqlite3.Connection) -> bool:
        gone = conn.execute(
            "DELETE FROM drafts WHERE id = ? AND seat_id = ?", (draft_id, seat.id)
        ).rowcount
        if gone:
            conn.execute(
                "DELETE FROM readiness WHERE team_id = ? AND round = ? AND seat_id = ?",
                (team.id, rounds_played(conn, team.id), seat.id),
            )
            touch(conn, team.workshop_id)
        return bool(gone)

    removed: bool = store.write(body)
    return removed


def set_ready(store: Store, team: TeamInfo, seat: SeatInfo, week: int, ready: bool) -> bool:
    """Mark the seat ready (or not) for ``week``; False if that week is no longer open."""

    def body(conn: sqlite3.Connection) -> bool:
        if rounds_played(conn, team.id) != week:
            return False
        if ready:
            conn.execute(
                "INSERT OR IGNORE INTO readiness (team_id, round, seat_id, ready_at)"
                " VALUES (?,?,?,?)",
                (team.id, week, seat.id, store.now()),
            )
        else:
            conn.execute(
                "DELETE FROM readiness WHERE team_id = ? AND round = ? AND seat_id = ?",
                (team.id, week, seat.id),
            )
        touch(conn, team.workshop_id)
        return True

    done: bool = store.write(body)
    return done


def set_forecast(
    store: Store, team: TeamInfo, seat: SeatInfo, week: int, forecast: Forecast
) -> bool:
    """The team's forecast for ``week`` (any seat may set it; the last one stands)."""
    if not 0.0 <= forecast.win_probability <= 1.0:
        raise WorkshopError("bad_forecast", value=f"{forecast.win_probability:g}")
    if forecast.stage not in SALES_STAGES:  # a bad one would make every commit fail
        raise WorkshopError("bad_forecast_stage", stage=str(forecast.stage)[:40])

    def body(conn: sqlite3.Connection) -> bool:
        if rounds_played(conn, team.id) != week:
            return False
        conn.execute(
            "INSERT OR REPLACE INTO draft_forecasts (team_id, round, seat_id, stage,"
            " win_probability) VALUES (?,?,?,?,?)",
            (team.id, week, seat.id, forecast.stage, forecast.win_probability),
        )
        touch(conn, team.workshop_id)
        return True

    done: bool = store.write(body)
    return done
