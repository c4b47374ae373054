"""The comparative debrief of a workshop: every team's game side by side, on one seed.

All teams played the same scenario on the same seed — the same customer clock, the same
events, the same competitor draws — so where their results differ, their decisions made the
difference. ``compare(trainer, lang)`` replays every team's game from the store and gathers:

- a leaderboard ranked by outcome (won > no decision > lost > unfinished), then margin, then
  forecast accuracy (the team's Brier score, lower is better), with the engine's own Brier on
  the same weeks beside it;
- the expert policy on the same seed as a reference row (shown, never ranked);
- each team's key moments (the weeks its win chance moved most) with what explained them;
- the engine's win chance week by week for every team (:mod:`sim.analysis.comparison_figures`).

The HTML page is in :mod:`sim.analysis.comparison_html`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cmp_to_key

import pandas as pd

from sim.analysis.comparison_words import MomentWords, explain
from sim.analysis.forecast import ForecastScore, forecast_score
from sim.analysis.moments import Moment, key_moments
from sim.analysis.session_facts import SessionFacts
from sim.engine import Result, Simulation
from sim.i18n import normalise
from sim.workshop import Facilitator, TeamResult, WorkshopInfo

OUTCOME_ORDER = ("won", "no_decision", "lost", "unfinished")
UNFINISHED = "unfinished"
REFERENCE_POLICY = "expert"
MOMENTS_PER_TEAM = 3
LEADERBOARD_COLUMNS = (
    "rank",
    "team",
    "outcome",
    "winner",
    "weeks",
    "margin",
    "contract_value",
    "pursuit_spend",
    "labour_cost",
    "team_brier",
    "engine_brier",
    "forecasts",
    "rounds",
    "finished",
    "differs_from_week",
)
MOMENT_COLUMNS = ("team", "rank", "order", "week", "before", "after", "change", "explanation")


@dataclass(frozen=True)
class TeamMoment:
    """One key moment of one team, with what its week's log says explains it."""

    moment: Moment
    words: MomentWords


@dataclass(frozen=True)
class TeamGame:
    """One team's replayed game and what the comparison reads from it."""

    team: str
    facts: SessionFacts
    forecast: ForecastScore
    moments: tuple[TeamMoment, ...]
    stored: TeamResult | None  # the result the store recorded when the game ended
    differs_from_week: int | None  # first week its decisions differ from the expert's

    @property
    def result(self) -> Result:
        return self.facts.result

    @property
    def finished(self) -> bool:
        return self.result.outcome is not None

    @property
    def outcome(self) -> str:
        return self.result.outcome if self.result.outcome is not None else UNFINISHED

    @property
    def rounds(self) -> int:
        return len(self.facts.game.decisions)

    @property
    def replay_matches(self) -> bool:
        """Whether the replay reproduces the stored result (False: the engine has changed since
        the workshop, and the numbers shown are today's replay, not what the team saw)."""
        if self.stored is None:
            return not self.finished
        return self.finished and self.stored.event_log_sha256 == self.result.event_log_sha256


@dataclass(frozen=True)
class Comparison:
    """Everything the comparative debrief shows, in one language."""

    workshop: WorkshopInfo
    lang: str
    teams: tuple[TeamGame, ...]  # in leaderboard order
    expert: TeamGame  # the expert policy on the same seed (reference, not ranked)
    leaderboard: pd.DataFrame  # one row per team, columns LEADERBOARD_COLUMNS, ranked
    reference: pd.DataFrame  # one row, the same columns; rank is missing
    moments: pd.DataFrame  # columns MOMENT_COLUMNS, teams in leaderboard order
    mismatches: tuple[str, ...] = field(default=())  # teams whose replay differs from the store

    @property
    def scenario_title(self) -> str:
        return self.expert.facts.scenario.title.get(self.lang)


def compare(
    trainer: Facilitator, lang: str | None = None, *, moments: int = MOMENTS_PER_TEAM
) -> Comparison:
    """Replay every team of the trainer's workshop and compare them (``lang``: en or zh;
    default the workshop's language). Teams that never finished appear as unfinished."""
    info = trainer.info
    language = normalise(lang or info.lang)
    stored = trainer.results()
    expert_game = Simulation(
        trainer.scenario(), seed=info.seed, policy=REFERENCE_POLICY, lang=language
    )
    expert_game.play()
    expert = _team_game(REFERENCE_POLICY, expert_game, language, moments, None, expert_game)
    games = [
        _team_game(team.name, trainer.simulation(team.name), language, moments, stored, expert_game)
        for team in trainer.teams()
    ]
    ranked = sorted(games, key=cmp_to_key(_order))
    ranks = _ranks(ranked)
    leaderboard = pd.DataFrame(
        [_row(game, rank) for game, rank in zip(ranked, ranks, strict=True)],
        columns=list(LEADERBOARD_COLUMNS),
    )
    reference = pd.DataFrame([_row(expert, None)], columns=list(LEADERBOARD_COLUMNS))
    for frame in (leaderboard, reference):  # whole numbers that may be missing
        for column in ("rank", "differs_from_week"):
            frame[column] = frame[column].astype("Int64")
        winners = [w if isinstance(w, str) else None for w in frame["winner"]]
        frame["winner"] = pd.Series(winners, index=frame.index, dtype=object)  # None, not NaN
    moment_rows = [
        {
            "team": game.team,
            "rank": rank,
            "order": k + 1,
            "week": item.moment.week,
            "before": item.moment.before,
            "after": item.moment.after,
            "change": item.moment.change,
            "explanation": item.words.text,
        }
        for game, rank in zip(ranked, ranks, strict=True)
        for k, item in enumerate(game.moments)
    ]
    return Comparison(
        workshop=info,
        lang=language,
        teams=tuple(ranked),
        expert=expert,
        leaderboard=leaderboard,
        reference=reference,
        moments=pd.DataFrame(moment_rows, columns=list(MOMENT_COLUMNS)),
        mismatches=tuple(g.team for g in games if not g.replay_matches),
    )


def _team_game(
    team: str,
    game: Simulation,
    lang: str,
    count: int,
    stored: dict[str, TeamResult] | None,
    expert: Simulation,
) -> TeamGame:
    facts = SessionFacts(game, lang)
    found = key_moments(facts, count)
    return TeamGame(
        team=team,
        facts=facts,
        forecast=forecast_score(facts),
        moments=tuple(TeamMoment(m, explain(facts, m)) for m in found),
        stored=None if stored is None else stored.get(team),
        differs_from_week=None if game is expert else _first_difference(game, expert),
    )


def _first_difference(game: Simulation, expert: Simulation) -> int | None:
    """The first week (round number, as in the event log) whose assignments differ from the
    expert's on the same seed: until then both games are the same, so their lines coincide."""
    for week, (ours, theirs) in enumerate(zip(game.decisions, expert.decisions, strict=False)):
        if ours.assignments != theirs.assignments:
            return week
    return None


def _key(game: TeamGame) -> tuple[int, float, float]:
    """Smaller is better: outcome class, then −margin, then the team's Brier score."""
    brier = game.forecast.team_brier
    return (
        OUTCOME_ORDER.index(game.outcome),
        -game.result.margin,
        math.inf if brier is None else round(brier, 9),
    )


def _order(a: TeamGame, b: TeamGame) -> int:
    ka, kb = _key(a), _key(b)
    return (ka > kb) - (ka < kb)


def _ranks(ranked: list[TeamGame]) -> list[int]:
    """Competition ranking ("1, 2, 2, 4"): teams with identical keys share a rank."""
    ranks: list[int] = []
    for position, game in enumerate(ranked):
        tied = position > 0 and _key(game) == _key(ranked[position - 1])
        ranks.append(ranks[-1] if tied else position + 1)
    return ranks


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _row(game: TeamGame, rank: int | None) -> dict[str, object]:
    result = game.result
    return {
        "rank": rank,
        "team": game.team,
        "outcome": game.outcome,
        "winner": result.winner if game.finished else None,
        "weeks": int(result.weeks),
        "margin": float(result.margin),
        "contract_value": float(result.contract_value),
        "pursuit_spend": float(result.pursuit_spend),
        "labour_cost": float(result.labour_cost),
        "team_brier": _nan(game.forecast.team_brier),
        "engine_brier": _nan(game.forecast.engine_brier),
        "forecasts": game.forecast.rounds,
        "rounds": game.rounds,
        "finished": game.finished,
        "differs_from_week": game.differs_from_week,
    }


__all__ = [
    "LEADERBOARD_COLUMNS",
    "MOMENT_COLUMNS",
    "OUTCOME_ORDER",
    "Comparison",
    "TeamGame",
    "TeamMoment",
    "compare",
]
