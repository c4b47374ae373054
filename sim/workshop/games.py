"""Rebuilding a team's game from the store: the workshop's scenario and seed, the team's plans.

A team's game is never stored as state, only as its decisions; replaying them on the workshop's
seed reproduces it exactly (the engine's promise), in the team's kernel, the trainer's or a
manager's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from functools import lru_cache

from sim.engine import Simulation
from sim.model.plans import Assignment, Forecast, Plan
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
    return [Plan(tuple(assignments[r]), forecasts.get(r)) for r in rounds]


def team_game(
    conn: sqlite3.Connection,
    team: TeamInfo,
    *,
    lang: str | None = None,
    detail: bool = True,
) -> Simulation:
    """The team's game so far, rebuilt from its committed decisions (the trainer's, the team's
    and the manager's view of it are this one function); ``lang`` defaults to the workshop's."""
    info = conn.execute(
        "SELECT name, seed, lang FROM workshops WHERE id = ?", (team.workshop_id,)
    ).fetchone()
    meta = {"team": team.name, "roles": ",".join(team.roles), "workshop": info["name"]}
    return rebuild(
        workshop_scenario(conn, team.workshop_id),
        int(info["seed"]),
        team_plans(conn, team.id),
        lang=lang or info["lang"],
        meta=meta,
        detail=detail,
    )


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
    game = Simulation(scenario, seed=seed, policy=AUTO_POLICY, lang=lang, detail=detail)
    game.meta.update({"app": APP_TAG, **meta})
    for plan in plans:
        game.plan(plan)
        game.advance()
    return game
