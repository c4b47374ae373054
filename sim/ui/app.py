"""The sandbox app shell: a title bar with the language switch, and one screen at a time.

Screens: start (new game, resume, or join a workshop) → round (repeated) → end. Switching the
language rebuilds the current screen from the game's state; nothing of the game is lost.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.i18n import normalise
from sim.ui.end_screen import EndScreen
from sim.ui.game import Game
from sim.ui.round_screen import RoundScreen
from sim.ui.shell import title_bar
from sim.ui.start_screen import StartScreen, StartValues
from sim.ui.style import STYLE
from sim.ui.text import esc, tr

SESSIONS_ENV = "SANDTABLE_SESSIONS"


class SandboxApp:
    """The trainee sandbox. Display it in a notebook; Voilà serves the same notebook as an app."""

    def __init__(self, sessions_dir: str | Path | None = None, lang: str = "en") -> None:
        self.lang = normalise(lang)
        self.sessions_dir = (
            Path(os.environ.get(SESSIONS_ENV) or sessions_dir or "sessions").expanduser().resolve()
        )  # shown to people: absolute is clearer
        self.game: Game | None = None
        self.start_screen: StartScreen | None = None
        self.round_screen: RoundScreen | None = None
        self.end_screen: EndScreen | None = None
        self.title, self.language, bar = title_bar(self.lang, self._language_changed)
        self.body = widgets.VBox()
        self.root = widgets.VBox([widgets.HTML(STYLE), bar, self.body])
        self.root.add_class("st-app")
        self.show_start()

    # --- display ------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = self.root._repr_mimebundle_(**kwargs)
        return bundle

    @property
    def screen(self) -> str:
        """Which screen is showing: ``start``, ``round`` or ``end``."""
        if self.round_screen is not None:
            return "round"
        if self.end_screen is not None:
            return "end"
        return "start"

    # --- switching screens --------------------------------------------------------------------
    def _set_title(self) -> None:
        self.title.value = f"<h2>{esc(tr('app.title', self.lang))}</h2>"

    def show_start(self, values: StartValues | None = None) -> None:
        self._set_title()
        if self.game is not None and self.game.seat is not None:
            self.game.seat.store.close()  # leaving the workshop game; a rejoin opens it again
        self.game, self.round_screen, self.end_screen = None, None, None
        self.start_screen = StartScreen(
            self.lang, self.sessions_dir, values or StartValues(), self.play
        )
        self.body.children = [self.start_screen.box]

    def play(self, game: Game) -> None:
        """Show ``game``: its next round, or its end screen if it is over."""
        self.game = game
        game.lang = self.lang
        self.start_screen = None
        self._set_title()
        if game.over:
            self.show_end()
            return
        self.end_screen = None
        self.round_screen = RoundScreen(game, self.lang, self._after_round)
        self.body.children = [self.round_screen.box]

    def _after_round(self) -> None:
        if self.game is not None and self.game.over:
            self.show_end()
        elif self.round_screen is not None:
            self.round_screen.refresh()

    def show_end(self) -> None:
        assert self.game is not None
        self.round_screen = None
        self.end_screen = EndScreen(self.game, self.lang, self.show_start)
        self.body.children = [self.end_screen.box]

    def _language_changed(self, change: dict[str, Any]) -> None:
        self.lang = normalise(str(change["new"]))
        if self.game is not None:
            self.play(self.game)
        else:
            values = self.start_screen.values() if self.start_screen is not None else None
            self.show_start(values)


def sandbox_app(sessions_dir: str | Path | None = None, lang: str = "en") -> SandboxApp:
    """Build the sandbox. Sessions autosave to ``$SANDTABLE_SESSIONS``, else ``sessions_dir``,
    else ``./sessions``."""
    return SandboxApp(sessions_dir, lang)
