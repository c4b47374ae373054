"""The people table for the managers' gaps view and the trainer's debrief: per person and role.

One row per seat of every workshop in the given stores (:mod:`sim.analysis.seats`): decisions,
briefings given and received, readiness on time, and the free-rider flag. The gaps notebook
shows :class:`PeopleView` under its heatmap; the trainer's team detail shows one team's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.analysis.seats import collect_people, people_html, st
from sim.ui.text import esc
from sim.workshop import SeatRecord


class PeopleView:
    """A heading, a short help and the people table; :meth:`update` re-reads the stores (or
    other stores) and says it in another language."""

    def __init__(self, stores: Sequence[str | Path], lang: str) -> None:
        self.stores, self.lang = list(stores), lang
        self.records: list[SeatRecord] = []
        self.heading = widgets.HTML()
        self.table = widgets.HTML()
        self.table.add_class("st-people-box")
        self.box = widgets.VBox([self.heading, self.table])
        self.box.add_class("st-people-view")
        self.update()

    def update(
        self, *, stores: Sequence[str | Path] | None = None, lang: str | None = None
    ) -> None:
        self.stores = list(stores) if stores is not None else self.stores
        self.lang = lang or self.lang
        self.heading.value = (
            f"<h3>{esc(st('title', self.lang))}</h3><small>{esc(st('help', self.lang))}</small>"
        )
        self.records = collect_people(self.stores)
        self.table.value = people_html(self.records, self.lang)
