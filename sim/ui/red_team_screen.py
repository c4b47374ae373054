"""The red team's seat: one competitor, played by people against every team of the workshop.

For each team's game the screen shows, in words, only what that vendor could observe
(``Simulation.observe_rival``): who it can reach, what it learned from the people it met, the
meetings of ours it heard of last week, the discount it would bid at and its bid once opened —
never the team's plans or beliefs. Below each, the week's order for that team: up to the
vendor's capacity of moves (one of its repertoire, at someone it can reach), an optional
discount, *Save order* and *Ready*. An order that does not fit that team's game is refused
with the reasons and nothing is stored. A week without an order is played by the computer.

Live like the role seats (:class:`~sim.ui.live.LiveWatch` on the store's change counter): a
team's commit, a new week, the trainer's release or pause show by themselves; the form keeps
what the red team was choosing until that team's week moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.model.rivals import RivalMove, RivalOrder, RivalView
from sim.scenario import DIMENSIONS
from sim.ui.live import LiveWatch
from sim.ui.messages import MessageArea, guarded
from sim.ui.text import Names, esc, label, money, percent, tr
from sim.ui.workshop_status import workshop_status
from sim.workshop.drafts import RivalDraft
from sim.workshop.red_team import RedTeamSeat

TOP_CONCERNS = 3


def rt(key: str, lang: str, **params: Any) -> str:
    """The red team's words (``ui.red_team.<key>``)."""
    return tr(f"red_team.{key}", lang, **params)


def move_words(move: str, lang: str) -> str:
    from sim.i18n import translate  # noqa: PLC0415  (the rivals catalog names the moves)

    return translate(f"rival.move.{move}", lang)


def order_words(order: RivalOrder | None, names: Names, lang: str) -> str:
    """An order in one line ("raise doubts at Liu; relationship visit at Zhou; 8 % off")."""
    if order is None:
        return rt("order_none", lang)
    parts = [
        rt("order_move", lang, move=move_words(m.move, lang), target=names.stakeholder(m.target))
        for m in order.moves
    ]
    if order.discount is not None:
        parts.append(rt("order_discount", lang, discount=percent(order.discount)))
    return tr("list_separator", lang).join(parts) if parts else rt("order_idle", lang)


def _concerns(values: tuple[float, ...] | None, lang: str) -> str:
    if values is None:
        return rt("not_known", lang)
    ranked = sorted(zip(DIMENSIONS, values, strict=True), key=lambda kv: -kv[1])
    return tr("list_separator", lang).join(
        f"{label('dimension', d, lang)} {percent(w)}" for d, w in ranked[:TOP_CONCERNS] if w > 0
    )


def rival_view_html(view: RivalView, names: Names, currency: str, lang: str) -> str:
    """What the vendor could observe in one team's deal, in words (no raw ids)."""
    yes, no = rt("yes", lang), rt("no", lang)
    rows = []
    for p in view.people:
        css = "st-rival-reachable" if p.reachable else "st-rival-closed"
        rows.append(
            f'<tr class="st-rival-person {css}" data-person="{esc(p.id)}">'
            f"<td>{esc(names.stakeholder(p.id))}</td>"
            f"<td>{esc(label('department', p.department, lang))}</td>"
            f"<td>{esc(yes if p.reachable else no)}</td><td>{esc(yes if p.met else no)}</td>"
            f"<td>{esc(_concerns(p.concerns, lang))}</td>"
            f"<td>{esc(yes if p.heard_us else no)}</td></tr>"
        )
    head = "".join(
        f"<th>{esc(rt(f'column.{c}', lang))}</th>"
        for c in ("person", "department", "reach", "met", "learned", "heard")
    )
    heard = [names.stakeholder(p.id) for p in view.people if p.heard_us]
    facts = [
        rt(
            "facts",
            lang,
            week=view.week,
            phase=label("phase", view.phase, lang),
            capacity=view.capacity,
            moves=tr("list_separator", lang).join(move_words(m, lang) for m in view.moves),
        ),
        rt(
            "discount_now",
            lang,
            discount=percent(view.discount),
            most=percent(view.max_discount),
        ),
        rt("heard_of", lang, people=tr("list_separator", lang).join(heard))
        if heard
        else rt("heard_nothing", lang),
    ]
    if view.bid_price is not None:
        facts.append(rt("bid", lang, price=money(view.bid_price, currency)))
    if view.lowest_price is not None:
        facts.append(rt("lowest", lang, price=money(view.lowest_price, currency)))
    items = "".join(f"<li>{esc(f)}</li>" for f in facts)
    return (
        f'<div class="st-rival-view" data-week="{view.week}"><ul class="st-rival-facts">'
        f"{items}</ul>"
        f'<table class="st-table st-rival-people"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


class TeamOrderPanel:
    """One team's part of the red team's screen: the vendor's view and this week's order."""

    def __init__(self, screen: RedTeamScreen, team: str) -> None:
        self.screen, self.team = screen, team
        lang = screen.lang
        guard = screen.guard
        self.title = widgets.HTML()
        self.view = widgets.HTML()
        self.view.add_class("st-rival-view-box")
        capacity = screen.seat.view(team).capacity
        self.moves = [
            widgets.Dropdown(layout=widgets.Layout(width="14em")) for _ in range(capacity)
        ]
        self.targets = [
            widgets.Dropdown(layout=widgets.Layout(width="16em")) for _ in range(capacity)
        ]
        for k, (move, target) in enumerate(zip(self.moves, self.targets, strict=True)):
            move.add_class(f"st-rival-move-{k}")
            target.add_class(f"st-rival-target-{k}")
        self.use_discount = widgets.Checkbox(description=rt("discount", lang), indent=False)
        self.use_discount.add_class("st-rival-use-discount")
        self.discount = widgets.BoundedFloatText(
            min=0.0, max=100.0, step=0.5, layout=widgets.Layout(width="7em")
        )
        self.discount.add_class("st-rival-discount")
        self.save = widgets.Button(description=rt("save", lang), icon="save")
        self.save.add_class("st-rival-save")
        self.save.on_click(guard(self._save))
        self.ready = widgets.Button(layout=widgets.Layout(width="auto"))
        self.ready.add_class("st-rival-ready")
        self.ready.on_click(guard(self._ready))
        self.state = widgets.HTML()
        self.state.add_class("st-rival-state")
        rows = [
            widgets.HBox([m, widgets.HTML(f"&nbsp;{esc(rt('at', lang))}&nbsp;"), t])
            for m, t in zip(self.moves, self.targets, strict=True)
        ]
        self.box = widgets.VBox(
            [
                self.title,
                self.view,
                widgets.HTML(f"<h4>{esc(rt('order_title', lang))}</h4>"),
                *rows,
                widgets.HBox([self.use_discount, self.discount, widgets.HTML("&nbsp;%")]),
                widgets.HBox([self.save, self.ready]),
                self.state,
            ]
        )
        self.box.add_class("st-rival-team")
        self.box.add_class(f"st-rival-team-{_css(team)}")
        self._week = -1
        self._is_ready = False

    def order(self) -> RivalOrder:
        """The order as the form has it."""
        moves = tuple(
            RivalMove(str(m.value), str(t.value))
            for m, t in zip(self.moves, self.targets, strict=True)
            if m.value and t.value
        )
        discount = round(self.discount.value / 100, 4) if self.use_discount.value else None
        return RivalOrder(self.screen.seat.vendor, moves, discount)

    def _save(self, _button: object = None) -> None:
        self.screen.messages.clear()
        order = self.order()
        self.screen.seat.order(self.team, order.moves, order.discount)
        self.screen.refresh()
        self.screen.messages.show("success", [rt("saved", self.screen.lang, team=self.team)])

    def _ready(self, _button: object = None) -> None:
        self.screen.messages.clear()
        seat = self.screen.seat
        week = seat.week(self.team)
        moved = seat.ready(self.team, not self._is_ready)
        self.screen.refresh()
        if moved and seat.week(self.team) != week:
            self.screen.messages.show(
                "success", [rt("committed", self.screen.lang, team=self.team, week=week)]
            )

    def refresh(self, names: Names, currency: str) -> None:
        screen, lang = self.screen, self.screen.lang
        seat = screen.seat
        game = seat.game(self.team)
        view = seat.view(self.team) if not game.done else None
        draft: RivalDraft = seat.draft(self.team)
        over = game.done
        self.title.value = (
            f'<h3 class="st-rival-team-title">{esc(rt("team_title", lang, team=self.team))}</h3>'
        )
        if view is None:
            outcome = tr("seat.deal_over", lang, outcome=_outcome(game.deal.outcome or "", lang))
            self.view.value = f"<p><i>{esc(outcome)}</i></p>"
        else:
            self.view.value = rival_view_html(view, names, currency, lang)
        if view is not None and self._week != view.week:  # a new week: the form starts afresh
            self._week = view.week
            reach = [(names.stakeholder(p.id), p.id) for p in view.people if p.reachable]
            for k, (move, target) in enumerate(zip(self.moves, self.targets, strict=True)):
                move.options = [(rt("no_move", lang), "")] + [
                    (move_words(m, lang), m) for m in view.moves
                ]
                target.options = [(rt("choose_target", lang), ""), *reach]
                chosen = (
                    draft.order.moves[k] if draft.order and k < len(draft.order.moves) else None
                )
                move.value = chosen.move if chosen and chosen.move in view.moves else ""
                ids = {v for _, v in reach}
                target.value = chosen.target if chosen and chosen.target in ids else ""
            given = draft.order.discount if draft.order else None
            self.use_discount.value = given is not None
            self.discount.value = round((given if given is not None else view.discount) * 100, 1)
        self._is_ready = draft.ready
        for control in (*self.moves, *self.targets, self.use_discount, self.discount, self.save):
            control.disabled = over
        self.ready.disabled = over
        self.ready.description = rt("not_ready" if draft.ready else "ready", lang, team=self.team)
        self.ready.button_style = "warning" if draft.ready else "success"
        self.ready.icon = "undo" if draft.ready else "check"
        state = rt("planned", lang, order=order_words(draft.order, names, lang))
        if draft.ready:
            state += " " + rt("is_ready", lang)
        self.state.value = (
            f'<div class="st-rival-planned" data-ready="{int(draft.ready)}"'
            f' data-moves="{len(draft.order.moves) if draft.order else 0}">{esc(state)}</div>'
        )


def _css(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())


def _outcome(outcome: str, lang: str) -> str:
    from sim.i18n import translate  # noqa: PLC0415

    return translate(f"outcome.{outcome}", lang)


class RedTeamScreen:
    """The red team's screen; ``live`` starts the store watch (tests call :meth:`poll`)."""

    def __init__(
        self,
        seat: RedTeamSeat,
        lang: str,
        *,
        live: bool = True,
        strict: bool = False,
        on_leave: Callable[[], None] | None = None,
    ) -> None:
        self.seat, self.lang = seat, lang
        self.on_leave = on_leave
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang, self.names, strict=strict)
        self.header = widgets.HTML()
        self.header.add_class("st-header")
        self.header.add_class("st-red-team-header")
        self.ready_all = widgets.Button(
            description=rt("ready_all", lang), button_style="success", icon="check-double"
        )
        self.ready_all.add_class("st-rival-ready-all")
        self.ready_all.on_click(self.guard(self._ready_all))
        self.panels: dict[str, TeamOrderPanel] = {}
        self.teams_box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.box = widgets.VBox(
            [
                self.header,
                widgets.HTML(f"<small>{esc(rt('intro', lang))}</small>"),
                self.messages.output,
                self.ready_all,
                self.teams_box,
            ]
        )
        self.box.add_class("st-red-team")
        self.watch = LiveWatch(seat.changes, self.guard(self._changed))
        self.refresh()
        if live:
            self.watch.start(thread=False)

    def names(self) -> Names:
        first = next(iter(self.seat.games.values()))
        return Names(first.scenario, first.observe(feed=False), self.lang)

    def _ready_all(self, _button: object = None) -> None:
        self.messages.clear()
        self.seat.ready_all()
        self.refresh()

    def _changed(self) -> None:
        """The store changed (a team committed, the trainer paced): catch up and redraw."""
        self.seat.sync()
        self.refresh()

    def poll(self) -> bool:
        return self.watch.poll()

    def stop(self) -> None:
        self.watch.stop()

    def refresh(self) -> None:
        seat, lang = self.seat, self.lang
        names = self.names()
        scenario = next(iter(seat.games.values())).scenario
        currency = scenario.account.currency
        for team in seat.teams:
            if team.name not in self.panels:
                self.panels[team.name] = TeamOrderPanel(self, team.name)
        self.teams_box.children = [
            widgets.Box(
                [self.panels[t.name].box],
                layout=widgets.Layout(flex="1 1 520px", min_width="420px", margin="0 8px"),
            )
            for t in seat.teams
        ]
        for team in seat.teams:
            self.panels[team.name].refresh(names, currency)
        info = seat.workshop
        weeks = [seat.week(t.name) for t in seat.teams]
        status = workshop_status(info, min(weeks) if weeks else 0, lang)
        vendor = names.vendor(seat.vendor)
        who = (
            rt("seat_person", lang, vendor=vendor, person=seat.info.person)
            if seat.info.person
            else rt("seat", lang, vendor=vendor)
        )
        self.header.value = (
            f'<div class="st-title"><b>{esc(scenario.title.get(lang))}</b> — '
            f'<span class="st-red-team-vendor">{esc(who)}</span></div>'
            f'<div class="st-workshop">{esc(tr("header.workshop", lang, workshop=info.name))} · '
            f'<span class="st-workshop-state">{esc(status.text)}</span></div>'
        )
        self.ready_all.disabled = all(g.done for g in seat.games.values())
        self.watch.mark()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = self.box._repr_mimebundle_(**kwargs)
        return bundle
