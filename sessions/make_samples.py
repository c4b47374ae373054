"""Regenerate the sample sessions in this folder (run after an engine change makes them stale).

    make samples                              # the same as:
    .venv/bin/python sessions/make_samples.py

Run it after every change to the model (a rule or a number in ``sim/model``), in the same
change that bumps ``MODEL_VERSION`` in ``sim/engine/version.py``: each sample is played again
and saved with the current model version and event-log hash. ``tests/test_samples.py`` fails
until then. The output depends only on the scenarios, seeds and scripted teams below (no
dates, relative paths), so running it twice writes the same bytes.

Each sample is a session as the sandbox saves it: the scenario text, the seed, the team's
decisions round by round (no policy: a "team" played it) and the meta data a trainer enters.
The teams are scripted so that each debrief has something to teach:

- ``team_blue_cross_sell.json`` (English): a capable team that never brings its project
  manager to the customer and twice lets presales argue technology to business people —
  against a competitor that raises doubts about our implementation record.
- ``team_red_public_tender_zh.json`` (Chinese): a team whose executive stays at home and which
  never holds a strategy session, in a public tender against the incumbent.
- ``expert_public_tender_won.json`` (English): the expert policy winning the public tender,
  through contract, delivery and payment — the full-length session the benchmark times.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sim import Simulation
from sim.model.observation import TeamView
from sim.model.plans import Assignment, Plan
from sim.policies import Policy, resolve_policy
from sim.scenario import LoadedScenario, load_scenario_source

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE.parent / "scenarios"


@dataclass
class TraineeTeam:
    """A policy with habits: presentations in ``technology_weeks`` argue technology."""

    base: Policy
    technology_weeks: frozenset[int] = frozenset()
    name: str = "team"

    def plan(
        self,
        view: TeamView,
        *,
        members: Collection[str] | None = None,
        taken: Sequence[Assignment] = (),
    ) -> Plan:
        plan = self.base.plan(view, members=members, taken=taken)
        if view.week not in self.technology_weeks:
            return plan
        return Plan(tuple(
            replace(a, angle="technology") if a.activity == "solution_presentation" else a
            for a in plan.assignments
        ), plan.forecast)


def play(scenario: str, seed: int, team: Policy, lang: str, meta: dict[str, str], out: str,
         *, as_policy: bool = False) -> Path:
    """Play ``team`` on ``scenario`` and save the session; a team's plans are stored as manual
    play (no policy) unless ``as_policy``."""
    loaded = load_scenario_source(SCENARIOS / scenario)
    # The path is stored relative to the repository, so the file is the same on every machine.
    loaded = LoadedScenario(loaded.scenario, loaded.source, f"scenarios/{scenario}")
    game = Simulation(loaded, seed=seed, policy=team if as_policy else None, lang=lang)
    game.meta.update(meta)
    while not game.done:
        if not as_policy:
            game.plan(team.plan(game.observe(feed=False)))
        game.advance()
    return game.save(HERE / out)


def _policy(spec: str) -> Policy:
    policy = resolve_policy(spec)
    assert policy is not None
    return policy


SAMPLES = (
    "team_blue_cross_sell.json",
    "team_red_public_tender_zh.json",
    "expert_public_tender_won.json",
)
"""Every session shipped in this folder (the test checks that no other is there)."""


def main() -> list[Path]:
    """Write every sample; returns their paths (in :data:`SAMPLES` order)."""
    blue = TraineeTeam(_policy("expert:pm=never"), frozenset({5, 6}))
    written = []
    written.append(play("cross_sell_mes_erp.yaml", 6, blue, "en",
         {"team": "Team Blue", "workshop": "Key-account team selling, cohort 3",
          "trainer": "Ms. Gao"},
         "team_blue_cross_sell.json"))
    red = TraineeTeam(_policy("expert:escalation=false,strategy=false"))
    written.append(play("new_account_public_tender.yaml", 3, red, "zh",
         {"team": "红队", "workshop": "大客户团队销售沙盘 第三期", "trainer": "高老师"},
         "team_red_public_tender_zh.json"))
    written.append(play("new_account_public_tender.yaml", 0, _policy("expert"), "en",
         {"team": "Expert policy (reference)"}, "expert_public_tender_won.json", as_policy=True))
    assert [p.name for p in written] == list(SAMPLES)
    return written


if __name__ == "__main__":
    for path in main():
        print(f"{path.relative_to(HERE.parent)}: written")
