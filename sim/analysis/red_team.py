"""What a red team did, and what it cost us: its moves, and our chance had the computer played
that vendor instead (the same decisions of ours replayed on the same seed)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.analysis.competitors import chance_before_decision
from sim.analysis.replay import replay, scenario_of
from sim.analysis.session_facts import SessionFacts
from sim.model.plans import Plan


@dataclass(frozen=True)
class RedTeamPlay:
    vendor: str
    moves: tuple[tuple[int, str, str], ...]  # (week, move, stakeholder id), in order
    chance_with: float | None  # our chance before the decision, as played
    chance_with_computer: float | None  # had the computer played the vendor
    outcome_with_computer: str | None

    @property
    def cost_to_us(self) -> float | None:
        """Points of our chance the people took beyond what the computer would have."""
        if self.chance_with is None or self.chance_with_computer is None:
            return None
        return self.chance_with_computer - self.chance_with


def red_team(facts: SessionFacts) -> list[RedTeamPlay]:
    """One entry per vendor that people played in this game (none: an empty list)."""
    game = facts.game
    vendors = list(dict.fromkeys(o.vendor for plan in game.decisions for o in plan.rivals))
    if not vendors:
        return []
    actual = chance_before_decision(facts.records)
    out = []
    for vendor in vendors:
        rounds = [
            Plan(p.assignments, p.forecast, tuple(o for o in p.rivals if o.vendor != vendor))
            for p in game.decisions
        ]
        again = replay(
            scenario_of(game), game.seed, rounds, lang=facts.lang, tolerant=True, finish=game.done
        )
        moves = tuple(
            (r.round, r.activity, r.target)
            for r in facts.records
            if r.kind == "competitor_move" and r.actor == vendor and r.note == "seat"
        )
        out.append(
            RedTeamPlay(
                vendor,
                moves,
                actual,
                chance_before_decision(again.game.log.records),
                again.game.deal.outcome,
            )
        )
    return out
