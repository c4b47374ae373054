"""A planner for one role: choose an activity, who joins, for whom, at which angle; add it.

The form collects choices. Whether an activity fits the hours, the budget, the customer's
phase or the targets is for the engine to say: ``Game.add`` asks ``plan()`` and the engine's
reasons are shown when it refuses. Two things the form can tell before Add: an activity that
needs more hours than its lead has in any week is marked as never possible (with why) and Add
is off for it; the discount is typed in percent and checked against the tender's limit, with
the amount it gives away shown in money.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.model.activities import ANGLES, CATALOGUE, ActivitySpec
from sim.model.observation import TeamView
from sim.model.plans import Assignment, Plan
from sim.ui.game import Game, SeatGame
from sim.ui.pacing import FormError, parse_percent
from sim.ui.text import Names, esc, label, money, tr

# The activities that take a discount: the bid, and the best-and-final offer after it.
DISCOUNTED = frozenset({"bid_preparation", "final_offer"})


def activities_led_by(role: str) -> tuple[str, ...]:
    return tuple(a for a, spec in CATALOGUE.items() if role in spec.lead_roles)


def describe_assignment(assignment: Assignment, names: Names, currency: str) -> str:
    """One planned activity in words: who, what, with whom, for whom, hours and cost."""
    lang = names.lang
    spec = CATALOGUE.get(assignment.activity)
    text = tr(
        "feed.activity",
        lang,
        lead=names.member(assignment.members[0]),
        activity=names.activity(assignment.activity),
    )
    if len(assignment.members) > 1:
        text += tr("feed.with", lang, members=names.join(assignment.members[1:]))
    if assignment.targets:
        text += tr("feed.for", lang, targets=names.join(assignment.targets))
    if assignment.angle in ANGLES:
        text += tr("feed.angle", lang, angle=label("angle", assignment.angle, lang))
    if assignment.discount:
        text += tr("plan.discount", lang, discount=f"{assignment.discount * 100:g}%")
    if spec is not None:
        text += " · " + tr(
            "plan.hours_cost", lang, hours=spec.hours, cost=money(spec.cost, currency)
        )
    return text


def _checkbox(description: str) -> widgets.Checkbox:
    return widgets.Checkbox(
        value=False, description=description, indent=False, layout=widgets.Layout(width="auto")
    )


class RolePlanner:
    """The planning form and the planned rows of one role."""

    def __init__(
        self,
        role: str,
        game: Game | SeatGame,
        lang: str,
        on_add: Callable[[RolePlanner], None],
        on_remove: Callable[[int], None],
    ) -> None:
        self.role, self.game, self.lang = role, game, lang
        self.on_remove = on_remove
        scenario = game.sim.scenario
        self.currency = scenario.account.currency
        self.members = tuple(m.id for m in scenario.team if m.role == role)
        self.activity = widgets.Dropdown(
            description=tr("plan.activity", lang), layout=widgets.Layout(width="28em")
        )
        self.activity.add_class("st-activity")
        self.lead = widgets.Dropdown(
            description=tr("plan.lead", lang), layout=widgets.Layout(width="28em")
        )
        self.lead.layout.display = "" if len(self.members) > 1 else "none"
        self.with_boxes = {m.id: _checkbox(m.id) for m in scenario.team}
        self.stakeholder_boxes = {s.id: _checkbox(s.id) for s in scenario.stakeholders}
        self.member_boxes = {m.id: _checkbox(m.id) for m in scenario.team}
        for key, box in self.stakeholder_boxes.items():
            box.add_class(f"st-target-{key}")
        for key, box in self.member_boxes.items():
            box.add_class(f"st-briefed-{key}")
        self.with_row = self._row("plan.with", list(self.with_boxes.values()))
        self.stakeholder_row = self._row("plan.targets", list(self.stakeholder_boxes.values()))
        self.member_row = self._row("plan.briefed", list(self.member_boxes.values()))
        self.angle = widgets.Dropdown(
            description=tr("plan.angle", lang),
            options=[(tr("plan.choose_angle", lang), None)]
            + [(label("angle", a, lang), a) for a in ANGLES],
            value=None,
            layout=widgets.Layout(width="28em"),
        )
        self.max_discount = game.sim.scenario.tender.max_discount
        self.deal_value = game.sim.scenario.account.deal_value
        self.discount = widgets.Text(
            description=tr("plan.discount_label", lang),
            placeholder=tr("plan.discount_placeholder", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="16em"),
        )
        self.discount.add_class("st-discount")
        self.discount_note = widgets.HTML()
        self.discount_note.add_class("st-discount-note")
        self.discount_row = widgets.HBox([self.discount, self.discount_note])
        self.info = widgets.HTML()
        self.add_button = widgets.Button(
            description=tr("plan.add", lang), button_style="info", icon="plus"
        )
        self.add_button.add_class("st-add")
        self.add_button.on_click(lambda _: on_add(self))
        self.rows = widgets.VBox()
        self.heading = widgets.HTML()
        form = widgets.VBox(
            [
                self.activity,
                self.lead,
                self.with_row,
                self.stakeholder_row,
                self.member_row,
                self.angle,
                self.discount_row,
                self.info,
                self.add_button,
            ]
        )
        form.add_class("st-form")
        self.box = widgets.VBox([self.heading, self.rows, form])
        self.box.add_class(f"st-planner-{role}")
        self.activity.observe(lambda _: self._show_fields(), names="value")
        self.lead.observe(lambda _: self._show_fields(), names="value")
        self.discount.observe(lambda _: self._show_discount(), names="value")

    def _row(self, key: str, boxes: list[widgets.Checkbox]) -> widgets.HBox:
        title = widgets.HTML(
            f"<b>{esc(tr(key, self.lang))}</b>", layout=widgets.Layout(width="9em")
        )
        return widgets.HBox(
            [title, widgets.HBox(boxes, layout=widgets.Layout(flex_flow="row wrap"))]
        )

    # --- reading the form -----------------------------------------------------------------
    @property
    def spec(self) -> ActivitySpec | None:
        return CATALOGUE.get(self.activity.value) if self.activity.value else None

    def assignment(self) -> Assignment:
        """The activity the form describes (the engine decides whether it is possible)."""
        spec = self.spec
        if spec is None:
            raise FormError(tr("plan.no_activity", self.lang))
        why = self.never_fits(spec)
        if why:
            raise FormError(why)
        lead = self.lead.value if self.lead.value else self.members[0]
        others = tuple(m for m, box in self.with_boxes.items() if box.value and m != lead)
        targets: tuple[str, ...] = ()
        if spec.targets == "stakeholders":
            targets = tuple(s for s, box in self.stakeholder_boxes.items() if box.value)
        elif spec.targets == "members":
            targets = tuple(m for m, box in self.member_boxes.items() if box.value)
        angle = self.angle.value if spec.needs_angle else None
        discount = None
        if spec.id in DISCOUNTED:
            discount = parse_percent(self.discount.value, self.max_discount, self.lang) or None
        return Assignment(spec.id, (lead, *others), targets, angle, discount)

    def never_fits(self, spec: ActivitySpec, lead: str | None = None) -> str:
        """Why ``spec`` can never be done with this lead ("" when it can): it takes more
        hours than the lead has in a whole week."""
        lead = lead or (self.lead.value if self.lead.value else self.members[0])
        member = self.game.sim.scenario.member(lead)
        if spec.hours <= member.weekly_hours + 1e-9:
            return ""
        names = Names(self.game.sim.scenario, self.game.view(), self.lang)
        return tr(
            "plan.never_fits",
            self.lang,
            activity=names.activity(spec.id),
            hours=spec.hours,
            member=names.member(lead),
            weekly=member.weekly_hours,
        )

    def reset(self) -> None:
        """Untick every choice (after a refused or accepted Add, and at a new week), so the
        form never carries a tick the trainee did not just make."""
        for box in (
            *self.with_boxes.values(),
            *self.stakeholder_boxes.values(),
            *self.member_boxes.values(),
        ):
            box.value = False
        self.angle.value = None
        self.discount.value = ""
        self._show_discount()

    # --- showing ------------------------------------------------------------------------------
    def _show_fields(self) -> None:
        spec = self.spec
        for member_id, box in self.with_boxes.items():  # the lead does not join themself
            box.layout.display = "none" if member_id == self.lead.value else ""
        kind = spec.targets if spec is not None else "none"
        self.stakeholder_row.layout.display = "" if kind == "stakeholders" else "none"
        self.member_row.layout.display = "" if kind == "members" else "none"
        self.angle.layout.display = "" if spec is not None and spec.needs_angle else "none"
        self.discount_row.layout.display = (
            "" if spec is not None and spec.id in DISCOUNTED else "none"
        )
        self.add_button.disabled = False
        if spec is None:
            self.info.value = ""
            return
        never = self.never_fits(spec)
        if never:
            self.add_button.disabled = True
            self.info.value = f'<div class="st-info st-never">{esc(never)}</div>'
            return
        if spec.max_targets == 0:
            targets = tr("plan.no_targets", self.lang)
        else:
            targets = tr(
                "plan.target_range", self.lang, low=spec.min_targets, high=spec.max_targets
            )
        self.info.value = (
            '<div class="st-info">'
            + esc(
                tr(
                    "plan.activity_info",
                    self.lang,
                    hours=spec.hours,
                    cost=money(spec.cost, self.currency),
                    targets=targets,
                )
            )
            + "</div>"
        )

    def _show_discount(self) -> None:
        """The typed discount in money, or why it cannot be used."""
        text = self.discount.value
        if not text.strip():
            top = f"{self.max_discount * 100:g}"
            self.discount_note.value = esc(tr("plan.discount_hint", self.lang, high=top))
            return
        try:
            share = parse_percent(text, self.max_discount, self.lang)
        except FormError as problem:
            self.discount_note.value = f'<span class="st-over">{esc(problem)}</span>'
            return
        self.discount_note.value = esc(
            tr(
                "plan.discount_money",
                self.lang,
                share=f"{share * 100:g}%",
                amount=money(share * self.deal_value, self.currency),
                price=money((1 - share) * self.deal_value, self.currency),
            )
        )

    def refresh(self, view: TeamView, names: Names, plan: Plan, drafts: int) -> None:
        """Show this round's options, names and the rows of the plan this role leads."""
        lang = self.lang
        allowed = set(view.allowed_activities)
        options = []
        never: set[str] = set()
        for activity in activities_led_by(self.role):
            text = names.activity(activity)
            fits = any(
                CATALOGUE[activity].hours <= self.game.sim.scenario.member(m).weekly_hours + 1e-9
                for m in self.members
            )
            if not fits:
                never.add(activity)
                text += tr("plan.never_short", lang, hours=CATALOGUE[activity].hours)
            elif activity not in allowed:
                text += tr("plan.not_now", lang)
            options.append((text, activity))
        current = self.activity.value
        options.sort(key=lambda o: (o[1] in never, o[1] not in allowed))
        self.activity.options = options
        values = [v for _, v in options]
        self.activity.value = current if current in values else (values[0] if values else None)
        lead = self.lead.value
        self.lead.options = [(names.member(m), m) for m in self.members]
        self.lead.value = lead if lead in self.members else self.members[0]
        for member_id, box in self.with_boxes.items():
            box.description = names.member(member_id)
        for member_id, box in self.member_boxes.items():
            box.description = names.member(member_id)
        for person in view.stakeholders:
            name = names.stakeholder(person.id)
            text = name if person.reachable else tr("plan.unreachable", lang, name=name)
            self.stakeholder_boxes[person.id].description = text
        self._show_fields()
        heading = tr(
            "plan.heading",
            lang,
            role=label("role", self.role, lang),
            members=names.join(self.members),
        )
        self.heading.value = f"<h4>{esc(heading)}</h4>"
        self.render_rows(names, plan, drafts)

    def render_rows(self, names: Names, plan: Plan, drafts: int) -> None:
        rows = []
        for index, assignment in enumerate(plan.assignments):
            if self.game.role_of(assignment.members[0]) != self.role:
                continue
            text = f"{index + 1}. " + describe_assignment(assignment, names, self.currency)
            if index < drafts:
                remove = widgets.Button(
                    description=tr("plan.remove", self.lang),
                    icon="times",
                    layout=widgets.Layout(width="auto"),
                )
                remove.add_class("st-remove")
                remove.on_click(lambda _, i=index: self.on_remove(i))
                rows.append(widgets.HBox([widgets.HTML(esc(text)), remove]))
            else:
                auto = f"<i>{esc(text)} — {esc(tr('plan.automatic', self.lang))}</i>"
                rows.append(widgets.HTML(auto))
        if not rows:
            rows.append(widgets.HTML(f"<i>{esc(tr('plan.nothing_yet', self.lang))}</i>"))
        self.rows.children = rows
