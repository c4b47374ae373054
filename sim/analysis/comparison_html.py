"""The comparative debrief as HTML: a self-contained page, or a fragment for a notebook.

The same rules as the single-team report (:mod:`sim.analysis.report`): no scripts, nothing
loaded from anywhere (a Content-Security-Policy says so), the figure inline as a PNG data URI,
and every team name and text escaped — team names are typed by trainees.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sim.analysis.comparison import Comparison, TeamGame
from sim.analysis.comparison_figures import chance_lines_figure
from sim.analysis.comparison_words import outcome_label, tr
from sim.analysis.debrief_pieces import figure_html
from sim.analysis.html import Markup, join, para, table, tag
from sim.analysis.page_style import STYLE
from sim.analysis.pages import render_page
from sim.analysis.plotting import plot_style, png_data_uri
from sim.analysis.text import money, percent
from sim.analysis.text import tr as analysis_tr

# Scoped to .debrief like the report's sheet, so it can sit inside a notebook page.
COMPARISON_STYLE = """
.debrief tr.reference td { background: #f5f5f5; font-style: italic; }
.debrief tr.unfinished td { color: #666; }
.debrief .badge.unfinished { background: #b08d2f; }
.debrief td.moment { min-width: 15em; } .debrief .moment-head { font-weight: bold; }
.debrief .up { color: #27ae60; } .debrief .down { color: #c0392b; }
.debrief .moment-lines { margin: 0.2em 0 0; padding-left: 1.1em; }
.debrief .warning { background: #fdecea; border: 1px solid #f5c2c0; padding: 0.4em 0.6em; }
"""


def _brier(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.3f}"


def _week(value: object) -> str:
    return "–" if value is None or value is pd.NA else str(int(value))  # type: ignore[call-overload]


def _winner(game: TeamGame) -> str:
    winner = game.result.winner if game.finished else None
    if not winner:
        return "–"
    return game.facts.names.who(winner)


def _cells(game: TeamGame, line: pd.Series, rank: str, name: str, lang: str) -> list[str | Markup]:
    currency = game.facts.scenario.account.currency
    outcome = str(line["outcome"])
    return [
        rank,
        name,
        tag("span", outcome_label(outcome, lang), cls=f"badge {outcome}"),
        _winner(game),
        str(line["weeks"]),
        f"{money(float(line['contract_value']))} {currency}",
        f"{money(float(line['pursuit_spend']) + float(line['labour_cost']))} {currency}",
        f"{money(float(line['margin']))} {currency}",
        _brier(float(line["team_brier"])),
        _brier(float(line["engine_brier"])),
        str(line["rounds"]),
        _week(line["differs_from_week"]),
    ]


def leaderboard_html(comparison: Comparison) -> Markup:
    """The ranked teams and, below them, the expert on the same seed (not ranked)."""
    lang = comparison.lang
    header = [
        tr("col.rank", lang),
        tr("col.team", lang),
        analysis_tr("col.outcome", lang),
        analysis_tr("col.winner", lang),
        analysis_tr("col.weeks", lang),
        analysis_tr("col.contract", lang),
        analysis_tr("col.cost_of_sale", lang),
        analysis_tr("col.margin", lang),
        tr("col.team_brier", lang),
        tr("col.engine_brier", lang),
        tr("col.rounds", lang),
        tr("col.differs", lang),
    ]
    rows: list[list[str | Markup]] = []
    attrs: list[dict[str, str]] = []
    for game, (_, line) in zip(comparison.teams, comparison.leaderboard.iterrows(), strict=True):
        rows.append(_cells(game, line, str(line["rank"]), game.team, lang))
        attrs.append({"class_": "team" if game.finished else "team unfinished"})
    reference = comparison.reference.iloc[0]
    rows.append(_cells(comparison.expert, reference, "–", tr("expert_row", lang), lang))
    attrs.append({"class_": "reference"})
    return join(
        [
            para(tr("intro.leaderboard", lang), cls="note"),
            table(header, rows, cls="leaderboard", row_attrs=attrs),
            para(tr("note.brier", lang), cls="note"),
            para(tr("note.differs", lang), cls="note"),
        ]
    )


def _moment_cell(game: TeamGame, index: int, lang: str) -> Markup:
    if index >= len(game.moments):
        return Markup("")
    item = game.moments[index]
    moment = item.moment
    change = round(100 * moment.change)
    head = tr(
        "moment.head",
        lang,
        week=moment.week,
        before=percent(moment.before),
        after=percent(moment.after),
        change=f"{change:+d}",
    )
    direction = "up" if moment.change > 0 else "down"
    lines = tag("ul", *(tag("li", line) for line in item.words.lines()), cls="moment-lines")
    return join([tag("div", head, cls=f"moment-head {direction}"), lines])


def moments_html(comparison: Comparison) -> Markup:
    """Each team's key moments in one row, teams in leaderboard order, the expert last."""
    lang = comparison.lang
    games = [*comparison.teams, comparison.expert]
    width = max((len(g.moments) for g in games), default=0)
    if width == 0:
        return para(tr("no_moments", lang))
    header = [tr("col.team", lang)] + [tr("col.moment", lang, number=k + 1) for k in range(width)]
    rows = []
    for game in games:
        name = tr("expert_row", lang) if game is comparison.expert else game.team
        first: list[str | Markup] = [name]
        if not game.moments:
            first.append(tr("no_team_moments", lang))
            first += [Markup("")] * (width - 1)
        else:
            first += [_moment_cell(game, k, lang) for k in range(width)]
        rows.append(first)
    attrs = [{"class_": "team"}] * len(comparison.teams) + [{"class_": "reference"}]
    return join(
        [
            para(tr("intro.moments", lang), cls="note"),
            table(header, rows, cls="moments", row_attrs=attrs),
        ]
    )


def _header(comparison: Comparison) -> Markup:
    lang, info = comparison.lang, comparison.workshop
    finished = sum(g.finished for g in comparison.teams)
    lines: list[list[str | Markup]] = [
        [analysis_tr("meta.scenario", lang), comparison.scenario_title],
        [analysis_tr("meta.seed", lang), str(info.seed)],
        [
            tr("meta.teams", lang),
            tr("meta.teams_value", lang, teams=len(comparison.teams), finished=finished),
        ],
        [tr("meta.state", lang), tr(f"state.{info.state}", lang)],
        [tr("meta.date", lang), info.created_at[:10]],
    ]
    parts = [
        tag("h1", tr("title", lang, workshop=info.name)),
        para(tr("intro.same_seed", lang), cls="note"),
        table([tr("meta.what", lang), tr("meta.value", lang)], lines, cls="meta"),
    ]
    if comparison.mismatches:
        parts.append(
            para(
                tr("warning.mismatch", lang, teams=", ".join(comparison.mismatches)), cls="warning"
            )
        )
    return join(parts)


def body(comparison: Comparison) -> list[Markup]:
    """The page's content: header, leaderboard, win-chance lines, key moments side by side."""
    lang = comparison.lang
    with plot_style(lang):
        chart = png_data_uri(chance_lines_figure(comparison))
    return [
        _header(comparison),
        tag(
            "section",
            tag("h2", tr("h.leaderboard", lang)),
            leaderboard_html(comparison),
            id="leaderboard",
        ),
        tag(
            "section",
            tag("h2", tr("h.chance", lang)),
            para(tr("intro.chance", lang), cls="note"),
            figure_html(chart, tr("figure.chance", lang)),
            id="chance",
        ),
        tag("section", tag("h2", tr("h.moments", lang)), moments_html(comparison), id="moments"),
        tag("footer", para(tr("footer", lang), cls="note")),
    ]


def render_comparison(comparison: Comparison) -> str:
    """The whole page (UTF-8 text, ``templates/comparison.html.j2`` on the base template):
    open it in any browser, offline."""
    lang = comparison.lang
    return render_page(
        "comparison.html.j2",
        lang=lang,
        title=tr("title", lang, workshop=comparison.workshop.name),
        style=COMPARISON_STYLE,
        main_class="debrief comparison",
        parts=body(comparison),
    )


def comparison_fragment(comparison: Comparison) -> str:
    """The same content to show inside a notebook or a widget, styles scoped to it."""
    main = tag("div", *body(comparison), cls="debrief comparison")
    return f"<style>{STYLE}{COMPARISON_STYLE}</style>{main}"


def write_comparison(comparison: Comparison, out_path: str | Path) -> Path:
    """Write the page (UTF-8); returns the path written."""
    out = Path(out_path).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_comparison(comparison), encoding="utf-8")
    return out
