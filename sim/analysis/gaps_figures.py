"""Figures of the team-gaps view: heatmap, distributions, trend and priorities.

Each takes the (filtered) tidy table of :mod:`sim.analysis.gaps` and returns a plain
:class:`~matplotlib.figure.Figure`; draw them inside :func:`sim.analysis.plotting.plot_style`
for the language, so that Chinese labels use the CJK font. An empty table raises
:class:`~sim.analysis.gaps.NoScoresError` (the views show its message instead of a figure).
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.analysis.assessment import DEVELOPING, ROLES, STRONG
from sim.analysis.figures_review import LEVEL_COLOURS
from sim.analysis.gaps import (
    COMPETENCIES,
    NoScoresError,
    Priority,
    gt,
    heatmap_table,
    role_scores,
    trend_table,
)
from sim.analysis.plotting import OPTION_COLOURS, new_figure
from sim.analysis.text import label

ROLE_COLOURS = dict(zip(ROLES, OPTION_COLOURS, strict=False))
JITTER_SEED = 0  # fixed: the same table always draws the same picture


def wrap(text: str, lang: str, width: int = 18) -> str:
    """Long labels on several lines (Chinese has no spaces: fewer characters per line)."""
    return "\n".join(textwrap.wrap(text, width // 2 if lang == "zh" else width)) or text


def _check(frame: pd.DataFrame) -> None:
    if frame.empty or frame["value"].notna().sum() == 0:
        raise NoScoresError


def _level_lines(axes: Axes) -> None:
    """Dashed lines at the level cuts (developing, strong)."""
    for cut in (DEVELOPING, STRONG):
        axes.axhline(cut, color="#999999", lw=0.7, ls="--", zorder=0)


def heatmap_figure(frame: pd.DataFrame, lang: str) -> Figure:
    """Mean score per role × competency, with the number of teams observed; blank where none."""
    _check(frame)
    means, counts = heatmap_table(frame)
    figure = new_figure(11.0, 1.6 + 0.62 * len(means.index))
    axes = figure.add_subplot()
    values = means.to_numpy(dtype=float)
    numbers = counts.to_numpy(dtype=int)
    image = axes.imshow(
        np.ma.masked_invalid(values), cmap="RdYlGn", vmin=0.0, vmax=1.0, aspect="auto"
    )
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if np.isnan(values[i, j]):
                continue
            share = f"{100 * values[i, j]:.0f}%"
            text = gt("cell", lang, share=share, count=int(numbers[i, j]))
            axes.text(j, i, text, ha="center", va="center", fontsize=8, color="#111111")
    axes.set_xticks(range(means.shape[1]))
    axes.set_xticklabels(
        [wrap(label("competency", c, lang), lang) for c in means.columns], fontsize=7.5
    )
    axes.set_yticks(range(means.shape[0]))
    axes.set_yticklabels([label("role", r, lang) for r in means.index])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    colourbar = figure.colorbar(image, ax=axes, fraction=0.03, pad=0.01)
    colourbar.set_label(gt("axis.mean_score", lang))
    axes.set_title(gt("figure.heatmap", lang))
    return figure


def distribution_figure(frame: pd.DataFrame, lang: str) -> Figure:
    """Per role, each competency's scores across teams: a box and every team as a dot
    (coloured by level)."""
    _check(frame)
    observed = frame.dropna(subset=["value"])
    roles = [r for r in ROLE_COLOURS if r in set(observed["role"])]
    roles += sorted(set(observed["role"]) - set(roles))
    per_role = {
        r: [c for c in COMPETENCIES if c in set(observed.loc[observed["role"] == r, "competency"])]
        + sorted(set(observed.loc[observed["role"] == r, "competency"]) - set(COMPETENCIES))
        for r in roles
    }
    figure = new_figure(11.0, 3.8)
    grid = figure.add_gridspec(1, len(roles), width_ratios=[len(per_role[r]) for r in roles])
    rng = np.random.default_rng(JITTER_SEED)
    first = None
    for k, role in enumerate(roles):
        axes = figure.add_subplot(grid[0, k], sharey=first)
        first = first or axes
        competencies = per_role[role]
        series = [
            observed.loc[
                (observed["role"] == role) & (observed["competency"] == c), ["value", "level"]
            ]
            for c in competencies
        ]
        axes.boxplot(
            [s["value"].to_numpy() for s in series],
            positions=range(len(competencies)),
            widths=0.5,
            showfliers=False,
            medianprops={"color": ROLE_COLOURS.get(role, "#333333")},
        )
        for x, s in enumerate(series):
            spread = rng.uniform(-0.15, 0.15, len(s))
            axes.scatter(
                x + spread,
                s["value"],
                s=14,
                c=[LEVEL_COLOURS.get(level, "#999999") for level in s["level"]],
                edgecolors="#333333",
                linewidths=0.4,
                zorder=3,
            )
        _level_lines(axes)
        axes.set_xticks(range(len(competencies)))
        axes.set_xticklabels(
            [wrap(label("competency", c, lang), lang, 14) for c in competencies], fontsize=7
        )
        axes.set_title(label("role", role, lang), color=ROLE_COLOURS.get(role, "#333333"))
        axes.set_ylim(-0.05, 1.05)
        if k:
            axes.tick_params(labelleft=False)
        else:
            axes.set_ylabel(gt("axis.score", lang))
    figure.suptitle(gt("figure.distribution", lang), fontsize=10)
    return figure


def trend_figure(frame: pd.DataFrame, lang: str) -> Figure:
    """Per role, the mean of the teams' role scores at each workshop or session date."""
    _check(frame)
    table = trend_table(frame)
    heads = role_scores(frame)
    figure = new_figure(11.0, 3.4)
    axes = figure.add_subplot()
    for role in table.columns:
        colour = ROLE_COLOURS.get(str(role), "#333333")
        line = table[role].dropna()
        axes.plot(
            line.index,
            line.to_numpy(),
            "o-",
            color=colour,
            lw=1.6,
            ms=5,
            label=label("role", str(role), lang),
        )
        own = heads[heads["role"] == role]
        axes.scatter(own["date"], own["value"], s=8, color=colour, alpha=0.35, zorder=1)
    _level_lines(axes)
    axes.set_ylim(-0.05, 1.05)
    axes.set_ylabel(gt("axis.role_score", lang))
    axes.set_xlabel(gt("axis.date", lang))
    dates = sorted(set(table.index))
    axes.set_xticks(dates)
    axes.set_xticklabels([pd.Timestamp(d).strftime("%Y-%m-%d") for d in dates], fontsize=7.5)
    if len(dates) > 6:
        for tick in axes.get_xticklabels():
            tick.set_rotation(30)
    axes.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    axes.set_title(gt("figure.trend", lang))
    return figure


def priorities_figure(found: list[Priority], lang: str) -> Figure:
    """The coaching priorities as bars (longest first), each with its gap count."""
    if not found:
        raise NoScoresError
    figure = new_figure(11.0, 0.9 + 0.42 * len(found))
    axes = figure.add_subplot()
    names = [
        f"{label('role', p.role, lang)} · {label('competency', p.competency, lang)}" for p in found
    ]
    y = np.arange(len(found))[::-1]
    axes.barh(
        y,
        [p.priority for p in found],
        color=[ROLE_COLOURS.get(p.role, "#333333") for p in found],
        alpha=0.85,
    )
    for k, p in enumerate(found):
        axes.text(
            p.priority,
            y[k],
            "  " + gt("bar_note", lang, gaps=p.gaps, below=p.below_strong, count=p.observed),
            va="center",
            fontsize=8,
        )
    axes.set_yticks(y)
    axes.set_yticklabels([wrap(n, lang, 60) for n in names], fontsize=8)
    axes.set_xlim(0, max(p.priority for p in found) * 1.45)
    axes.set_xlabel(gt("axis.priority", lang))
    axes.set_title(gt("figure.priorities", lang))
    return figure


__all__ = ["distribution_figure", "heatmap_figure", "priorities_figure", "trend_figure"]
