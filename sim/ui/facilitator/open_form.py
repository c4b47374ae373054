"""Open a workshop that already exists: pick it from the store's list, give its trainer code.

The list shows no codes (anyone may see it); a wrong trainer code is refused by
:class:`Facilitator` with a message, and nothing opens.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.ui.facilitator.text import state_label, tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.text import esc
from sim.workshop import WorkshopInfo

LABEL_STYLE = {"description_width": "12em"}


def workshop_option(info: WorkshopInfo, lang: str) -> str:
    """One line per workshop in the picker: number, name, date, state."""
    return tr(
        "open.option",
        lang,
        id=info.id,
        name=info.name,
        date=info.created_at[:10],
        state=state_label(info.state, lang),
    )


class OpenForm:
    """The workshops in the store, and a trainer code to open one of them."""

    def __init__(
        self,
        lang: str,
        workshops: list[WorkshopInfo],
        on_open: Callable[[int, str], None],
        *,
        chosen: int | None = None,
        strict: bool = False,
    ) -> None:
        self.lang, self.on_open = lang, on_open
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, strict=strict)
        options = [(workshop_option(w, lang), w.id) for w in workshops]
        ids = [w.id for w in workshops]
        self.workshop = widgets.Dropdown(
            options=options,
            value=chosen if chosen in ids else (ids[0] if ids else None),
            description=tr("open.workshop", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="auto", min_width="40em", max_width="100%"),
        )
        self.workshop.add_class("st-fit")  # as wide as the longest workshop line needs
        self.code = widgets.Password(
            description=tr("open.code", lang),
            placeholder=tr("open.code_placeholder", lang),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="24em"),
        )
        self.open_button = widgets.Button(
            description=tr("open.open", lang), button_style="primary", icon="folder-open"
        )
        self.open_button.add_class("st-open-workshop")
        self.open_button.on_click(guard(self._open))
        self.open_button.disabled = not workshops
        note = tr("open.intro", lang) if workshops else tr("open.none", lang)
        self.box = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{esc(tr('open.title', lang))}</h3><p class='st-info'>{esc(note)}</p>"
                ),
                self.workshop,
                self.code,
                self.open_button,
                self.messages.output,
            ]
        )
        self.box.add_class("st-open-form")

    def _open(self, _button: object = None) -> None:
        self.messages.clear()
        if self.workshop.value is None:
            self.messages.show("error", [tr("open.none", self.lang)])
            return
        code = str(self.code.value).strip()
        if not code:
            self.messages.show("error", [tr("open.need_code", self.lang)])
            return
        self.on_open(int(self.workshop.value), code)
