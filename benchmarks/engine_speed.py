"""Engine speed: replications/s per shipped scenario, time per SimPy event against bare SimPy
in the same run, and the latency of one ``advance()``.

The headline figure (issue 12) is ``replication_over_bare_simpy_event``: the cost of one lean
(``detail=False``) replication divided by bare SimPy's time per event, both measured in this
run, per policy (expert, typical) — how many bare SimPy events one replication costs, a figure
that depends little on how fast the machine is. Bare SimPy is measured again before every
chunk of replications and the figure is the median over the chunks, so that a machine whose
load changes during the run still sets like against like.

Run: ``.venv/bin/python benchmarks/engine_speed.py [--replications N]``; writes
benchmarks/results/engine_speed.json. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import simpy

from sim.engine.simulation import Simulation
from sim.scenario import load_scenario

RESULTS = Path(__file__).parent / "results" / "engine_speed.json"


def events_scheduled(env: simpy.Environment) -> int:
    """SimPy numbers every scheduled event; the counter's next value is how many there were."""
    return int(repr(env._eid)[6:-1])  # "count(N)"


def bare_simpy_per_event(processes: int = 6, events: int = 200_000) -> float:
    """Seconds per event for processes that only wait: SimPy's own floor on this machine."""
    env = simpy.Environment()

    def ticker(env: simpy.Environment, step: float) -> simpy.events.ProcessGenerator:
        while True:
            yield env.timeout(step)

    for k in range(processes):
        env.process(ticker(env, 1.0 + 0.1 * k))
    start = time.process_time()
    env.run(until=events / processes)
    elapsed = time.process_time() - start
    return elapsed / events_scheduled(env)


RATIO_POLICIES = ("expert", "typical")
CHUNK = 25  # replications between two bare-SimPy measurements


def replications(path: Path, n: int, detail: bool, policy: str = "expert") -> dict[str, float]:
    """``n`` replications (seeds 0..n-1), in chunks of :data:`CHUNK` each preceded by a short
    bare-SimPy run, so that every chunk's cost is set against SimPy's floor under the same
    load; ``replication_over_bare_simpy_event`` is the median over the chunks."""
    scenario = load_scenario(path)
    simpy_events = 0
    records = 0
    elapsed = 0.0
    chunk_ratios = []
    for first in range(0, n, CHUNK):
        seeds = range(first, min(n, first + CHUNK))
        bare = bare_simpy_per_event(events=60_000)
        start = time.process_time()
        for seed in seeds:
            game = Simulation(scenario, seed=seed, policy=policy, detail=detail)
            game.play()
            simpy_events += events_scheduled(game.env)
            records += len(game.log)
        spent = time.process_time() - start
        elapsed += spent
        chunk_ratios.append(spent / len(seeds) / bare)
    return {
        "replications_per_second": n / elapsed,
        "ms_per_replication": 1000 * elapsed / n,
        "simpy_events_per_replication": simpy_events / n,
        "log_records_per_replication": records / n,
        "seconds_per_simpy_event": elapsed / simpy_events,
        "replication_over_bare_simpy_event": statistics.median(chunk_ratios),
    }


def advance_latency(path: Path, games: int = 30) -> dict[str, float]:
    scenario = load_scenario(path)
    times = []
    for seed in range(games):
        game = Simulation(scenario, seed=seed, policy="expert")
        while not game.done:
            start = time.perf_counter()
            game.advance()
            times.append(time.perf_counter() - start)
    times.sort()
    return {
        "advance_median_ms": 1000 * statistics.median(times),
        "advance_p95_ms": 1000 * times[int(0.95 * len(times))],
        "advance_max_ms": 1000 * times[-1],
        "rounds_measured": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument(
        "--scenario", action="append", help="only this scenario (file stem); may be repeated"
    )
    args = parser.parse_args()
    bare = bare_simpy_per_event()
    report: dict[str, object] = {
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "bare_simpy_seconds_per_event": bare,
        "scenarios": {},
    }
    scenarios: dict[str, object] = {}
    for path in sorted(Path("scenarios").glob("*.yaml")):
        if args.scenario and path.stem not in args.scenario:
            continue
        lean = {
            policy: replications(path, args.replications, detail=False, policy=policy)
            for policy in RATIO_POLICIES
        }
        # issue 12's figure: one lean replication in bare SimPy events, per policy
        ratio = {policy: lean[policy]["replication_over_bare_simpy_event"] for policy in lean}
        full = replications(path, max(100, args.replications // 4), detail=True)
        entry = {
            "lean": lean["expert"],
            "lean_typical": lean["typical"],
            "full_detail": full,
            "engine_over_bare_simpy_per_event": lean["expert"]["seconds_per_simpy_event"] / bare,
            "replication_over_bare_simpy_event": ratio,
            **advance_latency(path),
        }
        scenarios[path.stem] = entry
        print(
            f"{path.stem:32s} lean {lean['expert']['replications_per_second']:6.0f} rep/s "
            f"({lean['expert']['ms_per_replication']:.2f} ms)"
            f" | replication/bare event expert {ratio['expert']:6.0f}"
            f" typical {ratio['typical']:6.0f}"
            f" | full {full['replications_per_second']:6.0f} rep/s"
            f" | engine/bare per event {entry['engine_over_bare_simpy_per_event']:.1f}x"
            f" | advance median {entry['advance_median_ms']:.2f} ms"
            f" p95 {entry['advance_p95_ms']:.2f} ms"
        )
    report["scenarios"] = scenarios
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"bare SimPy: {1e6 * bare:.2f} µs per event; written {RESULTS}")


if __name__ == "__main__":
    main()
