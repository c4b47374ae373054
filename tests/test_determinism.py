"""Same scenario, seed and decisions ⇒ the same event log; one decision moves only our draws."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from sim.engine.rng import Streams
from sim.engine.simulation import Simulation
from sim.model.plans import Assignment, Plan
from tests.replications import scenario

SCRIPT = (
    "import sim; g = sim.Simulation(sim.load_scenario('scenarios/cross_sell_mes_erp.yaml'), "
    "seed=7, policy='expert'); print(g.play().event_log_sha256)"
)


def test_two_processes_give_the_same_event_log() -> None:
    hashes = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    local = Simulation(scenario("cross_sell_mes_erp"), seed=7, policy="expert").play()
    assert hashes == {local.event_log_sha256 + "\n"}


def test_named_streams_do_not_depend_on_the_order_they_are_asked_for() -> None:
    first = Streams(5)
    a = first.generator("competitors", 1).random(3)
    b = first.generator("decision").random(3)
    second = Streams(5)
    assert np.array_equal(second.generator("decision").random(3), b)
    assert np.array_equal(second.generator("competitors", 1).random(3), a)
    assert not np.array_equal(a, b)


def _played_with(replacement: Assignment | None) -> Simulation:
    """Expert play, except that round 2's plan is replaced by one activity."""
    game = Simulation(scenario("cross_sell_mes_erp"), seed=11, policy="expert")
    for _ in range(2):
        game.advance()
    if replacement is not None:
        game.plan(Plan((replacement,)))
    game.advance()
    game.play()
    return game


def test_one_changed_decision_leaves_other_subsystems_draws_unchanged() -> None:
    base = _played_with(None)
    changed = _played_with(Assignment("relationship_visit", ("rep",), ("wu",)))
    assert base.log.sha256() != changed.log.sha256(), "the extra visit should change the deal"
    timeline = [(r.target, r.value) for r in base.log.records if r.kind == "timeline"]
    assert timeline == [(r.target, r.value) for r in changed.log.records if r.kind == "timeline"]
    assert base.run.event_schedule == changed.run.event_schedule
    for ours, theirs in zip(base.run.competitor_draws, changed.run.competitor_draws, strict=True):
        assert np.array_equal(ours, theirs)
    assert np.array_equal(base.run.decision_draws, changed.run.decision_draws)
    assert np.array_equal(base.run.delivery_draws, changed.run.delivery_draws)
