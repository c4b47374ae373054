"""Replaying a session's decisions on its seed: round snapshots, what-ifs, counterfactuals.

A strict replay of unchanged decisions reproduces the session exactly (the engine's promise).
A *tolerant* replay runs the decisions in a changed world (one decision edited, a competitor
silenced): an assignment that is no longer possible there — over capacity, a stakeholder not
yet introduced — is left out and reported, and the rest of the round goes ahead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from sim.engine import Simulation
from sim.engine.rng import Seed
from sim.i18n.plans import reason_messages
from sim.model.observation import TeamView
from sim.model.plans import Assignment, Plan, PlanError
from sim.scenario import LoadedScenario, Scenario

SPARE_ROUNDS = 120  # a changed world may need more rounds than the session had (e.g. a new win)


class ReplayMismatchError(RuntimeError):
    """A strict replay did not reproduce the session (an engine or session-file bug)."""


@dataclass(frozen=True)
class Dropped:
    """An assignment the changed world did not allow, and why."""

    round: int
    assignment: Assignment
    reason: str


@dataclass
class Replay:
    """The replayed game, the team's view at the start of every round, and what was dropped.

    ``views[r]`` is what the team saw when planning round ``r``; the last entry is the view
    after the final round.
    """

    game: Simulation
    views: list[TeamView] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def scenario_of(game: Simulation) -> Scenario | LoadedScenario:
    return game.source if game.source is not None else game.scenario


def replay(
    scenario: Scenario | LoadedScenario,
    seed: Seed,
    rounds: Sequence[Plan],
    *,
    lang: str = "en",
    detail: bool = True,
    snapshots: bool = False,
    tolerant: bool = False,
    finish: bool = False,
) -> Replay:
    """Play ``rounds`` on ``seed``; ``finish`` keeps going with empty plans until the deal ends."""
    game = Simulation(scenario, seed=seed, policy=None, lang=lang, detail=detail)
    result = Replay(game)
    plans = list(rounds)
    limit = len(plans) + (SPARE_ROUNDS if finish else 0)
    for number in range(limit):
        if game.done:
            break
        if snapshots:
            result.views.append(game.observe(feed=False))
        plan = plans[number] if number < len(plans) else Plan()
        if tolerant:
            plan = _feasible(game, plan, number, result.dropped)
        game.plan(plan)
        game.advance()
    if snapshots:
        result.views.append(game.observe(feed=False))
    return result


def replay_session(game: Simulation, *, lang: str | None = None) -> Replay:
    """Replay a played session exactly, with the team's view before every round."""
    again = replay(
        scenario_of(game),
        game.seed,
        game.decisions,
        lang=lang or game.lang,
        detail=game.detail,
        snapshots=True,
    )
    if again.game.log.sha256() != game.log.sha256():
        raise ReplayMismatchError("replaying the session's decisions did not reproduce its log")
    return again


def _feasible(game: Simulation, plan: Plan, number: int, dropped: list[Dropped]) -> Plan:
    """The largest prefix-preserving part of ``plan`` the game accepts now. A red team's order
    the changed world no longer allows (a vendor silenced, a door not open) is left out: that
    vendor plays its archetype that week."""
    for order in plan.rivals:
        with contextlib.suppress(PlanError):
            game.order(order)
    plan = Plan(plan.assignments, plan.forecast)
    assignments = list(plan.assignments)
    while True:
        candidate = Plan(tuple(assignments), plan.forecast)
        try:
            game.plan(candidate)
        except PlanError as error:
            lang = game.lang
            pointed = sorted({r.where for r in error.reasons if r.where is not None}, reverse=True)
            if pointed:
                for index in pointed:
                    message = _message(error, index, lang)
                    dropped.append(Dropped(number, assignments.pop(index), message))
                continue
            if not assignments:  # only the forecast is left and it is invalid: drop it
                return Plan()
            message = "; ".join(reason_messages(error.reasons, lang))
            dropped.append(Dropped(number, assignments.pop(), message))
            continue
        return candidate


def _message(error: PlanError, index: int, lang: str) -> str:
    return "; ".join(reason_messages((r for r in error.reasons if r.where == index), lang))
