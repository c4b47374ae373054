"""The buying centre over time: how each stakeholder leaned, and what the team believed.

Dispositions are on the Blue Sheet scale −5..+5, toward us, each competitor and doing nothing.
The engine records the truth only when it changes, so values are carried forward week by
week. The team's belief is its last reading (from discovery and meetings) as it stood after
each week; ``NaN`` where the team had no reading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.session_facts import SessionFacts


def options(facts: SessionFacts) -> tuple[str, ...]:
    """Vendors (us first), then ``none`` (doing nothing)."""
    return (*facts.scenario.vendor_ids, "none")


def _weeks(facts: SessionFacts) -> pd.Index:
    return pd.Index(range(len(facts.game.decisions)), name="week")


def true_dispositions(facts: SessionFacts) -> pd.DataFrame:
    """[week × (stakeholder, option)] the hidden disposition at the end of each week."""
    columns = pd.MultiIndex.from_product(
        [[p.id for p in facts.scenario.stakeholders], list(options(facts))],
        names=["stakeholder", "option"],
    )
    frame = pd.DataFrame(np.nan, index=_weeks(facts), columns=columns)
    for record in facts.records:
        if record.kind == "disposition" and record.round in frame.index:
            frame.loc[record.round, (record.target, record.actor)] = record.value
    return frame.ffill()


def believed_dispositions(facts: SessionFacts) -> pd.DataFrame:
    """[week × (stakeholder, option)] the team's reading after each week (NaN if none)."""
    frame = pd.DataFrame(np.nan, index=_weeks(facts), columns=true_dispositions(facts).columns)
    names = options(facts)
    for week in frame.index:
        view = facts.views[week + 1] if week + 1 < len(facts.views) else facts.views[-1]
        for person in view.stakeholders:
            if person.disposition is None:
                continue
            for option, value in zip(names, person.disposition, strict=True):
                frame.loc[week, (person.id, option)] = value
    return frame


@dataclass(frozen=True)
class Reading:
    """Final truth vs the team's last reading for one stakeholder, toward us."""

    stakeholder: str
    truth: float
    believed: float | None
    favourite: str  # the option the stakeholder rated highest at the end

    @property
    def gap(self) -> float | None:
        return None if self.believed is None else self.believed - self.truth


def final_readings(facts: SessionFacts) -> list[Reading]:
    truth = true_dispositions(facts)
    belief = believed_dispositions(facts)
    readings: list[Reading] = []
    if truth.empty:
        return readings
    last_truth = truth.iloc[-1]
    last_belief = belief.iloc[-1]
    for person in facts.scenario.stakeholders:
        row = last_truth[person.id]
        believed = last_belief[(person.id, "us")]
        readings.append(
            Reading(
                stakeholder=person.id,
                truth=float(row["us"]),
                believed=None if pd.isna(believed) else float(believed),
                favourite=str(row.astype(float).idxmax()) if row.notna().any() else "none",
            )
        )
    return readings
