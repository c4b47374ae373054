"""The bar every Sandtable app starts with: its title and the English / 中文 switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import ipywidgets as widgets  # type: ignore[import-untyped]

LANGUAGE_OPTIONS = (("English", "en"), ("中文", "zh"))


class TitleBar(NamedTuple):
    title: widgets.HTML
    language: widgets.ToggleButtons
    box: widgets.HBox


def title_bar(lang: str, on_language: Callable[[dict[str, Any]], None]) -> TitleBar:
    """The title (filled in by the app) and the language switch, which calls ``on_language``
    with the widget's change when the user picks the other language."""
    title = widgets.HTML()
    title.add_class("st-app-title")
    language = widgets.ToggleButtons(
        options=LANGUAGE_OPTIONS, value=lang, style={"button_width": "6em"}
    )
    language.add_class("st-language")
    language.observe(on_language, names="value")
    box = widgets.HBox(
        [title, language],
        layout=widgets.Layout(justify_content="space-between", align_items="center"),
    )
    return TitleBar(title, language, box)
