"""The join codes to project, and the trainer code to keep: two boxes, never shown together.

Right after a workshop is created the trainer code shows, alone, with a button to hide it;
*Show join codes* then opens the table of team names and join codes in large type for the
projector, and hides the trainer code first, so the projected view never holds it. Both can be
shown again later (a team that lost its code; a trainer who forgot theirs).
"""

from __future__ import annotations

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.ui.facilitator.text import tr
from sim.ui.text import esc
from sim.workshop import TeamInfo


def codes_html(teams: list[TeamInfo], lang: str) -> str:
    """Team names and join codes in large type, for a projector."""
    rows = "".join(
        f'<tr><td>{esc(t.name)}</td><td class="st-code">{esc(t.join_code)}</td></tr>' for t in teams
    )
    return (
        f"<h3>{esc(tr('codes.title', lang))}</h3>"
        f"<p class='st-info'>{esc(tr('codes.intro', lang))}</p>"
        f'<table class="st-table st-codes"><thead><tr><th>{esc(tr("codes.team", lang))}</th>'
        f"<th>{esc(tr('codes.join_code', lang))}</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p class='st-info st-codes-seats'>{esc(tr('codes.seats', lang))}</p>"
    )


def trainer_code_html(code: str, lang: str) -> str:
    return (
        '<div class="st-message st-message-info st-trainer-code">'
        f"{esc(tr('codes.trainer', lang))} <b class='st-code'>{esc(code)}</b><br>"
        f"<small>{esc(tr('codes.trainer_help', lang))}</small></div>"
    )


class CodesPanel:
    """Two toggles: the trainer code (for the trainer's eyes) and the join-code table (to
    project). Showing one hides the other."""

    def __init__(
        self,
        trainer_code: str,
        teams: list[TeamInfo],
        lang: str,
        shown: bool,
        trainer_shown: bool = False,
    ) -> None:
        self.lang = lang
        self.trainer = widgets.HTML(trainer_code_html(trainer_code, lang))
        self.trainer.add_class("st-trainer-code-box")
        self.table = widgets.HTML(codes_html(teams, lang))
        self.table.add_class("st-codes-table")
        self.toggle = widgets.ToggleButton(
            value=shown, description=tr("codes.show", lang), icon="key"
        )
        self.toggle.add_class("st-show-codes")
        self.trainer_toggle = widgets.ToggleButton(
            value=trainer_shown and not shown,
            description=tr("codes.show_trainer", lang),
            icon="lock",
        )
        self.trainer_toggle.add_class("st-show-trainer-code")
        self.toggle.observe(self._codes_changed, names="value")
        self.trainer_toggle.observe(self._trainer_changed, names="value")
        self.box = widgets.VBox(
            [widgets.HBox([self.trainer_toggle, self.toggle]), self.trainer, self.table]
        )
        self._show()

    @property
    def shown(self) -> bool:
        """Whether the join codes (the projected table) show."""
        return bool(self.toggle.value)

    @property
    def trainer_shown(self) -> bool:
        return bool(self.trainer_toggle.value)

    def _codes_changed(self, change: dict[str, object]) -> None:
        if change["new"]:
            self.trainer_toggle.value = False  # never on the projector with the join codes
        self._show()

    def _trainer_changed(self, change: dict[str, object]) -> None:
        if change["new"]:
            self.toggle.value = False
        self._show()

    def _show(self) -> None:
        self.table.layout.display = "" if self.toggle.value else "none"
        self.trainer.layout.display = "" if self.trainer_toggle.value else "none"
        self.toggle.description = tr("codes.hide" if self.toggle.value else "codes.show", self.lang)
        self.trainer_toggle.description = tr(
            "codes.hide_trainer" if self.trainer_toggle.value else "codes.show_trainer", self.lang
        )
