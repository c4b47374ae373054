"""Batch throughput and memory: replications/s at 1 and 2 workers, and peak memory of a
10,000- and a 100,000-replication batch streamed to Parquet (cross-sell scenario, expert).

Run: ``.venv/bin/python benchmarks/batch_throughput.py [--throughput-n N] [--repeats R]
[--sizes 10000,100000]`` (about eight minutes; run it on a quiet machine). Each measurement runs
in a fresh interpreter so that one run's memory does not colour the next. The 1- and 2-worker
timings alternate ``R`` times and the best of each counts (other load on a shared machine only
ever slows a run down). Writes benchmarks/results/batch_throughput.json. A benchmark measures;
it asserts nothing (the targets are printed beside the figures).

Memory is the resident set size (RSS) of the measured process tree — the submitting process,
the forkserver and the worker processes — sampled every 0.2 s from this (outside) process, so
sampling never competes with the measured run; ``parent`` is the peak of the submitting process
alone (the one that holds summaries and writes Parquet).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
RESULTS = Path(__file__).parent / "results" / "batch_throughput.json"
POLICY = "expert"
SEED = 2024
SAMPLE_SECONDS = 0.2
MIB = 1024 * 1024

TARGET_SPEEDUP = 1.7
TARGET_100K_SECONDS = 600.0
TARGET_MEMORY_RATIO = 10.0


class PeakMemory:
    """Samples the RSS of a process and all its descendants in a background thread."""

    def __init__(self, target: psutil.Process) -> None:
        self.target = target
        self.tree_peak = 0
        self.parent_peak = 0
        self.worker_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                own = self.target.memory_info().rss
                children = self.target.children(recursive=True)
            except psutil.Error:
                return  # the measured process has ended
            others = []
            for child in children:
                try:
                    others.append(child.memory_info().rss)
                except psutil.Error:
                    continue  # a worker that just ended
            self.parent_peak = max(self.parent_peak, own)
            self.worker_peak = max([self.worker_peak, *others])
            self.tree_peak = max(self.tree_peak, own + sum(others))
            self._stop.wait(SAMPLE_SECONDS)


def measure(n: int, workers: int, parquet: bool) -> dict[str, Any]:
    """One batch in this interpreter (called in a fresh child process)."""
    import sim  # noqa: PLC0415
    from sim.batch import Variant, make_backend, run_batch  # noqa: PLC0415

    variant = Variant(sim.load_scenario(SCENARIO), POLICY)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rows.parquet" if parquet else None
        backend = make_backend(workers)
        try:
            result = run_batch(variant, n, seed=SEED, backend=backend, out=out,
                               keep_outcomes=False)
        finally:
            backend.close()
        size = out.stat().st_size if out is not None else 0
    return {
        "n": n,
        "workers": workers,
        "backend": result.backend,
        "chunk_size": result.chunk_size,
        "parquet": parquet,
        "parquet_mib": round(size / MIB, 2),
        "seconds": round(result.elapsed_seconds, 2),
        "replications_per_second": round(n / result.elapsed_seconds, 1),
        "won": round(result.baseline.rates["won"].estimate, 4),
    }


def in_fresh_process(n: int, workers: int, parquet: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", str(n), str(workers)]
    if parquet:
        command.append("--parquet")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    with PeakMemory(psutil.Process(process.pid)) as memory:
        stdout, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"measurement failed: {' '.join(command)}")
    measured: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return measured | {
        # other work on the machine slows a run down; the 1-minute load at its end shows it
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "peak_rss_parent_mib": round(memory.parent_peak / MIB, 1),
        "peak_rss_largest_worker_mib": round(memory.worker_peak / MIB, 1),
        "peak_rss_tree_mib": round(memory.tree_peak / MIB, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput-n", type=int, default=4_000,
                        help="replications per 1- and 2-worker timing (default 4,000)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="alternating timings per worker count; the best counts (default 3)")
    parser.add_argument("--sizes", default="10000,100000",
                        help="batch sizes of the memory runs (2 workers, Parquet)")
    parser.add_argument("--measure", nargs=2, type=int, metavar=("N", "WORKERS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--parquet", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure, parquet=args.parquet)))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    load_before = os.getloadavg()
    runs: list[dict[str, Any]] = []
    for repeat in range(args.repeats):
        for workers in (1, 2):
            print(f"timing {args.throughput_n:,} replications with {workers} worker(s) "
                  f"({repeat + 1}/{args.repeats})...", flush=True)
            runs.append({"purpose": "throughput"}
                        | in_fresh_process(args.throughput_n, workers, False))
    for n in sizes:
        print(f"memory: {n:,} replications, 2 workers, Parquet...", flush=True)
        runs.append({"purpose": "memory"} | in_fresh_process(n, 2, True))

    best = {
        workers: max(r["replications_per_second"] for r in runs
                     if r["purpose"] == "throughput" and r["workers"] == workers)
        for workers in (1, 2)
    }
    speedup = best[2] / best[1]
    memory_runs = [r for r in runs if r["purpose"] == "memory"]
    report: dict[str, Any] = {
        "scenario": SCENARIO.stem,
        "policy": POLICY,
        "seed": SEED,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "runs": runs,
        "best_replications_per_second": {"1_worker": best[1], "2_workers": best[2]},
        "speedup_1_to_2_workers": round(speedup, 2),
        "targets": {
            "speedup_at_least": TARGET_SPEEDUP,
            "seconds_for_100k_below": TARGET_100K_SECONDS,
            "memory_ratio_100k_to_10k_far_below": TARGET_MEMORY_RATIO,
        },
    }
    by_n = {r["n"]: r for r in memory_runs}
    if 10_000 in by_n and 100_000 in by_n:
        report["seconds_for_100k"] = by_n[100_000]["seconds"]
        report["memory_ratio_100k_to_10k"] = {
            key: round(by_n[100_000][key] / by_n[10_000][key], 2)
            for key in ("peak_rss_parent_mib", "peak_rss_tree_mib")
        }

    header = f"{'purpose':<11}{'N':>9}{'workers':>9}{'seconds':>10}{'reps/s':>9}" \
             f"{'parent MiB':>12}{'worker MiB':>12}{'tree MiB':>10}"
    print(header)
    for r in runs:
        print(f"{r['purpose']:<11}{r['n']:>9,}{r['workers']:>9}{r['seconds']:>10.1f}"
              f"{r['replications_per_second']:>9.0f}{r['peak_rss_parent_mib']:>12.1f}"
              f"{r['peak_rss_largest_worker_mib']:>12.1f}{r['peak_rss_tree_mib']:>10.1f}")
    print(f"best: {best[1]:.0f} replications/s with 1 worker, {best[2]:.0f} with 2: "
          f"speed-up {speedup:.2f}x (target >= {TARGET_SPEEDUP}x)")
    if "seconds_for_100k" in report:
        print(f"100,000 replications: {report['seconds_for_100k']:.0f} s "
              f"(target < {TARGET_100K_SECONDS:.0f} s)")
        ratio = report["memory_ratio_100k_to_10k"]
        print(f"peak memory 100k / 10k: parent {ratio['peak_rss_parent_mib']:.2f}x, "
              f"process tree {ratio['peak_rss_tree_mib']:.2f}x "
              f"(target far below {TARGET_MEMORY_RATIO:.0f}x)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
