"""Forty seats — ten teams × four roles, each a separate process with its own connection —
play a whole game against one store, all at the same time.

What must hold: no error reaches any seat; every assignment a seat added is committed exactly
once, with that seat (none lost, none doubled, none another seat's); every week was committed
because all four seats were ready; and every team's game — as each of its four seats played
it, and as the trainer replays it from the store — has the event log of the same decisions
replayed solo.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections import Counter
from pathlib import Path

import pytest

from sim import Simulation
from sim.workshop import Facilitator, Store
from sim.workshop.games import team_plans
from tests.seats_play import play_seat
from tests.workshop_play import TEAM_POLICIES

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
SEED = 7
TEAMS = 10
ROLES = ("sales_rep", "presales", "project_manager", "executive")

pytestmark = pytest.mark.slow


def test_forty_seats_play_ten_teams_without_loss_duplication_or_errors(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite"
    names = [f"Team {i:02d}" for i in range(TEAMS)]
    with Store(path) as store:
        trainer = Facilitator.create(
            store, name="Seats", scenario=SCENARIO, seed=SEED, teams=names, self_paced=True
        )
        codes = {t.name: t.join_code for t in trainer.teams()}
    policies = {name: TEAM_POLICIES[i % len(TEAM_POLICIES)] for i, name in enumerate(names)}

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sim.workshop", "sim.policies", "tests.seats_play"])
    start_at = time.time() + 3.0
    jobs = [(name, role) for name in names for role in ROLES]
    processes = [
        context.Process(
            target=play_seat,
            args=(
                str(path),
                codes[name],
                role,
                policies[name],
                str(tmp_path / f"{k}.json"),
                start_at,
            ),
        )
        for k, (name, role) in enumerate(jobs)
    ]
    for process in processes:
        process.start()
    reads = 0
    with Store(path) as store:  # the trainer's board reads alongside the writers
        board = Facilitator.open(store, trainer.workshop_id, trainer.trainer_code)
        while any(p.is_alive() for p in processes):
            board.board()
            reads += 1
            time.sleep(0.05)
    for process in processes:
        process.join(timeout=900)
        assert process.exitcode == 0

    reports = {job: json.loads((tmp_path / f"{k}.json").read_text()) for k, job in enumerate(jobs)}
    errors = [e for r in reports.values() for e in r["errors"]]
    assert errors == [], errors[:3]
    assert reads > 0

    with Store(path) as store:
        trainer = Facilitator.open(store, trainer.workshop_id, trainer.trainer_code)
        assert store.integrity() == "ok"
        teams = {t.name: t for t in trainer.teams()}
        with Store(path) as raw, raw.read() as conn:  # its own connection: the trainer reads too
            for name in names:
                team = teams[name]
                rows = conn.execute(
                    "SELECT decisions.round, decisions.assignment, seats.role FROM decisions"
                    " JOIN seats ON seats.id = decisions.seat_id WHERE decisions.team_id = ?",
                    (team.id,),
                ).fetchall()
                assert (
                    conn.execute(
                        "SELECT COUNT(*) FROM decisions WHERE team_id = ? AND source != 'seat'",
                        (team.id,),
                    ).fetchone()[0]
                    == 0
                )  # four seats: the policy planned nothing
                hows = {
                    r[0]
                    for r in conn.execute("SELECT how FROM rounds WHERE team_id = ?", (team.id,))
                }
                assert hows == {"ready"}
                stored = Counter((r["role"], r["round"], r["assignment"]) for r in rows)
                added = Counter(
                    (role, week, text)
                    for role in ROLES
                    for week, text in reports[(name, role)]["added"]
                )
                assert stored == added, name  # none lost, none doubled, each with its seat
                plans = team_plans(conn, team.id)
                assert (
                    conn.execute(
                        "SELECT COUNT(*) FROM drafts WHERE team_id = ?", (team.id,)
                    ).fetchone()[0]
                    == 0
                )

                solo = Simulation(SCENARIO, seed=SEED)
                for plan in plans:
                    solo.plan(plan)
                    solo.advance()
                assert solo.done
                sha = solo.log.sha256()
                for role in ROLES:  # as each device played it
                    report = reports[(name, role)]
                    assert report["sha"] == sha and report["rounds"] == len(plans), (name, role)
                assert trainer.simulation(name).log.sha256() == sha  # replayed from the store
                assert trainer.results()[name].event_log_sha256 == sha
