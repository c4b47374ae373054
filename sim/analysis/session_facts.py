"""The facts of one played session, in the shapes the debrief reads.

Built once from a finished (or unfinished) :class:`Simulation`: the event log with row numbers
(the numbers every score cites), each performed assignment joined to its ``activity`` row, the
customer's phase and our sales stage over time, and the team's view before every round (from
an exact replay — the same decisions on the same seed).

May import: ``sim.analysis.replay`` and ``sim.analysis.text``, ``sim.engine``, ``sim.model``,
``sim.scenario``, pandas; no other analysis module (they all read this one).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

import pandas as pd

from sim.analysis.replay import replay, replay_session, scenario_of
from sim.analysis.text import Names
from sim.engine import EventRecord, Result, Simulation
from sim.model.activities import CATALOGUE
from sim.model.observation import TeamView
from sim.scenario.schema import DIMENSIONS, Scenario

# Records that an activity produces at the moment it is performed (same time, after its row).
CAUSED_KINDS = frozenset(
    {
        "needs_discovered",
        "buying_centre_mapped",
        "access_granted",
        "angle_fit",
        "angle_misfit",
        "pm_cold",
        "executive_escalation",
        "briefing",
        "team_aligned",
        "message_conflict",
        "pushback",
        "contact_fatigue",
        "pm_request_met",
        "pm_request_met_cold",
    }
)
CUSTOMER_KINDS = (
    "tender_issued",
    "decision_maker_replaced",
    "budget_cut",
    "pm_requested",
    "pm_request_missed",
    "timeline_slip",
    "award",
    "contract_signed",
    "acceptance",
    "payment",
)
IMPLEMENTATION_RISK = DIMENSIONS.index("implementation_risk")


@dataclass(frozen=True)
class Action:
    """One performed assignment, with its cost and the log row that recorded it."""

    row: int
    round: int
    order: int
    time: float
    activity: str
    members: tuple[str, ...]
    targets: tuple[str, ...]
    angle: str | None
    hours: float  # per participating member
    expenses: float
    labour: float
    customer_facing: bool
    phase: str
    stage: str

    @property
    def lead(self) -> str:
        return self.members[0]


class SessionFacts:
    """Everything the analyses share about one session (read-only once built)."""

    def __init__(self, game: Simulation, lang: str | None = None) -> None:
        if not game.detail:  # a lean game has no hidden-state trace: replay it with one
            game = replay(scenario_of(game), game.seed, game.decisions, lang=game.lang).game
        self.game = game
        self.lang = lang or game.lang
        self.scenario: Scenario = game.scenario
        self.names = Names.of(self.scenario, self.lang)
        self.result: Result = game.result()
        self.records: list[EventRecord] = list(game.log.records)
        self.days = float(self.scenario.timeline.round_days)
        self.events = self._frame()
        self.phases = _changes(self.records, "phase", "latent")
        self.stages = _changes(self.records, "stage", "prospecting")
        self.actions = self._actions()
        self.cause = self._causes()
        self.effects: dict[int, list[int]] = {}
        for row, action_row in self.cause.items():
            self.effects.setdefault(action_row, []).append(row)
        self.views: list[TeamView] = replay_session(game, lang=self.lang).views
        people = self.scenario.stakeholders
        total = sum(p.influence for p in people)
        self.influence = {p.id: p.influence / total for p in people}
        self.departments = {p.id: p.department for p in people}
        self.implementation_concern = {
            p.id: p.concerns.as_tuple()[IMPLEMENTATION_RISK] / max(sum(p.concerns.as_tuple()), 1e-9)
            for p in people
        }
        self.economic_buyer = next(p.id for p in people if "economic_buyer" in p.roles)

    # --- building ----------------------------------------------------------------------
    def _frame(self) -> pd.DataFrame:
        frame = self.game.events()
        frame.insert(0, "row", range(len(frame)))
        frame["week"] = frame["time"] / self.days
        return frame

    def _actions(self) -> list[Action]:
        by_round: dict[int, list[int]] = {}
        for index, record in enumerate(self.records):
            if record.kind == "activity":
                by_round.setdefault(record.round, []).append(index)
        members = self.scenario.team
        cost = {m.id: m.hourly_cost for m in members}
        actions = []
        for number, plan in enumerate(self.game.decisions):
            rows = by_round.get(number, [])
            for order, (assignment, row) in enumerate(zip(plan.assignments, rows, strict=False)):
                spec = CATALOGUE[assignment.activity]
                time = self.records[row].time
                actions.append(
                    Action(
                        row=row,
                        round=number,
                        order=order,
                        time=time,
                        activity=spec.id,
                        members=assignment.members,
                        targets=assignment.targets,
                        angle=assignment.angle,
                        hours=spec.hours,
                        expenses=spec.cost,
                        labour=sum(spec.hours * cost[m] for m in assignment.members),
                        customer_facing=spec.customer_facing,
                        phase=self.phase_at(time),
                        stage=self.stage_at(time),
                    )
                )
        return actions

    def _causes(self) -> dict[int, int]:
        """Row → the activity row that produced it (same moment, later in the log)."""
        cause: dict[int, int] = {}
        last: tuple[int, float] | None = None
        for index, record in enumerate(self.records):
            if record.kind == "activity":
                last = (index, record.time)
            elif last is not None and record.kind in CAUSED_KINDS and record.time == last[1]:
                cause[index] = last[0]
        return cause

    # --- reading -----------------------------------------------------------------------
    def phase_at(self, time: float) -> str:
        return _at(self.phases, time)

    def stage_at(self, time: float) -> str:
        return _at(self.stages, time)

    def rows(self, kind: str) -> list[int]:
        return [i for i, r in enumerate(self.records) if r.kind == kind]

    def first_time(self, kind: str, note: str | None = None) -> float | None:
        """When a record of ``kind`` (with ``note``) first appears."""
        for record in self.records:
            if record.kind == kind and (note is None or record.note == note):
                return record.time
        return None

    def phase_start_row(self, phase: str) -> int | None:
        return next(
            (i for i, r in enumerate(self.records) if r.kind == "phase" and r.note == phase), None
        )

    def action_at(self, row: int) -> Action | None:
        return next((a for a in self.actions if a.row == row), None)

    def win_chance(self) -> pd.Series:
        """The engine's own estimate of our chance at the end of each week (index: week)."""
        rows = [(r.round, r.value) for r in self.records if r.kind == "win_chance"]
        return pd.Series(
            [v for _, v in rows], index=[w for w, _ in rows], name="win_chance", dtype=float
        )

    def forecasts(self) -> pd.Series:
        """The team's committed win probability per round (index: week)."""
        rows = [(r.round, r.value) for r in self.records if r.kind == "forecast"]
        return pd.Series(
            [v for _, v in rows], index=[w for w, _ in rows], name="forecast", dtype=float
        )

    @property
    def bid_time(self) -> float:
        """When bids were opened (the end of selling); the session's end if they never were."""
        opened = self.first_time("phase", "evaluation")
        if opened is not None:
            return opened
        return self.records[-1].time if self.records else 0.0

    @property
    def won(self) -> bool:
        return self.result.outcome == "won"

    @property
    def deal_value(self) -> float:
        return self.result.contract_value if self.won else self.scenario.account.deal_value


def _changes(records: list[EventRecord], kind: str, first: str) -> list[tuple[float, str]]:
    changes = [(-math.inf, first)]
    changes += [(r.time, r.note) for r in records if r.kind == kind and r.note]
    return changes


def _at(changes: list[tuple[float, str]], time: float) -> str:
    index = bisect_right([t for t, _ in changes], time) - 1
    return changes[max(index, 0)][1]
