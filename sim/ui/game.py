"""One played session: the simulation, who plays which role, this round's draft, autosave.

The people at the table plan for the roles they play; the expert policy plans for the rest,
around the table's drafts (``Policy.plan(view, members=..., taken=drafts)``: re-planned
whenever the draft changes, so it never takes hours or money the table has used). Both go into
one :class:`~sim.model.plans.Plan`, which the engine checks (``plan()``) and plays
(``advance()``). The session file is written after every round, so a killed kernel loses at
most the round in progress.

In a workshop (:meth:`Game.join`) the workshop store is the record instead: ``advance()``
commits the round through the team's :class:`~sim.workshop.TeamSeat`, and a refused commit
(paused, not released, another laptop of the team was faster) keeps the draft and leaves the
game as the store has it; when another laptop played the week first, the draft moves on to
the new week (what of it the engine still accepts there) rather than being dropped.

A seat per role (:class:`SeatGame`, a join code and a role) plans into the team's shared draft
in the store instead of a draft of its own: see :mod:`sim.ui.seat_screen`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sim.engine import Simulation
from sim.engine.version import MODEL_VERSION
from sim.model.observation import TeamView
from sim.model.plans import Assignment, Forecast, Plan, PlanError
from sim.model.validation import cost_of, hours_of
from sim.policies import ExpertPolicy, Policy
from sim.scenario import LoadedScenario
from sim.workshop import ConflictError, RoleSeat, Store, TeamSeat
from sim.workshop.drafts import DraftItem, TeamDraft
from sim.workshop.rounds import Author

APP_TAG = "sandbox/1"
ROLE_ORDER: tuple[str, ...] = ("sales_rep", "presales", "project_manager", "executive")


def roles_of(sim: Simulation) -> tuple[str, ...]:
    """The roles the scenario's team has, in the usual order."""
    present = {m.role for m in sim.scenario.team}
    return tuple(r for r in ROLE_ORDER if r in present) + tuple(sorted(present - set(ROLE_ORDER)))


def session_path(folder: Path, team: str, scenario_id: str, seed: int) -> Path:
    """``<folder>/<team>-<scenario>-<seed>.local.json``; a number is added rather than
    overwrite another game. ``.local.`` keeps played games out of git (see .gitignore)."""
    slug = re.sub(r"[^\w-]+", "-", team, flags=re.UNICODE).strip("-_").lower()[:40] or "team"
    stem = f"{slug}-{scenario_id}-{seed}"
    path = folder / f"{stem}.local.json"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.local.json"
        number += 1
    return path


@dataclass
class Game:
    """A session being played through the sandbox."""

    sim: Simulation
    team: str
    played: tuple[str, ...]
    path: Path
    drafts: list[Assignment] = field(default_factory=list)
    forecast: Forecast | None = None
    previous: TeamView | None = None  # the view before the last round (for what changed)
    seat: TeamSeat | None = None  # the team's seat in a workshop; None: a game on its own
    _auto: tuple[tuple[int, tuple[Assignment, ...]], tuple[Assignment, ...]] | None = None

    # --- starting and resuming --------------------------------------------------------------
    @classmethod
    def start(
        cls,
        scenario: LoadedScenario,
        *,
        team: str,
        seed: int,
        played: tuple[str, ...],
        lang: str,
        folder: Path,
    ) -> Game:
        sim = Simulation(scenario, seed=seed, policy="expert", lang=lang)
        sim.meta.update(
            {
                "app": APP_TAG,
                "team": team,
                "roles": ",".join(played),
                "date": date.today().isoformat(),  # for the managers' trend over time
            }
        )
        game = cls(sim, team, played, session_path(folder, team, sim.scenario.id, seed))
        game.save()
        return game

    @classmethod
    def resume(cls, path: Path, lang: str) -> Game:
        """Reopen a saved session where it stopped (raises SessionError with a clear message);
        a game that may differ from the one saved carries ``sim.replay_notice``, which the
        screens show."""
        sim = Simulation.load(path, warn=False)
        sim.lang = lang
        roles = sim.meta.get("roles")
        played = tuple(r for r in roles.split(",") if r) if roles is not None else roles_of(sim)
        if sim.replay_notice is not None:  # keep the file as it was saved; play on in a copy
            path = path.with_name(f"{path.stem}-replayed-v{MODEL_VERSION}{path.suffix}")
        return cls(sim, sim.meta.get("team", ""), played, path)

    @classmethod
    def join(cls, seat: TeamSeat, *, lang: str, folder: Path) -> Game:
        """The team's workshop game as the store has it. The roles recorded at the team's first
        join are the played ones; ``folder`` is only where *Save session* writes a copy."""
        sim = seat.game
        sim.lang = lang
        played = tuple(r for r in roles_of(sim) if r in seat.team.roles)
        path = session_path(folder, seat.team.name, sim.scenario.id, seat.workshop.seed)
        return cls(sim, seat.team.name, played, path, seat=seat)

    # --- what the team sees -------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.sim.lang

    @lang.setter
    def lang(self, lang: str) -> None:
        self.sim.lang = lang  # the language of views only; the event log does not change

    def view(self) -> TeamView:
        return self.sim.observe()

    def role_of(self, member_id: str) -> str:
        return self.sim.scenario.member(member_id).role

    def unplayed(self) -> tuple[str, ...]:
        """The members whose roles nobody at the table plays (the policy plans for them)."""
        return tuple(m.id for m in self.sim.scenario.team if m.role not in self.played)

    def auto_assignments(self, drafts: list[Assignment] | None = None) -> tuple[Assignment, ...]:
        """The expert policy's assignments for the roles nobody at the table plays, planned
        around the table's drafts (their hours and money come first; the policy may ask a
        played colleague's spare hours only to brief one of its members)."""
        chosen = tuple(self.drafts if drafts is None else drafts)
        key = (self.sim.round, chosen)
        if self._auto is None or self._auto[0] != key:
            members = self.unplayed()
            auto: tuple[Assignment, ...] = ()
            if members:
                policy: Policy = self.sim.policy if self.sim.policy is not None else ExpertPolicy()
                everyone = len(members) == len(self.sim.scenario.team)  # nobody plays: all its own
                view = self.sim.observe(feed=False)
                plan = policy.plan(view, members=None if everyone else members, taken=chosen)
                auto = plan.assignments
            self._auto = (key, auto)
        return self._auto[1]

    def plan(self, drafts: list[Assignment] | None = None) -> Plan:
        """This round's whole plan: the table's drafts first, then the automatic ones."""
        chosen = self.drafts if drafts is None else drafts
        return Plan((*chosen, *self.auto_assignments(chosen)), self.forecast)

    def hours_left(self, plan: Plan | None = None) -> dict[str, float]:
        used = hours_of(plan if plan is not None else self.plan())
        return {m.id: m.weekly_hours - used.get(m.id, 0.0) for m in self.sim.scenario.team}

    def budget_left(self, plan: Plan | None = None) -> float:
        return self.view().budget_left - cost_of(plan if plan is not None else self.plan())

    # --- changing the draft -----------------------------------------------------------------
    def add(self, assignment: Assignment) -> None:
        """Add to the draft if the engine accepts the plan with it (PlanError otherwise)."""
        candidate = [*self.drafts, assignment]
        self.sim.plan(self.plan(candidate))
        self.drafts = candidate

    def remove(self, index: int) -> None:
        del self.drafts[index]

    # --- playing ------------------------------------------------------------------------------
    def advance(self) -> None:
        """Commit the plan and play the round; an invalid plan raises and changes nothing.

        In a workshop the round is committed to the store; when that is refused the error is
        raised, the draft is kept and the game is the store's (reloaded if another laptop of
        the team played the week first — then the draft moves on to the new week, what of it
        the engine still accepts there)."""
        plan = self.plan()
        if self.seat is not None:
            self._commit(self.seat, plan)
            return
        self.sim.plan(plan)
        self.previous = self.view()
        self.sim.advance()
        self.drafts = []
        self.save()

    def _commit(self, seat: TeamSeat, plan: Plan) -> None:
        before, week = self.view(), self.sim.round
        total = len(self.drafts)
        try:
            seat.commit(plan, drafted=total)
        except ConflictError as exc:
            self._follow(seat, week)
            if exc.key != "already_played":
                raise
            raise ConflictError(
                "already_played_kept",
                week=week,
                team=seat.team.name,
                kept=len(self.drafts),
                total=total,
            ) from None
        except BaseException:
            self._follow(seat, week)
            raise
        self.sim = seat.game
        self.previous = before
        self.drafts = []

    def _follow(self, seat: TeamSeat, week: int) -> None:
        """Take the seat's game after a reload. If another window of the team played the week
        meanwhile, the draft is kept for the new week — every activity of it that the engine
        still accepts there (the rest cannot be played any more: its stage or hours are gone)."""
        if seat.game is self.sim:
            return
        self.sim = seat.game
        self._auto = None
        if self.sim.round != week:
            self.previous = None
            self.drafts = self._still_possible(self.drafts)

    def _still_possible(self, drafts: list[Assignment]) -> list[Assignment]:
        kept: list[Assignment] = []
        if self.sim.done:
            return kept
        for assignment in drafts:
            try:
                self.sim.plan(Plan((*kept, assignment)))
            except PlanError:
                continue
            kept.append(assignment)
        self._auto = None
        return kept

    def sync(self) -> bool:
        """Re-read the store: reload the game if another laptop of the team committed a round
        since. Returns whether the game changed."""
        seat = self.seat
        if seat is None or len(seat.plans()) == len(self.sim.decisions):
            return False
        week = self.sim.round
        seat.reload()
        self._follow(seat, week)
        return True

    @property
    def in_workshop(self) -> bool:
        return self.seat is not None

    @property
    def done(self) -> bool:
        return self.sim.done

    @property
    def over(self) -> bool:
        """Nothing more to play: the deal has ended, or the trainer has ended the workshop
        (an unfinished game then goes to the end screen, where the comparison opens)."""
        return self.sim.done or (self.seat is not None and self.seat.workshop.state == "ended")

    def save(self, path: Path | None = None) -> Path:
        return self.sim.save(self.path if path is None else path)


@dataclass
class SeatGame:
    """One role's seat on its own device (a join code and a role): the planner form plans for
    the seat's members into the team's shared draft in the store; the seat sees its member's
    own view of the deal and the whole draft. ``sim`` is the team's game, in step with the
    store (:meth:`sync`)."""

    seat: RoleSeat
    previous: TeamView | None = None  # the member's view before the last week (what changed)

    @classmethod
    def join(
        cls,
        store: Store,
        code: str,
        role: str,
        *,
        person: str,
        lang: str,
        table: Sequence[str] = (),
    ) -> SeatGame:
        """Take the seat of ``role``; ``table``: the other roles played at this table, a seat
        each (the week waits for them)."""
        seat = RoleSeat.join(store, code, role, person=person, lang=lang, table=table)
        seat.game.lang = lang
        return cls(seat)

    @property
    def sim(self) -> Simulation:
        return self.seat.game

    @property
    def lang(self) -> str:
        return self.sim.lang

    @lang.setter
    def lang(self, lang: str) -> None:
        self.sim.lang = lang

    @property
    def team(self) -> str:
        return self.seat.team.name

    @property
    def role(self) -> str:
        return self.seat.role

    @property
    def played(self) -> tuple[str, ...]:
        return (self.seat.role,)

    def view(self) -> TeamView:
        """What this seat's member knows (their own meetings, what colleagues told them)."""
        return self.seat.view()

    def role_of(self, member_id: str) -> str:
        return self.sim.scenario.member(member_id).role

    def shared(self) -> tuple[TeamDraft, Plan, list[Author]]:
        """The team's shared draft and the whole plan it makes with the policy's part."""
        draft = self.seat.draft()
        plan, authors = self.seat.plan(draft)
        return draft, plan, authors

    def own(self, draft: TeamDraft) -> list[DraftItem]:
        return [i for i in draft.items if i.seat_id == self.seat.seat.id]

    def add(self, assignment: Assignment, note: str = "") -> None:
        self.seat.add(assignment, note)

    def remove(self, draft_id: int) -> None:
        self.seat.remove(draft_id)

    def set_forecast(self, forecast: Forecast) -> None:
        self.seat.set_forecast(forecast)

    def ready(self, is_ready: bool = True) -> bool:
        """Mark ready (or not); returns whether the week was committed."""
        week, before = self.sim.round, self.view()
        moved = self.seat.ready(is_ready)
        if moved and self.sim.round != week:
            self.previous = before
        return moved

    def sync(self) -> bool:
        """Catch up with the store (and commit the week if it is due); whether it moved."""
        week, before = self.sim.round, self.view()
        moved = self.seat.sync()
        if moved and self.sim.round != week:
            self.previous = before
        return moved

    def hours_left(self, plan: Plan) -> dict[str, float]:
        used = hours_of(plan)
        return {m.id: m.weekly_hours - used.get(m.id, 0.0) for m in self.sim.scenario.team}

    def budget_left(self, plan: Plan) -> float:
        return self.sim.observe(feed=False).budget_left - cost_of(plan)

    @property
    def over(self) -> bool:
        return self.sim.done or self.seat.workshop.state == "ended"
