"""Time to build the debrief report for a full-length session (target: under 10 s).

The session is ``sessions/expert_public_tender_won.json``: the public tender won, then
contract, delivery and payment — every part of the report has something to draw. The build is
timed from the loaded session to the HTML string (what the sandbox's end screen waits for),
and again from the session file to the written file (what ``sandtable report`` does), in
English and in Chinese, with the default number of ghost replications and with 200.

Run: ``.venv/bin/python benchmarks/report_build.py [--repeats N]``; writes
benchmarks/results/report_build.json. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sim import Simulation
from sim.analysis.debriefing import debrief
from sim.analysis.report import build_report, render, write_report
from sim.analysis.report_defaults import REPLICATIONS

ROOT = Path(__file__).resolve().parents[1]
SESSION = ROOT / "sessions" / "expert_public_tender_won.json"
RESULTS = Path(__file__).parent / "results" / "report_build.json"
TARGET_SECONDS = 10.0


def timed(action: Callable[[], object], repeats: int) -> dict[str, float]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return {"median_s": statistics.median(seconds), "max_s": max(seconds), "runs": len(seconds)}


def stages(game: Simulation, lang: str, replications: int) -> dict[str, float]:
    """Where the time goes: the analyses (with and without the ghost spread) and the page."""
    start = time.perf_counter()
    lean = debrief(game, lang, replications=0)
    analyses = time.perf_counter() - start
    start = time.perf_counter()
    full = debrief(game, lang, replications=replications)
    with_spread = time.perf_counter() - start
    start = time.perf_counter()
    render(lean)
    page = time.perf_counter() - start
    return {
        "analyses_s": analyses,
        "ghost_spread_s": with_spread - analyses,
        "figures_and_html_s": page,
        "replications_per_policy": full.distributions[0].n if full.distributions else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    game = Simulation.load(SESSION)
    result = game.result()
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "session": {
            "file": str(SESSION.relative_to(ROOT)),
            "rounds": len(game.decisions),
            "events": len(game.log),
            "outcome": result.outcome,
        },
        "target_s": TARGET_SECONDS,
        "default_replications_per_policy": REPLICATIONS,
        "build_report": {},
        "sandtable_report": {},
        "stages": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("en", "zh"):
            for n in (REPLICATIONS, 200):
                key = f"{lang}_n{n}"
                build = partial(build_report, game, lang, replications=n)
                report["build_report"][key] = timed(build, args.repeats)
            out = Path(folder) / f"report_{lang}.html"
            report["sandtable_report"][lang] = timed(
                partial(write_report, SESSION, out, lang), args.repeats
            )
            report["sandtable_report"][lang]["bytes"] = out.stat().st_size
            report["stages"][lang] = stages(game, lang, REPLICATIONS)
    default = max(
        report["build_report"][f"{lang}_n{REPLICATIONS}"]["median_s"] for lang in ("en", "zh")
    )
    report["default_build_median_s"] = default
    report["within_target"] = default < TARGET_SECONDS
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
