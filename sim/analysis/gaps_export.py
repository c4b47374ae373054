"""The team-gaps view as HTML (notebook parts and a self-contained page) and as an Excel book.

The page follows the debrief report's safety rules (:mod:`sim.analysis.report`): a
Content-Security-Policy that loads nothing, no scripts, figures as inline PNG, every text
escaped by :mod:`sim.analysis.html`. The Excel book (pandas + openpyxl) has four sheets —
scores, heatmap, priorities with their evidence, per team — with headers and labels in the
chosen language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.analysis.debrief_pieces import figure_html
from sim.analysis.gaps import (
    MIN_GROUP,
    CitedRow,
    Gaps,
    NoScoresError,
    Priority,
    TeamEvidence,
    gt,
    heatmap_table,
    per_team_table,
    priorities,
)
from sim.analysis.gaps_figures import (
    distribution_figure,
    heatmap_figure,
    priorities_figure,
    trend_figure,
)
from sim.analysis.html import Markup, join, para, table, tag
from sim.analysis.page_style import STYLE
from sim.analysis.pages import render_page
from sim.analysis.plotting import plot_style, png_data_uri
from sim.analysis.text import label, percent
from sim.i18n import normalise
from sim.safe_text import cell_text, looks_like_formula

PARTS = ("heatmap", "distribution", "trend", "priorities")
ROWS_PER_TEAM = 8  # rows against shown per team in a priority (the Excel sheet has them all)
EXTRA_STYLE = """
.debrief .priority { border-left: 4px solid #e15759; padding: 0.2em 0.8em; margin: 1em 0; }
.debrief .priority h4 { margin: 0.3em 0; }
.debrief ul.cited { margin: 0.2em 0 0.6em 1.2em; padding: 0; font-size: 0.88em; }
.debrief td.num { text-align: right; }
"""


def _level(level: str, lang: str) -> Markup:
    return tag("span", label("level", level, lang), cls=f"level {level}")


def _figure(draw: Callable[[], Figure], lang: str, caption: str) -> Markup:
    with plot_style(lang):
        uri = png_data_uri(draw())
    return figure_html(uri, caption)


def _heatmap_part(frame: pd.DataFrame, lang: str) -> Markup:
    means, counts = heatmap_table(frame)
    header = [gt("col.role", lang)] + [label("competency", c, lang) for c in means.columns]
    values = means.to_numpy(dtype=float)
    numbers = counts.to_numpy(dtype=int)
    lines = []
    for i, role in enumerate(means.index):
        cells: list[str | Markup] = [label("role", str(role), lang)]
        for j in range(len(means.columns)):
            share = percent(float(values[i, j]))
            count = int(numbers[i, j])
            cells.append(
                "" if np.isnan(values[i, j]) else gt("cell_inline", lang, share=share, count=count)
            )
        lines.append(cells)
    return join(
        [
            para(gt("intro.heatmap", lang), cls="note"),
            _figure(lambda: heatmap_figure(frame, lang), lang, gt("figure.heatmap", lang)),
            table(header, lines),
        ]
    )


def _team_block(team: TeamEvidence, lang: str) -> Markup:
    rows = team.score.behind()
    items = [
        tag(
            "li",
            gt("cited", lang, team=team.team, week=c.week, text=c.words(lang)),
            data_row=str(c.row),
        )
        for c in rows[:ROWS_PER_TEAM]
    ]
    if len(rows) > ROWS_PER_TEAM:
        items.append(tag("li", gt("more_rows", lang, count=len(rows) - ROWS_PER_TEAM)))
    return tag("ul", *items, cls="cited") if items else Markup("")


def _priority_block(rank: int, p: Priority, lang: str) -> Markup:
    title = gt(
        "priority_title",
        lang,
        rank=rank,
        role=label("role", p.role, lang),
        competency=label("competency", p.competency, lang),
    )
    summary = gt(
        "priority_summary",
        lang,
        gaps=p.gaps,
        below=p.below_strong,
        count=p.observed,
        mean=percent(p.mean),
        need=percent(p.need),
        priority=f"{p.priority:.2f}",
    )
    if p.linked:
        summary += " " + gt("link_yes", lang, link=f"{100 * p.loss_link:.0f}")
    else:
        summary += " " + gt("link_no", lang, least=MIN_GROUP)
    header = [
        gt("col.team", lang),
        gt("col.workshop", lang),
        gt("col.date", lang),
        gt("col.outcome", lang),
        gt("col.value", lang),
        gt("col.level", lang),
        gt("col.explanation", lang),
    ]
    lines = [
        [
            t.team,
            t.workshop,
            t.date.isoformat(),
            label("outcome", str(t.outcome), lang),
            percent(t.value),
            _level(t.level, lang),
            join([para(t.score.explanation(lang)), _team_block(t, lang)]),
        ]
        for t in p.teams
    ]
    coach = p.teams[0].score.coaching(lang) if p.teams else ""
    return tag(
        "div",
        tag("h4", title),
        para(summary),
        para(gt("coach", lang) + " " + coach, cls="coach") if coach else Markup(""),
        table(header, lines),
        cls="priority",
        id=f"priority-{p.role}-{p.competency}",
    )


def _priorities_part(gaps: Gaps, frame: pd.DataFrame, lang: str, top: int) -> Markup:
    found = priorities(gaps, frame, top)
    parts: list[Markup] = [para(gt("intro.priorities", lang), cls="note")]
    if not found:
        return join([*parts, para(gt("no_priorities", lang))])
    parts.append(
        _figure(lambda: priorities_figure(found, lang), lang, gt("figure.priorities", lang))
    )
    parts += [_priority_block(k + 1, p, lang) for k, p in enumerate(found)]
    return join(parts)


def notes_html(gaps: Gaps, lang: str) -> Markup:
    if not gaps.notes:
        return Markup("")
    return tag("ul", *(tag("li", n.message(lang)) for n in gaps.notes), cls="note")


def parts(gaps: Gaps, frame: pd.DataFrame, lang: str, top: int = 5) -> dict[str, Markup]:
    """The view's four parts as HTML (anchor → body), for the notebook and the page.

    An empty (filtered) table gives each part the same clear message instead of a figure."""
    lang = normalise(lang)
    if frame.empty or frame["value"].notna().sum() == 0:
        message = para(gt("empty", lang))
        return dict.fromkeys(PARTS, message)
    return {
        "heatmap": _heatmap_part(frame, lang),
        "distribution": join(
            [
                para(gt("intro.distribution", lang), cls="note"),
                _figure(
                    lambda: distribution_figure(frame, lang), lang, gt("figure.distribution", lang)
                ),
            ]
        ),
        "trend": join(
            [
                para(gt("intro.trend", lang), cls="note"),
                _figure(lambda: trend_figure(frame, lang), lang, gt("figure.trend", lang)),
            ]
        ),
        "priorities": _priorities_part(gaps, frame, lang, top),
    }


def _overview(gaps: Gaps, frame: pd.DataFrame, lang: str) -> Markup:
    games = frame.drop_duplicates("record")
    dates = sorted(games["date"]) if not games.empty else []
    span = f"{dates[0]:%Y-%m-%d} – {dates[-1]:%Y-%m-%d}" if dates else "–"
    outcomes = games["outcome"].value_counts()
    lines: list[list[str | Markup]] = [
        [gt("meta.teams", lang), str(len(games))],
        [gt("meta.workshops", lang), ", ".join(dict.fromkeys(games["workshop"])) or "–"],
        [gt("meta.dates", lang), span],
        [
            gt("meta.outcomes", lang),
            ", ".join(f"{label('outcome', str(k), lang)} {v}" for k, v in outcomes.items()) or "–",
        ],
        [gt("meta.sources", lang), ", ".join(dict.fromkeys(r.source for r in gaps.records))],
    ]
    return table([gt("meta.what", lang), gt("meta.value", lang)], lines, cls="meta")


def render(gaps: Gaps, frame: pd.DataFrame, lang: str, top: int = 5) -> str:
    """The whole view as one self-contained page (``templates/sections.html.j2`` on the base
    template, the same rules as the debrief report)."""
    lang = normalise(lang)
    sections = [
        {"anchor": anchor, "heading": gt(f"h.{anchor}", lang), "content": content}
        for anchor, content in parts(gaps, frame, lang, top).items()
    ]
    lead = [
        tag("h1", gt("title", lang)),
        para(gt("intro", lang), cls="note"),
        _overview(gaps, frame, lang),
        notes_html(gaps, lang),
    ]
    return render_page(
        "sections.html.j2",
        lang=lang,
        title=gt("title", lang),
        style=EXTRA_STYLE,
        main_class="debrief",
        lead=lead,
        sections=sections,
        footer=gt("footer", lang),
    )


def fragment(*content: Markup) -> str:
    """HTML to show inside a notebook (the page's style sheet, scoped)."""
    return str(Markup(f"<style>{STYLE}{EXTRA_STYLE}</style>") + tag("div", *content, cls="debrief"))


def write_html(gaps: Gaps, frame: pd.DataFrame, path: str | Path, lang: str, top: int = 5) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(gaps, frame, lang, top), encoding="utf-8")
    return out


# --- Excel -----------------------------------------------------------------------------------
def _words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The tidy table with labels instead of ids and localised headers."""
    out = frame.drop(columns=["record", "source"]).copy()
    out["kind"] = [gt(f"kind.{k}", lang) for k in out["kind"]]
    for column, group in (("role", "role"), ("competency", "competency"), ("level", "level")):
        out[column] = [label(group, str(v), lang) for v in out[column]]
    out["outcome"] = [label("outcome", str(v), lang) for v in out["outcome"]]
    out["date"] = out["date"].dt.date
    out["source"] = [Path(s).name for s in frame["source"]]
    return out.rename(columns={c: gt(f"col.{c}", lang) for c in out.columns})


def _priority_rows(gaps: Gaps, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    lines = []
    for rank, p in enumerate(priorities(gaps, frame, top=None), start=1):
        head = {
            "rank": rank,
            "role": label("role", p.role, lang),
            "competency": label("competency", p.competency, lang),
            "priority": round(p.priority, 4),
            "need": round(p.need, 4),
            "loss_link": round(p.loss_link, 4),
            "gaps": p.gaps,
            "below_strong": p.below_strong,
            "observed": p.observed,
        }
        for t in p.teams:
            team = {
                "team": t.team,
                "workshop": t.workshop,
                "date": t.date,
                "outcome": label("outcome", str(t.outcome), lang),
                "value": round(t.value, 4),
                "level": label("level", t.level, lang),
                "explanation": t.score.explanation(lang),
            }
            rows: list[CitedRow | None] = [*t.score.behind()] or [None]
            for cited in rows:
                lines.append(
                    head
                    | team
                    | {
                        "week": cited.week if cited else None,
                        "row": cited.row if cited else None,
                        "evidence": cited.words(lang) if cited else "",
                    }
                )
    columns = [
        "rank",
        "role",
        "competency",
        "priority",
        "need",
        "loss_link",
        "gaps",
        "below_strong",
        "observed",
        "team",
        "workshop",
        "date",
        "outcome",
        "value",
        "level",
        "explanation",
        "week",
        "row",
        "evidence",
    ]
    out = pd.DataFrame(lines, columns=columns)
    return out.rename(columns={c: gt(f"col.{c}", lang) for c in columns})


def _heatmap_sheet(frame: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    means, counts = heatmap_table(frame)
    names = {c: label("competency", c, lang) for c in means.columns}
    roles = {r: label("role", r, lang) for r in means.index}
    means = means.rename(index=roles, columns=names).round(4)
    counts = counts.rename(index=roles, columns=names)
    means.index.name = counts.index.name = gt("col.role", lang)
    return means, counts


def _team_sheet(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    table_ = per_team_table(frame).round(4)
    table_.columns = [
        f"{label('role', str(pair[0]), lang)} · {label('competency', str(pair[1]), lang)}"
        for pair in table_.columns
    ]
    table_ = table_.reset_index()
    table_["outcome"] = [label("outcome", str(v), lang) for v in table_["outcome"]]
    table_["date"] = table_["date"].dt.date
    return table_.rename(
        columns={c: gt(f"col.{c}", lang) for c in ("workshop", "date", "team", "outcome")}
    )


def write_excel(gaps: Gaps, frame: pd.DataFrame, path: str | Path, lang: str) -> Path:
    """The book: scores, heatmap (means, then counts), priorities with evidence, per team."""
    lang = normalise(lang)
    if frame.empty:
        raise NoScoresError
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    means, counts = (_cells(f) for f in _heatmap_sheet(frame, lang))
    sheets = {
        "scores": _cells(_words(frame, lang)),
        "priorities": _cells(_priority_rows(gaps, frame, lang)),
        "teams": _cells(_team_sheet(frame, lang)),
    }
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        sheets["scores"].to_excel(writer, sheet_name=gt("sheet.scores", lang), index=False)
        heat = gt("sheet.heatmap", lang)
        pd.DataFrame({gt("heatmap_means", lang): []}).to_excel(writer, sheet_name=heat, index=False)
        means.to_excel(writer, sheet_name=heat, startrow=1)
        below = len(means) + 3
        pd.DataFrame({gt("heatmap_counts", lang): []}).to_excel(
            writer, sheet_name=heat, index=False, startrow=below
        )
        counts.to_excel(writer, sheet_name=heat, startrow=below + 1)
        sheets["priorities"].to_excel(writer, sheet_name=gt("sheet.priorities", lang), index=False)
        sheets["teams"].to_excel(writer, sheet_name=gt("sheet.teams", lang), index=False)
        for sheet in writer.book.worksheets:
            _as_text(sheet)
            _widths(sheet)
    return out


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose texts (values, index, column names) a cell can hold: team and workshop
    names come from users, and control characters are escaped (XML refuses them)."""
    safe = frame.map(cell_text)
    safe.index = safe.index.map(cell_text)
    safe.columns = safe.columns.map(cell_text)
    return safe


def _as_text(sheet: Any) -> None:
    """Every text that a spreadsheet would take for a formula (a team named
    ``=HYPERLINK(...)``) is stored as text, with Excel's quote prefix so that editing the cell
    does not make it a formula either."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and looks_like_formula(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _letter(number: int) -> str:
    """Excel's column name for a 1-based column number (1 → A, 27 → AA)."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _widths(sheet: Any) -> None:
    """Columns wide enough for their text (capped), so the book opens readable."""
    for k, column in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=6)
        sheet.column_dimensions[_letter(k)].width = min(max(8, longest + 2), 60)


__all__ = ["PARTS", "fragment", "notes_html", "parts", "render", "write_excel", "write_html"]
