"""One team up close, for the trainer: its last decisions, believed vs engine chance, at risk.

The board has one line per team; picking a team here replays its game from the store (a few
tens of milliseconds) and shows the week it is in, the plans of its last committed weeks in
words, the win chance it committed next to the engine's own estimate (hidden from the team),
and whether it looks at risk — late for the released week, far more optimistic than the
engine, or spending the reserve for the close. A team's draft for the week in progress lives
on its laptop, not in the store, so it cannot be shown here.
"""

from __future__ import annotations

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.analysis.seats import people_html, st
from sim.engine import Simulation
from sim.ui.facilitator.text import tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.pacing import pacing
from sim.ui.planner import describe_assignment
from sim.ui.text import Names, esc, label
from sim.workshop import BoardRow, Facilitator
from sim.workshop.people import seat_records

LAST_WEEKS = 3  # committed weeks shown
OPTIMISM = 0.25  # believed minus engine chance that counts as at risk (assumption)


def engine_chance(game: Simulation) -> float | None:
    """The engine's latest estimate of our win chance (None before it has one)."""
    chances = [r.value for r in game.log.records if r.kind == "win_chance"]
    return chances[-1] if chances else None


def risks(row: BoardRow, game: Simulation, engine: float | None) -> list[str]:
    """Why a team looks at risk, as catalog keys (empty when it does not)."""
    if row.outcome is not None:
        return []
    found = []
    if row.late:
        found.append("detail.risk_late")
    if engine is not None and row.forecast_win is not None and row.forecast_win - engine > OPTIMISM:
        found.append("detail.risk_optimistic")
    view = game.observe(feed=False)
    if pacing(view.budget, view.budget_left, view.phase).level == "reserve":
        found.append("detail.risk_budget")
    return found


def detail_html(trainer: Facilitator, row: BoardRow, lang: str) -> str:
    game = trainer.simulation(row.team)
    game.lang = lang
    view = game.observe(feed=False)
    names = Names(game.scenario, view, lang)
    currency = game.scenario.account.currency
    engine = engine_chance(game)
    believed = "–" if row.forecast_win is None else f"{row.forecast_win * 100:.0f}%"
    facts = tr(
        "detail.facts",
        lang,
        week=row.week,
        phase=label("phase", row.phase, lang),
        stage=label("stage", row.stage, lang),
        believed=believed,
        engine="–" if engine is None else f"{engine * 100:.0f}%",
    )
    weeks = []
    plans = game.decisions
    for index in range(max(0, len(plans) - LAST_WEEKS), len(plans)):
        items = (
            "".join(
                f"<li>{esc(describe_assignment(a, names, currency))}</li>"
                for a in plans[index].assignments
            )
            or f"<li><i>{esc(tr('detail.nothing', lang))}</i></li>"
        )
        weeks.append(f"<p><b>{esc(tr('detail.week', lang, week=index))}</b></p><ul>{items}</ul>")
    if not weeks:
        weeks.append(f"<p><i>{esc(tr('detail.no_rounds', lang))}</i></p>")
    flagged = risks(row, game, engine)
    risk = (
        '<div class="st-message st-message-warning st-at-risk">'
        f"<b>{esc(tr('detail.at_risk', lang))}</b><ul>"
        + "".join(f"<li>{esc(tr(key, lang))}</li>" for key in flagged)
        + "</ul></div>"
        if flagged
        else f'<div class="st-message st-message-success">{esc(tr("detail.on_track", lang))}</div>'
    )
    people = [r for r in seat_records(trainer.store, trainer.workshop_id) if r.team == row.team]
    return (
        f'<div class="st-team-detail" data-team="{esc(row.team)}">'
        f"<h4>{esc(row.team)}</h4><p>{esc(facts)}</p>{risk}"
        f"<p class='st-info'>{esc(tr('detail.draft_note', lang))}</p>{''.join(weeks)}"
        f"<h4>{esc(st('title', lang))}</h4>{people_html(people, lang)}</div>"
    )


class TeamDetail:
    """A team picker and the chosen team's detail (read when picked or refreshed)."""

    def __init__(self, trainer: Facilitator, lang: str, *, strict: bool = False) -> None:
        self.trainer, self.lang = trainer, lang
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang, strict=strict)
        self.team = widgets.Dropdown(
            description=tr("detail.team", lang),
            options=[(tr("detail.choose", lang), "")] + [(t.name, t.name) for t in trainer.teams()],
            value="",
            style={"description_width": "initial"},
        )
        self.team.add_class("st-detail-team")
        self.view = widgets.HTML()
        self.view.add_class("st-detail")
        self.team.observe(lambda _: self.guard(self.show)(), names="value")
        self.box = widgets.VBox(
            [
                widgets.HTML(f"<h4>{esc(tr('detail.title', lang))}</h4>"),
                self.team,
                self.messages.output,
                self.view,
            ]
        )

    def show(self) -> None:
        name = self.team.value
        if not name:
            self.view.value = ""
            return
        row = next((r for r in self.trainer.board() if r.team == name), None)
        if row is None:
            self.view.value = ""
            return
        self.view.value = detail_html(self.trainer, row, self.lang)
