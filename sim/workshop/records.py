"""Plain records read from the store (no SQL outside this package)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    name: str
    scenario_id: str
    scenario_path: str
    seed: int
    lang: str
    round_minutes: int
    state: str  # running | paused | ended
    released_round: int | None  # rounds teams may play; None = self-paced
    deadline: str | None
    debrief_open: bool
    created_at: str
    ended_at: str | None
    model_version: str = "1"  # the model version the workshop was created under

    @classmethod
    def of(cls, row: sqlite3.Row) -> WorkshopInfo:
        return cls(
            id=row["id"],
            name=row["name"],
            scenario_id=row["scenario_id"],
            scenario_path=row["scenario_path"],
            seed=row["seed"],
            lang=row["lang"],
            round_minutes=row["round_minutes"],
            state=row["state"],
            released_round=row["released_round"],
            deadline=row["deadline"],
            debrief_open=bool(row["debrief_open"]),
            created_at=row["created_at"],
            ended_at=row["ended_at"],
            model_version=str(row["model_version"]),
        )

    @property
    def self_paced(self) -> bool:
        return self.released_round is None

    @property
    def released_week(self) -> int | None:
        """The last week teams may play, numbered as the sandbox shows weeks (from 0); None
        when self-paced."""
        return None if self.released_round is None else self.released_round - 1


@dataclass(frozen=True)
class TeamInfo:
    id: int
    workshop_id: int
    name: str
    join_code: str
    roles: tuple[str, ...]
    joined_at: str | None
    # the roles the table said its people play, a seat each (the week waits for them)
    table_roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, row: sqlite3.Row) -> TeamInfo:
        return cls(
            id=row["id"],
            workshop_id=row["workshop_id"],
            name=row["name"],
            join_code=row["join_code"],
            roles=role_list(row["roles"]),
            joined_at=row["joined_at"],
            table_roles=role_list(row["table_roles"]),
        )


def awaited_roles(table_roles: Iterable[str], taken: Iterable[str]) -> tuple[str, ...]:
    """The roles a table said it plays whose seat nobody has ``taken`` yet, in its order."""
    seated = set(taken)
    return tuple(r for r in table_roles if r not in seated)


def role_list(text: object) -> tuple[str, ...]:
    """A stored comma-separated list of roles → the roles."""
    return tuple(r for r in str(text).split(",") if r)


@dataclass(frozen=True)
class BoardRow:
    """One team on the trainer's live board."""

    team: str
    join_code: str
    joined: bool
    rounds: int  # rounds committed
    week: int
    stage: str
    phase: str
    spend: float
    budget_left: float
    forecast_stage: str | None
    forecast_win: float | None
    last_commit: str | None
    late: bool  # the released round is past its deadline and this team has not played it
    outcome: str | None
    margin: float | None
    # the team's seats for the week being planned: (role, person, ready); () on one screen
    seats: tuple[tuple[str, str, bool], ...] = ()
    drafts: int = 0  # assignments in the team's shared draft for that week
    awaited: tuple[str, ...] = ()  # roles the table said it plays whose seat nobody took yet
    rivals: tuple[tuple[str, bool], ...] = ()  # red teams seated: (vendor, ready for the week)


@dataclass(frozen=True)
class TeamResult:
    team: str
    outcome: str
    winner: str | None
    weeks: int
    contract_value: float
    pursuit_spend: float
    labour_cost: float
    margin: float
    forecast_brier: float | None
    satisfaction: float
    events: int
    event_log_sha256: str
    finished_at: str


@dataclass(frozen=True)
class SeatInfo:
    """One role's seat in a team (a person on a device, or several devices of one person)."""

    id: int
    team_id: int
    role: str
    person: str  # the name the person gave ("" if none)
    joined_at: str
    from_round: int  # the first week the seat was there for

    @classmethod
    def of(cls, row: sqlite3.Row) -> SeatInfo:
        return cls(
            id=row["id"],
            team_id=row["team_id"],
            role=row["role"],
            person=row["person"],
            joined_at=row["joined_at"],
            from_round=row["from_round"],
        )


@dataclass(frozen=True)
class SeatRecord:
    """What one seat (a person in a role) did over the game, for the debrief and the gaps
    view: decisions made, briefings given and received, readiness on time, a free-rider run."""

    workshop: str
    team: str
    role: str
    person: str
    played_by: str  # seat | table (one screen) | policy (nobody played the role)
    weeks: int  # weeks committed while the seat was there
    decisions: int  # assignments the seat planned that were committed
    briefings_given: int  # briefings and strategy sessions the seat's members led
    briefings_received: int  # briefings whose recipients included the seat's members
    notes_given: int  # of those given, how many carried a hand-off note
    ready_on_time: int  # weeks the seat marked ready before the week was committed
    idle_run: int  # the longest run of committed weeks in which the seat made no decision
    free_rider: bool  # idle_run reached sim.workshop.people.FREE_RIDER_WEEKS


@dataclass(frozen=True)
class RedTeamInfo:
    """A competitor of the workshop's scenario played by people (the red team), one seat."""

    id: int
    workshop_id: int
    vendor: str  # the competitor's id in the scenario
    join_code: str
    person: str
    joined_at: str | None

    @classmethod
    def of(cls, row: sqlite3.Row) -> RedTeamInfo:
        return cls(
            id=row["id"],
            workshop_id=row["workshop_id"],
            vendor=row["vendor"],
            join_code=row["join_code"],
            person=row["person"],
            joined_at=row["joined_at"],
        )
