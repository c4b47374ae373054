"""A seeded sample: three past workshops, played to the end by scripted teams.

For trying the facilitator and team-gaps notebooks before a real workshop, and for their tests.
Each team is played by a policy (the expert, or the expert with one habit switched off, or the
naive team), so the teams differ the way real teams do: one skips the PM, one pitches
technology to everyone, one never escalates. Dates are fixed, so the sample is the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sim
from sim.policies import resolve_policy
from sim.workshop.seat import TeamSeat
from sim.workshop.store import Store
from sim.workshop.trainer import Facilitator

SAMPLE_TRAINER_CODE = "SAMPLE"


@dataclass(frozen=True)
class SampleTeam:
    name: str
    code: str
    policy: str  # who plays it (a policy spec)
    rounds: int | None = None  # stop after this many rounds (None: to the end)


@dataclass(frozen=True)
class SampleWorkshop:
    name: str
    scenario: str  # file name in scenarios/
    seed: int
    date: datetime
    teams: tuple[SampleTeam, ...]


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=timezone.utc)


SAMPLE: tuple[SampleWorkshop, ...] = (
    SampleWorkshop(
        "Key-account academy · September",
        "cross_sell_mes_erp.yaml",
        22,
        _at(2026, 9, 15),
        (
            SampleTeam("Blue", "BLUE22", "expert"),
            SampleTeam("Red", "RED333", "expert:pm=never"),
            SampleTeam("Green", "GREEN4", "expert:angle=technology"),
            SampleTeam("Yellow", "YELLW5", "naive"),
        ),
    ),
    SampleWorkshop(
        "Key-account academy · October",
        "new_account_public_tender.yaml",
        28,
        _at(2026, 10, 20),
        (
            SampleTeam("Falcons", "FALCN6", "expert:escalation=false"),
            SampleTeam("Herons", "HERNS7", "expert:pm_briefed=false"),
            SampleTeam("Kites", "KTES88", "expert"),
            SampleTeam("Swans", "SWNS99", "expert:strategy=false,briefings=false"),
        ),
    ),
    SampleWorkshop(
        "Regional sales team · November",
        "cross_sell_mes_erp.yaml",
        23,
        _at(2026, 11, 17),
        (
            SampleTeam("North", "NRTH23", "expert:pm=late"),
            SampleTeam("South", "STH234", "expert:mapping=false"),
            SampleTeam("East", "EAST45", "expert"),
            SampleTeam("West", "WEST56", "naive", rounds=6),  # still playing when it ended
        ),
    ),
)


def scenario_file(name: str) -> Path:
    return Path(sim.__file__).resolve().parents[1] / "scenarios" / name


def make_sample(path: str | Path, workshops: Sequence[SampleWorkshop] = SAMPLE) -> list[int]:
    """Write the sample workshops into the store at ``path``; returns their ids.

    The trainer code of each is :data:`SAMPLE_TRAINER_CODE`."""
    ids = []
    for spec in workshops:
        store = Store(path, clock=lambda spec=spec: spec.date)  # type: ignore[misc]
        try:
            trainer = Facilitator.create(
                store,
                name=spec.name,
                scenario=scenario_file(spec.scenario),
                seed=spec.seed,
                teams=[t.name for t in spec.teams],
                join_codes=[t.code for t in spec.teams],
                trainer_code=SAMPLE_TRAINER_CODE,
                round_minutes=15,
                self_paced=True,
            )
            for team in spec.teams:
                _play(store, team)
            trainer.end()
            trainer.open_debrief()
            ids.append(trainer.workshop_id)
        finally:
            store.close()
    return ids


def _play(store: Store, team: SampleTeam) -> None:
    seat = TeamSeat.join(store, team.code)
    policy = resolve_policy(team.policy)
    assert policy is not None
    while not seat.game.done and (team.rounds is None or len(seat.game.decisions) < team.rounds):
        seat.commit(policy.plan(seat.game.observe(feed=False)))
