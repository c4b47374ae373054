"""Seat processes for the seats' concurrency test: one role of one team plays a whole game.

Each process is one device: its own SQLite connection, its own copy of the team's game. It
plans its own members' part of the team policy's plan into the shared draft, marks ready and
waits (looking at the store's change counter, as a screen does) until the week is committed —
by itself or by a colleague's process — then plans the next week.
"""

from __future__ import annotations

import json
import time
import traceback
from pathlib import Path
from typing import Any

PATIENCE = 900.0  # seconds a whole game may take before the process gives up


def play_seat(
    store_path: str,
    code: str,
    role: str,
    policy_spec: str,
    out: str,
    start_at: float = 0.0,
    seats: int = 4,
) -> None:
    """Play ``role`` of the team with ``code`` to the end; write what it added to ``out``."""
    from sim.model.plans import PlanError  # noqa: PLC0415  (imported in the child)
    from sim.policies import resolve_policy  # noqa: PLC0415
    from sim.workshop import RoleSeat, Store  # noqa: PLC0415
    from sim.workshop.rounds import assignment_json  # noqa: PLC0415

    report: dict[str, Any] = {"role": role, "added": [], "refused": 0, "errors": []}
    try:
        if start_at:
            time.sleep(max(0.0, start_at - time.time()))
        seat = RoleSeat.join(Store(store_path), code, role, person=f"{role} of {code}")
        policy = resolve_policy(policy_spec)
        assert policy is not None
        give_up = time.monotonic() + PATIENCE
        # The week commits when every *occupied* seat is ready: wait for the whole team, as a
        # room waits for everyone to sit down, or an early seat commits week 0 on its own.
        while len(seat.draft().seats) < seats:
            if time.monotonic() > give_up:
                raise TimeoutError("the team never sat down")
            time.sleep(0.01)
        while not seat.game.done:
            week = len(seat.game.decisions)
            plan = policy.plan(seat.game.observe(feed=False))
            for assignment in plan.assignments:
                if assignment.members[0] not in seat.members:
                    continue
                try:
                    seat.add(assignment)
                    report["added"].append([week, assignment_json(assignment)])
                except PlanError:
                    report["refused"] += 1
            if role == "sales_rep" and plan.forecast is not None:
                seat.set_forecast(plan.forecast)
            seat.ready()
            while len(seat.game.decisions) == week:
                if time.monotonic() > give_up:
                    raise TimeoutError(f"week {week} never committed")
                time.sleep(0.01)
                seat.sync()
        report["rounds"] = len(seat.game.decisions)
        report["sha"] = seat.game.log.sha256()
    except BaseException as exc:  # every error is the finding
        report["errors"].append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    Path(out).write_text(json.dumps(report), encoding="utf-8")
