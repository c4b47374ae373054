"""A role's seat on its own device: plan for your member, see the team's shared draft live.

Left: the planner form for the seat's role (the first person of an activity is one of the
seat's own members), a hand-off note for briefings and strategy sessions, the team's forecast
and the *Ready* switch. Middle: the team's shared draft for the week as the store has it — who
planned what, hours and budget left, clashes (a member booked by another seat, a stakeholder
visited twice), which seats are ready and what the policy plans for the empty roles. Right:
the seat's member's own view — what they saw in their meetings and were told in briefings,
with the notes — never what only a colleague knows.

Nothing here asks to be refreshed: a :class:`~sim.ui.live.LiveWatch` looks at the store's
change counter twice a second and redraws when a colleague added, removed or marked ready, the
week was committed, or the trainer released, paused or set a deadline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.i18n import translate
from sim.model.activities import CATALOGUE
from sim.model.observation import TeamView
from sim.model.plans import SALES_STAGES, Assignment, Forecast, Plan
from sim.ui.buying_centre import buying_centre_table
from sim.ui.feed import feed_html
from sim.ui.game import SeatGame
from sim.ui.live import LiveWatch
from sim.ui.messages import MessageArea, guarded
from sim.ui.planner import RolePlanner, describe_assignment
from sim.ui.text import Names, esc, label, money, tr
from sim.ui.workshop_status import workshop_status
from sim.workshop.drafts import TeamDraft
from sim.workshop.rounds import Author

HANDOFF_ACTIVITIES = ("internal_briefing", "team_strategy_session")
COLUMN = {"flex": "1 1 420px", "min_width": "340px", "margin": "0 8px"}


def role_words(role: str, person: str, lang: str) -> str:
    """A seat in words: its role, and the person's name if they gave one."""
    words = label("role", role, lang)
    return tr("seat.role_person", lang, role=words, person=person) if person else words


def shared_draft_html(
    game: SeatGame, draft: TeamDraft, plan: Plan, authors: list[Author], names: Names
) -> str:
    """The team's week as planned so far: every assignment with the seat that planned it,
    hours and budget left, clashes, who is ready and who plans the empty roles."""
    lang = names.lang
    scenario = game.sim.scenario
    currency = scenario.account.currency
    mine = game.seat.seat.id
    rows = []
    for index, (assignment, author) in enumerate(zip(plan.assignments, authors, strict=True)):
        who = (
            tr("seat.by_policy", lang, policy=tr(f"seat.policy.{draft.auto_policy}", lang))
            if author.source == "policy"
            else role_words(author.role, author.person, lang)
        )
        css = "st-draft-mine" if author.seat_id == mine else f"st-draft-{author.source}"
        note = str(getattr(assignment, "note", "") or "")
        if not note and index < len(draft.items):
            note = draft.items[index].note
        note_html = (
            f'<br><small class="st-draft-note">{esc(tr("seat.note_quote", lang, note=note))}'
            "</small>"
            if note
            else ""
        )
        rows.append(
            f'<tr class="st-draft-row {css}" data-role="{esc(author.role)}"'
            f' data-source="{esc(author.source)}"><td>{index + 1}</td><td>{esc(who)}</td>'
            f"<td>{esc(describe_assignment(assignment, names, currency))}{note_html}</td></tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="3"><i>{esc(tr("seat.draft_empty", lang))}</i></td></tr>')
    head = "".join(
        f"<th>{esc(tr(f'seat.column.{c}', lang))}</th>" for c in ("number", "who", "what")
    )
    left = game.hours_left(plan)
    hours = []
    for member in scenario.team:
        text = tr(
            "capacity.member",
            lang,
            name=names.member(member.id),
            role=label("role", member.role, lang),
            left=f"{left[member.id]:g}",
            total=f"{member.weekly_hours:g}",
        )
        hours.append(f'<li class="{"st-over" if left[member.id] < 0 else ""}">{esc(text)}</li>')
    budget = game.budget_left(plan)
    view = game.sim.observe(feed=False)
    budget_text = tr(
        "capacity.budget",
        lang,
        left=money(budget, currency),
        total=money(view.budget, currency),
    )
    hours.append(f"<li><b>{esc(budget_text)}</b></li>")
    clashes = "".join(f"<li>{esc(c)}</li>" for c in clashes_of(game, plan, authors, names))
    clash_html = (
        f'<div class="st-clashes"><b>{esc(tr("seat.clashes", lang))}</b><ul>{clashes}</ul></div>'
        if clashes
        else ""
    )
    return (
        f'<div class="st-shared" data-items="{len(draft.items)}" data-week="{draft.round}"'
        f' data-changes="{draft.changes}">'
        f"<h3>{esc(tr('seat.shared_title', lang, week=draft.round))}</h3>"
        f"{seats_html(game, draft, lang)}"
        f'<table class="st-table st-shared-draft"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<ul class="st-shared-capacity">{"".join(hours)}</ul>{clash_html}</div>'
    )


def seats_html(game: SeatGame, draft: TeamDraft, lang: str) -> str:
    """Each role of the team: who sits there and whether they are ready, or the policy."""
    items = []
    by_role = {s.role: s for s in draft.seats}
    roles = list(dict.fromkeys(m.role for m in game.sim.scenario.team))
    for role in roles:
        seat = by_role.get(role)
        if seat is None and role in draft.awaited:
            state, css = tr("seat.awaited", lang), "st-seat-awaited"
        elif seat is None:
            policy = tr(f"seat.policy.{draft.auto_policy}", lang)
            state, css = tr("seat.empty_role", lang, policy=policy), "st-seat-empty"
        elif seat.id in draft.ready:
            state, css = tr("seat.is_ready", lang), "st-seat-ready"
        else:
            state, css = tr("seat.is_planning", lang), "st-seat-planning"
        who = role_words(role, seat.person if seat else "", lang)
        items.append(f'<li class="{css}" data-role="{esc(role)}">{esc(who)}: {esc(state)}</li>')
    vendors = {c.id: c.name.get(lang) for c in game.sim.scenario.competitors}
    for rival in draft.rivals:  # the red team is a seat too: whether it is ready, not its order
        who = tr("red_team.waiting", lang, vendor=vendors.get(rival.vendor, rival.vendor))
        state = tr("seat.is_ready" if rival.ready else "seat.is_planning", lang)
        css = "st-seat-ready" if rival.ready else "st-seat-planning"
        items.append(f'<li class="{css} st-seat-red-team">{esc(who)}: {esc(state)}</li>')
    return f'<ul class="st-seats">{"".join(items)}</ul>'


def clashes_of(game: SeatGame, plan: Plan, authors: list[Author], names: Names) -> list[str]:
    """What the seats' plans do to each other: a member's hours used by another seat's
    activity; a stakeholder met by more than one activity this week."""
    lang = names.lang
    role_of = {m.id: m.role for m in game.sim.scenario.team}
    found = []
    for assignment, author in zip(plan.assignments, authors, strict=True):
        for member in assignment.members[1:]:
            if role_of.get(member) != author.role and author.source == "seat":
                found.append(
                    tr(
                        "seat.clash_member",
                        lang,
                        member=names.member(member),
                        role=label("role", author.role, lang),
                        activity=names.activity(assignment.activity),
                    )
                )
    visits: Counter[str] = Counter()
    for assignment in plan.assignments:
        spec = CATALOGUE.get(assignment.activity)
        if spec is not None and spec.customer_facing and spec.targets == "stakeholders":
            visits.update(set(assignment.targets))
    for stakeholder, count in sorted(visits.items()):
        if count > 1:
            found.append(
                tr(
                    "seat.clash_stakeholder",
                    lang,
                    stakeholder=names.stakeholder(stakeholder),
                    count=count,
                )
            )
    return found


def handoffs_html(view: TeamView, names: Names) -> str:
    """The briefings and strategy sessions this member gave or received, with their notes."""
    lang = names.lang
    handoffs = tuple(getattr(view, "handoffs", ()) or ())
    if not handoffs:
        return f'<p class="st-handoffs"><i>{esc(tr("seat.no_handoffs", lang))}</i></p>'
    items = []
    for h in handoffs:
        text = tr(
            "seat.handoff",
            lang,
            week=h.week,
            source=names.member(h.source),
            activity=names.activity(h.activity),
            recipients=names.join(h.recipients),
        )
        note = (
            f' <q class="st-handoff-note">{esc(h.note)}</q>'
            if h.note
            else f" <i>{esc(tr('seat.no_note', lang))}</i>"
        )
        items.append(f"<li>{esc(text)}{note}</li>")
    return f'<ul class="st-handoffs">{"".join(items)}</ul>'


class SeatScreen:
    """One seat's screen; ``live`` starts the store watch (tests call :meth:`poll`)."""

    def __init__(
        self,
        game: SeatGame,
        lang: str,
        *,
        live: bool = True,
        strict: bool = False,
        on_leave: Callable[[], None] | None = None,
    ) -> None:
        self.game, self.lang = game, lang
        self.on_leave = on_leave
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, self.names, strict=strict)
        self.header = widgets.HTML()
        self.header.add_class("st-header")
        self.header.add_class("st-seat-header")
        self.planner = RolePlanner(game.role, game, lang, guard(self._add), guard(self._remove))
        self.note = widgets.Textarea(
            placeholder=tr("seat.note_placeholder", lang),
            description=tr("seat.note", lang),
            layout=widgets.Layout(width="28em", height="5em"),
        )
        self.note.add_class("st-seat-note")
        self.planner.activity.observe(lambda _: self._show_note(), names="value")
        self.stage = widgets.Dropdown(
            description=tr("forecast.stage", lang),
            options=[(label("stage", s, lang), s) for s in SALES_STAGES],
        )
        self.stage.add_class("st-forecast-stage")
        self.probability = widgets.IntSlider(
            description=tr("forecast.probability", lang), min=0, max=100, step=5, value=10
        )
        self.probability.add_class("st-forecast-probability")
        self.forecast_button = widgets.Button(
            description=tr("seat.set_forecast", lang), icon="check"
        )
        self.forecast_button.add_class("st-set-forecast")
        self.forecast_button.on_click(guard(self._forecast))
        self.ready_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.ready_button.add_class("st-ready")
        self.ready_button.on_click(guard(self._ready))
        self.workshop_note = widgets.HTML()
        self.workshop_note.add_class("st-workshop-note")
        self.shared = widgets.HTML()
        self.shared.add_class("st-shared-box")
        self.member_title = widgets.HTML()
        self.member_map = widgets.HTML()
        self.member_map.add_class("st-member-view")
        self.member_feed = widgets.HTML()
        self.member_feed.add_class("st-member-feed")
        self.handoffs = widgets.HTML()
        self.handoffs.add_class("st-member-handoffs")
        self._own: list[int] = []  # draft ids of this seat's rows, in the planner's order
        self._is_ready = False
        self._week = -1
        self.box = self._layout()
        self.box.add_class("st-seat")
        self.watch = LiveWatch(game.seat.changes, guard(self._changed))
        self.refresh()
        self._show_note()
        if live:  # on the kernel's event loop (the screen's connection is the kernel thread's)
            self.watch.start(thread=False)

    def names(self) -> Names:
        return Names(self.game.sim.scenario, self.game.view(), self.lang)

    def _layout(self) -> widgets.VBox:
        lang = self.lang
        forecast = widgets.VBox(
            [
                widgets.HTML(f"<h3>{esc(tr('forecast.title', lang))}</h3>"),
                self.stage,
                self.probability,
                self.forecast_button,
            ]
        )
        left = widgets.VBox(
            [
                widgets.HTML(f"<h3>{esc(tr('seat.plan_title', lang))}</h3>"),
                self.planner.box,
                self.note,
                forecast,
                self.workshop_note,
                self.ready_button,
                self.messages.output,
            ],
            layout=widgets.Layout(**COLUMN),
        )
        middle = widgets.VBox([self.shared], layout=widgets.Layout(**COLUMN))
        right = widgets.VBox(
            [
                self.member_title,
                self.member_feed,
                widgets.HTML(f"<h4>{esc(tr('seat.handoffs_title', lang))}</h4>"),
                self.handoffs,
                widgets.Box([self.member_map], layout=widgets.Layout(overflow="auto")),
            ],
            layout=widgets.Layout(**COLUMN),
        )
        return widgets.VBox(
            [
                self.header,
                widgets.HBox([left, middle, right], layout=widgets.Layout(flex_flow="row wrap")),
            ]
        )

    # --- actions --------------------------------------------------------------------------
    def _add(self, planner: RolePlanner) -> None:
        self.messages.clear()
        try:
            assignment: Assignment = planner.assignment()
            note = self.note.value if assignment.activity in HANDOFF_ACTIVITIES else ""
            self.game.add(assignment, note)
            self.note.value = ""
        finally:
            planner.reset()
            self.refresh()

    def _remove(self, index: int) -> None:
        self.messages.clear()
        if 0 <= index < len(self._own):
            self.game.remove(self._own[index])
        self.refresh()

    def _forecast(self, _button: object = None) -> None:
        self.messages.clear()
        self.game.set_forecast(Forecast(self.stage.value, self.probability.value / 100))
        self.refresh()
        self.messages.show("success", [tr("seat.forecast_set", self.lang)])

    def _ready(self, _button: object = None) -> None:
        self.messages.clear()
        moved = self.game.ready(not self._is_ready)
        self.refresh()
        if moved:
            self.messages.show("success", [tr("seat.committed", self.lang, week=self._week - 1)])

    def _changed(self) -> None:
        """The store changed (a colleague, the trainer, a commit): catch up and redraw."""
        week = self.game.sim.round
        self.game.sync()
        self.refresh()
        if self.game.sim.round != week:
            self.messages.show("info", [tr("seat.committed", self.lang, week=week)])

    def poll(self) -> bool:
        """One look at the store, as the live watch takes it (tests)."""
        return self.watch.poll()

    def stop(self) -> None:
        self.watch.stop()

    # --- showing ----------------------------------------------------------------------------
    def _show_note(self) -> None:
        handoff = self.planner.activity.value in HANDOFF_ACTIVITIES
        self.note.layout.display = "" if handoff else "none"

    def refresh(self) -> None:
        """Everything from the store as it is now (the week counter last)."""
        game, lang = self.game, self.lang
        draft, plan, authors = game.shared()
        view = game.view()
        names = Names(game.sim.scenario, view, lang)
        own = game.own(draft)
        self._own = [i.id for i in own]
        own_plan = Plan(tuple(i.assignment for i in own))
        self.planner.refresh(view, names, own_plan, len(own))
        self.shared.value = shared_draft_html(game, draft, plan, authors, names)
        if self._week != draft.round:
            self._week = draft.round
            forecast = draft.forecast or (view.forecasts[-1] if view.forecasts else None)
            self.stage.value = forecast.stage if forecast else view.stage
            self.probability.value = round((forecast.win_probability if forecast else 0.1) * 100)
            self.planner.reset()
        self._is_ready = game.seat.seat.id in draft.ready
        over = game.over
        self.ready_button.description = tr(
            "seat.not_ready" if self._is_ready else "seat.ready", lang, week=draft.round
        )
        self.ready_button.button_style = "warning" if self._is_ready else "success"
        self.ready_button.icon = "undo" if self._is_ready else "check"
        self.ready_button.disabled = over
        self.planner.add_button.disabled = over or self.planner.add_button.disabled
        members = game.seat.members
        self.member_title.value = (
            f"<h3>{esc(tr('seat.member_title', lang, member=names.join(members)))}</h3>"
        )
        self.member_feed.value = feed_html(view, game.previous, names)
        self.handoffs.value = handoffs_html(view, names)
        noise = game.sim.scenario.parameters.observation_noise
        self.member_map.value = buying_centre_table(view, names, noise)
        self._header(draft, names)
        self.watch.mark()

    def _header(self, draft: TeamDraft, names: Names) -> None:
        game, lang = self.game, self.lang
        info = game.seat.workshop
        status = workshop_status(info, draft.round, lang)
        self.workshop_note.value = (
            f'<div class="st-message st-message-info">{esc(status.closed)}</div>'
            if status.closed
            else ""
        )
        view = game.sim.observe(feed=False)
        facts = [
            f'<span class="st-week" data-week="{view.week}">'
            f"{esc(tr('week_of', lang, week=view.week, horizon=view.horizon_weeks))}</span>",
            esc(tr("header.phase", lang, phase=label("phase", view.phase, lang))),
            esc(tr("header.stage", lang, stage=label("stage", view.stage, lang))),
        ]
        if game.sim.done:
            outcome = view.outcome or ""
            words = translate(f"outcome.{outcome}", lang)
            facts.append(esc(tr("seat.deal_over", lang, outcome=words)))
        seat = role_words(game.role, game.seat.seat.person, lang)
        self.header.value = (
            f'<div class="st-title"><b>{esc(game.sim.scenario.title.get(lang))}</b> — '
            f'<span class="st-team">{esc(tr("header.team", lang, team=game.team))}</span> · '
            f'<span class="st-seat-role">{esc(seat)}</span></div>'
            f'<div class="st-workshop">{esc(tr("header.workshop", lang, workshop=info.name))} · '
            f'<span class="st-workshop-state">{esc(status.text)}</span></div>'
            f'<div class="st-facts">{" · ".join(facts)}</div>'
        )

    def __repr__(self) -> str:  # pragma: no cover - a notebook shows the box, not this
        return f"SeatScreen({self.game.team!r}, {self.game.role!r})"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = self.box._repr_mimebundle_(**kwargs)
        return bundle
