"""What happened: the timeline, hours and money, the buying centre, competitors, the customer."""

from __future__ import annotations

from sim.analysis import cited_rows as cite
from sim.analysis.competitors import summary
from sim.analysis.debrief_pieces import figure_html, h3
from sim.analysis.debriefing import Debrief
from sim.analysis.dispositions import final_readings
from sim.analysis.figures import cost_figure, dispositions_figure, timeline_figure
from sim.analysis.handoffs import COLUMNS as HANDOFF_COLUMNS
from sim.analysis.handoffs import handoff_rows
from sim.analysis.html import Markup, join, para, table
from sim.analysis.plotting import plot_style, png_data_uri
from sim.analysis.text import label, money, percent, signed, tr
from sim.analysis.timeline import cost_of_sale, costs_by, customer_markers


def what_happened(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    result = facts.result
    currency = facts.scenario.account.currency
    cost = cost_of_sale(facts)
    with plot_style(lang):
        timeline = png_data_uri(timeline_figure(facts))
        costs = png_data_uri(cost_figure(facts))
        centre = png_data_uri(dispositions_figure(facts))
    outcome = label("outcome", str(result.outcome), lang)
    parts = [
        para(
            tr(
                "summary.outcome",
                lang,
                outcome=outcome,
                winner=facts.names.who(result.winner or "") or tr("nobody", lang),
                week=result.weeks,
            )
        ),
        para(
            tr(
                "summary.cost",
                lang,
                cost=money(cost.total),
                currency=currency,
                expenses=money(cost.expenses),
                labour=money(cost.labour),
                share=percent(cost.share_of_value),
                value=money(cost.deal_value),
                budget=percent(cost.budget_used),
            )
        ),
        h3(tr("h.timeline", lang), "timeline"),
        para(tr("intro.timeline", lang), cls="note"),
        figure_html(timeline, tr("figure.timeline", lang)),
        h3(tr("h.costs", lang), "costs"),
        _cost_tables(d),
        figure_html(costs, tr("figure.cost_by_stage", lang)),
        h3(tr("handoff.title", lang), "handoffs"),
        _handoffs(d),
        h3(tr("h.buying_centre", lang), "buying-centre"),
        para(tr("intro.buying_centre", lang), cls="note"),
        figure_html(centre, tr("figure.dispositions", lang)),
        _readings(d),
        h3(tr("h.competitors", lang), "competitors"),
        _competitor_moves(d),
        _red_team(d),
        h3(tr("h.customer", lang), "customer"),
        _customer_events(d),
    ]
    return join(parts)


def _handoffs(d: Debrief) -> Markup:
    """Who told whom what, and when (briefings and strategy sessions, with the players' notes)."""
    lang = d.lang
    rows = handoff_rows(d.facts.game, lang)
    if not rows:
        return para(tr("handoff.none", lang), cls="note")
    header = [tr(f"handoff.col.{c}", lang) for c in HANDOFF_COLUMNS]
    lines = [
        [str(r.week), r.activity, r.source, r.recipients, r.told, r.requests, r.note]
        for r in rows
    ]
    return table(header, lines)


def _cost_tables(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    header = [
        tr("col.hours", lang),
        tr("col.labour", lang),
        tr("col.expenses", lang),
        tr("col.total", lang),
    ]
    out = []
    for by, group in (("role", "role"), ("stage", "stage")):
        frame = costs_by(facts, by)
        lines = [
            [
                label(group, str(key), lang),
                f"{row.hours:,.0f}",
                money(row.labour),
                money(row.expenses),
                money(row.total),
            ]
            for key, row in frame.iterrows()
        ]
        out.append(table([tr(f"col.{by}", lang), *header], lines))
    return join(out)


def _readings(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    lines = []
    for reading in final_readings(facts):
        person = facts.scenario.stakeholder(reading.stakeholder)
        believed = "–" if reading.believed is None else signed(reading.believed)
        gap = "" if reading.gap is None else signed(reading.gap)
        lines.append(
            [
                facts.names.who(person.id),
                label("department", person.department, lang),
                ", ".join(label("buying_role", r, lang) for r in person.roles),
                signed(reading.truth),
                believed,
                gap,
                facts.names.who(reading.favourite),
            ]
        )
    header = [
        tr("col.stakeholder", lang),
        tr("col.department", lang),
        tr("col.buying_role", lang),
        tr("col.true_us", lang),
        tr("col.believed_us", lang),
        tr("col.gap", lang),
        tr("col.favourite", lang),
    ]
    return table(header, lines)


def _competitor_moves(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    moves = summary(facts)
    if not moves:
        return para(tr("no_competitor_moves", lang))
    lines = [
        [
            facts.names.who(m.competitor),
            label("move", m.move, lang),
            str(m.count),
            str(m.seen),
            ", ".join(facts.names.who(t) for t in m.targets),
        ]
        for m in moves
    ]
    header = [
        tr("col.competitor", lang),
        tr("col.move", lang),
        tr("col.count", lang),
        tr("col.seen", lang),
        tr("col.targets", lang),
    ]
    return join([para(tr("intro.competitors", lang), cls="note"), table(header, lines)])


def _red_team(d: Debrief) -> Markup:
    """Each vendor people played: their moves, and our chance had the computer played it."""
    facts, lang = d.facts, d.lang
    parts: list[Markup] = []
    for play in d.red_team:
        vendor = facts.names.who(play.vendor)
        cost = play.cost_to_us
        parts.append(
            para(
                tr("red_team.intro", lang, vendor=vendor, moves=len(play.moves))
                if cost is None
                else tr(
                    "red_team.cost",
                    lang,
                    vendor=vendor,
                    moves=len(play.moves),
                    played=percent(play.chance_with or 0.0),
                    computer=percent(play.chance_with_computer or 0.0),
                    change=signed(100.0 * cost),
                )
            )
        )
        lines = [
            [str(week), label("move", move, lang), facts.names.who(target)]
            for week, move, target in play.moves
        ]
        header = [tr("col.week", lang), tr("col.move", lang), tr("col.targets", lang)]
        parts.append(table(header, lines))
    return join(parts)


def _customer_events(d: Debrief) -> Markup:
    facts = d.facts
    marks = [m.row for m in customer_markers(facts)]
    if not marks:
        return para(tr("no_customer_events", d.lang))
    return cite.rows_table(facts, marks)
