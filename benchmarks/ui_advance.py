"""Kernel-side time of one Advance in the sandbox: plan check, round, autosave and redraw.

Run: ``.venv/bin/python benchmarks/ui_advance.py [--rounds 20]``. Builds the sandbox app
without a browser, lets the expert policy play every role (so the buying-centre picture
changes most weeks) and times ``advance_button.click()`` over the first rounds of the
cross-sell scenario. Writes benchmarks/results/ui_advance_kernel.json.

The end-to-end figure (click in chromium → updated screen painted, through Voilà) is measured
by tests/browser/test_sandbox_browser.py and written to benchmarks/results/ui_advance.json; the
difference between the two is the browser and the widget messages. A benchmark measures; it
asserts nothing (the target is printed beside the figures).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from sim.ui import sandbox_app

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
RESULTS = Path(__file__).parent / "results" / "ui_advance_kernel.json"
TARGET_MS = 300.0


def measure(rounds: int, seed: int) -> list[float]:
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        while len(samples) < rounds:
            app = sandbox_app(sessions_dir=folder)
            start = app.start_screen
            assert start is not None
            start.scenario.value = str(SCENARIO)
            start.team.value = "Bench"
            start.seed.value = seed + len(samples)
            for box in start.roles.values():
                box.value = False
            start.start_button.click()
            while app.screen == "round" and len(samples) < rounds:
                assert app.round_screen is not None
                began = time.perf_counter()
                app.round_screen.advance_button.click()
                samples.append((time.perf_counter() - began) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    samples = measure(args.rounds, args.seed)
    result = {
        "what": "advance_button.click() in the kernel (engine, autosave, refresh incl. picture)",
        "rounds": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
        "target_ms": TARGET_MS,
        "samples_ms": [round(s, 1) for s in samples],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(
        f"median {result['median_ms']} ms, max {result['max_ms']} ms over {len(samples)} rounds "
        f"(target < {TARGET_MS:.0f} ms end to end) → {RESULTS}"
    )


if __name__ == "__main__":
    main()
