"""Key moments: the weeks in which our chance of winning, as the engine knows it, moved most.

For each, the rows of that week that can explain it: our activities and what they caused
(a wrong angle, a cold PM, a message conflict, an executive meeting), competitor moves, and the
customer's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sim.analysis.session_facts import CUSTOMER_KINDS, SessionFacts

MIN_MOVE = 0.005  # smaller weekly changes are noise, not moments
# What our activities caused that week (a wrong angle, a cold PM, a message conflict, ...).
EFFECT_KINDS = (
    "angle_misfit",
    "angle_fit",
    "pm_cold",
    "message_conflict",
    "pushback",
    "contact_fatigue",
    "access_granted",
    "pm_request_met",
    "pm_request_met_cold",
)
EXPLAINING_KINDS = frozenset(
    {
        "activity",
        *EFFECT_KINDS,
        "competitor_move",
        "bid",
        "phase",
        "bid_missed",
        *CUSTOMER_KINDS,
    }
)


@dataclass(frozen=True)
class Moment:
    week: int
    before: float
    after: float
    rows: tuple[int, ...]

    @property
    def change(self) -> float:
        return self.after - self.before


def key_moments(facts: SessionFacts, count: int = 3) -> list[Moment]:
    """The ``count`` weeks with the largest change in the engine's estimate, in week order."""
    chance = facts.win_chance()
    moments = []
    weeks = list(chance.index)
    for previous, week in pairwise(weeks):
        before, after = float(chance[previous]), float(chance[week])
        if abs(after - before) < MIN_MOVE:
            continue
        rows = tuple(
            i
            for i, r in enumerate(facts.records)
            if r.round == week and r.kind in EXPLAINING_KINDS and r.kind != "win_chance"
        )
        moments.append(Moment(int(week), before, after, rows))
    moments.sort(key=lambda m: -abs(m.change))
    return sorted(moments[:count], key=lambda m: m.week)
