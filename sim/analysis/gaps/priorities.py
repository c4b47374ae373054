"""Coaching priorities: which role × competency to coach first, and the teams behind each.

**The ranking rule.** For each role × competency with at least one observed score (unfinished
games are left out unless asked for):

- *shortfall* of a team's score v = max(0, 0.75 − v) / 0.75 — how far below "strong" it is,
  0 when strong, 1 at zero;
- *need* = the sum of the shortfalls / the number of teams in the view (observed or not) —
  how often the competency falls short of strong across the teams × how far on average; a
  competency weak in one team of fourteen weighs a fourteenth of one weak in all (a score the
  game could not observe is not a shortfall);
- *loss link* = mean score of the teams that won − mean score of those that lost or got no
  decision, floored at 0; counted only when each group has at least :data:`MIN_GROUP` observed
  teams, otherwise 0 (a few teams cannot show an association);
- **priority = need × (1 + loss link)** — a competency where the losing teams scored lower
  than the winners weighs up to twice as much as an equally weak one that did not separate
  them. Ties go to the competency with more teams observed. Only competencies with need > 0
  are listed. The evidence for each is every team below strong, worst first, with its score,
  the explanation, and the rows counting against it, in words.

The link is an association across the teams shown, not a cause: the scenario, the seed and
the rest of the play differ between teams.

May import: :mod:`sim.analysis.gaps.records`, ``sim.analysis.assessment`` (the level
thresholds), pandas. Reads nothing and says nothing in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from sim.analysis.assessment import DEVELOPING, STRONG
from sim.analysis.gaps.records import Gaps, TeamScore

MIN_GROUP = 2  # observed teams needed in both the won and the not-won group for a loss link


@dataclass(frozen=True)
class TeamEvidence:
    """One team behind a priority: its score and the rows that count against it."""

    record: int
    team: str
    workshop: str
    date: date
    outcome: str | None
    value: float
    level: str
    score: TeamScore


@dataclass(frozen=True)
class Priority:
    role: str
    competency: str
    observed: int  # teams with a score
    gaps: int  # teams at level "gap"
    below_strong: int
    mean: float
    need: float  # sum of shortfalls to strong / teams in the view, 0..1
    loss_link: float  # won mean − not-won mean, floored at 0 (0 when too few teams)
    linked: bool  # both groups had enough teams for the link to be counted
    priority: float
    teams: tuple[TeamEvidence, ...]  # below strong, worst first


def shortfall(value: float) -> float:
    """How far below "strong" a score is, as a share of the way from 0 to strong."""
    return max(0.0, STRONG - value) / STRONG


def priorities(gaps: Gaps, frame: pd.DataFrame, top: int | None = 5) -> list[Priority]:
    """The competencies to coach first, by the rule in this module's docstring."""
    observed = frame.dropna(subset=["value"])
    teams_in_view = max(frame["record"].nunique(), 1)
    found: list[Priority] = []
    for (role, competency), group in observed.groupby(["role", "competency"], sort=False):
        values = group["value"].astype(float)
        need = float(values.map(shortfall).sum()) / teams_in_view
        if need <= 0:
            continue
        won = values[group["outcome"] == "won"]
        other = values[group["outcome"].isin(["lost", "no_decision"])]
        link = 0.0
        linked = len(won) >= MIN_GROUP and len(other) >= MIN_GROUP
        if linked:
            link = max(0.0, float(won.mean() - other.mean()))
        teams = []
        for _, line in group[group["value"] < STRONG].sort_values("value").iterrows():
            record = gaps.records[int(line["record"])]
            score = record.score(str(role), str(competency))
            assert score is not None
            teams.append(
                TeamEvidence(
                    record=int(line["record"]),
                    team=record.team,
                    workshop=str(line["workshop"]),
                    date=record.date,
                    outcome=record.outcome,
                    value=float(line["value"]),
                    level=str(line["level"]),
                    score=score,
                )
            )
        found.append(
            Priority(
                role=str(role),
                competency=str(competency),
                observed=len(values),
                gaps=int((values < DEVELOPING).sum()),
                below_strong=len(teams),
                mean=float(values.mean()),
                need=need,
                loss_link=link,
                linked=linked,
                priority=need * (1.0 + link),
                teams=tuple(teams),
            )
        )
    found.sort(key=lambda p: (-p.priority, -p.observed, p.role, p.competency))
    return found if top is None else found[:top]
