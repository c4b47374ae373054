"""Forecast accuracy: the team's committed win probabilities against the outcome.

The Brier score is the mean of (p − y)², y = 1 for a win: 0 is perfect, 0.25 is what always
saying 50% earns. The engine's own estimate at the moment each forecast was committed (its
estimate at the end of the week before) is scored the same way on the same weeks — the best a
team could do knowing the hidden state — and the average gap between the two shows how far
the team's read was from the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.analysis.session_facts import SessionFacts


@dataclass(frozen=True)
class ForecastScore:
    table: pd.DataFrame  # week, team, engine (NaN where the engine had no estimate yet)
    outcome: float | None  # 1 won, 0 not won, None while the deal is open

    @property
    def rounds(self) -> int:
        return len(self.table)

    @property
    def team_brier(self) -> float | None:
        return _brier(self.table["team"], self.outcome)

    @property
    def engine_brier(self) -> float | None:
        both = self.table.dropna()
        return _brier(both["engine"], self.outcome)

    @property
    def team_brier_same_weeks(self) -> float | None:
        """The team's score on the weeks where the engine's estimate exists (a fair pair)."""
        both = self.table.dropna()
        return _brier(both["team"], self.outcome)

    @property
    def mean_gap(self) -> float | None:
        both = self.table.dropna()
        if both.empty:
            return None
        return float((both["team"] - both["engine"]).abs().mean())

    @property
    def mean_bias(self) -> float | None:
        """Team minus engine, on average: positive means the team was optimistic."""
        both = self.table.dropna()
        if both.empty:
            return None
        return float((both["team"] - both["engine"]).mean())


def _brier(p: pd.Series, outcome: float | None) -> float | None:
    if outcome is None or p.empty:
        return None
    return float(((p - outcome) ** 2).mean())


def forecast_score(facts: SessionFacts) -> ForecastScore:
    forecasts = facts.forecasts()
    chance = facts.win_chance()
    engine = [
        float(chance[w - 1]) if (w - 1) in chance.index else float("nan") for w in forecasts.index
    ]
    table = pd.DataFrame(
        {"week": list(forecasts.index), "team": list(forecasts.to_numpy()), "engine": engine}
    )
    outcome = None if facts.result.outcome is None else (1.0 if facts.won else 0.0)
    return ForecastScore(table.set_index("week"), outcome)
