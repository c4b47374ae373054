"""Figures for "what happened": the Gantt timeline, the cost of sale, the buying centre."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from sim.analysis.dispositions import believed_dispositions, options, true_dispositions
from sim.analysis.plotting import (
    ACTIVITY_COLOURS,
    NONE_COLOUR,
    OPTION_COLOURS,
    PHASE_COLOURS,
    new_figure,
)
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, tr
from sim.analysis.timeline import (
    competitor_markers,
    costs_by,
    customer_markers,
    end_week,
    gantt_bars,
    phase_bands,
    stage_bands,
)

LABELLED_SPAN = 0.06  # bands narrower than this share of the axis stay unlabelled
STAGE_SHADES = ("#8aa6c1", "#5d7f9e")
MARKED_CUSTOMER_KINDS = (
    "tender_issued",
    "decision_maker_replaced",
    "budget_cut",
    "pm_requested",
    "pm_request_missed",
    "timeline_slip",
    "award",
    "outcome",
    "bid_missed",
)


def timeline_figure(facts: SessionFacts) -> Figure:
    """Members' weeks as a Gantt chart over the customer's phases, with events marked."""
    lang = facts.lang
    members = [m.id for m in facts.scenario.team]
    rivals = [c.id for c in facts.scenario.competitors]
    rows = members + rivals
    end = max(end_week(facts), 1.0)
    figure = new_figure(11.0, 1.6 + 0.45 * len(rows))
    axes = figure.add_subplot()
    for band in phase_bands(facts):
        axes.axvspan(band.start, band.end, color=PHASE_COLOURS.get(band.name, "#ffffff"), zorder=0)
        if band.end - band.start >= LABELLED_SPAN * end:
            axes.text(
                (band.start + band.end) / 2,
                len(rows) - 0.35,
                label("phase", band.name, lang),
                ha="center",
                va="bottom",
                fontsize=8,
                color="#555555",
            )
    for k, band in enumerate(stage_bands(facts)):
        axes.plot(
            [band.start, band.end],
            [-0.75, -0.75],
            lw=5,
            solid_capstyle="butt",
            color=STAGE_SHADES[k % 2],
        )
        if band.end - band.start >= LABELLED_SPAN * end:
            axes.text(
                band.start + 0.05,
                -0.95,
                label("stage", band.name, lang),
                fontsize=7,
                va="top",
                color="#34495e",
            )
    y_of = {member: len(rows) - 1 - k for k, member in enumerate(rows)}
    groups: dict[tuple[str, str, bool], list[tuple[float, float]]] = {}
    for bar in gantt_bars(facts):  # one collection per member, activity and lead/join
        spans = groups.setdefault((bar.member, bar.activity, bar.lead), [])
        spans.append((bar.week + bar.start * 0.92 + 0.04, bar.width * 0.92))
    for (member, activity, lead), spans in groups.items():
        height = 0.62 if lead else 0.4
        axes.broken_barh(
            spans,
            (y_of[member] - height / 2, height),
            zorder=3,
            linewidth=0.3,
            facecolors=ACTIVITY_COLOURS.get(activity, "#999999"),
            edgecolors="white",
        )
    used = {activity for _, activity, _ in groups}
    for marker in competitor_markers(facts):
        if marker.week > end:
            continue
        axes.plot(
            marker.week,
            y_of[marker.actor],
            marker="v",
            ms=5,
            zorder=4,
            color="#c0392b",
            markerfacecolor="#c0392b" if marker.seen else "white",
        )
    for marker in customer_markers(facts):
        if marker.kind not in MARKED_CUSTOMER_KINDS or marker.week > end:
            continue
        axes.axvline(marker.week, color="#34495e", ls=":", lw=0.9, zorder=2)
        axes.text(
            marker.week,
            -0.45,
            label("kind", marker.kind, lang),
            rotation=90,
            fontsize=7,
            ha="right",
            va="bottom",
            color="#34495e",
            zorder=5,
        )
    axes.set_yticks(
        [y_of[r] for r in rows],
        [facts.names.who(m) for m in members] + [facts.names.who(c) for c in rivals],
    )
    axes.set_ylim(-1.6, len(rows) + 0.3)
    axes.set_xlim(0, end)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(tr("axis.week", lang))
    axes.set_title(tr("figure.timeline", lang))
    handles: list[Patch | Line2D] = [
        Patch(color=ACTIVITY_COLOURS[a], label=label("activity", a, lang))
        for a in ACTIVITY_COLOURS
        if a in used
    ]
    handles.append(
        Line2D([], [], marker="v", ls="", color="#c0392b", label=tr("legend.move_seen", lang))
    )
    handles.append(
        Line2D(
            [],
            [],
            marker="v",
            ls="",
            color="#c0392b",
            markerfacecolor="white",
            label=tr("legend.move_unseen", lang),
        )
    )
    axes.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False
    )
    return figure


def cost_figure(facts: SessionFacts) -> Figure:
    """Hours per role, and labour plus expenses per sales stage."""
    lang = facts.lang
    figure = new_figure(11.0, 3.2)
    left, right = figure.subplots(1, 2)
    by_role = costs_by(facts, "role")
    roles = [label("role", r, lang) for r in by_role.index]
    left.barh(roles, by_role["hours"], color="#4e79a7")
    left.set_xlabel(tr("axis.hours", lang))
    left.set_title(tr("figure.hours_by_role", lang))
    left.invert_yaxis()
    by_stage = costs_by(facts, "stage")
    stages = [label("stage", s, lang) for s in by_stage.index]
    right.bar(stages, by_stage["labour"], color="#76b7b2", label=tr("legend.labour", lang))
    right.bar(
        stages,
        by_stage["expenses"],
        bottom=by_stage["labour"],
        color="#f28e2b",
        label=tr("legend.expenses", lang),
    )
    right.set_ylabel(facts.scenario.account.currency)
    right.set_title(tr("figure.cost_by_stage", lang))
    right.legend(frameon=False, fontsize=8)
    right.tick_params(axis="x", labelrotation=20)
    return figure


def dispositions_figure(facts: SessionFacts) -> Figure:
    """Each stakeholder: the true leaning toward every option (lines) and the team's reading of
    the leaning toward us (dots)."""
    lang = facts.lang
    truth = true_dispositions(facts)
    belief = believed_dispositions(facts)
    people = [p.id for p in facts.scenario.stakeholders]
    columns = 3
    rows = math.ceil(len(people) / columns)
    figure = new_figure(11.0, 0.6 + 2.3 * rows)
    grid = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    names = options(facts)
    colours = {
        o: (NONE_COLOUR if o == "none" else OPTION_COLOURS[k % len(OPTION_COLOURS)])
        for k, o in enumerate(names)
    }
    for k, person in enumerate(people):
        axes = grid[k // columns][k % columns]
        for option in names:
            series = truth[(person, option)]
            axes.step(
                series.index,
                series.to_numpy(),
                where="post",
                color=colours[option],
                lw=2.0 if option == "us" else 1.1,
                ls="--" if option == "none" else "-",
            )
        believed = belief[(person, "us")]
        axes.plot(
            believed.index,
            believed.to_numpy(),
            "o",
            ms=3.5,
            color=colours["us"],
            markerfacecolor="white",
        )
        axes.axhline(0, color="#bbbbbb", lw=0.6)
        axes.set_ylim(-5.5, 5.5)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(
            f"{facts.names.who(person)} · {label('department', facts.departments[person], lang)}",
            fontsize=9,
        )
    for k in range(len(people), rows * columns):
        grid[k // columns][k % columns].set_visible(False)
    handles = [
        Line2D(
            [],
            [],
            color=colours[o],
            lw=2 if o == "us" else 1.1,
            ls="--" if o == "none" else "-",
            label=facts.names.who(o),
        )
        for o in names
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color=colours["us"],
            markerfacecolor="white",
            label=tr("legend.believed_us", lang),
        )
    )
    figure.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8
    )
    figure.suptitle(tr("figure.dispositions", lang), fontsize=10)
    return figure
