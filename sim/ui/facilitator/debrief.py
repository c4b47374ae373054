"""The comparative debrief inside the trainer's app: build it, show it, save it as HTML.

Building replays every team's game from the store (about 0.1–0.2 s for four teams), so it is
done when the trainer asks, not on every refresh. The page is the same as the saved file:
:mod:`sim.analysis.comparison_html` (escaped text, inline figure, no scripts).

Above it, each team's story (:mod:`sim.analysis.story`): the outcome at once, and the changes
that mattered most once their replays are done on a background thread (a fraction of a second
per change, up to twelve changes per team).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.analysis.comparison import Comparison, compare
from sim.analysis.comparison_html import comparison_fragment, write_comparison
from sim.analysis.counterfactuals import counterfactuals
from sim.analysis.page_style import fragment
from sim.analysis.story import Story, team_stories_html, tell
from sim.ui.background import Background
from sim.ui.facilitator.text import tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.text import esc
from sim.workshop import Facilitator


def default_report_path(trainer: Facilitator, lang: str) -> Path:
    """Beside the store: ``comparison-<number>-<name>.<lang>.html``."""
    info = trainer.info
    slug = re.sub(r"[^\w]+", "-", info.name, flags=re.UNICODE).strip("-").lower()[:40]
    return trainer.store.path.parent / f"comparison-{info.id}-{slug or 'workshop'}.{lang}.html"


class DebriefView:
    """A Compare button, a Save button with its path, and the comparison itself."""

    def __init__(
        self,
        trainer: Facilitator,
        lang: str,
        *,
        strict: bool = False,
        on_built: Callable[[], None] | None = None,
    ) -> None:
        self.trainer, self.lang = trainer, lang
        self.on_built = on_built
        self.strict = strict
        self.comparison: Comparison | None = None
        self.worker: Background | None = None
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, strict=strict)
        self.compare_button = widgets.Button(
            description=tr("debrief.compare", lang), button_style="primary", icon="bar-chart"
        )
        self.compare_button.add_class("st-compare")
        self.compare_button.on_click(guard(self._on_compare))
        self.path = widgets.Text(
            value=str(default_report_path(trainer, lang)),
            description=tr("debrief.path", lang),
            style={"description_width": "8em"},
            layout=widgets.Layout(width="48em"),
        )
        self.save_button = widgets.Button(
            description=tr("debrief.save", lang), icon="save", layout=widgets.Layout(width="auto")
        )
        self.save_button.add_class("st-save-comparison")
        self.save_button.on_click(guard(self._on_save))
        self.stories = widgets.HTML()
        self.stories.add_class("st-team-stories")
        self.view = widgets.HTML()
        self.view.add_class("st-comparison")
        self.box = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{esc(tr('debrief.title', lang))}</h3>"
                    f"<p class='st-info'>{esc(tr('debrief.intro', lang))}</p>"
                ),
                self.compare_button,
                widgets.HBox([self.path, self.save_button]),
                self.messages.output,
                self.stories,
                self.view,
            ]
        )
        self.box.add_class("st-debrief-view")

    def _on_compare(self, _button: object) -> None:
        self.build()

    def _on_save(self, _button: object) -> None:
        self.save()

    def build(self) -> Comparison:
        """Replay every team and show the comparison (also what the notebook calls)."""
        self.messages.show("info", [tr("debrief.building", self.lang)])
        self.compare_button.disabled = True
        try:
            comparison = compare(self.trainer, self.lang)
        finally:
            self.compare_button.disabled = False
        self.comparison = comparison
        self.view.value = comparison_fragment(comparison)
        self._tell(comparison)
        self.messages.show("success", [tr("debrief.built", self.lang, teams=len(comparison.teams))])
        if self.on_built is not None:
            self.on_built()
        return comparison

    def _tell(self, comparison: Comparison) -> None:
        """Every team's story: the outcomes now, the causes when replayed (in the background)."""
        teams = [(t.team, t.facts) for t in comparison.teams]
        self.stories.value = fragment(
            team_stories_html([(team, tell(facts, None)) for team, facts in teams])
        )

        def causes() -> None:
            told: list[tuple[str, Story]] = []
            for team, facts in teams:
                told.append((team, tell(facts, counterfactuals(facts))))
                pending = [(t, tell(f, None)) for t, f in teams[len(told) :]]
                if self.comparison is comparison:  # not rebuilt meanwhile
                    self.stories.value = fragment(team_stories_html(told + pending))

        self.worker = Background(causes, self.messages, lambda: self.lang, strict=self.strict)
        self.worker.start()

    def wait(self, timeout: float | None = None) -> None:
        """Block until every team's story is complete (tests, notebooks)."""
        if self.worker is not None:
            self.worker.wait(timeout)

    def save(self) -> Path:
        """Write the comparison (built now if it was not) to the path in the box."""
        comparison = self.comparison or self.build()
        target = self.path.value.strip()
        out = Path(target).expanduser() if target else default_report_path(self.trainer, self.lang)
        written = write_comparison(comparison, out)
        self.messages.show("success", [tr("debrief.saved", self.lang, path=str(written))])
        return written
