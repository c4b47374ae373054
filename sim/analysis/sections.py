"""The debrief's three parts as HTML: What happened / So what / Now what (Borton, Rolfe).

Shared by the HTML report and the debrief notebook. Every dynamic text is escaped by the
builder in :mod:`sim.analysis.html`; figures are embedded as PNG data URIs.
"""

from __future__ import annotations

from sim.analysis import rows as cite
from sim.analysis.assessment import Score
from sim.analysis.competitors import summary
from sim.analysis.debrief import Debrief
from sim.analysis.dispositions import final_readings
from sim.analysis.figures import cost_figure, dispositions_figure, timeline_figure
from sim.analysis.figures_review import assessment_figure, chance_figure, ghost_figure, whatif_figure
from sim.analysis.html import Markup, image, join, para, table, tag
from sim.analysis.plotting import plot_style, png_data_uri
from sim.analysis.text import label, money, percent, tr
from sim.analysis.timeline import cost_of_sale, costs_by, customer_markers
from sim.analysis.whatif import describe_assignment
from sim.engine import Result

def h3(text: str, anchor: str) -> Markup:
    return tag("h3", text, id=anchor)


def figure_html(uri: str, caption: str) -> Markup:
    return tag("figure", image(uri, caption), tag("figcaption", caption))


# --- What happened ---------------------------------------------------------------------------
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
        para(tr("summary.outcome", lang, outcome=outcome, winner=facts.names.who(result.winner or "")
                or tr("nobody", lang), week=result.weeks)),
        para(tr("summary.cost", lang, cost=money(cost.total), currency=currency,
                expenses=money(cost.expenses), labour=money(cost.labour),
                share=percent(cost.share_of_value), value=money(cost.deal_value),
                budget=percent(cost.budget_used))),
        h3(tr("h.timeline", lang), "timeline"),
        para(tr("intro.timeline", lang), cls="note"),
        figure_html(timeline, tr("figure.timeline", lang)),
        h3(tr("h.costs", lang), "costs"),
        _cost_tables(d),
        figure_html(costs, tr("figure.cost_by_stage", lang)),
        h3(tr("h.buying_centre", lang), "buying-centre"),
        para(tr("intro.buying_centre", lang), cls="note"),
        figure_html(centre, tr("figure.dispositions", lang)),
        _readings(d),
        h3(tr("h.competitors", lang), "competitors"),
        _competitor_moves(d),
        h3(tr("h.customer", lang), "customer"),
        _customer_events(d),
    ]
    return join(parts)


def _cost_tables(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    header = [tr("col.hours", lang), tr("col.labour", lang), tr("col.expenses", lang), tr("col.total", lang)]
    out = []
    for by, group in (("role", "role"), ("stage", "stage")):
        frame = costs_by(facts, by)
        lines = [[label(group, str(key), lang), f"{row.hours:,.0f}", money(row.labour), money(row.expenses),
                  money(row.total)] for key, row in frame.iterrows()]
        out.append(table([tr(f"col.{by}", lang), *header], lines))
    return join(out)


def _readings(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    lines = []
    for reading in final_readings(facts):
        person = facts.scenario.stakeholder(reading.stakeholder)
        believed = "–" if reading.believed is None else f"{reading.believed:+.0f}"
        gap = "" if reading.gap is None else f"{reading.gap:+.0f}"
        lines.append([
            facts.names.who(person.id), label("department", person.department, lang),
            ", ".join(label("buying_role", r, lang) for r in person.roles),
            f"{reading.truth:+.0f}", believed, gap, facts.names.who(reading.favourite),
        ])
    header = [tr("col.stakeholder", lang), tr("col.department", lang), tr("col.buying_role", lang),
              tr("col.true_us", lang), tr("col.believed_us", lang), tr("col.gap", lang),
              tr("col.favourite", lang)]
    return table(header, lines)


def _competitor_moves(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    moves = summary(facts)
    if moves.empty:
        return para(tr("no_competitor_moves", lang))
    lines = [[facts.names.who(str(row.competitor)), label("move", str(row.move), lang), str(row.count),
              str(row.seen), ", ".join(facts.names.who(t) for t in row.targets)]
             for row in moves.itertuples()]
    header = [tr("col.competitor", lang), tr("col.move", lang), tr("col.count", lang),
              tr("col.seen", lang), tr("col.targets", lang)]
    return join([para(tr("intro.competitors", lang), cls="note"), table(header, lines)])


def _customer_events(d: Debrief) -> Markup:
    facts = d.facts
    marks = [m.row for m in customer_markers(facts)]
    if not marks:
        return para(tr("no_customer_events", d.lang))
    return cite.rows_table(facts, marks)


# --- So what ---------------------------------------------------------------------------------
def so_what(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    with plot_style(lang):
        chance = png_data_uri(chance_figure(facts, d.moments, d.forecast, d.ghost))
        spread = png_data_uri(ghost_figure(facts, d.distributions)) if d.distributions else None
    parts = [h3(tr("h.moments", lang), "moments"), para(tr("intro.moments", lang), cls="note"),
             figure_html(chance, tr("figure.chance", lang))]
    for moment in d.moments:
        direction = tr("moment.up" if moment.change > 0 else "moment.down", lang)
        parts.append(tag("h4", tr("moment.title", lang, week=moment.week, direction=direction,
                                  before=percent(moment.before), after=percent(moment.after))))
        parts.append(cite.rows_table(facts, list(moment.rows)))
    if not d.moments:
        parts.append(para(tr("no_moments", lang)))
    parts += [h3(tr("h.competitor_impact", lang), "competitor-impact"), _impact(d),
              h3(tr("h.forecast", lang), "forecast"), _forecast(d),
              h3(tr("h.ghost", lang), "ghost"), _ghost(d)]
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
        lines.append([facts.names.who(item.competitor), str(item.moves), percent(item.chance_with),
                      percent(item.chance_without),
                      "–" if cost is None else f"{100 * cost:+.0f} pp",
                      label("outcome", str(item.outcome_without), lang)])
    header = [tr("col.competitor", lang), tr("col.moves", lang), tr("col.chance_with", lang),
              tr("col.chance_without", lang), tr("col.their_effect", lang), tr("col.outcome_without", lang)]
    return join([para(tr("intro.competitor_impact", lang), cls="note"), table(header, lines)])


def _forecast(d: Debrief) -> Markup:
    lang, score = d.lang, d.forecast
    if score.rounds == 0:
        return para(tr("forecast.none", lang))
    if score.outcome is None:
        return para(tr("forecast.open", lang, rounds=score.rounds))

    def fmt(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    lines = [[tr("forecast.team", lang), fmt(score.team_brier), str(score.rounds)],
             [tr("forecast.team_same", lang), fmt(score.team_brier_same_weeks),
              str(len(score.table.dropna()))],
             [tr("forecast.engine", lang), fmt(score.engine_brier), str(len(score.table.dropna()))]]
    bias = score.mean_bias
    verdict = ("forecast.optimistic" if (bias or 0.0) > 0.05 else
               "forecast.pessimistic" if (bias or 0.0) < -0.05 else "forecast.calibrated")
    return join([
        para(tr("intro.forecast", lang), cls="note"),
        table([tr("col.forecaster", lang), tr("col.brier", lang), tr("col.rounds", lang)], lines),
        para(tr(verdict, lang, gap=percent(score.mean_gap), bias=percent(abs(bias or 0.0)))),
    ])


def _result_cells(result: Result, d: Debrief) -> list[str]:
    lang, currency = d.lang, d.facts.scenario.account.currency
    return [label("outcome", str(result.outcome), lang), d.facts.names.who(result.winner or "") or "–",
            str(result.weeks), f"{money(result.contract_value)} {currency}",
            f"{money(result.pursuit_spend + result.labour_cost)} {currency}",
            f"{money(result.margin)} {currency}"]


def _ghost(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    header = ["", tr("col.outcome", lang), tr("col.winner", lang), tr("col.weeks", lang),
              tr("col.contract", lang), tr("col.cost_of_sale", lang), tr("col.margin", lang)]
    lines = [[tr("ghost.team", lang), *_result_cells(facts.result, d)]]
    if d.ghost is not None:
        lines.append([tr("ghost.expert", lang), *_result_cells(d.ghost.result, d)])
    parts = [para(tr("intro.ghost", lang), cls="note"), table(header, lines)]
    for dist in d.distributions:
        won = dist.rate("won")
        parts.append(para(tr("ghost.standing", lang, policy=label("policy", dist.policy, lang), n=dist.n,
                             won=percent(won.share), low=percent(won.low), high=percent(won.high),
                             rank=percent(dist.margin_rank(facts.result.margin)))))
    return join(parts)


# --- Now what --------------------------------------------------------------------------------
def now_what(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    with plot_style(lang):
        scores = png_data_uri(assessment_figure(facts, d.assessment))
        change = png_data_uri(whatif_figure(facts, d.whatif)) if d.whatif is not None else None
    parts = [h3(tr("h.assessment", lang), "assessment"), para(tr("intro.assessment", lang), cls="note"),
             figure_html(scores, tr("figure.assessment", lang))]
    for role in d.assessment.roles():
        members = [facts.names.who(m) for m, r in facts.names.roles.items() if r == role]
        title = label("role", role, lang) + (f" — {', '.join(members)}" if members else "")
        parts.append(tag("h4", title, id=f"role-{role}"))
        for score in d.assessment.of(role):
            parts.append(_score(d, score))
    parts += [h3(tr("h.whatif", lang), "whatif"), _whatif(d, change)]
    return join(parts)


def _score(d: Debrief, score: Score) -> Markup:
    facts, lang = d.facts, d.lang
    value = "–" if score.value is None else percent(score.value)
    heading = tag("div", tag("span", label("competency", score.competency, lang), cls="competency"),
                  tag("span", value, cls="score"),
                  tag("span", label("level", score.level, lang), cls=f"level {score.level}"),
                  cls="score-head")
    against = [e for e in score.evidence if e.good is False]
    others = [e for e in score.evidence if e.good is not False]
    ordered = against + others
    body = [heading, para(score.explanation(lang)), para(tr("now_what", lang) + " " + score.coaching(lang),
                                                        cls="coach")]
    if ordered:
        summary_text = tr("cited", lang, count=len(ordered), against=len(against))
        body.append(tag("details", tag("summary", summary_text),
                        cite.rows_table(facts, [e.row for e in ordered], [e.good for e in ordered])))
    return tag("div", *body, cls="assessment", id=f"score-{score.role}-{score.competency}")


def _whatif(d: Debrief, uri: str | None) -> Markup:
    facts, lang = d.facts, d.lang
    whatif = d.whatif
    if whatif is None:
        return para(tr("whatif.none", lang))
    header = ["", tr("col.outcome", lang), tr("col.winner", lang), tr("col.weeks", lang),
              tr("col.contract", lang), tr("col.cost_of_sale", lang), tr("col.margin", lang),
              tr("col.final_chance", lang)]
    lines = [[tr("whatif.as_played", lang), *_result_cells(whatif.original, d), percent(whatif.original_final)],
             [tr("whatif.changed", lang), *_result_cells(whatif.changed, d), percent(whatif.changed_final)]]
    parts = [para(tr("intro.whatif", lang), cls="note"), para(tag("strong", whatif.description)),
             table(header, lines)]
    if uri is not None:
        parts.append(figure_html(uri, tr("figure.whatif", lang)))
    if whatif.dropped:
        items = [tag("li", tr("whatif.dropped_item", lang, week=x.round,
                              what=describe_assignment(x.assignment, facts.names), why=x.reason))
                 for x in whatif.dropped]
        parts += [para(tr("whatif.dropped", lang)), tag("ul", *items)]
    return join(parts)


def sections(d: Debrief) -> list[tuple[str, str, Markup]]:
    """(anchor, title, body) for the three parts, in order."""
    lang = d.lang
    return [
        ("what", tr("part.what", lang), what_happened(d)),
        ("so-what", tr("part.so_what", lang), so_what(d)),
        ("now-what", tr("part.now_what", lang), now_what(d)),
    ]

