"""So what: key moments, what the competitors changed, forecast accuracy, the ghost."""

from __future__ import annotations

from sim.analysis import cited_rows as cite
from sim.analysis.debrief_pieces import figure_html, h3, result_cells
from sim.analysis.debriefing import Debrief
from sim.analysis.figures_review import chance_figure, ghost_figure
from sim.analysis.html import Markup, join, para, table, tag
from sim.analysis.plotting import plot_style, png_data_uri
from sim.analysis.text import label, percent, signed, tr


def so_what(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    with plot_style(lang):
        chance = png_data_uri(chance_figure(facts, d.moments, d.forecast, d.ghost))
        spread = png_data_uri(ghost_figure(facts, d.distributions)) if d.distributions else None
    parts = [
        h3(tr("h.moments", lang), "moments"),
        para(tr("intro.moments", lang), cls="note"),
        figure_html(chance, tr("figure.chance", lang)),
    ]
    for moment in d.moments:
        direction = tr("moment.up" if moment.change > 0 else "moment.down", lang)
        parts.append(
            tag(
                "h4",
                tr(
                    "moment.title",
                    lang,
                    week=moment.week,
                    direction=direction,
                    before=percent(moment.before),
                    after=percent(moment.after),
                ),
            )
        )
        parts.append(cite.rows_table(facts, list(moment.rows)))
    if not d.moments:
        parts.append(para(tr("no_moments", lang)))
    parts += [
        h3(tr("h.competitor_impact", lang), "competitor-impact"),
        _impact(d),
        h3(tr("h.forecast", lang), "forecast"),
        _forecast(d),
        h3(tr("h.ghost", lang), "ghost"),
        _ghost(d),
    ]
    if spread is not None:
        parts.append(figure_html(spread, tr("figure.outcomes", lang)))
    return join(parts)


def _impact(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    if not d.competitors:
        return para(tr("no_competitors", lang))
    lines = []
    for item in d.competitors:
        cost = item.cost_to_us
        lines.append(
            [
                facts.names.who(item.competitor),
                str(item.moves),
                percent(item.chance_with),
                percent(item.chance_without),
                "–" if cost is None else tr("points", lang, value=signed(100 * cost)),
                label("outcome", str(item.outcome_without), lang),
            ]
        )
    header = [
        tr("col.competitor", lang),
        tr("col.moves", lang),
        tr("col.chance_with", lang),
        tr("col.chance_without", lang),
        tr("col.their_effect", lang),
        tr("col.outcome_without", lang),
    ]
    return join([para(tr("intro.competitor_impact", lang), cls="note"), table(header, lines)])


def _forecast(d: Debrief) -> Markup:
    lang, score = d.lang, d.forecast
    if score.rounds == 0:
        return para(tr("forecast.none", lang))
    if score.outcome is None:
        return para(tr("forecast.open", lang, rounds=score.rounds))

    def fmt(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    lines = [
        [tr("forecast.team", lang), fmt(score.team_brier), str(score.rounds)],
        [
            tr("forecast.team_same", lang),
            fmt(score.team_brier_same_weeks),
            str(len(score.table.dropna())),
        ],
        [tr("forecast.engine", lang), fmt(score.engine_brier), str(len(score.table.dropna()))],
    ]
    bias = score.mean_bias
    verdict = (
        "forecast.optimistic"
        if (bias or 0.0) > 0.05
        else "forecast.pessimistic"
        if (bias or 0.0) < -0.05
        else "forecast.calibrated"
    )
    return join(
        [
            para(tr("intro.forecast", lang), cls="note"),
            table(
                [tr("col.forecaster", lang), tr("col.brier", lang), tr("col.rounds", lang)], lines
            ),
            para(tr(verdict, lang, gap=percent(score.mean_gap), bias=percent(abs(bias or 0.0)))),
        ]
    )


def _ghost(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    header = [
        "",
        tr("col.outcome", lang),
        tr("col.winner", lang),
        tr("col.weeks", lang),
        tr("col.contract", lang),
        tr("col.cost_of_sale", lang),
        tr("col.margin", lang),
    ]
    lines = [[tr("ghost.team", lang), *result_cells(facts.result, facts)]]
    if d.ghost is not None:
        lines.append([tr("ghost.expert", lang), *result_cells(d.ghost.result, facts)])
    parts = [para(tr("intro.ghost", lang), cls="note"), table(header, lines)]
    for dist in d.distributions:
        won = dist.rate("won")
        parts.append(
            para(
                tr(
                    "ghost.standing",
                    lang,
                    policy=label("policy", dist.policy, lang),
                    n=dist.n,
                    won=percent(won.share),
                    low=percent(won.low),
                    high=percent(won.high),
                    rank=percent(dist.margin_rank(facts.result.margin)),
                )
            )
        )
    return join(parts)
