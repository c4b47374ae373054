"""Event-log digests for every shipped scenario × policy × detail × seed (a refactor check).

For the scenarios in scenarios/*.yaml, policies naive, typical and expert, ``detail`` True and
False and seeds 0–29 (1,440 games), plays each game and records the sha256 of its canonical
event log, a second sha256 that also keeps each record's field types (so a value that turns
from ``np.float64`` into ``float`` shows), and every :class:`~sim.engine.simulation.Result`
field. ``--save FILE`` writes them; ``--check FILE`` compares with a saved file and exits 1 on
any difference.

Run from the repository root: ``python scripts/log_digests.py --save /tmp/digests.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from sim.engine.log import canonical_line
from sim.engine.simulation import Simulation
from sim.scenario import load_scenario

POLICIES = ("naive", "typical", "expert")
SEEDS = range(30)


def typed_digest(game: Simulation) -> str:
    """sha256 of every record's fields with their type names (stricter than the log hash)."""
    digest = hashlib.sha256()
    for record in game.log.records:
        digest.update(repr([(type(v).__name__, repr(v)) for v in record]).encode("utf-8"))
    return digest.hexdigest()


def digests() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for path in sorted(Path("scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        for policy in POLICIES:
            for detail in (True, False):
                for seed in SEEDS:
                    game = Simulation(scenario, seed=seed, policy=policy, detail=detail)
                    result = game.play()
                    fields = {k: repr(v) for k, v in result.to_dict().items()}
                    fields["log_sha256"] = hashlib.sha256(
                        "".join(map(canonical_line, game.log.records)).encode("utf-8")
                    ).hexdigest()
                    fields["typed_sha256"] = typed_digest(game)
                    out[f"{path.stem}/{policy}/{detail}/{seed}"] = fields
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    found = digests()
    if args.save:
        args.save.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(found)} digests written to {args.save}")
        return
    saved = json.loads(args.check.read_text(encoding="utf-8"))
    bad = [key for key in saved if found.get(key) != saved[key]]
    bad += [key for key in found if key not in saved]
    for key in bad[:20]:
        theirs, ours = saved.get(key, {}), found.get(key, {})
        diff = {
            k: (theirs.get(k), ours.get(k))
            for k in set(theirs) | set(ours)
            if theirs.get(k) != ours.get(k)
        }
        print(f"MISMATCH {key}: {diff}")
    print(f"{len(found) - len(bad)}/{len(saved)} digests match")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
