"""The pursuit as a project: who did what each week, the customer's clock, and the cost of sale.

The Gantt rows are our members; within a week each activity takes the share of the member's
weekly hours it used, so a full bar is a fully booked week. Hours, labour (hours × hourly cost)
and expenses are summed per role and per sales stage, as a project budget would show them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.analysis.session_facts import CUSTOMER_KINDS, SessionFacts


@dataclass(frozen=True)
class Bar:
    """One activity in one member's week: ``start`` and ``width`` are fractions of the week."""

    member: str
    week: int
    start: float
    width: float
    activity: str
    lead: bool
    row: int


@dataclass(frozen=True)
class Band:
    """A span of weeks in one customer phase or one of our sales stages."""

    start: float
    end: float
    name: str


@dataclass(frozen=True)
class Marker:
    """A customer or competitor event at a point in time (weeks)."""

    week: float
    kind: str
    actor: str
    target: str
    what: str
    seen: bool
    row: int


def gantt_bars(facts: SessionFacts) -> list[Bar]:
    capacity = {m.id: m.weekly_hours for m in facts.scenario.team}
    used: dict[tuple[str, int], float] = {}
    bars = []
    for action in facts.actions:
        for member in action.members:
            key = (member, action.round)
            start = used.get(key, 0.0)
            width = min(action.hours / capacity[member], max(0.0, 1.0 - start))
            used[key] = start + width
            bars.append(
                Bar(
                    member,
                    action.round,
                    start,
                    width,
                    action.activity,
                    member == action.lead,
                    action.row,
                )
            )
    return bars


def end_week(facts: SessionFacts) -> float:
    """The last week of selling shown on the chart (the session's last round, plus one)."""
    return float(len(facts.game.decisions))


def _bands(changes: list[tuple[float, str]], days: float, end: float) -> list[Band]:
    bands = []
    for k, (time, name) in enumerate(changes):
        start = max(0.0, time / days)
        stop = changes[k + 1][0] / days if k + 1 < len(changes) else end
        stop = min(stop, end)
        if stop > start:
            bands.append(Band(start, stop, name))
    return bands


def phase_bands(facts: SessionFacts) -> list[Band]:
    """The customer's buying phases (latent need, requirements, tender, evaluation ...)."""
    return _bands(facts.phases, facts.days, end_week(facts))


def stage_bands(facts: SessionFacts) -> list[Band]:
    """Our sales stages, moved on by verifiable exit criteria."""
    return _bands(facts.stages, facts.days, end_week(facts))


def customer_markers(facts: SessionFacts) -> list[Marker]:
    kinds = set(CUSTOMER_KINDS) | {"outcome", "bid_missed"}
    return [
        Marker(r.time / facts.days, r.kind, r.actor, r.target, r.note, True, i)
        for i, r in enumerate(facts.records)
        if r.kind in kinds
    ]


def competitor_markers(facts: SessionFacts) -> list[Marker]:
    """Every competitor move (hidden truth); ``seen`` if our team heard of it."""
    seen = {(r.time, r.actor, r.target) for r in facts.records if r.kind == "competitor_seen"}
    return [
        Marker(
            r.time / facts.days,
            r.kind,
            r.actor,
            r.target,
            r.activity,
            (r.time, r.actor, r.target) in seen,
            i,
        )
        for i, r in enumerate(facts.records)
        if r.kind == "competitor_move"
    ]


def _spend(facts: SessionFacts) -> pd.DataFrame:
    """One line per member per action: hours, labour and (for the lead) the expenses."""
    cost = {m.id: m.hourly_cost for m in facts.scenario.team}
    lines = [
        {
            "member": member,
            "role": facts.names.roles[member],
            "stage": action.stage,
            "hours": action.hours,
            "labour": action.hours * cost[member],
            "expenses": action.expenses if member == action.lead else 0.0,
        }
        for action in facts.actions
        for member in action.members
    ]
    columns = ["member", "role", "stage", "hours", "labour", "expenses"]
    return pd.DataFrame(lines, columns=columns)


def costs_by(facts: SessionFacts, by: str) -> pd.DataFrame:
    """Hours, labour, expenses and their total per ``role``, ``member`` or ``stage``."""
    spend = _spend(facts)
    table = spend.groupby(by, sort=False)[["hours", "labour", "expenses"]].sum()
    table["total"] = table["labour"] + table["expenses"]
    return table


@dataclass(frozen=True)
class CostOfSale:
    expenses: float
    labour: float
    budget: float
    deal_value: float
    won: bool

    @property
    def total(self) -> float:
        return self.expenses + self.labour

    @property
    def share_of_value(self) -> float:
        return self.total / self.deal_value if self.deal_value else 0.0

    @property
    def budget_used(self) -> float:
        return self.expenses / self.budget if self.budget else 0.0


def cost_of_sale(facts: SessionFacts) -> CostOfSale:
    result = facts.result
    return CostOfSale(
        expenses=result.pursuit_spend,
        labour=result.labour_cost,
        budget=facts.scenario.account.pursuit_budget,
        deal_value=facts.deal_value,
        won=facts.won,
    )
