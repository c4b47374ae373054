"""The join codes to project, and the trainer code to keep (never projected with them).

Right after a workshop is created the panel is open: the trainer reads the trainer code once,
then projects the table of team names and join codes in large type. Later it can be shown again
for a team that lost its code.
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
    )


def trainer_code_html(code: str, lang: str) -> str:
    return (
        '<div class="st-message st-message-info st-trainer-code">'
        f"{esc(tr('codes.trainer', lang))} <b class='st-code'>{esc(code)}</b><br>"
        f"<small>{esc(tr('codes.trainer_help', lang))}</small></div>"
    )


class CodesPanel:
    """A show/hide button and, when shown, the trainer code and the join-code table."""

    def __init__(self, trainer_code: str, teams: list[TeamInfo], lang: str, shown: bool) -> None:
        self.lang = lang
        self.trainer = widgets.HTML(trainer_code_html(trainer_code, lang))
        self.table = widgets.HTML(codes_html(teams, lang))
        self.table.add_class("st-codes-table")
        self.toggle = widgets.ToggleButton(
            value=shown, description=tr("codes.show", lang), icon="key"
        )
        self.toggle.add_class("st-show-codes")
        self.toggle.observe(lambda _: self._show(), names="value")
        self.content = widgets.VBox([self.trainer, self.table])
        self.box = widgets.VBox([self.toggle, self.content])
        self._show()

    @property
    def shown(self) -> bool:
        return bool(self.toggle.value)

    def _show(self) -> None:
        self.content.layout.display = "" if self.toggle.value else "none"
        self.toggle.description = tr("codes.hide" if self.toggle.value else "codes.show", self.lang)
