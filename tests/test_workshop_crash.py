"""A team's kernel killed in the middle of a round commit: the store stays consistent, the
other teams carry on, and the team rejoins and finishes exactly as it would have."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sim import Simulation
from sim.policies import resolve_policy
from sim.workshop import Facilitator, Store, TeamSeat

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
SEED = 3
KILLED_IN = 4  # the round (0-based) whose commit is killed

# The writer plays KILLED_IN rounds, then stops inside the transaction of the next commit
# (its rows written, not committed) and says so; the test kills it there with SIGKILL.
WRITER = """
import sys, time
from pathlib import Path
from sim.policies import resolve_policy
from sim.workshop import Store, TeamSeat

store_path, code, flag, killed_in = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
seat = TeamSeat.join(Store(store_path), code)
policy = resolve_policy("expert")

def stall(conn):
    rows = conn.execute("SELECT COUNT(*) FROM rounds WHERE round = ?", (killed_in,)).fetchone()[0]
    flag.write_text(str(rows))  # the round's rows exist inside the open transaction
    time.sleep(600)

while len(seat.game.decisions) < killed_in:
    seat.commit(policy.plan(seat.game.observe(feed=False)))
seat.before_commit = stall
seat.commit(policy.plan(seat.game.observe(feed=False)))
"""


def test_a_writer_killed_mid_commit_leaves_the_store_consistent_and_the_team_resumes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "workshops.sqlite"
    with Store(path) as store:
        trainer = Facilitator.create(
            store,
            name="Crash",
            scenario=SCENARIO,
            seed=SEED,
            teams=["Blue", "Red"],
            join_codes=["BLUE22", "RED333"],
            self_paced=True,
        )
    flag = tmp_path / "in-transaction"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "BLUE22", str(flag), str(KILLED_IN)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert writer.poll() is None, "the writer ended before its commit"
            assert time.monotonic() < deadline, "the writer never reached its commit"
            time.sleep(0.05)
        assert flag.read_text() == "1"  # the round was half-written when it was killed
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL

    expert = resolve_policy("expert")
    assert expert is not None
    with Store(path) as store:
        assert store.integrity() == "ok"
        with store.read() as conn:
            assert [r[0] for r in conn.execute("SELECT round FROM rounds ORDER BY round")] == list(
                range(KILLED_IN)
            )
            assert (
                conn.execute(
                    "SELECT COUNT(*) FROM decisions WHERE round >= ?", (KILLED_IN,)
                ).fetchone()[0]
                == 0
            )
            assert (
                conn.execute(
                    "SELECT COUNT(*) FROM forecasts WHERE round >= ?", (KILLED_IN,)
                ).fetchone()[0]
                == 0
            )
        # The lock died with the writer: another team commits straight away.
        red = TeamSeat.join(store, "RED333")
        red.commit(expert.plan(red.game.observe(feed=False)))
        # The killed team rejoins where the store has it, and finishes like a solo game.
        blue = TeamSeat.join(store, "BLUE22")
        assert len(blue.game.decisions) == KILLED_IN
        partial = Simulation(SCENARIO, seed=SEED, policy="expert")
        for _ in range(KILLED_IN):
            partial.advance()
        assert blue.game.log.sha256() == partial.log.sha256()
        while not blue.game.done:
            blue.commit(expert.plan(blue.game.observe(feed=False)))
        solo = Simulation(SCENARIO, seed=SEED, policy="expert")
        solo.play()
        assert blue.game.log.sha256() == solo.log.sha256()
        board = {
            row.team: row
            for row in Facilitator.open(store, trainer.workshop_id, trainer.trainer_code).board()
        }
        assert board["Blue"].rounds == len(solo.decisions)
        assert board["Red"].rounds == 1
        assert store.integrity() == "ok"
