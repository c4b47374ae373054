"""Figures for "so what" and "now what": win chance and forecasts, the ghost, what-if, scores."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.analysis.assessment import Assessment
from sim.analysis.forecast import ForecastScore
from sim.analysis.ghost import OUTCOMES, Distribution, Ghost
from sim.analysis.moments import Moment
from sim.analysis.plotting import new_figure
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, tr
from sim.analysis.whatif import WhatIf

LEVEL_COLOURS = {
    "strong": "#59a14f",
    "developing": "#edc948",
    "gap": "#e15759",
    "not_observed": "#cccccc",
}


def chance_figure(
    facts: SessionFacts, moments: list[Moment], forecast: ForecastScore, ghost: Ghost | None
) -> Figure:
    """The engine's estimate of our chance, the team's forecasts, the expert's ghost."""
    lang = facts.lang
    figure = new_figure(11.0, 3.4)
    axes = figure.add_subplot()
    chance = facts.win_chance()
    for moment in moments:
        axes.axvspan(moment.week, moment.week + 1, color="#fdebd0", zorder=0)
        axes.annotate(
            tr("moment_short", lang, week=moment.week),
            (moment.week + 1, moment.after),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    # An estimate made at the end of week w is plotted at w + 1, where a forecast committed at
    # the start of week w + 1 sits: the two are compared at the same moment.
    axes.plot(
        chance.index + 1, chance.to_numpy(), color="#1f77b4", lw=2, label=tr("legend.engine", lang)
    )
    team = forecast.table["team"]
    axes.plot(
        team.index,
        team.to_numpy(),
        "s--",
        color="#ff7f0e",
        ms=3.5,
        lw=1,
        label=tr("legend.forecast", lang),
    )
    if ghost is not None and not ghost.win_chance.empty:
        axes.plot(
            ghost.win_chance.index + 1,
            ghost.win_chance.to_numpy(),
            color="#7f7f7f",
            lw=1.2,
            ls=":",
            label=tr("legend.ghost", lang),
        )
    axes.set_ylim(0, 1)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(tr("axis.week", lang))
    axes.set_ylabel(tr("axis.chance", lang))
    axes.set_title(tr("figure.chance", lang))
    axes.legend(frameon=False, fontsize=8, loc="upper left")
    return figure


def ghost_figure(facts: SessionFacts, distributions: list[Distribution]) -> Figure:
    """Outcome rates per policy (95% intervals) and where the team's margin falls."""
    lang = facts.lang
    figure = new_figure(11.0, 3.2)
    left, right = figure.subplots(1, 2)
    width = 0.8 / max(len(distributions), 1)
    x = np.arange(len(OUTCOMES))
    colours = ["#1f77b4", "#bab0ac", "#59a14f"]
    for k, dist in enumerate(distributions):
        rates = [dist.rate(o) for o in OUTCOMES]
        shares = np.array([r.share for r in rates])
        # Rounding can leave a bound a hair on the wrong side of the share at 0% or 100%.
        errors = np.maximum(
            0.0, [[r.share - r.low for r in rates], [r.high - r.share for r in rates]]
        )
        left.bar(
            x + (k - (len(distributions) - 1) / 2) * width,
            shares,
            width,
            yerr=errors,
            capsize=3,
            color=colours[k % len(colours)],
            label=tr("legend.policy", lang, policy=label("policy", dist.policy, lang), n=dist.n),
        )
    if facts.result.outcome in OUTCOMES:
        spot = OUTCOMES.index(facts.result.outcome)
        left.annotate(
            tr("legend.your_outcome", lang),
            (spot, 1.0),
            ha="center",
            va="top",
            fontsize=8,
            color="#c0392b",
        )
        left.axvspan(spot - 0.45, spot + 0.45, color="#fdebd0", zorder=0)
    left.set_xticks(x, [label("outcome", o, lang) for o in OUTCOMES])
    left.set_ylim(0, 1.05)
    left.set_ylabel(tr("axis.share", lang))
    left.set_title(tr("figure.outcomes", lang))
    left.legend(frameon=False, fontsize=8)
    for k, dist in enumerate(distributions):
        right.hist(
            dist.results["margin"] / 1000.0,
            bins=30,
            alpha=0.55,
            color=colours[k % len(colours)],
            label=label("policy", dist.policy, lang),
        )
    right.axvline(
        facts.result.margin / 1000.0, color="#c0392b", lw=2, label=tr("legend.your_margin", lang)
    )
    right.set_xlabel(tr("axis.margin_k", lang, currency=facts.scenario.account.currency))
    right.set_title(tr("figure.margins", lang))
    right.legend(frameon=False, fontsize=8)
    return figure


def whatif_figure(facts: SessionFacts, whatif: WhatIf) -> Figure:
    lang = facts.lang
    figure = new_figure(11.0, 3.0)
    axes = figure.add_subplot()
    original, changed = whatif.original_chance, whatif.changed_chance
    axes.plot(
        original.index + 1,
        original.to_numpy(),
        color="#1f77b4",
        lw=2,
        label=tr("legend.as_played", lang),
    )
    axes.plot(
        changed.index + 1,
        changed.to_numpy(),
        color="#e15759",
        lw=2,
        ls="--",
        label=tr("legend.what_if", lang),
    )
    axes.axvline(whatif.change.week, color="#555555", ls=":", lw=1)
    axes.set_ylim(0, 1)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(tr("axis.week", lang))
    axes.set_ylabel(tr("axis.chance", lang))
    axes.set_title(tr("figure.whatif", lang))
    axes.legend(frameon=False, fontsize=8, loc="upper left")
    return figure


def assessment_figure(facts: SessionFacts, assessment: Assessment) -> Figure:
    """One bar per competency, grouped by role, coloured by level."""
    lang = facts.lang
    scores = [s for role in assessment.roles() for s in assessment.of(role)]
    figure = new_figure(11.0, 0.8 + 0.32 * len(scores))
    axes = figure.add_subplot()
    names = [
        f"{label('role', s.role, lang)} · {label('competency', s.competency, lang)}" for s in scores
    ]
    values = [s.value if s.value is not None else 0.0 for s in scores]
    colours = [LEVEL_COLOURS[s.level] for s in scores]
    y = np.arange(len(scores))
    axes.barh(y, values, color=colours)
    for k, score in enumerate(scores):
        text = (
            label("level", score.level, lang)
            if score.value is None
            else f"{100 * score.value:.0f}%"
        )
        axes.text(values[k] + 0.01, k, text, va="center", fontsize=8)
    axes.set_yticks(y, names)
    axes.invert_yaxis()
    axes.set_xlim(0, 1.12)
    axes.axvline(0.4, color="#bbbbbb", lw=0.8, ls=":")
    axes.axvline(0.75, color="#bbbbbb", lw=0.8, ls=":")
    axes.set_title(tr("figure.assessment", lang))
    return figure
