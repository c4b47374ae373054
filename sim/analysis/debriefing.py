"""Everything the debrief shows, computed once from a played session.

It opens with the story (:mod:`sim.analysis.story`): the outcome, the changes that mattered most
(each replayed on the same seed) and what to do next time. Those replays also cap the scores of
a game that was not won (:func:`sim.analysis.assessment.caps`), and the best of them is the
debrief's what-if. A screen that wants the story first builds :func:`story_first`, then the
counterfactuals, then the rest (:func:`debrief` with ``facts`` and ``found``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sim.analysis.assessment import Assessment, caps
from sim.analysis.competencies import assess
from sim.analysis.competitors import Impact, impact
from sim.analysis.counterfactuals import Counterfactual, counterfactuals, suggest_change
from sim.analysis.forecast import ForecastScore, forecast_score
from sim.analysis.ghost import Distribution, Ghost, distribution, ghost
from sim.analysis.moments import Moment, key_moments
from sim.analysis.red_team import RedTeamPlay, red_team
from sim.analysis.report_defaults import REPLICATIONS
from sim.analysis.session_facts import SessionFacts
from sim.analysis.story import Story, tell
from sim.analysis.whatif import Change, WhatIf, what_if
from sim.engine import Simulation
from sim.engine.notice import ReplayNotice
from sim.i18n import normalise

GHOST_POLICIES = ("expert", "naive")


@dataclass(frozen=True)
class Debrief:
    facts: SessionFacts
    assessment: Assessment
    moments: list[Moment]
    forecast: ForecastScore
    competitors: list[Impact]
    ghost: Ghost | None
    distributions: list[Distribution]
    whatif: WhatIf | None
    story: Story
    red_team: list[RedTeamPlay] = field(default_factory=list)  # vendors people played

    @property
    def lang(self) -> str:
        return self.facts.lang

    @property
    def notice(self) -> ReplayNotice | None:
        """Why the analysed game may differ from the one played (a reopened session saved
        under another model version, or whose replay differs), else None."""
        return self.facts.game.replay_notice


def story_first(game: Simulation, lang: str | None = None) -> Story:
    """The story's outcome part only (the causes pending): the log read, nothing replayed
    beyond the one exact replay the facts need."""
    return tell(SessionFacts(game, normalise(lang or game.lang)), None)


def debrief(
    game: Simulation,
    lang: str | None = None,
    *,
    replications: int = REPLICATIONS,
    change: Change | Literal["suggest"] | None = "suggest",
    facts: SessionFacts | None = None,
    found: list[Counterfactual] | None = None,
) -> Debrief:
    """Analyse ``game`` in ``lang`` (default: the session's language).

    ``replications`` seeds per ghost policy (0 skips the distribution); ``change`` is the
    what-if to replay: a :class:`Change`, ``"suggest"`` (the story's top cause, else one picked
    from the session's clearest gap) or ``None``. ``facts`` and ``found`` (the ranked
    counterfactuals) reuse what a screen already built for the story in the same language. The
    hidden-state analyses need a session played with ``detail=True``.
    """
    if facts is None or facts.lang != normalise(lang or game.lang):
        facts = SessionFacts(game, normalise(lang or game.lang))
    raw = assess(facts)
    story = tell(facts, counterfactuals(facts) if found is None else found)
    assessment = raw.capped(caps(raw, story.gains(), facts.result.outcome))
    if change == "suggest":
        top = story.top
        chosen = None if top is not None else suggest_change(facts, raw)
        whatif = top.whatif if top is not None else None
    else:
        chosen, whatif = change, None
    return Debrief(
        facts=facts,
        assessment=assessment,
        moments=key_moments(facts),
        forecast=forecast_score(facts),
        competitors=impact(facts),
        ghost=ghost(facts),
        distributions=[distribution(facts, policy, replications) for policy in GHOST_POLICIES]
        if replications > 0
        else [],
        whatif=whatif if chosen is None else what_if(facts, chosen),
        story=story,
        red_team=red_team(facts),
    )
