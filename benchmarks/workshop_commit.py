"""Latency of a round commit with forty teams writing to one workshop store at once.

Run: ``.venv/bin/python benchmarks/workshop_commit.py [--teams 40]``. Each team is its own
process with its own SQLite connection (as forty kernels on one JupyterHub would be) and plays
the cross-sell scenario to the end with a scripted policy. Two patterns:

- **flat out** — self-paced, every team commits its next round the moment the last one is
  done: the store is never idle (the worst case, far denser than people clicking);
- **burst** — paced, the trainer releases a week and all forty teams commit it at the same
  moment, forty times over (what a "go!" in the room looks like).

A commit is ``TeamSeat.commit(plan)`` as the trainee's Advance calls it: the engine plays the
week, then one transaction records it. Both are reported: the whole call and the transaction
alone (``store.write``, which includes waiting for the lock). Target: p95 of the whole call
under 100 ms. Writes benchmarks/results/workshop_commit.json. Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
RESULTS = Path(__file__).parent / "results" / "workshop_commit.json"
TARGET_P95_MS = 100.0
POLICIES = ("expert", "naive", "expert:pm=never", "expert:angle=technology")


def team(store_path: str, code: str, policy_spec: str, out: str, paced: bool) -> None:
    from sim.policies import resolve_policy  # noqa: PLC0415  (in the child)
    from sim.workshop import Store, TeamSeat  # noqa: PLC0415

    store = Store(store_path)
    seat = TeamSeat.join(store, code)
    policy = resolve_policy(policy_spec)
    assert policy is not None
    write = store.write
    calls: list[float] = []
    transactions: list[float] = []

    def timed_write(body: Any) -> Any:
        began = time.perf_counter()
        try:
            return write(body)
        finally:
            transactions.append(time.perf_counter() - began)

    store.write = timed_write  # type: ignore[method-assign]
    errors = []
    while not seat.game.done:
        if paced:
            while seat.closed() is not None:  # wait for the trainer's release
                time.sleep(0.01)
        plan = policy.plan(seat.game.observe(feed=False))
        began = time.perf_counter()
        try:
            seat.commit(plan)
        except Exception as exc:  # a refusal is a finding, not a crash of the benchmark
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        calls.append(time.perf_counter() - began)
    Path(out).write_text(json.dumps({"calls": calls, "tx": transactions, "errors": errors}))


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    cut = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "count": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(cut[94], 2),
        "p99_ms": round(cut[98], 2),
        "max_ms": round(ms[-1], 2),
    }


def run(teams: int, paced: bool, seed: int) -> dict[str, Any]:
    from sim.workshop import Facilitator, Store  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workshops.sqlite"
        names = [f"Team {i:02d}" for i in range(teams)]
        store = Store(path)
        trainer = Facilitator.create(
            store, name="Bench", scenario=SCENARIO, seed=seed, teams=names, self_paced=not paced
        )
        codes = [t.join_code for t in trainer.teams()]
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.workshop", "sim.policies"])
        processes = [
            context.Process(
                target=team,
                args=(str(path), code, POLICIES[i % len(POLICIES)], f"{folder}/{i}.json", paced),
            )
            for i, code in enumerate(codes)
        ]
        began = time.perf_counter()
        for process in processes:
            process.start()
        released = 1
        while any(p.is_alive() for p in processes):
            if paced:
                board = trainer.board()
                waiting = [r for r in board if r.outcome is None]
                if waiting and all(r.rounds >= released for r in waiting):
                    trainer.release_round()
                    released += 1
            time.sleep(0.02)
        wall = time.perf_counter() - began
        reports = [json.loads(Path(f"{folder}/{i}.json").read_text()) for i in range(teams)]
        integrity = store.integrity()
    calls = [c for r in reports for c in r["calls"]]
    tx = [t for r in reports for t in r["tx"]]
    return {
        "pattern": "burst (paced, all teams commit each released week at once)"
        if paced
        else "flat out (self-paced, no pause between commits)",
        "teams": teams,
        "commits": len(calls),
        "wall_s": round(wall, 1),
        "commit_call": percentiles(calls),
        "transaction": percentiles(tx),
        "errors": [e for r in reports for e in r["errors"]],
        "integrity": integrity,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    result = {
        "machine": f"{os.cpu_count()} cores, {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}",
        "target_p95_ms": TARGET_P95_MS,
        "runs": [run(args.teams, paced, args.seed) for paced in (False, True)],
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for r in result["runs"]:
        call, tx = r["commit_call"], r["transaction"]
        print(
            f"{r['pattern']}: {r['commits']} commits by {r['teams']} teams in {r['wall_s']} s; "
            f"commit p50 {call['p50_ms']} ms, p95 {call['p95_ms']} ms (target "
            f"{TARGET_P95_MS:.0f}); transaction p50 {tx['p50_ms']} ms, p95 {tx['p95_ms']} ms; "
            f"errors {len(r['errors'])}; integrity {r['integrity']}"
        )


if __name__ == "__main__":
    main()
