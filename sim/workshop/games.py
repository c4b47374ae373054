"""Rebuilding a team's game from the store: the workshop's scenario and seed, the team's plans.

A team's game is never stored as state, only as its decisions; replaying them on the workshop's
seed reproduces it exactly (the engine's promise), in the team's kernel, the trainer's or a
manager's.

Each committed round also stored the event log's hash, and the workshop its model version. A
replay that does not give the stored hashes (a workshop created under another model version,
or another machine) still opens: ``game.replay_notice`` says so, with the first week whose log
differs and the stored result beside the replayed one (:mod:`sim.engine.notice`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from functools import lru_cache

from sim.engine import Simulation
from sim.engine.notice import ReplayNotice, replay_notice, result_summary
from sim.engine.replay import Replayed, replay
from sim.engine.version import MODEL_VERSION
from sim.model.plans import Assignment, Forecast, Plan
from sim.model.rivals import RivalOrder
from sim.scenario import LoadedScenario, parse_scenario
from sim.workshop.records import TeamInfo

APP_TAG = "workshop/1"
AUTO_POLICY = "expert"  # plays the roles nobody at the table plays, as in the sandbox


@lru_cache(maxsize=16)
def _scenario(source: str, path: str) -> LoadedScenario:
    return LoadedScenario(parse_scenario(source, path or "<workshop>"), source, path)


def workshop_scenario(conn: sqlite3.Connection, workshop_id: int) -> LoadedScenario:
    row = conn.execute(
        "SELECT scenario_source, scenario_path FROM workshops WHERE id = ?", (workshop_id,)
    ).fetchone()
    return _scenario(row["scenario_source"], row["scenario_path"])


def team_plans(conn: sqlite3.Connection, team_id: int) -> list[Plan]:
    """The team's committed plans in round order."""
    rounds = [
        int(r["round"])
        for r in conn.execute(
            "SELECT round FROM rounds WHERE team_id = ? ORDER BY round", (team_id,)
        )
    ]
    assignments: dict[int, list[Assignment]] = {r: [] for r in rounds}
    for row in conn.execute(
        "SELECT round, assignment FROM decisions WHERE team_id = ? ORDER BY round, position",
        (team_id,),
    ):
        assignments[int(row["round"])].append(Assignment.from_dict(json.loads(row["assignment"])))
    forecasts = {
        int(row["round"]): Forecast(row["stage"], float(row["win_probability"]))
        for row in conn.execute(
            "SELECT round, stage, win_probability FROM forecasts WHERE team_id = ?", (team_id,)
        )
    }
    rivals: dict[int, list[RivalOrder]] = {r: [] for r in rounds}
    for row in conn.execute(
        "SELECT round, rival_order FROM rival_orders WHERE team_id = ? ORDER BY round, vendor",
        (team_id,),
    ):
        rivals[int(row["round"])].append(RivalOrder.from_dict(json.loads(row["rival_order"])))
    return [Plan(tuple(assignments[r]), forecasts.get(r), rivals=tuple(rivals[r])) for r in rounds]


def team_game(
    conn: sqlite3.Connection,
    team: TeamInfo,
    *,
    lang: str | None = None,
    detail: bool = True,
) -> Simulation:
    """The team's game so far, rebuilt from its committed decisions (the trainer's, the team's
    and the manager's view of it are this one function); ``lang`` defaults to the workshop's.
    A replay that differs from what the store recorded opens with ``replay_notice`` set."""
    info = conn.execute(
        "SELECT name, seed, lang, model_version FROM workshops WHERE id = ?", (team.workshop_id,)
    ).fetchone()
    meta = {"team": team.name, "roles": ",".join(team.roles), "workshop": info["name"]}
    saved_version = str(info["model_version"])
    game, seen = replayed(
        workshop_scenario(conn, team.workshop_id),
        int(info["seed"]),
        team_plans(conn, team.id),
        lang=lang or info["lang"],
        meta=meta,
        detail=detail,
        tolerant=saved_version != MODEL_VERSION,
    )
    game.replay_notice = _notice(conn, team, saved_version, game, seen)
    return game


def _notice(
    conn: sqlite3.Connection, team: TeamInfo, saved_version: str, game: Simulation, seen: Replayed
) -> ReplayNotice | None:
    """How the replay differs from the rounds and result the store recorded (None: not)."""
    stored = [
        str(r["event_log_sha256"])
        for r in conn.execute(
            "SELECT event_log_sha256 FROM rounds WHERE team_id = ? ORDER BY round", (team.id,)
        )
    ]
    if not game.detail:  # a lean replay's log is shorter than the stored one: only the version
        stored = []
    first = next(
        (k for k, (a, b) in enumerate(zip(stored, seen.round_sha256, strict=False)) if a != b),
        None,
    )
    if first is None and stored and len(stored) != len(seen.round_sha256):
        first = min(len(stored), len(seen.round_sha256))
    row = conn.execute(
        "SELECT outcome, winner, weeks, contract_value, margin, events FROM results"
        " WHERE team_id = ?",
        (team.id,),
    ).fetchone()
    saved_result = dict(row) if row is not None else None
    if saved_result is not None and not game.detail:
        saved_result.pop("events")  # the lean log has fewer events by design
    return replay_notice(
        saved_version=saved_version,
        saved_sha256=stored[-1] if stored else "",
        replayed_sha256=seen.sha256 if game.detail else "",
        source=str(team.name),
        first_round=first,
        saved_result=saved_result,
        replayed_result=result_summary(game),
        adjusted_rounds=tuple(seen.adjusted_rounds),
        unplayed_rounds=seen.unplayed_rounds,
    )


def replayed(
    scenario: LoadedScenario,
    seed: int,
    plans: Sequence[Plan],
    *,
    lang: str,
    meta: dict[str, str],
    detail: bool = True,
    tolerant: bool = False,
) -> tuple[Simulation, Replayed]:
    """The team's game after ``plans`` and what the replay observed (hashes per round);
    ``tolerant`` trims what the current model refuses (a workshop of another model version)."""
    game = Simulation(scenario, seed=seed, policy=AUTO_POLICY, lang=lang, detail=detail)
    game.meta.update({"app": APP_TAG, **meta})
    return game, replay(game, plans, tolerant=tolerant)


def rebuild(
    scenario: LoadedScenario,
    seed: int,
    plans: Sequence[Plan],
    *,
    lang: str,
    meta: dict[str, str],
    detail: bool = True,
) -> Simulation:
    """The team's game after ``plans``: the same decisions on the same seed."""
    return replayed(scenario, seed, plans, lang=lang, meta=meta, detail=detail)[0]
