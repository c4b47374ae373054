"""The trainer's controls for teams playing in seats: the policy for empty roles, a deadline
that commits every seated team's open week, and *Commit now*.

Each control calls the trainer's handle (:class:`~sim.workshop.Facilitator`); a refusal (an
ended or paused workshop, a deadline out of range) is shown as a message, nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.ui.facilitator.text import clock_time, parse_time, tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.text import esc
from sim.workshop import Facilitator
from sim.workshop.drafts import POLICIES

MAX_MINUTES = 24 * 60


class SeatControls:
    """Policy, deadline and commit-now for the workshop's seated teams."""

    def __init__(
        self,
        trainer: Facilitator,
        lang: str,
        *,
        strict: bool = False,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.trainer, self.lang = trainer, lang
        self.on_change = on_change
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, strict=strict)
        with trainer.store.read() as conn:
            current = str(
                conn.execute(
                    "SELECT auto_policy FROM workshops WHERE id = ?", (trainer.workshop_id,)
                ).fetchone()[0]
            )
        self.policy = widgets.Dropdown(
            description=tr("seats.policy", lang),
            options=[(tr(f"seats.policy.{p}", lang), p) for p in POLICIES],
            value=current,
            style={"description_width": "initial"},
        )
        self.policy.add_class("st-seat-policy")
        self.policy.observe(lambda _: guard(self._policy)(), names="value")
        self.minutes = widgets.BoundedIntText(
            value=5,
            min=0,
            max=MAX_MINUTES,
            description=tr("seats.minutes", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="14em"),
        )
        self.minutes.add_class("st-seat-minutes")
        self.deadline_button = widgets.Button(
            description=tr("seats.set_deadline", lang), icon="clock-o"
        )
        self.deadline_button.add_class("st-seat-deadline")
        self.deadline_button.on_click(guard(self._deadline))
        self.commit_button = widgets.Button(
            description=tr("seats.commit_now", lang), icon="forward", button_style="warning"
        )
        self.commit_button.add_class("st-seat-commit")
        self.commit_button.on_click(guard(self._commit))
        vendors = {c.id: c.name.get(lang) for c in trainer.scenario().scenario.competitors}
        self.vendor_names = vendors
        self.vendor = widgets.Dropdown(
            description=tr("red_team.vendor", lang),
            options=[(name, vendor) for vendor, name in vendors.items()],
            style={"description_width": "initial"},
        )
        self.vendor.add_class("st-red-team-vendor-choice")
        self.red_button = widgets.Button(
            description=tr("red_team.give", lang), icon="user-secret", disabled=not vendors
        )
        self.red_button.add_class("st-red-team-give")
        self.red_button.on_click(guard(self._red_team))
        self.red_list = widgets.HTML()
        self.red_list.add_class("st-red-teams")
        self.show_red_teams()
        self.box = widgets.VBox(
            [
                widgets.HTML(
                    f"<h4>{esc(tr('seats.title', lang))}</h4>"
                    f"<small>{esc(tr('seats.help', lang))}</small>"
                ),
                widgets.HBox(
                    [self.policy, self.minutes, self.deadline_button, self.commit_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HTML(f"<h4>{esc(tr('red_team.title', lang))}</h4>"),
                widgets.HBox(
                    [self.vendor, self.red_button], layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.red_list,
                self.messages.output,
            ]
        )
        self.box.add_class("st-seat-controls")

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _policy(self) -> None:
        self.trainer.set_auto_policy(self.policy.value)
        words = tr(f"seats.policy.{self.policy.value}", self.lang)
        self.messages.show("success", [tr("seats.policy_set", self.lang, policy=words)])
        self._changed()

    def _deadline(self, _button: object = None) -> None:
        due = self.trainer.set_deadline(int(self.minutes.value))
        when = parse_time(due)
        time = clock_time(when) if when is not None else "–"
        self.messages.show("success", [tr("seats.deadline_set", self.lang, time=time)])
        self._changed()

    def _commit(self, _button: object = None) -> None:
        done = self.trainer.force_commit()
        key = "seats.committed" if done else "seats.nothing_to_commit"
        self.messages.show(
            "success" if done else "info", [tr(key, self.lang, teams=", ".join(done))]
        )
        self._changed()

    def _red_team(self, _button: object = None) -> None:
        made = self.trainer.add_red_team(str(self.vendor.value))
        vendor = self.vendor_names.get(made.vendor, made.vendor)
        self.messages.show(
            "success", [tr("red_team.given", self.lang, vendor=vendor, code=made.join_code)]
        )
        self.show_red_teams()
        self._changed()

    def show_red_teams(self) -> None:
        """The red teams with their codes and whether they sat down (the board polls this)."""
        lang = self.lang
        rows = []
        for red in self.trainer.red_teams():
            vendor = self.vendor_names.get(red.vendor, red.vendor)
            person = f" — {red.person}" if red.person else ""
            sat = (
                tr("red_team.sat", lang, person=person)
                if red.joined_at
                else tr("red_team.not_sat", lang)
            )
            text = tr("red_team.row", lang, vendor=vendor, code=red.join_code)
            rows.append(
                f'<li class="st-red-team-row" data-vendor="{esc(red.vendor)}"'
                f' data-code="{esc(red.join_code)}">{esc(text)} · {esc(sat)}</li>'
            )
        self.red_list.value = (
            f"<ul>{''.join(rows)}</ul>"
            if rows
            else f"<p><small>{esc(tr('red_team.none', lang))}</small></p>"
        )
