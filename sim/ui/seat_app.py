"""A seat per role: the app a trainee opens on their own device in a workshop.

The join form asks for the workshop store, the team's join code, the role this person plays
(sales rep, presales, project manager, executive — the roles of the scenario's team) and,
optionally, their name for the record. Joining opens that role's :class:`SeatScreen`; joining
the same role again from another device retakes the same seat (the name stays unless a new one
is given). A team code without a role is the one-screen-per-table mode of the sandbox.

Served by Voilà from ``notebooks/workshop_seat.ipynb``; the language switch rebuilds the screen
from the store, so nothing of the week is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.i18n import normalise
from sim.ui.game import ROLE_ORDER, SeatGame
from sim.ui.messages import MessageArea, guarded
from sim.ui.red_team_screen import RedTeamScreen
from sim.ui.seat_screen import SeatScreen
from sim.ui.shell import title_bar
from sim.ui.style import STYLE
from sim.ui.text import esc, label, tr
from sim.ui.workshop_join import JoinFormError, open_store, store_file
from sim.workshop import default_store_path
from sim.workshop.red_team import RedTeamSeat, is_red_team_code


def join_seat(
    store_text: str, code: str, role: str, person: str, lang: str, table: Sequence[str] = ()
) -> SeatGame:
    """Take the seat of ``role`` in the team with ``code`` (``table``: the other roles played
    at this table, a seat each); a missing field, a path that is no store, a wrong code or a
    role the team lacks is refused with a message."""
    if not store_text.strip():
        raise JoinFormError(tr("join.need_store", lang))
    if not code.strip():
        raise JoinFormError(tr("join.need_code", lang))
    if not role:
        raise JoinFormError(tr("seat.need_role", lang))
    store = open_store(store_file(store_text), lang)
    try:
        return SeatGame.join(store, code, role, person=person, lang=lang, table=table)
    except BaseException:
        store.close()
        raise


class SeatApp:
    """The seat app: a join form, then the seat's screen. ``live=False`` (tests) starts no
    store watch; ``strict`` raises errors instead of showing them."""

    def __init__(
        self,
        lang: str = "en",
        *,
        store_path: str | Path | None = None,
        live: bool = True,
        strict: bool = False,
    ) -> None:
        self.lang = normalise(lang)
        self.live, self.strict = live, strict
        self.values = {
            "store": str(store_path or default_store_path()),
            "code": "",
            "role": "",
            "person": "",
        }
        self.table: set[str] = set()  # the other roles played at this table
        self.game: SeatGame | None = None
        self.screen: SeatScreen | None = None
        self.red_team: RedTeamSeat | None = None  # a red team's code opens its own screen
        self.red_screen: RedTeamScreen | None = None
        self.messages = MessageArea()
        self.title, self.language, bar = title_bar(self.lang, self._language_changed)
        self.body = widgets.VBox()
        self.root = widgets.VBox([widgets.HTML(STYLE), bar, self.body])
        self.root.add_class("st-app")
        self.root.add_class("st-seat-app")
        self.show()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = self.root._repr_mimebundle_(**kwargs)
        return bundle

    def show(self) -> None:
        title = "seat.red_team_title" if self.red_team is not None else "seat.app_title"
        self.title.value = f"<h2>{esc(tr(title, self.lang))}</h2>"
        if self.red_team is not None:
            self.red_team.lang = self.lang
            if self.red_screen is not None:
                self.red_screen.stop()
            for game in self.red_team.games.values():  # the words change, not the games
                game.lang = self.lang
            self.red_screen = RedTeamScreen(
                self.red_team, self.lang, live=self.live, strict=self.strict
            )
            self.body.children = [self.red_screen.box]
            return
        if self.game is not None:
            self.game.lang = self.lang
            if self.screen is not None:
                self.screen.stop()
            self.screen = SeatScreen(self.game, self.lang, live=self.live, strict=self.strict)
            self.body.children = [self.screen.box]
            return
        self.body.children = [self._form()]

    def _form(self) -> widgets.VBox:
        lang = self.lang
        guard = guarded(self.messages, lambda: self.lang, strict=self.strict)
        self.store_box = widgets.Text(
            value=self.values["store"],
            description=tr("join.store", lang),
            layout=widgets.Layout(width="40em"),
            style={"description_width": "initial"},
        )
        self.store_box.add_class("st-join-store")
        self.code_box = widgets.Text(
            value=self.values["code"],
            description=tr("join.code", lang),
            placeholder=tr("join.code_placeholder", lang),
            style={"description_width": "initial"},
        )
        self.code_box.add_class("st-join-code")
        self.role_box = widgets.Dropdown(
            description=tr("seat.role", lang),
            options=[(tr("seat.choose_role", lang), "")]
            + [(label("role", r, lang), r) for r in ROLE_ORDER],
            value=self.values["role"] if self.values["role"] in ROLE_ORDER else "",
            style={"description_width": "initial"},
        )
        self.role_box.add_class("st-seat-role-choice")
        self.person_box = widgets.Text(
            value=self.values["person"],
            description=tr("seat.person", lang),
            placeholder=tr("seat.person_placeholder", lang),
            style={"description_width": "initial"},
        )
        self.person_box.add_class("st-seat-person")
        self.table_boxes = {
            role: widgets.Checkbox(
                value=role in self.table,
                description=label("role", role, lang),
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 2em 0 0"),
            )
            for role in ROLE_ORDER
        }
        for role, box in self.table_boxes.items():
            box.add_class(f"st-seat-table-{role}")
        table = widgets.VBox(
            [
                widgets.HTML(f"<b>{esc(tr('seat.table', lang))}</b>"),
                widgets.HBox(list(self.table_boxes.values())),
                widgets.HTML(f"<small>{esc(tr('seat.table_hint', lang))}</small>"),
            ]
        )
        table.add_class("st-seat-table")
        button = widgets.Button(
            description=tr("seat.join", lang), button_style="primary", icon="user"
        )
        button.add_class("st-seat-join")
        button.on_click(guard(self._join))
        return widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{esc(tr('seat.join_title', lang))}</h3>"
                    f"<small>{esc(tr('seat.join_intro', lang))}</small><br>"
                    f"<small>{esc(tr('red_team.join_hint', lang))}</small>"
                ),
                self.store_box,
                self.code_box,
                self.role_box,
                self.person_box,
                table,
                button,
                self.messages.output,
            ]
        )

    def _remember(self) -> None:
        self.values.update(
            store=self.store_box.value,
            code=self.code_box.value,
            role=self.role_box.value or "",
            person=self.person_box.value,
        )
        self.table = {role for role, box in self.table_boxes.items() if box.value}

    def _join(self, _button: object = None) -> None:
        self._remember()
        self.messages.clear()
        v = self.values
        if self._join_red_team():
            return
        others = [r for r in ROLE_ORDER if r in self.table and r != v["role"]]
        self.game = join_seat(v["store"], v["code"], v["role"], v["person"], self.lang, others)
        note = self.game.seat.store.upgrade_note(self.lang)
        self.show()
        if note and self.screen is not None:
            self.screen.messages.show("info", [note])

    def _join_red_team(self) -> bool:
        """A red team's code opens the red team's screen (no role needed); False otherwise."""
        v = self.values
        if not v["store"].strip() or not v["code"].strip():
            return False
        store = open_store(store_file(v["store"]), self.lang)
        try:
            if not is_red_team_code(store, v["code"]):
                store.close()
                return False
            self.red_team = RedTeamSeat.join(store, v["code"], person=v["person"], lang=self.lang)
        except BaseException:
            store.close()
            raise
        note = store.upgrade_note(self.lang)
        self.show()
        if note and self.red_screen is not None:
            self.red_screen.messages.show("info", [note])
        return True

    def _language_changed(self, change: dict[str, Any]) -> None:
        if self.game is None and self.red_team is None:
            self._remember()
        self.lang = normalise(str(change["new"]))
        self.show()

    def close(self) -> None:
        if self.red_screen is not None:
            self.red_screen.stop()
        if self.red_team is not None:
            self.red_team.store.close()
        if self.screen is not None:
            self.screen.stop()
        if self.game is not None:
            self.game.seat.store.close()
