"""Team processes for the workshop tests and benchmark: join a store and play a whole game.

Runs in a child process (``multiprocessing`` forkserver, or ``python -m tests.workshop_play``),
so each team really is a separate writer with its own SQLite connection.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

# Policies the scripted teams play, so their decisions differ (one per team, cycling).
TEAM_POLICIES = (
    "expert",
    "naive",
    "expert:pm=never",
    "expert:angle=technology",
    "expert:escalation=false",
    "expert:pm_briefed=false",
    "expert:pm=late",
    "expert:strategy=false,briefings=false",
)


def play_team(
    store_path: str, code: str, policy_spec: str, out: str, start_at: float = 0.0
) -> None:
    """Join with ``code``, play to the end with ``policy_spec``; write what happened to ``out``.

    Every exception is caught and written down: the test then asserts there were none, which
    is what "no error reaches a user" means for a scripted team."""
    from sim.policies import resolve_policy  # noqa: PLC0415  (imported in the child)
    from sim.workshop import Store, TeamSeat  # noqa: PLC0415

    report: dict[str, Any] = {"code": code, "policy": policy_spec, "latencies": [], "errors": []}
    try:
        if start_at:
            time.sleep(max(0.0, start_at - time.time()))  # start together
        store = Store(store_path)
        seat = TeamSeat.join(store, code)
        policy = resolve_policy(policy_spec)
        assert policy is not None
        while not seat.game.done:
            plan = policy.plan(seat.game.observe(feed=False))
            began = time.perf_counter()
            seat.commit(plan)
            report["latencies"].append(time.perf_counter() - began)
        report["rounds"] = len(seat.game.decisions)
        report["sha"] = seat.game.log.sha256()
        report["outcome"] = seat.game.result().outcome
    except BaseException as exc:  # every error is the finding
        report["errors"].append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    Path(out).write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    play_team(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
