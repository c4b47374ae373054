"""Plain records read from the store (no SQL outside this package)."""

from __future__ import annotations

import sqlite3
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

    @classmethod
    def of(cls, row: sqlite3.Row) -> TeamInfo:
        return cls(
            id=row["id"],
            workshop_id=row["workshop_id"],
            name=row["name"],
            join_code=row["join_code"],
            roles=tuple(r for r in str(row["roles"]).split(",") if r),
            joined_at=row["joined_at"],
        )


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
