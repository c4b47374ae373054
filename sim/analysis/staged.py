"""The debrief in the order a screen shows it: the story's outcome at once, then its causes,
then the whole page.

This module loads no figures: a screen imports it and shows :meth:`StagedReport.first` at
once; :meth:`StagedReport.page` imports the report (matplotlib, the ghost spread) only when it
runs, on the screen's background thread.
"""

from __future__ import annotations

from sim.analysis.competencies import assess
from sim.analysis.counterfactuals import Counterfactual, counterfactuals
from sim.analysis.debriefing import Debrief, debrief
from sim.analysis.page_style import fragment
from sim.analysis.report_defaults import REPLICATIONS
from sim.analysis.session_facts import SessionFacts
from sim.analysis.story import story_html, tell
from sim.engine import Simulation
from sim.i18n import normalise


class StagedReport:
    """The debrief of one session in the order a screen shows it: :meth:`first` (the story's
    outcome, no counterfactual replayed: well under a second), :meth:`causes` (the story with
    its causes: the counterfactual replays), :meth:`page` (the whole page, reusing both). Each
    stage returns HTML; ``story`` holds the latest story fragment."""

    def __init__(self, sim: Simulation, lang: str | None = None) -> None:
        self.sim, self.lang = sim, normalise(lang or sim.lang)
        self.facts = SessionFacts(sim, self.lang)
        self.found: list[Counterfactual] | None = None
        self.debrief: Debrief | None = None  # the whole debrief, once page() ran
        self.story = ""

    def first(self) -> str:
        self.story = fragment(story_html(tell(self.facts, None)))
        return self.story

    def causes(self) -> str:
        self.found = counterfactuals(self.facts)
        self.story = fragment(story_html(tell(self.facts, self.found), assess(self.facts)))
        return self.story

    def page(self, replications: int = REPLICATIONS) -> str:
        """The whole page (imports the report and its figures now)."""
        from sim.analysis.report import render  # noqa: PLC0415 (matplotlib: only now)

        if self.found is None:
            self.causes()
        self.debrief = debrief(
            self.sim, self.lang, replications=replications, facts=self.facts, found=self.found
        )
        self.story = fragment(story_html(self.debrief.story, self.debrief.assessment))
        return render(self.debrief)
