"""Everything the debrief shows, computed once from a played session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.analysis.assessment import Assessment
from sim.analysis.competencies import assess
from sim.analysis.competitors import Impact, impact
from sim.analysis.defaults import REPLICATIONS
from sim.analysis.facts import SessionFacts
from sim.analysis.forecast import ForecastScore, forecast_score
from sim.analysis.ghost import Distribution, Ghost, distribution, ghost
from sim.analysis.moments import Moment, key_moments
from sim.analysis.whatif import Change, WhatIf, suggest_change, what_if
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

    @property
    def lang(self) -> str:
        return self.facts.lang

    @property
    def notice(self) -> ReplayNotice | None:
        """Why the analysed game may differ from the one played (a reopened session saved
        under another model version, or whose replay differs), else None."""
        return self.facts.game.replay_notice


def debrief(
    game: Simulation,
    lang: str | None = None,
    *,
    replications: int = REPLICATIONS,
    change: Change | Literal["suggest"] | None = "suggest",
) -> Debrief:
    """Analyse ``game`` in ``lang`` (default: the session's language).

    ``replications`` seeds per ghost policy (0 skips the distribution); ``change`` is the
    what-if to replay: a :class:`Change`, ``"suggest"`` (one picked from the session's clearest
    gap) or ``None``. The hidden-state analyses need a session played with ``detail=True``.
    """
    facts = SessionFacts(game, normalise(lang or game.lang))
    assessment = assess(facts)
    chosen = suggest_change(facts, assessment) if change == "suggest" else change
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
        whatif=None if chosen is None else what_if(facts, chosen),
    )
