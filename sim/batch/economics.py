"""Does sound play pay? The check behind ``sandtable validate --play``.

A scenario can be valid, playable and still teach the wrong lesson: if the expert team's
expected margin is below zero, the pursuit costs more than the deals it wins earn, and doing
nothing until the tender beats every good habit on margin; if sound play almost never wins (or
almost always does), a trainee's good and bad habits barely change the outcome. The band a
trainee can learn from is :data:`SOUND_PLAY_BAND` (expert 25–60 % won); the advice comes only
when the whole 95 % interval of the measured win rate lies outside it. This plays the
replications that ``sandtable batch SCENARIO -n 100 --policy expert`` plays and reports what it
measured (ids, reason codes and figures; the command line makes the words).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.batch.outcomes import play_replication
from sim.batch.statistics import wilson
from sim.batch.variants import Variant
from sim.model.playability import Advice
from sim.scenario.schema import Scenario

SOUND_PLAY_GAMES = 100  # a batch's first 100: the mean margin to about a tenth of a win's gross
SOUND_PLAY_BAND = (0.25, 0.60)  # expert win rates a scenario teaches with: assumption


@dataclass(frozen=True)
class SoundPlay:
    """What the expert policy earned over ``games`` seeded games (means per game)."""

    games: int
    win_rate: float
    margin: float  # expected margin per game
    cost_of_sale: float  # pursuit spend + labour per game
    gross_per_win: float  # collected − delivery cost (margin before the cost of sale), per win


def measure_sound_play(scenario: Scenario, games: int = SOUND_PLAY_GAMES) -> SoundPlay:
    """The expert policy's means over the first ``games`` replications of a batch (seed 0)."""
    expert = Variant(scenario, "expert")
    wins = 0
    margin = cost = gross = 0.0
    for index in range(games):
        result = play_replication(expert, 0, index)
        spent = result.pursuit_spend + result.labour_cost
        margin += result.margin
        cost += spent
        if result.outcome == "won":
            wins += 1
            gross += result.margin + spent
    return SoundPlay(
        games=games,
        win_rate=wins / games,
        margin=margin / games,
        cost_of_sale=cost / games,
        gross_per_win=gross / wins if wins else 0.0,
    )


def sound_play_advice(scenario: Scenario, games: int = SOUND_PLAY_GAMES) -> list[Advice]:
    """Advice when the expert team loses money on average (sound play would not pay here), and
    when its win rate lies clearly outside :data:`SOUND_PLAY_BAND`."""
    measured = measure_sound_play(scenario, games)
    found = []
    if measured.margin < 0.0:
        found.append(
            Advice(
                ("account", "deal_value"),
                "sound_play_loses_money",
                {
                    "games": measured.games,
                    "margin": measured.margin,
                    "win_rate": measured.win_rate,
                    "cost": measured.cost_of_sale,
                    "gross": measured.gross_per_win,
                },
            )
        )
    interval = wilson(round(measured.win_rate * measured.games), measured.games)
    low, high = SOUND_PLAY_BAND
    key = (
        "sound_play_rarely_wins"
        if interval.high < low
        else "sound_play_nearly_always_wins"
        if interval.low > high
        else None
    )
    if key is not None:
        where = ("competitors",) if scenario.competitors else ("stakeholders",)
        found.append(
            Advice(
                where,
                key,
                {
                    "games": measured.games,
                    "win_rate": measured.win_rate,
                    "low": interval.low,
                    "high": interval.high,
                    "band_low": low,
                    "band_high": high,
                },
            )
        )
    return found
