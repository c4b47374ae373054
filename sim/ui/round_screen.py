"""The round screen: plan the week per role, commit a forecast, advance; see what the team knows.

Widgets are built once per game (and again on a language switch); after each round
:meth:`RoundScreen.refresh` updates their values in place, the week counter last, so the
screen a trainee sees is always one round's consistent picture.

In a workshop the header also names the workshop and its state (waiting for the trainer to
release the week, paused, the deadline in local time); while the next week may not be played,
Advance is off and says what the team waits for, and the screen looks again by itself every
``POLL_SECONDS`` (a hidden ``Play`` widget ticks in the browser, so the look happens on the
kernel's own thread, with its own store connection); *Check again* looks at once.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.engine.simulation import CUSTOMER_FEED_KINDS, PROGRESS_FEED_KINDS
from sim.model.observation import TeamView
from sim.model.plans import SALES_STAGES, Forecast, Plan
from sim.ui.buying_centre import buying_centre_table, legend_html
from sim.ui.case_panel import CasePanel
from sim.ui.feed import feed_html
from sim.ui.fonts import can_draw
from sim.ui.game import Game, roles_of
from sim.ui.map_picture import MapPicture
from sim.ui.messages import MessageArea, guarded, replay_notice_html
from sim.ui.pacing import pacing_html
from sim.ui.planner import RolePlanner, describe_assignment
from sim.ui.text import Names, esc, label, money, tr
from sim.ui.tracker import tracker_html
from sim.ui.workshop_status import WorkshopStatus, workshop_status
from sim.workshop import WorkshopError, WorkshopInfo

COLUMN = {"flex": "1 1 460px", "min_width": "360px", "margin": "0 8px"}
POLL_SECONDS = 10  # how often a waiting team's screen re-reads the workshop
SKIP_LIMIT = 12  # weeks "advance until something happens" plays at most in one click
# The customer's answers to our own activities (how a meeting went, needs told, access after an
# introduction, a request met): what was planned, so not news that asks for a new plan. Every
# other customer or progress kind stops the skipping, kinds the engine adds later included.
ANSWERS = frozenset(
    {"reaction", "needs_discovered", "access_granted", "pm_request_met", "pm_request_met_cold"}
)
STOP_KINDS = (CUSTOMER_FEED_KINDS | PROGRESS_FEED_KINDS) - ANSWERS


def stops_here(view: TeamView) -> bool:
    """Whether last week held something to look at before planning again: the customer acted
    or asked (a request, a budget cut, a slip, a new decision maker), or a milestone was
    reached (phase, tender, bids, scores, award, stage, criterion, contract, payment)."""
    return view.done or any(item.kind in STOP_KINDS for item in view.feed)


class RoundScreen:
    """One round: planners for the roles people play, forecast, Advance, and the team's picture."""

    def __init__(self, game: Game, lang: str, on_advanced: Callable[[], None]) -> None:
        self.game, self.lang = game, lang
        self.on_advanced = on_advanced
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, self.names)
        self.header = widgets.HTML()
        self.header.add_class("st-header")
        self.capacity = widgets.HTML()
        self.capacity.add_class("st-capacity")
        self.planners = {
            role: RolePlanner(role, game, lang, guard(self._add), guard(self._remove))
            for role in game.played
        }
        self.tabs = widgets.Tab(
            children=[p.box for p in self.planners.values()],
            titles=[label("role", r, lang) for r in self.planners],
        )
        self.tabs.add_class("st-planner-tabs")
        self.tabs.layout.display = "" if self.planners else "none"
        self.automatic = widgets.HTML()
        self.automatic.add_class("st-automatic")
        self.stage = widgets.Dropdown(
            description=tr("forecast.stage", lang),
            options=[(label("stage", s, lang), s) for s in SALES_STAGES],
        )
        self.stage.add_class("st-forecast-stage")
        self.probability = widgets.IntSlider(
            description=tr("forecast.probability", lang),
            min=0,
            max=100,
            step=5,
            value=10,
            readout_format="d",
        )
        self.probability.add_class("st-forecast-probability")
        self.advance_button = widgets.Button(
            description=tr("advance", lang),
            button_style="success",
            icon="forward",
            layout=widgets.Layout(width="auto"),
        )
        self.advance_button.add_class("st-advance")
        self.advance_button.on_click(guard(self._advance))
        self.skip_button = widgets.Button(
            description=tr("advance_until", lang),
            tooltip=tr("advance_until_help", lang),
            icon="fast-forward",
            layout=widgets.Layout(width="auto"),
        )
        self.skip_button.add_class("st-advance-until")
        self.skip_button.on_click(guard(self._advance_until))
        self.workshop_note = widgets.HTML()
        self.workshop_note.add_class("st-workshop-note")
        self.check_button = widgets.Button(
            description=tr("workshop.check", lang),
            icon="refresh",
            layout=widgets.Layout(width="auto"),
        )
        self.check_button.add_class("st-check")
        self.check_button.on_click(guard(self._check))
        # Ticks in the browser while the team waits; each tick re-reads the workshop here.
        self.poll = widgets.Play(
            value=0,
            min=0,
            max=10**9,
            step=1,
            interval=POLL_SECONDS * 1000,
            playing=False,
            repeat=True,
            show_repeat=False,
            layout=widgets.Layout(width="1px", height="1px", overflow="hidden"),
        )
        self.poll.add_class("st-poll")
        self.poll.observe(guard(self._poll), names="value")
        self.workshop_row = widgets.VBox([self.workshop_note, self.check_button, self.poll])
        self.workshop_row.layout.display = "" if game.seat is not None else "none"
        self.status: WorkshopStatus | None = None
        self.tracker = widgets.HTML()
        self.feed_title = widgets.HTML()
        self.feed = widgets.HTML()
        self.feed.add_class("st-feed-box")
        self.font_note = widgets.HTML()
        self.map_picture = MapPicture()
        self.picture = widgets.Image(
            format="png", layout=widgets.Layout(max_width="100%", width="560px")
        )
        self.picture.add_class("st-map-picture")
        self.legend = widgets.HTML(legend_html(lang))
        self.table = widgets.HTML()
        self.table.add_class("st-map-table")
        self.case = CasePanel(game, lang)  # the case and the tender's rules, one click away
        self._seen_week = game.view().week
        self._init_forecast()
        self.box = self._layout()
        self.box.add_class("st-round")
        self.refresh()

    def _init_forecast(self) -> None:
        """Start from the draft forecast, else the last committed one; track every change."""
        game, view = self.game, self.game.view()
        if game.forecast is not None and game.forecast.stage in SALES_STAGES:
            self.stage.value = game.forecast.stage
            self.probability.value = round(game.forecast.win_probability * 100)
        else:
            self.stage.value = view.stage
            if view.forecasts:
                self.probability.value = round(view.forecasts[-1].win_probability * 100)
        self._forecast_changed()
        self.stage.observe(lambda _: self._forecast_changed(), names="value")
        self.probability.observe(lambda _: self._forecast_changed(), names="value")

    def _layout(self) -> widgets.VBox:
        """Plan and forecast on the left, stages and feed on the right, the map below."""
        lang = self.lang

        def heading(key: str) -> widgets.HTML:
            return widgets.HTML(f"<h3>{esc(tr(key, lang))}</h3>")

        forecast = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{esc(tr('forecast.title', lang))}</h3>"
                    f"<small>{esc(tr('forecast.help', lang))}</small>"
                ),
                self.stage,
                self.probability,
            ]
        )
        left = widgets.VBox(
            [
                heading("round.plan_title"),
                self.capacity,
                self.tabs,
                self.automatic,
                forecast,
                self.workshop_row,
                widgets.HBox([self.advance_button, self.skip_button]),
                self.messages.output,
            ],
            layout=widgets.Layout(**COLUMN),
        )
        right = widgets.VBox(
            [heading("round.tracker_title"), self.tracker, self.feed_title, self.feed],
            layout=widgets.Layout(**COLUMN),
        )
        return widgets.VBox(
            [
                self.header,
                self.case.box,
                widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap")),
                heading("round.map_title"),
                self.font_note,
                self.legend,
                self.picture,
                widgets.Box([self.table], layout=widgets.Layout(overflow="auto")),
            ]
        )

    def names(self) -> Names:
        return Names(self.game.sim.scenario, self.game.view(), self.lang)

    # --- callbacks ----------------------------------------------------------------------------
    def _add(self, planner: RolePlanner) -> None:
        """Add the form's activity; refused or not, the ticks go, so a refused choice is
        never carried into the next try (the activity and its lead stay chosen)."""
        self.messages.clear()
        try:
            self.game.add(planner.assignment())
        finally:
            planner.reset()
        self.refresh_plan()

    def _remove(self, index: int) -> None:
        self.messages.clear()
        self.game.remove(index)
        self.refresh_plan()

    def _forecast_changed(self) -> None:
        self.game.forecast = Forecast(self.stage.value, self.probability.value / 100)

    def _advance(self, _button: object = None) -> None:
        self.messages.clear()
        self._play_week()
        self.on_advanced()

    def _play_week(self) -> None:
        """Commit the plan and play one week (Advance off meanwhile); a refusal is raised."""
        self.advance_button.disabled = self.skip_button.disabled = True
        week = self.game.sim.round
        try:
            self._forecast_changed()
            self.game.advance()
        except WorkshopError:
            # Refused by the workshop: the draft is kept; show the game as the store has it
            # (or the end screen, if the trainer has ended the workshop).
            if self.game.sim.round != week or self.game.over:
                self.on_advanced()
            else:
                self.show_workshop()
            raise
        finally:
            self._enable_advance()

    def _advance_until(self, _button: object = None) -> None:
        """Play weeks until something happens: this week with the plan as it stands, then on
        with nobody at the table planning, stopping after any week in which the customer did
        something, a milestone was reached or a request came (:func:`stops_here`), when the
        deal ends, when the workshop does not let the next week be played yet, or after
        ``SKIP_LIMIT`` weeks. Each week is an ordinary ``advance()`` (saved, or committed to
        the workshop store), so the session is the same as clicking Advance that often."""
        self.messages.clear()
        self._play_week()
        played = 1
        while not (self.game.over or stops_here(self.game.view()) or played >= SKIP_LIMIT):
            if self.game.seat is not None:
                self.show_workshop()
                if self.status is not None and self.status.closed:
                    break  # the trainer has not released the next week: wait here
            self._play_week()
            played += 1
        self.on_advanced()
        if played > 1 and not self.game.over:
            self.messages.show("info", [tr("advanced_weeks", self.lang, weeks=played)])

    def _check(self, _button: object = None) -> None:
        """Re-read the workshop: the trainer may have released the week or resumed, or another
        laptop of the team may have played it."""
        self.messages.clear()
        if self.game.sync():
            self.on_advanced()
            self.messages.show("info", [tr("workshop.reloaded", self.lang)])
            return
        if self.game.over:  # the trainer ended the workshop: on to the end screen
            self.on_advanced()
            return
        self.show_workshop()
        if self.status is not None:
            self.messages.show("info", [self.status.closed or tr("workshop.open", self.lang)])

    def _poll(self, _change: object = None) -> None:
        """A tick while waiting: look at the workshop; when the week opens (or another laptop
        played it, or the trainer ended the workshop), show it and say so."""
        if self.game.seat is None or self.status is None or not self.status.closed:
            return
        if self.game.sync() or self.game.over:
            self.on_advanced()
            return
        self.show_workshop()
        if self.status is not None and not self.status.closed:
            self.messages.show("success", [tr("workshop.now_open", self.lang)])

    def _enable_advance(self) -> None:
        closed = self.status is not None and bool(self.status.closed)
        self.advance_button.disabled = self.skip_button.disabled = closed
        self.poll.playing = closed and not self.game.over

    # --- showing ------------------------------------------------------------------------------
    def refresh_plan(self) -> None:
        """Rows, remaining hours and budget after the draft changed."""
        view = self.game.view()
        names = Names(self.game.sim.scenario, view, self.lang)
        plan = self.game.plan()
        for planner in self.planners.values():
            planner.render_rows(names, plan, len(self.game.drafts))
        self._capacity(names, plan)
        self._automatic(names)

    def _capacity(self, names: Names, plan: Plan) -> None:
        lang = self.lang
        view = self.game.view()
        left = self.game.hours_left(plan)
        currency = self.game.sim.scenario.account.currency
        items = []
        for member in view.members:
            hours = left.get(member.id, 0.0)
            text = tr(
                "capacity.member",
                lang,
                name=member.name.get(lang),
                role=label("role", member.role, lang),
                left=f"{hours:g}",
                total=f"{member.weekly_hours:g}",
            )
            items.append(f'<li class="{"st-over" if hours < 0 else ""}">{esc(text)}</li>')
        budget = self.game.budget_left(plan)
        text = tr(
            "capacity.budget",
            lang,
            left=money(budget, currency),
            total=money(view.budget, currency),
        )
        items.append(f'<li class="{"st-over" if budget < 0 else ""}"><b>{esc(text)}</b></li>')
        title = esc(tr("capacity.title", lang))
        self.capacity.value = (
            f"<b>{title}</b><ul>{''.join(items)}</ul>{pacing_html(view, budget, currency, lang)}"
        )

    def _automatic(self, names: Names) -> None:
        lang = self.lang
        auto = self.game.auto_assignments()
        unplayed = [r for r in roles_of(self.game.sim) if r not in self.game.played]
        if not unplayed:
            self.automatic.value = ""
            return
        roles = tr("list_separator", lang).join(label("role", r, lang) for r in unplayed)
        offset = len(self.game.drafts)
        currency = self.game.sim.scenario.account.currency
        rows = (
            "".join(
                f"<li>{offset + k + 1}. {esc(describe_assignment(a, names, currency))}</li>"
                for k, a in enumerate(auto)
            )
            or f"<li><i>{esc(tr('plan.nothing_auto', lang))}</i></li>"
        )
        self.automatic.value = (
            f"<b>{esc(tr('plan.automatic_title', lang, roles=roles))}</b><ul>{rows}</ul>"
        )

    def refresh(self) -> None:
        """Everything from the current view; the header (week counter) goes last."""
        game, lang = self.game, self.lang
        view = game.view()
        names = Names(game.sim.scenario, view, lang)
        plan = game.plan()
        for planner in self.planners.values():
            planner.refresh(view, names, plan, len(game.drafts))
        self._capacity(names, plan)
        self._automatic(names)
        if self._seen_week != view.week:
            self._seen_week = view.week
            self.stage.value = view.stage  # last week's probability stays as the starting point
            for planner in self.planners.values():
                planner.reset()  # a tick made for last week is not a choice for this one
        self.tracker.value = tracker_html(view, lang)
        self.feed_title.value = (
            f"<h3>{esc(tr('round.feed_title', lang, week=view.week - 1))}</h3>"
            if view.week > 0
            else f"<h3>{esc(tr('round.feed_title_start', lang))}</h3>"
        )
        self.feed.value = feed_html(view, game.previous, names)
        self.font_note.value = (
            ""
            if can_draw(lang)
            else (f'<div class="st-message st-message-error">{esc(tr("font_missing", lang))}</div>')
        )
        self.picture.value = self.map_picture.png(view, lang)
        noise = game.sim.scenario.parameters.observation_noise
        self.table.value = buying_centre_table(view, names, noise)
        self.case.refresh()
        self.show_workshop()

    def show_workshop(self) -> None:
        """The header with the workshop's state read now, and Advance on or off to match."""
        info = None
        if self.game.seat is not None:
            info = self.game.seat.workshop
            self.status = workshop_status(info, len(self.game.sim.decisions), self.lang)
            closed = self.status.closed
            self.workshop_note.value = (
                f'<div class="st-message st-message-info">{esc(closed)}</div>' if closed else ""
            )
            self._enable_advance()
        self.header.value = header_html(game=self.game, lang=self.lang, info=info)


def header_html(game: Game, lang: str, info: WorkshopInfo | None = None) -> str:
    """Scenario, team, week counter, customer phase, bids due, budget and where it is saved;
    in a workshop (``info``) also the workshop's name and state; for a resumed game that may
    differ from the one saved, the replay notice."""
    view = game.view()
    scenario = game.sim.scenario
    workshop = ""
    saved = tr("header.saved", lang, path=str(game.path))
    if info is not None and game.seat is not None:
        status = workshop_status(info, len(game.sim.decisions), lang)
        state = "closed" if status.closed else "open"
        workshop = (
            f'<div class="st-workshop st-workshop-{state}">'
            f"{esc(tr('header.workshop', lang, workshop=info.name))} · "
            f'<span class="st-workshop-state">{esc(status.text)}</span></div>'
        )
        saved = tr("header.recorded", lang, path=game.seat.store.where)
    facts = [
        f'<span class="st-week" data-week="{view.week}">'
        f"{esc(tr('week_of', lang, week=view.week, horizon=view.horizon_weeks))}</span>",
        esc(tr("header.phase", lang, phase=label("phase", view.phase, lang))),
        esc(tr("header.stage", lang, stage=label("stage", view.stage, lang))),
    ]
    if view.bids_due_week is not None:
        facts.append(esc(tr("header.bids_due", lang, week=view.bids_due_week)))
    facts.append(
        esc(tr("header.budget", lang, left=money(view.budget_left, scenario.account.currency)))
    )
    return (
        f'<div class="st-title"><b>{esc(scenario.title.get(lang))}</b> — '
        f'<span class="st-team">{esc(tr("header.team", lang, team=game.team))}</span></div>'
        f"{workshop}"
        f'<div class="st-facts">{" · ".join(facts)}</div>'
        f'<div class="st-saved"><small>{esc(saved)}</small></div>'
        f"{replay_notice_html(game.sim.replay_notice, lang, game.sim.scenario)}"
    )
