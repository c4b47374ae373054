"""Forty team processes play a whole game each against one store, all at the same time.

What must hold: no lost or duplicated decisions, no error (in particular no "database is
locked") reaches any team, and every team's game — as committed, and as replayed from the
store — has the same event log as the same decisions played solo.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest

from sim import Simulation
from sim.workshop import Facilitator, Store
from tests.workshop_play import TEAM_POLICIES, play_team

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
SEED = 7
TEAMS = 40

pytestmark = pytest.mark.slow


def solo(policy: str) -> tuple[str, int, int]:
    """The solo game with these decisions: event log sha, rounds, assignments."""
    game = Simulation(SCENARIO, seed=SEED, policy=policy)
    game.play()
    assignments = sum(len(p.assignments) for p in game.decisions)
    return game.log.sha256(), len(game.decisions), assignments


def test_forty_teams_commit_concurrently_without_loss_duplication_or_lock_errors(
    tmp_path: Path,
) -> None:
    path = tmp_path / "workshops.sqlite"
    names = [f"Team {i:02d}" for i in range(TEAMS)]
    with Store(path) as store:
        trainer = Facilitator.create(
            store, name="Concurrency", scenario=SCENARIO, seed=SEED, teams=names, self_paced=True
        )
        codes = {t.name: t.join_code for t in trainer.teams()}
    policies = {name: TEAM_POLICIES[i % len(TEAM_POLICIES)] for i, name in enumerate(names)}

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sim.workshop", "sim.policies", "tests.workshop_play"])
    start_at = time.time() + 3.0
    processes = [
        context.Process(
            target=play_team,
            args=(str(path), codes[name], policies[name], str(tmp_path / f"{i}.json"), start_at),
        )
        for i, name in enumerate(names)
    ]
    for process in processes:
        process.start()
    # The trainer watches the board while the teams play (readers alongside the writers).
    reads = 0
    with Store(path) as store:
        board = Facilitator.open(store, trainer.workshop_id, trainer.trainer_code)
        while any(p.is_alive() for p in processes):
            board.board()
            reads += 1
            time.sleep(0.05)
    for process in processes:
        process.join(timeout=600)
        assert process.exitcode == 0

    reports = [json.loads((tmp_path / f"{i}.json").read_text()) for i in range(TEAMS)]
    errors = [e for r in reports for e in r["errors"]]
    assert errors == [], errors[:3]
    assert reads > 0

    expected = {p: solo(p) for p in set(policies.values())}
    with Store(path) as store:
        trainer = Facilitator.open(store, trainer.workshop_id, trainer.trainer_code)
        assert store.integrity() == "ok"
        results = trainer.results()
        rows = {row.team: row for row in trainer.board()}
        with store.read() as conn:
            rounds = dict(
                conn.execute("SELECT team_id, COUNT(*) FROM rounds GROUP BY team_id").fetchall()
            )
            decisions = dict(
                conn.execute("SELECT team_id, COUNT(*) FROM decisions GROUP BY team_id").fetchall()
            )
        teams = {t.name: t for t in trainer.teams()}
        for name, report in zip(names, reports, strict=True):
            sha, n_rounds, n_assignments = expected[policies[name]]
            team_id = teams[name].id
            assert report["sha"] == sha, name  # as played in the team's process
            assert rounds[team_id] == n_rounds == report["rounds"] == rows[name].rounds
            assert decisions[team_id] == n_assignments  # none lost, none doubled
            assert results[name].event_log_sha256 == sha
            assert trainer.simulation(name).log.sha256() == sha  # replayed from the store
    assert len(results) == TEAMS


def test_the_solo_sha_does_not_depend_on_the_policy_that_made_the_decisions() -> None:
    """The check above compares with solo games played by the policy; the workshop rebuilds
    games with the expert for automatic roles. Same decisions, same log either way."""
    played = Simulation(SCENARIO, seed=SEED, policy="naive")
    played.play()
    replayed = Simulation(SCENARIO, seed=SEED, policy="expert")
    for plan in played.decisions:
        replayed.plan(plan)
        replayed.advance()
    assert replayed.log.sha256() == played.log.sha256()
