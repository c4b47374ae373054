"""Competitor moves and what they changed.

Every move is in the log as hidden truth (``competitor_move``); the ones our team heard of are
also there as ``competitor_seen``. What a competitor's field work changed is measured by a
counterfactual: the same decisions on the same seed in a world where that competitor still
bids but makes no moves, compared by the engine's last estimate before the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.analysis.replay import Dropped, replay
from sim.analysis.session_facts import SessionFacts
from sim.engine import EventRecord


def moves(facts: SessionFacts) -> pd.DataFrame:
    """One line per competitor move: week, competitor, move, target, seen, row."""
    seen = {(r.time, r.actor, r.target) for r in facts.records if r.kind == "competitor_seen"}
    lines = [
        {
            "week": r.round,
            "competitor": r.actor,
            "move": r.activity,
            "target": r.target,
            "seen": (r.time, r.actor, r.target) in seen,
            "row": i,
        }
        for i, r in enumerate(facts.records)
        if r.kind == "competitor_move"
    ]
    return pd.DataFrame(lines, columns=["week", "competitor", "move", "target", "seen", "row"])


@dataclass(frozen=True)
class MoveSummary:
    competitor: str
    move: str
    count: int
    seen: int
    targets: tuple[str, ...]  # most targeted first


def summary(facts: SessionFacts) -> list[MoveSummary]:
    """Per competitor and move: how many, how many we saw, and on whom they were spent."""
    tally: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for record in facts.records:
        if record.kind == "competitor_move":
            tally.setdefault((record.actor, record.activity), []).append((record.target, False))
    seen = {(r.time, r.actor, r.target) for r in facts.records if r.kind == "competitor_seen"}
    counts_seen: dict[tuple[str, str], int] = {}
    for record in facts.records:
        if record.kind == "competitor_move" and (record.time, record.actor, record.target) in seen:
            key = (record.actor, record.activity)
            counts_seen[key] = counts_seen.get(key, 0) + 1
    out = []
    for (competitor, move), hits in tally.items():
        targets = [t for t, _ in hits]
        ranked = sorted(set(targets), key=lambda t: (-targets.count(t), targets.index(t)))
        out.append(
            MoveSummary(
                competitor, move, len(hits), counts_seen.get((competitor, move), 0), tuple(ranked)
            )
        )
    return out


def chance_before_decision(records: list[EventRecord]) -> float | None:
    """The engine's last estimate of our chance before the customer decided."""
    decided = next((r.time for r in records if r.kind in ("award", "outcome")), None)
    chances = [
        r.value for r in records if r.kind == "win_chance" and (decided is None or r.time < decided)
    ]
    return chances[-1] if chances else None


@dataclass(frozen=True)
class Impact:
    """Our chance with and without one competitor's field work (it still bids)."""

    competitor: str
    moves: int
    chance_with: float | None
    chance_without: float | None
    outcome_without: str | None
    dropped: tuple[Dropped, ...]

    @property
    def cost_to_us(self) -> float | None:
        if self.chance_with is None or self.chance_without is None:
            return None
        return self.chance_without - self.chance_with


def impact(facts: SessionFacts) -> list[Impact]:
    """One counterfactual replay per competitor (needs the session's hidden-state trace)."""
    scenario = facts.scenario
    counts = moves(facts)["competitor"].value_counts()
    actual = chance_before_decision(facts.records)
    out = []
    for competitor in scenario.competitors:
        quiet = scenario.model_copy(
            update={
                "competitors": tuple(
                    c.model_copy(update={"capacity": 0}) if c.id == competitor.id else c
                    for c in scenario.competitors
                )
            }
        )
        again = replay(
            quiet,
            facts.game.seed,
            facts.game.decisions,
            lang=facts.lang,
            tolerant=True,
            finish=facts.game.done,
        )
        out.append(
            Impact(
                competitor=competitor.id,
                moves=int(counts.get(competitor.id, 0)),
                chance_with=actual,
                chance_without=chance_before_decision(again.game.log.records),
                outcome_without=again.game.deal.outcome,
                dropped=tuple(again.dropped),
            )
        )
    return out
