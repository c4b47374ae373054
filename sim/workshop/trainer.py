"""The trainer's side of a workshop: create it, watch the board, pace the rounds, end it.

>>> store = Store("workshops/workshops.sqlite")
>>> trainer = Facilitator.create(store, name="Shanghai 11-25", scenario="scenarios/x.yaml",
...                              seed=7, teams=["Blue", "Red"], round_minutes=15)
>>> trainer.trainer_code, [t.join_code for t in trainer.teams()]

Every team plays the same scenario on the same seed, so differences between teams come from
their decisions. Opening a workshop later needs its trainer code; teams never see it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sim.engine import Simulation
from sim.engine.version import MODEL_VERSION
from sim.model.plans import Plan
from sim.scenario import LoadedScenario, load_scenario_source
from sim.workshop.codes import new_code, normalise_code, well_formed
from sim.workshop.drafts import POLICIES, OutOfStep, commit_round, due, read_draft
from sim.workshop.errors import AccessError, WorkshopError
from sim.workshop.games import team_game, team_plans, workshop_scenario
from sim.workshop.queries import (
    board,
    code_in_use,
    red_teams_of,
    results,
    seats_of,
    team_by_name,
    teams_of,
    workshop_info,
)
from sim.workshop.records import BoardRow, RedTeamInfo, TeamInfo, TeamResult, WorkshopInfo
from sim.workshop.rounds import changes, touch
from sim.workshop.store import Store

MAX_TEAMS = 60
MAX_NAME = 60


def list_workshops(store: Store) -> list[WorkshopInfo]:
    """Every workshop in the store, newest first (no codes: safe to show anyone)."""
    with store.read() as conn:
        rows = conn.execute("SELECT * FROM workshops ORDER BY id DESC").fetchall()
    return [WorkshopInfo.of(r) for r in rows]


def _clean_names(names: Sequence[str]) -> list[str]:
    cleaned = [" ".join(str(n).split()) for n in names]
    cleaned = [n for n in cleaned if n]
    if not cleaned:
        raise WorkshopError("no_teams")
    if len(cleaned) > MAX_TEAMS:
        raise WorkshopError("too_many_teams", count=len(cleaned), most=MAX_TEAMS)
    for name in cleaned:
        if len(name) > MAX_NAME:
            raise WorkshopError("name_too_long", name=name[:20] + "…", most=MAX_NAME)
    seen: set[str] = set()
    for name in cleaned:
        if name.casefold() in seen:
            raise WorkshopError("duplicate_team", name=name)
        seen.add(name.casefold())
    return cleaned


@dataclass
class Facilitator:
    """A trainer's handle on one workshop in a store."""

    store: Store
    workshop_id: int
    trainer_code: str

    def __post_init__(self) -> None:
        """Every handle checks its trainer code: without it there is no trainer's view."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT trainer_code FROM workshops WHERE id = ?", (self.workshop_id,)
            ).fetchone()
        if row is None:
            raise WorkshopError("no_workshop", workshop=self.workshop_id)
        if row["trainer_code"] != normalise_code(self.trainer_code):
            raise AccessError("wrong_trainer_code")
        self.trainer_code = row["trainer_code"]

    # --- creating and opening -------------------------------------------------------------
    @classmethod
    def create(
        cls,
        store: Store,
        *,
        name: str,
        scenario: str | Path | LoadedScenario,
        seed: int,
        teams: Sequence[str],
        round_minutes: int = 0,
        lang: str = "en",
        self_paced: bool = False,
        join_codes: Sequence[str] | None = None,
        trainer_code: str | None = None,
        auto_policy: str = "expert",
    ) -> Facilitator:
        """A new workshop with one join code per team. ``self_paced`` releases every round at
        once; otherwise the trainer releases them one by one (the first is open).
        ``auto_policy`` (``expert`` or ``typical``) plans the roles nobody sits in."""
        loaded = (
            scenario if isinstance(scenario, LoadedScenario) else load_scenario_source(scenario)
        )
        title = " ".join(str(name).split())
        if not title:
            raise WorkshopError("no_name")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise WorkshopError("bad_seed", seed=repr(seed))
        if (
            isinstance(round_minutes, bool)
            or not isinstance(round_minutes, int)
            or not (0 <= round_minutes <= 24 * 60)
        ):
            raise WorkshopError("bad_minutes", minutes=repr(round_minutes))
        names = _clean_names(teams)
        if auto_policy not in POLICIES:
            raise WorkshopError("bad_policy", policy=str(auto_policy), known=", ".join(POLICIES))
        codes = [normalise_code(c) for c in join_codes] if join_codes is not None else None
        if codes is not None and (len(codes) != len(names) or len(set(codes)) != len(codes)):
            raise WorkshopError("bad_codes", teams=len(names))
        code = normalise_code(trainer_code) if trainer_code else new_code()
        for given in [*(codes or ()), code]:
            if not well_formed(given):
                raise WorkshopError("bad_code_shape", code=given)
        now = store.now()

        def body(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO workshops (name, scenario_id, scenario_path, scenario_source,"
                " scenario_sha256, seed, lang, round_minutes, trainer_code, state, released_round,"
                " deadline, created_at, model_version, auto_policy)"
                " VALUES (?,?,?,?,?,?,?,?,?,'running',?,?,?,?,?)",
                (
                    title,
                    loaded.scenario.id,
                    loaded.path,
                    loaded.source,
                    loaded.sha256,
                    seed,
                    lang,
                    round_minutes,
                    code,
                    None if self_paced else 1,
                    None if self_paced else _deadline(store, round_minutes),
                    now,
                    MODEL_VERSION,
                    auto_policy,
                ),
            )
            workshop = int(cursor.lastrowid or 0)
            for index, team in enumerate(names):
                _insert_team(conn, workshop, team, codes[index] if codes else None)
            return workshop

        try:
            workshop = int(store.write(body))
        except sqlite3.IntegrityError:
            raise WorkshopError("code_taken") from None
        return cls(store, workshop, code)

    @classmethod
    def open(cls, store: Store, workshop_id: int, trainer_code: str) -> Facilitator:
        """Reopen a workshop (e.g. after a kernel restart); a wrong code raises AccessError."""
        return cls(store, workshop_id, trainer_code)

    # --- reading ----------------------------------------------------------------------------
    @property
    def info(self) -> WorkshopInfo:
        with self.store.read() as conn:
            return workshop_info(conn, self.workshop_id)

    def teams(self) -> list[TeamInfo]:
        with self.store.read() as conn:
            return teams_of(conn, self.workshop_id)

    def board(self) -> list[BoardRow]:
        """The live board: each team's round, stage, spend and forecast, one snapshot."""
        with self.store.read() as conn:
            return board(conn, self.workshop_id, self.store.clock())

    def results(self) -> dict[str, TeamResult]:
        with self.store.read() as conn:
            return results(conn, self.workshop_id)

    def scenario(self) -> LoadedScenario:
        with self.store.read() as conn:
            return workshop_scenario(conn, self.workshop_id)

    def plans(self, team: str) -> list[Plan]:
        with self.store.read() as conn:
            return team_plans(conn, team_by_name(conn, self.workshop_id, team).id)

    def simulation(self, team: str, *, detail: bool = True) -> Simulation:
        """The team's game so far, replayed from its committed decisions."""
        with self.store.read() as conn:
            return team_game(conn, team_by_name(conn, self.workshop_id, team), detail=detail)

    # --- pacing -----------------------------------------------------------------------------
    def _update(self, sql: str, *params: object) -> None:
        def body(conn: sqlite3.Connection) -> None:
            state = workshop_info(conn, self.workshop_id).state
            if state == "ended" and "debrief_open" not in sql:
                raise WorkshopError("already_ended")
            conn.execute(sql, (*params, self.workshop_id))
            touch(conn, self.workshop_id)

        self.store.write(body)

    def release_round(self) -> int | None:
        """Open the next week for every team (a new deadline if the workshop has one); returns
        the week now open (from 0, as the sandbox counts), None when self-paced."""
        info = self.info
        if info.released_round is None:
            return None
        released = info.released_round + 1
        self._update(
            "UPDATE workshops SET released_round = ?, deadline = ? WHERE id = ?",
            released,
            _deadline(self.store, info.round_minutes),
        )
        return released - 1

    def release_all(self) -> None:
        """Let every team play at its own pace from now on."""
        self._update("UPDATE workshops SET released_round = NULL, deadline = NULL WHERE id = ?")

    def pause(self) -> None:
        self._update("UPDATE workshops SET state = 'paused' WHERE id = ?")

    def resume(self) -> None:
        self._update("UPDATE workshops SET state = 'running' WHERE id = ?")

    def end(self) -> None:
        """No more rounds; the results stand as they are (unfinished games stay unfinished)."""
        self._update(
            "UPDATE workshops SET state = 'ended', ended_at = ? WHERE id = ?", self.store.now()
        )

    def open_debrief(self, is_open: bool = True) -> None:
        """Let teams see every team's decisions and results (the comparative debrief)."""
        self._update("UPDATE workshops SET debrief_open = ? WHERE id = ?", int(is_open))

    # --- seats (a role per device) -------------------------------------------------------
    def changes(self) -> int:
        """The workshop's change counter: it moves with every draft, ready, commit, release,
        pause (the board polls it)."""
        with self.store.read() as conn:
            return changes(conn, self.workshop_id)

    def set_auto_policy(self, policy: str) -> None:
        """Which policy plans the roles nobody sits in (``expert`` or ``typical``), from the
        next commit on."""
        if policy not in POLICIES:
            raise WorkshopError("bad_policy", policy=str(policy), known=", ".join(POLICIES))
        self._update("UPDATE workshops SET auto_policy = ? WHERE id = ?", policy)

    def set_deadline(self, minutes: float | None) -> str | None:
        """Commit every seated team's open week ``minutes`` from now, ready or not (None: no
        deadline). Returns the deadline (UTC, ISO 8601)."""
        if minutes is None:
            self._update("UPDATE workshops SET deadline = NULL WHERE id = ?")
            return None
        if isinstance(minutes, bool) or not 0 <= float(minutes) <= 24 * 60:
            raise WorkshopError("bad_minutes", minutes=repr(minutes))
        due = self.store.clock().astimezone(timezone.utc) + timedelta(minutes=float(minutes))
        stamp = due.isoformat(timespec="seconds")
        self._update("UPDATE workshops SET deadline = ? WHERE id = ?", stamp)
        return stamp

    def force_commit(self, team: str | None = None) -> list[str]:
        """Commit the open week of ``team`` (else of every team playing in seats) now, with
        the drafts as they stand and the policy for the empty roles; returns the teams whose
        week was committed. A team on one screen is left to its table."""
        done: list[str] = []
        for info in self.teams():
            if team is not None and info.name != team:
                continue
            if self._commit_team(info, forced=True):
                done.append(info.name)
        return done

    def commit_due(self) -> list[str]:
        """Commit the weeks that are due (every seat ready, or the deadline passed); the
        board calls this on each poll, so a deadline commits even if no seat is looking."""
        with self.store.read() as conn:
            info = workshop_info(conn, self.workshop_id)
            now = self.store.clock()
            waiting = [
                team
                for team in teams_of(conn, self.workshop_id)
                if due(read_draft(conn, team), info.deadline, now) is not None
            ]
        return [t.name for t in waiting if self._commit_team(t, forced=False)]

    def _commit_team(self, team: TeamInfo, *, forced: bool) -> bool:
        with self.store.read() as conn:
            if not seats_of(conn, team.id):
                return False
            game = team_game(conn, team)
        try:
            return commit_round(self.store, team, game, forced) is not None
        except OutOfStep:
            return False  # committed meanwhile by a seat

    def add_team(self, name: str, join_code: str | None = None) -> TeamInfo:
        (clean,) = _clean_names([name])
        chosen = normalise_code(join_code) if join_code else None
        if chosen is not None and not well_formed(chosen):
            raise WorkshopError("bad_code_shape", code=chosen)

        def body(conn: sqlite3.Connection) -> TeamInfo:
            if workshop_info(conn, self.workshop_id).state == "ended":
                raise WorkshopError("already_ended")
            if any(t.name.casefold() == clean.casefold() for t in teams_of(conn, self.workshop_id)):
                raise WorkshopError("duplicate_team", name=clean)
            _insert_team(conn, self.workshop_id, clean, chosen)
            touch(conn, self.workshop_id)
            return team_by_name(conn, self.workshop_id, clean)

        try:
            team: TeamInfo = self.store.write(body)
            return team
        except sqlite3.IntegrityError:
            raise WorkshopError("code_taken") from None

    # --- the red team (a competitor played by people) ----------------------------------------
    def red_teams(self) -> list[RedTeamInfo]:
        with self.store.read() as conn:
            return red_teams_of(conn, self.workshop_id)

    def add_red_team(self, vendor: str, join_code: str | None = None) -> RedTeamInfo:
        """Give competitor ``vendor`` (an id of the workshop's scenario) to a red team with its
        own join code; from when it sits down, it plays that vendor in every team's game. A
        vendor the scenario lacks, or one already given, is refused."""
        known = [c.id for c in self.scenario().scenario.competitors]
        if vendor not in known:
            raise WorkshopError(
                "red_team.no_such_vendor", vendor=str(vendor)[:40] or "–", known=", ".join(known)
            )
        chosen = normalise_code(join_code) if join_code else None
        if chosen is not None and not well_formed(chosen):
            raise WorkshopError("bad_code_shape", code=chosen)

        def body(conn: sqlite3.Connection) -> RedTeamInfo:
            if workshop_info(conn, self.workshop_id).state == "ended":
                raise WorkshopError("already_ended")
            if any(r.vendor == vendor for r in red_teams_of(conn, self.workshop_id)):
                raise WorkshopError("red_team.vendor_taken", vendor=vendor)
            for _attempt in range(20):
                code = chosen or new_code()
                if not code_in_use(conn, code):
                    break
                if chosen is not None:
                    raise WorkshopError("code_taken")
            else:
                raise WorkshopError("code_taken")
            conn.execute(
                "INSERT INTO red_teams (workshop_id, vendor, join_code, created_at)"
                " VALUES (?,?,?,?)",
                (self.workshop_id, vendor, code, self.store.now()),
            )
            touch(conn, self.workshop_id)
            row = conn.execute("SELECT * FROM red_teams WHERE join_code = ?", (code,)).fetchone()
            return RedTeamInfo.of(row)

        made: RedTeamInfo = self.store.write(body)
        return made


PACING_ACTIONS = ("release", "release_all", "pause", "resume", "end")


def refusal(info: WorkshopInfo, action: str) -> WorkshopError | None:
    """Why ``action`` (one of :data:`PACING_ACTIONS`) cannot be done in this state, or None.
    The trainer's app switches its buttons off by it and ``sandtable workshop`` refuses by
    it, so a terminal and the notebook check the same things."""
    if info.state == "ended":
        return WorkshopError("already_ended")
    if action in ("release", "release_all") and info.self_paced:
        return WorkshopError("self_paced")
    if action == "pause" and info.state != "running":
        return WorkshopError("not_running")
    if action == "resume" and info.state != "paused":
        return WorkshopError("not_paused")
    return None


def _deadline(store: Store, minutes: int) -> str | None:
    if minutes <= 0:
        return None
    due: datetime = store.clock().astimezone(timezone.utc) + timedelta(minutes=minutes)
    return due.isoformat(timespec="seconds")


def _insert_team(conn: sqlite3.Connection, workshop: int, name: str, code: str | None) -> None:
    """A team with ``code`` (else a new one); a code a team or red team has raises
    ``sqlite3.IntegrityError`` (the callers' "code taken")."""
    for _attempt in range(20):
        chosen = code or new_code()
        if code_in_use(conn, chosen):
            if code is not None:
                raise sqlite3.IntegrityError("join code taken")
            continue
        conn.execute(
            "INSERT INTO teams (workshop_id, name, join_code) VALUES (?, ?, ?)",
            (workshop, name, chosen),
        )
        return
    raise WorkshopError("code_taken")
