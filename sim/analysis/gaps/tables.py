"""The team-gaps tables drawn and exported: filtering, the heatmap, role headlines, trend, teams.

Each function takes the tidy table of :meth:`sim.analysis.gaps.records.Gaps.frame` (or a
:func:`select` of it) and returns a pandas table; roles and competencies keep the debrief's
order. May import: :mod:`sim.analysis.gaps.records`, ``sim.analysis.assessment`` (the role
order), pandas. Reads nothing and says nothing in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from sim.analysis.assessment import ROLES
from sim.analysis.gaps.records import COMPETENCIES


def select(
    frame: pd.DataFrame,
    *,
    start: date | None = None,
    end: date | None = None,
    workshops: Sequence[str] | None = None,
    roles: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The rows dated from ``start`` to ``end`` (inclusive), of the workshops and roles named
    (None or empty: all)."""
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["date"] <= pd.Timestamp(end)
    if workshops:
        keep &= frame["workshop"].isin(list(workshops))
    if roles:
        keep &= frame["role"].isin(list(roles))
    return frame[keep]


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    present = set(values)
    return [v for v in order if v in present] + sorted(present - set(order))


def heatmap_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean score and number of observed teams per role (rows) × competency (columns); NaN
    where no team was observed."""
    roles = _ordered(frame["role"], ROLES)
    competencies = _ordered(frame["competency"], COMPETENCIES)
    grouped = frame.groupby(["role", "competency"])["value"]
    means = grouped.mean().unstack().reindex(index=roles, columns=competencies)
    counts = grouped.count().unstack().reindex(index=roles, columns=competencies)
    return means.astype(float), counts.fillna(0).astype(int)


def role_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Each team's headline per role: the mean of its observed competencies (as the debrief)."""
    observed = frame.dropna(subset=["value"])
    means = observed.groupby(["record", "date", "workshop", "team", "role"])["value"].mean()
    heads: pd.DataFrame = means.reset_index().sort_values(["date", "record"])
    return heads


def trend_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per date (of the workshop or session) × role: the mean of the teams' role headlines."""
    heads = role_scores(frame)
    if heads.empty:
        return pd.DataFrame()
    table = heads.groupby(["date", "role"])["value"].mean().unstack()
    return table.reindex(columns=_ordered(table.columns, ROLES))


def per_team_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per team (workshop, date, team, outcome), one column per role · competency."""
    if frame.empty:
        return pd.DataFrame()
    keys = ["record", "workshop", "date", "team", "outcome", "role", "competency"]
    table = frame.groupby(keys)["value"].mean().unstack(["role", "competency"])
    pairs = [
        (r, c)
        for r in _ordered(frame["role"], ROLES)
        for c in _ordered(frame["competency"], COMPETENCIES)
        if (r, c) in table.columns
    ]
    table = table.reindex(columns=pairs).dropna(axis=1, how="all")
    return table.reset_index(level="record", drop=True)
