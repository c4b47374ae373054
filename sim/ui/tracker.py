"""The stage tracker: our sales stages and each exit criterion, met (in which week) or not yet."""

from __future__ import annotations

from sim.model.observation import TeamView
from sim.model.plans import SALES_STAGES
from sim.model.stages import EXIT_CRITERIA
from sim.ui.text import esc, label, tr


def tracker_html(view: TeamView, lang: str) -> str:
    current = SALES_STAGES.index(view.stage) if view.stage in SALES_STAGES else -1
    cells = []
    for index, stage in enumerate(SALES_STAGES):
        state = "done" if index < current else "current" if index == current else "later"
        items = []
        for criterion in EXIT_CRITERIA[stage]:
            week = view.criteria.get(criterion)
            mark, note = (
                ("✔", tr("tracker.met_in", lang, week=week))
                if week is not None
                else ("○", tr("tracker.not_yet", lang))
            )
            items.append(
                f'<li class="st-{"met" if week is not None else "open"}">{mark} '
                f"{esc(label('criterion', criterion, lang))} <small>{esc(note)}</small></li>"
            )
        name = esc(label("stage", stage, lang))
        cells.append(
            f'<div class="st-stage st-stage-{state}"><b>{index + 1}. {name}</b>'
            f"<ul>{''.join(items)}</ul></div>"
        )
    return f'<div class="st-tracker">{"".join(cells)}</div>'
