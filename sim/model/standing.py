"""How we believe we stand, with the uncertainty that goes with it.

Built from the team's view only (readings, their age, what is still unread), never the truth.
Per stakeholder: the last reading of how they lean toward us against the best alternative (a
rival or doing nothing), with a spread that grows from the reading's own noise and the weeks
since we last saw them. Overall: the influence-weighted lead over the people we have read
(the number the policies forecast from, :func:`sim.policies.base.believed_lead`), with a
spread that also counts the influence we have not read at all.

All magnitudes are assumptions — fixed in code — chosen so that the stated 80 % range holds
the engine's hidden lead about as often as it says (tests/test_standing.py measures it).
Imports: the model only. Numbers only; the ui says them in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.model.observation import StakeholderView, TeamView

RANGE_Z = 1.2816  # the stated range is the central 80 % of a normal spread
READING_FLOOR = 0.85  # Blue-Sheet points of error in a fresh reading (noise, rounding)
NOISE_POINTS = 4.5  # extra points of reading error per unit of observation noise
DRIFT_PER_WEEK = 0.3  # points a reading can drift per week unseen (random-walk sd)
UNREAD_SPREAD = 3.0  # points of spread for a person we have never read (−5..+5 scale)
CORRELATION = 0.75  # the read part's spread as a share of the mean reading's (errors partly shared)
UNREAD_WEIGHT = 0.15  # the influence we assume for someone whose influence we do not know


@dataclass(frozen=True)
class Believed:
    """A believed lead with its spread (standard deviation, Blue-Sheet points) and the likely
    range it states."""

    lead: float
    spread: float

    @property
    def low(self) -> float:
        return self.lead - RANGE_Z * self.spread

    @property
    def high(self) -> float:
        return self.lead + RANGE_Z * self.spread


@dataclass(frozen=True)
class Reading(Believed):
    """One stakeholder's lean toward us (us minus the best alternative), as we believe it."""

    age: int  # weeks since we last saw them (0: this week)
    against: int  # the best alternative: its position in the disposition (last: doing nothing)


@dataclass(frozen=True)
class Standing(Believed):
    """Our believed lead overall, −10..10 (positive: ahead of the best alternative)."""

    read_share: float  # share of the believed influence we have a reading for


def reading(person: StakeholderView, week: int, observation_noise: float) -> Reading | None:
    """Our reading of ``person``, or None if we have never read how they lean."""
    if person.disposition is None:
        return None
    ours, *rivals, none = person.disposition
    best_rival = max(rivals, default=0.0)
    lead = ours - max(best_rival, none)
    against = len(person.disposition) - 1 if none >= best_rival else 1 + rivals.index(best_rival)
    age = max(0, week - person.last_seen_week) if person.last_seen_week >= 0 else week
    fresh = READING_FLOOR + NOISE_POINTS * observation_noise
    spread = math.sqrt(fresh * fresh + DRIFT_PER_WEEK * DRIFT_PER_WEEK * age)
    return Reading(lead, spread, age, against)


def standing(view: TeamView, observation_noise: float) -> Standing:
    """The influence-weighted believed lead and its spread."""
    read_weight = total_weight = 0.0
    lead_sum = spread_sum = 0.0
    for person in view.stakeholders:
        weight = person.influence if person.influence is not None else UNREAD_WEIGHT
        total_weight += weight
        seen = reading(person, view.week, observation_noise)
        if seen is None:
            continue
        read_weight += weight
        lead_sum += weight * seen.lead
        spread_sum += weight * seen.spread
    if read_weight == 0.0:
        return Standing(0.0, UNREAD_SPREAD, 0.0)
    lead = lead_sum / read_weight
    unread = (total_weight - read_weight) / total_weight
    # readings drift together (the same rivals, the same news), so their errors mostly add up
    # rather than cancel: the read part's spread is a share of the weighted mean spread
    read = CORRELATION * spread_sum / read_weight
    variance = read * read + unread * UNREAD_SPREAD * unread * UNREAD_SPREAD
    return Standing(lead, math.sqrt(variance), read_weight / total_weight)
