"""The manager's team-gaps view: competency scores across workshops and solo sessions.

Managers decide where to coach from many games, not one: every finished team of every workshop
in one or more stores, and every finished session file in one or more folders, is assessed
with the debrief's own rules (:func:`sim.analysis.competencies.assess`) and gathered into one
tidy table — one row per team × role × competency the assessment produced (value NaN when the
game gave no chance to observe it). The heatmap, distributions, trend, priorities and exports
(:mod:`sim.analysis.gaps_figures`, :mod:`sim.analysis.gaps_export`) all read that table.

The package, one concept per module (each module's docstring says what it may import):

- :mod:`~sim.analysis.gaps.records` — cited rows, team scores, records, notes, :class:`Gaps`
  and its tidy table; the ``gaps.<key>`` words;
- :mod:`~sim.analysis.gaps.scoring` — one game assessed afresh, in every language;
- :mod:`~sim.analysis.gaps.cache` — the score cache, all of it (entries, the scoring version,
  the store's ``assessments`` table through :mod:`sim.workshop.scores`, the session cache
  folder);
- :mod:`~sim.analysis.gaps.sources` — reading workshop stores and session folders
  (:func:`collect`);
- :mod:`~sim.analysis.gaps.tables` — filtering and the tables drawn and exported;
- :mod:`~sim.analysis.gaps.priorities` — the coaching priorities and their ranking rule.

This file only re-exports, so ``from sim.analysis.gaps import ...`` keeps working.
"""

from sim.analysis.gaps.cache import CACHE_ENV, SCORING_VERSION, default_cache_dir
from sim.analysis.gaps.priorities import (
    MIN_GROUP,
    Priority,
    TeamEvidence,
    priorities,
    shortfall,
)
from sim.analysis.gaps.records import (
    COLUMNS,
    COMPETENCIES,
    CitedRow,
    Gaps,
    NoScoresError,
    Note,
    TeamRecord,
    TeamScore,
    evidence_summary,
    gt,
    people_played,
    replay_note,
)
from sim.analysis.gaps.scoring import score_game
from sim.analysis.gaps.sources import collect, store_file
from sim.analysis.gaps.tables import (
    heatmap_table,
    per_team_table,
    role_scores,
    select,
    trend_table,
)

__all__ = [
    "CACHE_ENV",
    "COLUMNS",
    "COMPETENCIES",
    "MIN_GROUP",
    "SCORING_VERSION",
    "CitedRow",
    "Gaps",
    "NoScoresError",
    "Note",
    "Priority",
    "TeamEvidence",
    "TeamRecord",
    "TeamScore",
    "collect",
    "default_cache_dir",
    "evidence_summary",
    "gt",
    "heatmap_table",
    "people_played",
    "per_team_table",
    "priorities",
    "replay_note",
    "role_scores",
    "score_game",
    "select",
    "shortfall",
    "store_file",
    "trend_table",
]
