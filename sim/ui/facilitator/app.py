"""The trainer's app: create or open a workshop, pace it, watch the board, compare the teams.

Two screens. The *lobby*: which store, a create-workshop form and the list of workshops to
open with a trainer code. The *workshop*: its header, the join codes, the pacing buttons, the
live board and the comparative debrief. Switching the language rebuilds the screen from the
store; the open workshop, the form's contents and auto-refresh stay as they were.

The notebook's lower cells show :meth:`FacilitatorApp.second_screen` parts (the live board,
the comparison's leaderboard): widgets that follow the app — its open workshop and its
language — so that under Voilà, where every cell runs once, they never ask to be run again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.i18n import normalise
from sim.ui.facilitator.board import BoardView
from sim.ui.facilitator.codes import CodesPanel
from sim.ui.facilitator.controls import Controls, header_html
from sim.ui.facilitator.create_form import CreateForm, CreateValues
from sim.ui.facilitator.debrief import DebriefView
from sim.ui.facilitator.open_form import OpenForm
from sim.ui.facilitator.style import STYLE as FACILITATOR_STYLE
from sim.ui.facilitator.text import tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.shell import title_bar
from sim.ui.style import STYLE
from sim.ui.text import esc
from sim.workshop import Facilitator, Store, WorkshopInfo, default_store_path, list_workshops


class FacilitatorApp:
    """The trainer's app. Display it in a notebook; Voilà serves the same notebook as an app.

    ``strict`` raises errors instead of showing them (tests); ``refresh_seconds`` is the
    auto-refresh interval of the board (the trainer switches auto-refresh on)."""

    def __init__(
        self,
        store_path: str | Path | None = None,
        lang: str = "en",
        *,
        strict: bool = False,
        refresh_seconds: float = 10.0,
    ) -> None:
        self.lang = normalise(lang)
        self.strict = strict
        self.refresh_seconds = refresh_seconds
        self.store_path = Path(store_path).expanduser() if store_path else default_store_path()
        self._store: Store | None = None
        self.trainer: Facilitator | None = None
        self.create_values = CreateValues()
        self.show_codes = False
        self.show_trainer_code = False
        self.auto_refresh = False
        self.create_form: CreateForm | None = None
        self.open_form: OpenForm | None = None
        self.header = widgets.HTML()
        self.codes: CodesPanel | None = None
        self.controls: Controls | None = None
        self.board: BoardView | None = None
        self.debrief: DebriefView | None = None
        self.messages = MessageArea()
        self._status: tuple[str, str, dict[str, Any]] | None = None  # re-said on a switch
        self.guide = widgets.HTML()
        self.guide.add_class("st-guide")
        self._parts: dict[str, tuple[widgets.HTML, widgets.HTML]] = {}
        self.title, self.language, bar = title_bar(self.lang, self._language_changed)
        self.body = widgets.VBox()
        self.root = widgets.VBox(
            [
                widgets.HTML(STYLE + FACILITATOR_STYLE),
                bar,
                self.guide,
                self.messages.output,
                self.body,
            ]
        )
        self.root.add_class("st-app")
        self.root.add_class("st-facilitator")
        self.render()

    # --- display ------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = self.root._repr_mimebundle_(**kwargs)
        return bundle

    @property
    def screen(self) -> str:
        """``lobby`` or ``workshop``."""
        return "workshop" if self.trainer is not None else "lobby"

    def second_screen(self, part: str) -> widgets.VBox:
        """A part of the app for the notebook's lower cells: ``board`` (the live board's
        table) or ``debrief`` (the comparison's leaderboard once built). It follows the app:
        another workshop, a refresh, a new comparison or another language update it."""
        if part not in ("board", "debrief"):
            raise ValueError(f"no part {part!r} (board, debrief)")
        if part not in self._parts:
            heading, content = widgets.HTML(), widgets.HTML()
            heading.add_class(f"st-second-{part}-title")
            content.add_class(f"st-second-{part}")
            self._parts[part] = (heading, content)
            self._update_parts()
        heading, content = self._parts[part]
        return widgets.VBox([heading, content])

    def _update_parts(self) -> None:
        lang = self.lang
        for part, (heading, content) in self._parts.items():
            heading.value = (
                f"<h3>{esc(tr(f'nb.{part}_title', lang))}</h3>"
                f"<p class='st-info'>{esc(tr(f'nb.{part}_help', lang))}</p>"
            )
            if self.trainer is None:
                content.value = f"<p><i>{esc(tr('nb.no_workshop', lang))}</i></p>"
            elif part == "board":
                content.value = self.board.table.value if self.board is not None else ""
            elif self.debrief is not None and self.debrief.comparison is not None:
                content.value = self.debrief.view.value
            else:
                content.value = f"<p><i>{esc(tr('nb.no_comparison', lang))}</i></p>"

    def _say(self, kind: str, key: str, **params: Any) -> None:
        """A status line in the current language, said again after a language switch."""
        self._status = (kind, key, params)
        self.messages.show(kind, [tr(key, self.lang, **params)])

    def _guard(self) -> Any:
        return guarded(self.messages, lambda: self.lang, strict=self.strict)

    # --- the store ----------------------------------------------------------------------------
    def store(self) -> Store:
        """The store, opened (and created) on first use: showing the app creates no file."""
        if self._store is None:
            self._store = Store(self.store_path)
        return self._store

    def workshops(self) -> list[WorkshopInfo]:
        """The store's workshops, newest first (none if the store does not exist yet)."""
        if self._store is None and not self.store_path.exists():
            return []
        return list_workshops(self.store())

    def use_store(self, path: str | Path) -> None:
        """Switch to another store file (closing the open workshop's view)."""
        self.close_workshop()
        self._close_store()
        self.store_path = Path(path).expanduser()
        self.render()

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- opening and closing a workshop ---------------------------------------------------
    def open_workshop(self, workshop_id: int, trainer_code: str) -> Facilitator:
        """Open a workshop with its trainer code (a wrong code raises AccessError)."""
        trainer = Facilitator.open(self.store(), int(workshop_id), trainer_code)
        self._stop_board()
        self.trainer, self.show_codes, self.codes = trainer, False, None
        self.show_trainer_code = False
        self.messages.clear()
        self.render()
        return trainer

    def _created(self, trainer: Facilitator) -> None:
        self._stop_board()
        self.trainer, self.show_codes, self.codes = trainer, False, None
        self.show_trainer_code = True  # read it once, alone; then show the join codes
        self.create_values, self.create_form = CreateValues(), None
        self.render()
        self._say("success", "status.created", name=trainer.info.name)

    def close_workshop(self) -> None:
        """Back to the lobby (the workshop goes on: this only closes the trainer's view)."""
        self._stop_board()
        self.trainer = None
        self.messages.clear()
        self.render()

    def close(self) -> None:
        """Stop auto-refresh and close the store (before discarding the app)."""
        self._stop_board()
        self._close_store()

    def _stop_board(self) -> None:
        if self.board is not None:
            self.auto_refresh = bool(self.board.auto.value)
            self.board.stop()
            self.board = None

    # --- screens ------------------------------------------------------------------------------
    def render(self) -> None:
        """Rebuild the current screen in the current language."""
        self.title.value = f"<h2>{esc(tr('app.title', self.lang))}</h2>"
        self.guide.value = guide_html(self.lang)
        if self.trainer is None:
            self._render_lobby()
        else:
            self._render_workshop(self.trainer)
        self._update_parts()

    def _render_lobby(self) -> None:
        self.codes = self.controls = self.board = self.debrief = None
        lang = self.lang
        path = widgets.Text(
            value=str(self.store_path),
            description=tr("store.path", lang),
            style={"description_width": "12em"},
            layout=widgets.Layout(width="48em"),
        )
        path.add_class("st-store-path")
        use = widgets.Button(description=tr("store.use", lang), icon="database")
        use.add_class("st-use-store")
        use.on_click(self._guard()(lambda _: self.use_store(path.value.strip())))
        self.store_field, self.store_button = path, use
        workshops = self.workshops()
        chosen = self.open_form.workshop.value if self.open_form is not None else None
        self.create_form = CreateForm(
            lang, self.create_values, self.store, self._created, strict=self.strict
        )
        self.open_form = OpenForm(
            lang, workshops, self._open_from_form, chosen=chosen, strict=self.strict
        )
        self.body.children = [
            widgets.HTML(
                f"<p class='st-info'>{esc(tr('app.intro', lang))}</p>"
                f"<h3>{esc(tr('store.title', lang))}</h3>"
            ),
            widgets.HBox([path, use]),
            widgets.HTML(f"<small>{esc(tr('store.help', lang, count=len(workshops)))}</small>"),
            self.open_form.box,
            self.create_form.box,
        ]

    def _open_from_form(self, workshop_id: int, code: str) -> None:
        self.open_workshop(workshop_id, code)

    def _render_workshop(self, trainer: Facilitator) -> None:
        lang = self.lang
        if self.create_form is not None:
            self.create_values = self.create_form.values()
        self.create_form = None
        if self.codes is not None:
            self.show_codes = self.codes.shown
            self.show_trainer_code = self.codes.trainer_shown
        self._stop_board()
        back = widgets.Button(description=tr("app.back", lang), icon="arrow-left")
        back.add_class("st-back")
        back.on_click(self._guard()(lambda _: self.close_workshop()))
        self.back_button = back
        self.codes = CodesPanel(
            trainer.trainer_code, trainer.teams(), lang, self.show_codes, self.show_trainer_code
        )
        self.controls = Controls(trainer, lang, self._changed, strict=self.strict)
        self.board = BoardView(
            trainer,
            lang,
            strict=self.strict,
            auto=self.auto_refresh,
            interval=self.refresh_seconds,
            on_refresh=self._header_changed,
        )
        self.debrief = DebriefView(trainer, lang, strict=self.strict, on_built=self._update_parts)
        self._header_changed()
        self.body.children = [
            back,
            self.header,
            self.codes.box,
            self.controls.box,
            self.board.box,
            self.debrief.box,
        ]

    def _header_changed(self) -> None:
        if self.trainer is not None:
            info = self.trainer.info
            self.header.value = header_html(self.trainer, info, self.lang)
            if self.controls is not None:
                self.controls.update(info)
        self._update_parts()

    def _changed(self) -> None:
        """After a pacing action: the header and the board show the new state."""
        if self.board is not None:
            self.board.refresh()
        else:
            self._header_changed()

    def _language_changed(self, change: dict[str, Any]) -> None:
        self.lang = normalise(str(change["new"]))
        if self.create_form is not None:
            self.create_values = self.create_form.values()
        had_comparison = self.debrief is not None and self.debrief.comparison is not None
        self.render()
        if had_comparison and self.debrief is not None:
            self._guard()(self.debrief.build)()
        if self._status is not None and self.messages.lines:
            kind, key, params = self._status
            self.messages.show(kind, [tr(key, self.lang, **params)])


def guide_html(lang: str) -> str:
    """How to run a workshop, folded away until the trainer opens it."""
    steps = "".join(f"<li>{esc(tr(f'guide.step{number}', lang))}</li>" for number in range(1, 6))
    return (
        f'<details class="st-guide-box"><summary><b>{esc(tr("guide.title", lang))}</b></summary>'
        f"<ol>{steps}</ol><p class='st-info'>{esc(tr('guide.store', lang))}</p></details>"
    )


def facilitator_app(
    store_path: str | Path | None = None,
    lang: str = "en",
    *,
    strict: bool = False,
    refresh_seconds: float = 10.0,
) -> FacilitatorApp:
    """Build the trainer's app on the store at ``store_path`` (default
    ``$SANDTABLE_WORKSHOPS/workshops.sqlite``, else ``workshops/workshops.sqlite``)."""
    return FacilitatorApp(store_path, lang, strict=strict, refresh_seconds=refresh_seconds)
