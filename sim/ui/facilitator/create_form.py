"""The create-workshop form: name, scenario, seed, round deadline, pacing, teams, join codes.

The form only collects what the trainer typed; every rule (a name, at least one team, no
duplicate names, one join code per team ...) is checked by :meth:`Facilitator.create`, which
creates nothing when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.ui.facilitator.text import tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.start_screen import ScenarioPicker
from sim.ui.text import esc
from sim.workshop import Facilitator, Store

MAX_SEED = 2**31 - 1
MAX_MINUTES = 24 * 60
LABEL_STYLE = {"description_width": "12em"}


def lines_of(text: str) -> list[str]:
    """Non-empty lines, trimmed (one team or one join code per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class CreateValues:
    """What the trainer has typed so far (kept across a language switch)."""

    name: str = ""
    scenario: str = ""
    other_path: str = ""
    seed: int = 1
    minutes: int = 15
    self_paced: bool = False
    teams: str = ""
    codes: str = ""


class CreateForm:
    """Fills in a workshop and creates it in the store the app gives it."""

    def __init__(
        self,
        lang: str,
        values: CreateValues,
        store: Callable[[], Store],
        on_created: Callable[[Facilitator], None],
        *,
        strict: bool = False,
    ) -> None:
        self.lang, self.store, self.on_created = lang, store, on_created
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, strict=strict)
        self.name = widgets.Text(
            value=values.name,
            description=tr("create.name", lang),
            placeholder=tr("create.name_placeholder", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="36em"),
        )
        self.picker = ScenarioPicker(
            lang,
            values.scenario,
            values.other_path,
            (tr("create.scenario", lang), tr("create.other_file", lang), tr("create.file", lang)),
            width="36em",
            label_width=LABEL_STYLE["description_width"],
        )
        self.scenario, self.other_path = self.picker.dropdown, self.picker.path
        self.seed = widgets.BoundedIntText(
            value=values.seed,
            min=0,
            max=MAX_SEED,
            description=tr("create.seed", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="22em"),
        )
        self.minutes = widgets.BoundedIntText(
            value=values.minutes,
            min=0,
            max=MAX_MINUTES,
            description=tr("create.minutes", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="22em"),
        )
        self.pacing = widgets.ToggleButtons(
            options=[(tr("create.paced", lang), False), (tr("create.self_paced", lang), True)],
            value=values.self_paced,
            description=tr("create.pacing", lang),
            style={**LABEL_STYLE, "button_width": "14em"},
        )
        self.teams = widgets.Textarea(
            value=values.teams,
            description=tr("create.teams", lang),
            placeholder=tr("create.teams_placeholder", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="36em", height="8em"),
        )
        self.codes = widgets.Textarea(
            value=values.codes,
            description=tr("create.codes", lang),
            placeholder=tr("create.codes_placeholder", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="36em", height="8em"),
        )
        self.create_button = widgets.Button(
            description=tr("create.create", lang), button_style="success", icon="plus"
        )
        self.create_button.add_class("st-create-workshop")
        self.create_button.on_click(guard(self._create))
        self.box = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{esc(tr('create.title', lang))}</h3>"
                    f"<p class='st-info'>{esc(tr('create.intro', lang))}</p>"
                ),
                self.name,
                self.scenario,
                self.other_path,
                self.seed,
                self.minutes,
                self.pacing,
                widgets.HTML(f"<small>{esc(tr('create.pacing_help', lang))}</small>"),
                self.teams,
                self.codes,
                widgets.HTML(f"<small>{esc(tr('create.codes_help', lang))}</small>"),
                self.create_button,
                self.messages.output,
            ]
        )
        self.box.add_class("st-create-form")

    def values(self) -> CreateValues:
        return CreateValues(
            name=self.name.value,
            scenario=self.scenario.value,
            other_path=self.other_path.value,
            seed=int(self.seed.value),
            minutes=int(self.minutes.value),
            self_paced=bool(self.pacing.value),
            teams=self.teams.value,
            codes=self.codes.value,
        )

    def _create(self, _button: object = None) -> None:
        self.messages.clear()
        path = self.picker.file()
        if not path:
            self.messages.show("error", [tr("create.need_file", self.lang)])
            return
        codes = lines_of(self.codes.value)
        trainer = Facilitator.create(
            self.store(),
            name=self.name.value,
            scenario=Path(path).expanduser(),
            seed=int(self.seed.value),
            teams=lines_of(self.teams.value),
            round_minutes=int(self.minutes.value),
            lang=self.lang,
            self_paced=bool(self.pacing.value),
            join_codes=codes or None,
        )
        self.on_created(trainer)
