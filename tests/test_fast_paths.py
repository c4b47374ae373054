"""The engine's fast paths give exactly what the plain computations give (benchmarks/
engine_speed.py measures the speed; these tests hold the bits): one stakeholder's choice and
disposition against the whole table, the week's drift, readings of disposition and needs
against the numpy computations, the quick plan check against the full one, and a lean log
against a detailed one."""

from __future__ import annotations

import copy
import gc
import itertools
import math
import weakref
from collections.abc import Iterator

import numpy as np

from sim.engine.simulation import Simulation
from sim.model import numerics as nx
from sim.model.activities import CATALOGUE
from sim.model.beliefs import Beliefs
from sim.model.buying_centre import BuyingCentre
from sim.model.plans import Assignment
from sim.model.validation import _check_assignment, _plainly_valid
from tests.replications import scenario

SCENARIOS = ("cross_sell_mes_erp", "machinery_construction_group", "relationship_bid")


def _games(weeks: tuple[int, ...] = (0, 3, 8, 14)) -> list[Simulation]:
    """Games stopped at several weeks, on scenarios of different sizes."""
    out = []
    for name in SCENARIOS:
        for seed, week in enumerate(weeks):
            game = Simulation(scenario(name), seed=seed, policy="expert")
            while not game.done and game.round < week:
                game.advance()
            out.append(game)
    return out


def _bits(values: list[float]) -> list[tuple[float, float]]:
    """Values with their signs, so that 0.0 and -0.0 differ."""
    return [(v, math.copysign(1.0, v)) for v in values]


def test_one_stakeholders_choice_and_disposition_are_rows_of_the_tables() -> None:
    for game in _games():
        centre = game.deal.centre
        temperature = game.deal.params.choice_temperature
        table = centre.choice(temperature).tolist()
        for s in range(len(centre.ids)):
            assert centre.choice_of(s, temperature) == table[s]
            assert centre.disposition_list(s) == centre.disposition_of(s).tolist()


def test_drift_mixes_perception_and_status_quo_as_two_products_would() -> None:
    for game in _games():
        centre = game.deal.centre
        rate = game.deal.params.drift_rate
        perception, status_quo = centre.perception.copy(), centre.status_quo.copy()
        n = perception.shape[0]
        flat = perception.reshape(n, -1)
        flat += rate * (nx.mix(centre.links, flat) - flat)
        status_quo += rate * (nx.mix(centre.links, status_quo) - status_quo)
        centre.drift(rate)
        assert np.array_equal(centre.perception, perception)
        assert np.array_equal(centre.status_quo, status_quo)


def _readings(
    accuracies: tuple[float, ...],
) -> Iterator[tuple[Beliefs, BuyingCentre, int, float, np.random.Generator]]:
    """Every stakeholder of every game at each accuracy, with a copy of the observation
    stream as it stands before the reading (to compute the expected reading from)."""
    for game in _games():
        beliefs, centre = game.deal.beliefs, game.deal.centre
        for s in range(len(centre.ids)):
            for accuracy in accuracies:
                yield beliefs, centre, s, accuracy, copy.deepcopy(beliefs.rng)


def test_a_disposition_reading_rounds_as_numpy_does_signed_zeros_included() -> None:
    readings = 0
    for beliefs, centre, s, accuracy, rng in _readings((0.2, 0.6, 1.0)):
        truth = centre.disposition_of(s)
        spread = 5.0 * beliefs.noise * (1.5 - accuracy)
        expected = np.rint(truth + nx.normal(rng, spread, truth.shape))
        clipped = [min(5.0, max(-5.0, x)) for x in expected.tolist()]
        assert _bits(list(beliefs.observe_disposition(centre, s, accuracy))) == _bits(clipped)
        readings += 1
    assert readings > 100


def test_a_needs_reading_is_the_numpy_computation_in_python_floats() -> None:
    readings = 0
    for beliefs, centre, s, accuracy, rng in _readings((0.1, 0.7, 1.2)):
        truth = centre.concerns[s]
        noise = nx.normal(rng, beliefs.noise * (1.2 - accuracy), truth.shape)
        noisy = np.clip(truth + noise, 0.0, None)
        total = nx.total(noisy.tolist())
        estimate = noisy / total if total > 0 else truth
        expected = [round(float(x), 2) for x in estimate]
        assert _bits(list(beliefs.observe_concerns(centre, s, accuracy))) == _bits(expected)
        readings += 1
    assert readings > 100


def _candidates(game: Simulation) -> list[Assignment]:
    """Assignments of every kind, sound and broken: every lead, one or two companions,
    no target, one or two stakeholders (reachable or not, known or not), colleagues, angles."""
    members = list(game.deal.team.members)
    people = list(game.deal.centre.ids)
    targets = [(), ("nobody",), *((p,) for p in people), tuple(people[:2]), (people[0],) * 2]
    targets += [(m,) for m in members]
    crews = [(m,) for m in members] + list(itertools.permutations(members, 2))[:6]
    crews.append((members[0], members[0]))
    out = []
    for activity in (*CATALOGUE, "no_such_activity"):
        for crew in crews:
            for aimed in targets:
                for angle in (None, "business", "sideways"):
                    out.append(Assignment(activity, crew, aimed, angle))
    return out


def test_the_quick_plan_check_passes_only_what_the_full_check_passes() -> None:
    passed = looked_closer = 0
    for game in _games(weeks=(0, 6, 12, 18)):
        for assignment in _candidates(game):
            if _plainly_valid(game.deal, assignment):
                assert list(_check_assignment(game.deal, assignment)) == [], assignment
                passed += 1
            else:
                looked_closer += 1
    assert passed > 200 and looked_closer > passed  # both ways are exercised


def test_a_lean_log_is_the_detailed_log_without_its_truth_records() -> None:
    for name in SCENARIOS:
        for seed in range(6):
            for policy in ("expert", "typical", "naive"):
                full = Simulation(scenario(name), seed=seed, policy=policy)
                lean = Simulation(scenario(name), seed=seed, policy=policy, detail=False)
                full.play()
                lean.play()
                shown = [r for r in full.log.records if r.view != "truth"]
                assert lean.log.records == shown, (name, seed, policy)
                assert not any(r.view == "truth" for r in lean.log.records)


def test_a_finished_game_is_freed_without_the_garbage_collector() -> None:
    """No reference cycle keeps a played game alive: batch runs free each one at once (the
    recorder holds the deal weakly, and every process has ended when the deal closes)."""
    gc.disable()
    try:
        for name in SCENARIOS:
            game = Simulation(scenario(name), seed=3, policy="expert", detail=False)
            game.play()
            deal = weakref.ref(game.deal)
            del game
            assert deal() is None
    finally:
        gc.enable()
