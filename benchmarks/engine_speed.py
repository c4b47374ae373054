"""Engine speed: replications/s per shipped scenario, time per SimPy event against bare SimPy
in the same run, and the latency of one ``advance()``.

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


def replications(path: Path, n: int, detail: bool) -> dict[str, float]:
    scenario = load_scenario(path)
    simpy_events = 0
    records = 0
    start = time.process_time()
    for seed in range(n):
        game = Simulation(scenario, seed=seed, policy="expert", detail=detail)
        game.play()
        simpy_events += events_scheduled(game.env)
        records += len(game.log)
    elapsed = time.process_time() - start
    return {
        "replications_per_second": n / elapsed,
        "ms_per_replication": 1000 * elapsed / n,
        "simpy_events_per_replication": simpy_events / n,
        "log_records_per_replication": records / n,
        "seconds_per_simpy_event": elapsed / simpy_events,
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
    args = parser.parse_args()
    bare = bare_simpy_per_event()
    report: dict[str, object] = {
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "bare_simpy_seconds_per_event": bare,
        "scenarios": {},
    }
    scenarios: dict[str, object] = {}
    for path in sorted(Path("scenarios").glob("*.yaml")):
        lean = replications(path, args.replications, detail=False)
        full = replications(path, max(100, args.replications // 4), detail=True)
        entry = {
            "lean": lean,
            "full_detail": full,
            "engine_over_bare_simpy_per_event": lean["seconds_per_simpy_event"] / bare,
            **advance_latency(path),
        }
        scenarios[path.stem] = entry
        print(
            f"{path.stem:32s} lean {lean['replications_per_second']:6.0f} rep/s "
            f"({lean['ms_per_replication']:.2f} ms)"
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
