"""Replaying saved decisions round by round: what session files and workshop stores share.

``replay(sim, plans, tolerant=...)`` plays each plan as its round and keeps, cheaply, what a
:class:`~sim.engine.notice.ReplayNotice` reports: the event log's hash after every round
(hashed incrementally, so the whole log is hashed once), the rounds whose plan had to be
trimmed, and the rounds left over when the deal ended sooner.

``tolerant`` is for games saved under another model version: the current model may refuse a
plan that the old one accepted (an activity now takes more hours, or comes in another phase),
so the activities it refuses are dropped and the round is played with the rest. Refusals that
no model change can cause — an unknown team member or stakeholder, a duplicate, a forecast
out of range — are never trimmed: such a file has been tampered with. ``course`` trims, in a
game of the current model, only what the course of the deal rules out (:data:`COURSE_OF_THE_DEAL`):
a file whose seed was edited meets another customer. Otherwise every refusal is raised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.engine.log import canonical_line
from sim.model.plans import Plan, PlanError, Reason

if TYPE_CHECKING:
    from sim.engine.simulation import Simulation

# Refusals a model change cannot explain: the scenario (not the model) names the people, and a
# forecast's range is the file's own.
NEVER_TRIMMED = frozenset(
    {
        "unknown_member",
        "unknown_stakeholder",
        "duplicate_member",
        "duplicate_target",
        "brief_self",
        "no_members",
        "bad_stage",
        "bad_probability",
        "malformed",
    }
)


COURSE_OF_THE_DEAL = frozenset({"wrong_phase", "no_final_round", "no_bid"})
"""Refusals that only the course of the deal explains (the customer's phase and clock, who is
reachable: ``unreachable_*``), not what the file says. Rounds booked beyond a week's hours or
the budget, or beyond the deal's end, are not among them: the same model never accepted them."""


def trimmable(key: str, *, tolerant: bool, course: bool) -> bool:
    """May a refusal with reason ``key`` be trimmed (see the module's docstring)?"""
    if tolerant:
        return key not in NEVER_TRIMMED
    return course and (key in COURSE_OF_THE_DEAL or key.startswith("unreachable_"))


@dataclass
class Replayed:
    """What a replay observed besides the game itself."""

    sha256: str = ""  # the whole log's (``sim.log.sha256()``)
    round_sha256: list[str] = field(default_factory=list)  # the log's after each round
    adjusted_rounds: list[int] = field(default_factory=list)
    unplayed_rounds: int = 0


class Tracker:
    """The running hash of a simulation's log, read after each round."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.digest = hashlib.sha256()
        self.seen = 0

    def sha256(self) -> str:
        records = self.sim.log.records
        for record in records[self.seen :]:
            self.digest.update(canonical_line(record).encode("utf-8"))
        self.seen = len(records)
        return self.digest.copy().hexdigest()


def fitted(sim: Simulation, plan: Plan, *, tolerant: bool, course: bool = False) -> Plan:
    """``plan`` as the engine accepts it now (set as the pending plan): unchanged, or — when
    ``tolerant`` (or ``course``) — without the activities the engine refuses that may be
    trimmed (:func:`trimmable`). Raises :class:`PlanError`."""
    candidate = plan
    while True:
        try:
            return sim.plan(candidate)
        except PlanError as exc:
            if not all(trimmable(r.key, tolerant=tolerant, course=course) for r in exc.reasons):
                raise
            named = {r.where for r in exc.reasons if r.where is not None}
            kept = [a for k, a in enumerate(candidate.assignments) if k not in named]
            if not named:  # the plan as a whole (hours, budget, the deal over): drop the last
                kept = kept[:-1]
            if len(kept) == len(candidate.assignments):
                raise
            candidate = Plan(tuple(kept), candidate.forecast)


class RoundRefusedError(PlanError):
    """A saved round the engine refuses; ``round`` is its index in the saved rounds."""

    def __init__(self, number: int, reasons: list[Reason]) -> None:
        self.round = number
        super().__init__(reasons)


def replay(
    sim: Simulation, plans: Iterable[Plan], *, tolerant: bool = False, course: bool = False
) -> Replayed:
    """Play ``plans`` on ``sim``, one round each; a refused round raises :class:`RoundRefusedError`
    (also a round left over after the deal ended, unless ``tolerant``)."""
    seen = Replayed()
    tracker = Tracker(sim)
    for number, plan in enumerate(plans):
        if sim.done:
            if not tolerant:
                raise RoundRefusedError(number, [Reason("deal_over")])
            seen.unplayed_rounds += 1
            continue
        try:
            played = fitted(sim, plan, tolerant=tolerant, course=course)
        except PlanError as exc:
            raise RoundRefusedError(number, exc.reasons) from None
        if played != plan:
            seen.adjusted_rounds.append(number)
        try:
            sim.advance()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RoundRefusedError(number, [Reason("malformed", {"problem": str(exc)})]) from None
        seen.round_sha256.append(tracker.sha256())
    seen.sha256 = tracker.sha256()
    return seen


__all__ = [
    "COURSE_OF_THE_DEAL",
    "NEVER_TRIMMED",
    "Replayed",
    "RoundRefusedError",
    "Tracker",
    "fitted",
    "replay",
    "trimmable",
]
