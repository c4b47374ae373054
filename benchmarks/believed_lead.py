"""Can the team trust what it believes? AUC of the believed lead against the outcome.

For every shipped scenario this plays seeded games of expert, typical and their one-habit
variations, reads the team's believed lead (``sim.policies.base.believed_lead``: the
influence-weighted believed disposition toward us minus the best rival or doing nothing) from
the team's view in the last round before the award, and the engine's own hidden win chance in
that round, and reports the area under the ROC curve of each against "won" — pooled over all
policies, and among expert games alone. Writes benchmarks/results/believed_lead.json. A
benchmark measures; it asserts nothing.

Run: ``.venv/bin/python benchmarks/believed_lead.py [--seeds 60] [--workers 2]``
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.engine.simulation import Simulation  # noqa: E402
from sim.policies.base import believed_lead  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "believed_lead.json"
POLICIES = (
    "expert",
    "typical",
    "naive",
    "typical:+briefings",
    "typical:+pm_early",
    "typical:+angle_fit",
    "typical:+escalation",
    "expert:briefings=false",
    "expert:pm=never",
    "expert:escalation=false",
)
Game = tuple[str, float, float, bool]  # policy, believed lead, engine's chance, won


def play(job: tuple[str, str, int, int]) -> list[Game]:
    path, policy, first, n = job
    scenario = load_scenario(path)
    out: list[Game] = []
    for seed in range(first, first + n):
        game = Simulation(scenario, seed=seed, policy=policy)
        lead, chance = 0.0, 0.0
        while not game.done and game.deal.outcome is None:
            view = game.observe(feed=False)
            lead, chance = believed_lead(view), game.deal.win_chance
            game.advance()
        won = game.deal.outcome == "won"
        out.append((policy, lead, chance if math.isfinite(chance) else 0.0, won))
    return out


def auc(scores: list[float], labels: list[bool]) -> float:
    """Mann–Whitney: the chance a won game scores above a game not won (ties count half)."""
    won = [s for s, y in zip(scores, labels, strict=True) if y]
    other = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not won or not other:
        return float("nan")
    above = sum((w > o) + 0.5 * (w == o) for w in won for o in other)
    return above / (len(won) * len(other))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    jobs = [(p, policy, 0, args.seeds) for p in paths for policy in POLICIES]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        games = [g for chunk in pool.map(play, jobs) for g in chunk]
    expert = [g for g in games if g[0] == "expert"]
    report = {
        "seeds": args.seeds,
        "games": len(games),
        "pooled": {
            "believed_lead_auc": auc([g[1] for g in games], [g[3] for g in games]),
            "engine_chance_auc": auc([g[2] for g in games], [g[3] for g in games]),
        },
        "expert": {
            "games": len(expert),
            "believed_lead_auc": auc([g[1] for g in expert], [g[3] for g in expert]),
            "engine_chance_auc": auc([g[2] for g in expert], [g[3] for g in expert]),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    print(f"{len(games)} games in {time.perf_counter() - start:.0f} s; {RESULTS}")


if __name__ == "__main__":
    main()
