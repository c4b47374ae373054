"""How long the in-app debrief takes to appear: the story first, then everything.

For every shipped sample in sessions/ and both languages, in a fresh Python process each, the
stages the sandbox's end screen runs (:class:`sim.analysis.staged.StagedReport`) are timed from
the click, twice: *in the app* (the sandbox's modules already imported, as in the Voilà kernel
that shows the end screen: ``import sim.ui`` before the clock starts) and *cold* (nothing
imported yet: the imports of pandas and matplotlib are counted too):

- ``story_first_s``: imports, the session's facts and the story's outcome part on screen
  (the in-app target: ``TARGET_SECONDS``);
- ``story_causes_s``: + the counterfactual replays (the story complete);
- ``full_s``: + the rest of the debrief and the HTML page (ghost spread, figures).

The machine's load average is recorded beside the times (other work on the same cores slows
every stage). Also the profile's biggest items for the full debrief of one sample (cProfile,
cumulative), so the next slow-down has a place to start.

Run: ``.venv/bin/python benchmarks/debrief_speed.py [--repeats N]``; writes
benchmarks/results/debrief_speed.json. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = sorted((ROOT / "sessions").glob("*.json"))
RESULTS = Path(__file__).parent / "results" / "debrief_speed.json"
TARGET_SECONDS = 5.0
STAGES = ("story_first_s", "story_causes_s", "full_s")

# One measurement in a fresh interpreter: prints the three times as JSON.
CHILD = """
import importlib, json, sys, time
if sys.argv[3] == "app":
    importlib.import_module("sim.ui")
from sim import Simulation
game = Simulation.load(sys.argv[1], warn=False)
start = time.perf_counter()
from sim.analysis.staged import StagedReport
stages = StagedReport(game, sys.argv[2])
stages.first()
first = time.perf_counter() - start
stages.causes()
causes = time.perf_counter() - start
stages.page()
full = time.perf_counter() - start
print(json.dumps({"story_first_s": first, "story_causes_s": causes, "full_s": full,
                  "changes_tried": len(stages.found or ())}))
"""

PROFILE = """
import cProfile, io, pstats, sys
from sim import Simulation
from sim.analysis.staged import StagedReport
game = Simulation.load(sys.argv[1], warn=False)
profile = cProfile.Profile()
profile.enable()
StagedReport(game, sys.argv[2]).page()
profile.disable()
out = io.StringIO()
pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(
    r"sim/analysis/(ghost|figures|figures_review|plotting|counterfactuals|competitors|facts)"
)
print(out.getvalue())
"""


def measure(session: Path, lang: str, mode: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(session), lang, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{session.name} {lang} {mode}: {done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def profile_lines(session: Path, lang: str, keep: int = 14) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROFILE, str(session), lang],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line.rstrip() for line in done.stdout.splitlines() if "sim/analysis/" in line]
    return lines[:keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    runs: dict[str, dict[str, Any]] = {}
    for session in SESSIONS:
        for lang in ("en", "zh"):
            for mode in ("app", "cold"):
                samples = [measure(session, lang, mode) for _ in range(args.repeats)]
                entry: dict[str, Any] = {
                    stage: round(statistics.median(s[stage] for s in samples), 3)
                    for stage in STAGES
                }
                entry["max_story_first_s"] = round(max(s["story_first_s"] for s in samples), 3)
                entry["changes_tried"] = samples[0]["changes_tried"]
                entry["load_average_1min"] = round(os.getloadavg()[0], 2)
                runs[f"{session.stem}.{lang}.{mode}"] = entry
                print(session.stem, lang, mode, entry, flush=True)
    in_app = [r for k, r in runs.items() if k.endswith(".app")]
    worst_first = max(r["max_story_first_s"] for r in in_app)
    report = {
        "what": "click 'Open the debrief' → story outcome / story with causes / whole report; "
        "app: the sandbox's modules already imported (as in its kernel); cold: nothing imported",
        "machine": {
            "python": platform.python_version(),
            "processor": platform.machine(),
            "cores": os.cpu_count(),
        },
        "repeats": args.repeats,
        "target_story_first_s": TARGET_SECONDS,
        "runs": runs,
        "worst_story_first_in_app_s": worst_first,
        "worst_story_first_cold_s": max(
            r["max_story_first_s"] for k, r in runs.items() if k.endswith(".cold")
        ),
        "worst_story_causes_in_app_s": max(r["story_causes_s"] for r in in_app),
        "worst_full_in_app_s": max(r["full_s"] for r in in_app),
        "within_target": worst_first <= TARGET_SECONDS,
        "profile_full_debrief": profile_lines(SESSIONS[0], "zh"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"worst story first in the app {worst_first:.2f} s; written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
