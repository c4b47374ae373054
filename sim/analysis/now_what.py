"""Now what: each role's competencies with the events behind them, and the what-if replay."""

from __future__ import annotations

from sim.analysis import cited_rows as cite
from sim.analysis.assessment import Score
from sim.analysis.debrief_pieces import figure_html, h3, result_cells
from sim.analysis.debriefing import Debrief
from sim.analysis.figures_review import assessment_figure, whatif_figure
from sim.analysis.html import Markup, join, para, table, tag
from sim.analysis.plotting import plot_style, png_data_uri
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, percent, tr
from sim.analysis.whatif import WhatIf, describe_assignment


def now_what(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    with plot_style(lang):
        scores = png_data_uri(assessment_figure(facts, d.assessment))
    parts = [
        h3(tr("h.assessment", lang), "assessment"),
        para(tr("intro.assessment", lang), cls="note"),
        figure_html(scores, tr("figure.assessment", lang)),
    ]
    for role in d.assessment.roles():
        members = [facts.names.who(m) for m, r in facts.names.roles.items() if r == role]
        title = label("role", role, lang) + (f" — {', '.join(members)}" if members else "")
        headline = d.assessment.role_score(role)
        title += f" · {percent(headline)}" if headline is not None else ""
        parts.append(tag("h4", title, id=f"role-{role}"))
        for score in d.assessment.of(role):
            parts.append(_score(d, score))
    parts += [h3(tr("h.whatif", lang), "whatif"), whatif_section(facts, d.whatif)]
    notes = facts.scenario.trainer_note
    if notes:
        parts.append(h3(tr("h.trainer_note", lang), "trainer-note"))
        parts += [
            tag("div", tag("strong", label("trainer_note", key, lang)), para(text.get(lang)))
            for key, text in notes.items()
        ]
    return join(parts)


def _score(d: Debrief, score: Score) -> Markup:
    facts, lang = d.facts, d.lang
    value = "–" if score.value is None else percent(score.value)
    heading = tag(
        "div",
        tag("span", label("competency", score.competency, lang), cls="competency"),
        tag("span", value, cls="score"),
        tag("span", label("level", score.level, lang), cls=f"level {score.level}"),
        cls="score-head",
    )
    against = [e for e in score.evidence if e.good is False]
    others = [e for e in score.evidence if e.good is not False]
    ordered = against + others
    body = [
        heading,
        para(score.explanation(lang)),
        para(tr("now_what", lang) + " " + score.coaching(lang), cls="coach"),
    ]
    if ordered:
        summary_text = tr("cited", lang, count=len(ordered), against=len(against))
        cited = cite.rows_table(facts, [e.row for e in ordered], [e.good for e in ordered])
        body.append(tag("details", tag("summary", summary_text), cited))
    return tag("div", *body, cls="assessment", id=f"score-{score.role}-{score.competency}")


def whatif_section(facts: SessionFacts, whatif: WhatIf | None) -> Markup:
    """The change, both results side by side, both chance curves, and what was left out."""
    lang = facts.lang
    if whatif is None:
        return para(tr("whatif.none", lang))
    with plot_style(lang):
        uri = png_data_uri(whatif_figure(facts, whatif))
    header = [
        "",
        tr("col.outcome", lang),
        tr("col.winner", lang),
        tr("col.weeks", lang),
        tr("col.contract", lang),
        tr("col.cost_of_sale", lang),
        tr("col.margin", lang),
        tr("col.final_chance", lang),
    ]
    lines = [
        [
            tr("whatif.as_played", lang),
            *result_cells(whatif.original, facts),
            percent(whatif.original_final),
        ],
        [
            tr("whatif.changed", lang),
            *result_cells(whatif.changed, facts),
            percent(whatif.changed_final),
        ],
    ]
    parts = [
        para(tr("intro.whatif", lang), cls="note"),
        para(tag("strong", whatif.description)),
        table(header, lines),
    ]
    parts.append(figure_html(uri, tr("figure.whatif", lang)))
    if whatif.dropped:
        items = [
            tag(
                "li",
                tr(
                    "whatif.dropped_item",
                    lang,
                    week=x.round,
                    what=describe_assignment(x.assignment, facts.names),
                    why=x.reason,
                ),
            )
            for x in whatif.dropped
        ]
        parts += [para(tr("whatif.dropped", lang)), tag("ul", *items)]
    return join(parts)
