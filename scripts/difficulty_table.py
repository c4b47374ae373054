"""Measure every shipped scenario's difficulty and rewrite the table in docs/scenarios.md.

Usage (from the repository root):

    .venv/bin/python scripts/difficulty_table.py [--n N] [--doc docs/scenarios.md]
                                                 [--scenarios scenarios]
    .venv/bin/python scripts/difficulty_table.py [--n N] FILE.yaml [FILE.yaml ...]

Each scenario in the folder is played N times (seeds 0..N-1, ``detail=False``) with the expert,
the typical (an untrained but sensible team) and the naive policy; the won / lost /
no-decision shares replace whatever stands between ``<!-- difficulty:begin -->`` and
``<!-- difficulty:end -->`` in the document. Nothing else in the
document changes. Progress goes to stderr; the run takes a few minutes for N = 300.

Given scenario files, it measures only those and prints the table instead (the document is left
alone): the way to calibrate a scenario you are writing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import sim
from sim.arguments import positive_number

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- difficulty:begin -->"
END = "<!-- difficulty:end -->"
POLICIES = ("expert", "typical", "naive")
OUTCOMES = ("won", "lost", "no_decision")


@dataclass(frozen=True)
class Row:
    scenario: str
    stakeholders: int
    competitors: tuple[str, ...]
    rates: dict[str, dict[str, float]]  # policy -> outcome -> share


def measure(path: Path, n: int) -> Row:
    """Play ``path`` ``n`` times with each policy and count the outcomes."""
    scenario = sim.load_scenario(path)
    rates: dict[str, dict[str, float]] = {}
    for policy in POLICIES:
        counts: Counter[str] = Counter()
        for seed in range(n):
            result = sim.Simulation(scenario, seed=seed, policy=policy, detail=False).play()
            counts[str(result.outcome)] += 1
        rates[policy] = {outcome: counts[outcome] / n for outcome in OUTCOMES}
    return Row(
        scenario=scenario.id,
        stakeholders=len(scenario.stakeholders),
        competitors=tuple(c.archetype for c in scenario.competitors),
        rates=rates,
    )


def render(rows: list[Row], n: int) -> str:
    """The Markdown table (with a line saying how it was measured)."""
    lines = [
        f"Measured with `scripts/difficulty_table.py --n {n}`: each scenario played {n} times "
        f"(seeds 0–{n - 1}) per policy. Shares of deals won / lost / ended without a decision.",
        "",
        "| scenario | stakeholders | competitors (archetype) | "
        + " | ".join(f"{p} {o.replace('_', ' ')}" for p in POLICIES for o in OUTCOMES)
        + " |",
        "|---|---:|---|" + "---:|" * (len(POLICIES) * len(OUTCOMES)),
    ]
    for row in rows:
        mix = ", ".join(row.competitors) if row.competitors else "none"
        cells = [
            f"`{row.scenario}`",
            str(row.stakeholders),
            f"{len(row.competitors)} ({mix})",
            *(f"{row.rates[p][o]:.0%}" for p in POLICIES for o in OUTCOMES),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def replace_table(document: str, table: str) -> str:
    """``document`` with everything between the markers replaced by ``table``."""
    start = document.find(BEGIN)
    stop = document.find(END)
    if start < 0 or stop < start:
        raise ValueError(f"the markers {BEGIN} ... {END} were not found in order")
    return document[: start + len(BEGIN)] + "\n" + table + "\n" + document[stop:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--n", type=positive_number, default=300, help="seeds per policy (default 300)"
    )
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "scenarios.md")
    parser.add_argument("--scenarios", type=Path, default=ROOT / "scenarios")
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="measure only these scenario files and print the table (the document is not changed)",
    )
    args = parser.parse_args(argv)
    paths = list(args.files) or sorted(args.scenarios.glob("*.yaml"))
    if not paths:
        sys.stderr.write(f"difficulty_table: no scenarios in {args.scenarios}\n")
        return 1
    if not args.files:
        try:
            replace_table(args.doc.read_text(encoding="utf-8"), "")  # fail before the long run
        except (OSError, ValueError) as exc:
            sys.stderr.write(f"difficulty_table: {args.doc}: {exc}\n")
            return 1
    rows = []
    for path in paths:
        start = time.perf_counter()
        try:
            row = measure(path, args.n)
        except (sim.ScenarioError, OSError) as exc:
            sys.stderr.write(f"difficulty_table: {path} does not validate:\n{exc}\n")
            return 1
        rows.append(row)
        expert = row.rates["expert"]
        naive = row.rates["naive"]
        sys.stderr.write(
            f"{row.scenario:34s} expert won {expert['won']:.0%} / naive won {naive['won']:.0%}"
            f"  ({time.perf_counter() - start:.0f} s)\n"
        )
    table = render(rows, args.n)
    if args.files:
        sys.stdout.write(table + "\n")
        return 0
    document = args.doc.read_text(encoding="utf-8")  # read again: it may have been edited since
    args.doc.write_text(replace_table(document, table), encoding="utf-8")
    sys.stderr.write(f"difficulty_table: updated {args.doc}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
