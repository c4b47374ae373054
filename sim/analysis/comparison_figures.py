"""The comparison's figure: the engine's win chance week by week, one line per team.

Every team starts from the same seed, so the lines lie on top of each other until a team's
decisions differ from another's; where they split is where the debrief should look. The
expert policy on the same seed is drawn as a grey dotted reference line.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from sim.analysis.comparison import Comparison, TeamGame
from sim.analysis.comparison_words import outcome_label, tr
from sim.analysis.plotting import new_figure
from sim.analysis.text import tr as analysis_tr

# Colour-blind-safe qualitative colours (Okabe–Ito, then Tableau) for up to 18 teams;
# beyond that colours repeat with a different line style.
TEAM_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#8c564b",
    "#000000",
    "#F0E442",
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
)
STYLES = ("-", "--", "-.")
END_MARKERS = {"won": "o", "lost": "X", "no_decision": "s", "unfinished": ">"}
EXPERT_COLOUR = "#7f7f7f"


def _line(
    axes: Axes, game: TeamGame, name: str, *, color: str, ls: str, lw: float, alpha: float = 1.0
) -> None:
    chance = game.facts.win_chance()
    if chance.empty:
        return
    # As in the debrief: the estimate at the end of week w is drawn at w + 1.
    weeks = chance.index + 1
    values = chance.to_numpy()
    axes.plot(weeks, values, label=name, color=color, ls=ls, lw=lw, alpha=alpha)
    marker = END_MARKERS.get(game.outcome, "o")
    axes.plot(weeks[-1], values[-1], marker=marker, ms=7, color=color, ls="")


def chance_lines_figure(comparison: Comparison) -> Figure:
    """Win chance by week for every team (labelled with its outcome) and the expert."""
    lang = comparison.lang
    many = len(comparison.teams) > 12
    figure = new_figure(11.0, 4.2 if not many else 5.6)
    axes = figure.add_subplot()
    for k, game in enumerate(comparison.teams):
        name = tr(
            "figure.team_line",
            lang,
            team=game.team,
            outcome=outcome_label(game.outcome, lang),
        )
        _line(
            axes,
            game,
            name,
            color=TEAM_COLOURS[k % len(TEAM_COLOURS)],
            ls=STYLES[(k // len(TEAM_COLOURS)) % len(STYLES)],
            lw=1.8,
            alpha=0.9,
        )
    expert = comparison.expert
    _line(
        axes,
        expert,
        tr("figure.expert_line", lang, outcome=outcome_label(expert.outcome, lang)),
        color=EXPERT_COLOUR,
        ls=":",
        lw=2.4,
    )
    axes.set_ylim(0, 1)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(analysis_tr("axis.week", lang))
    axes.set_ylabel(analysis_tr("axis.chance", lang))
    axes.set_title(tr("figure.chance", lang))
    axes.legend(
        frameon=False,
        fontsize=7 if many else 8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        ncol=2 if len(comparison.teams) > 20 else 1,
    )
    return figure
