"""Scoring a game afresh for the team-gaps view: the debrief's assessment, in every language.

Holds :func:`score_game`, which assesses one game with the debrief's own rules
(:func:`sim.analysis.competencies.assess`) and describes every cited row in every language,
giving the entries the cache keeps (:func:`sim.analysis.gaps.cache.entry`).

May import: :mod:`sim.analysis.gaps.records` (words), :mod:`sim.analysis.gaps.cache` (the entry
shape), the assessment and the event-log facts of ``sim.analysis``, ``sim.engine``,
``sim.i18n``. Reads no store, file or cache.
"""

from __future__ import annotations

from typing import Any

from sim.analysis.cited_rows import what, who, whom
from sim.analysis.competencies import assess
from sim.analysis.gaps.cache import entry
from sim.analysis.gaps.records import gt
from sim.analysis.session_facts import SessionFacts
from sim.engine import Simulation
from sim.i18n import LANGUAGES
from sim.workshop.scores import CachedScore


def _row_words(facts: SessionFacts, row: int) -> str:
    lang = facts.lang
    text, actor, target = what(facts, row), who(facts, row), whom(facts, row)
    if actor and target:
        return gt("row_who_whom", lang, what=text, who=actor, whom=target)
    if actor or target:
        return gt("row_who", lang, what=text, who=actor or target)
    return text


def score_game(game: Simulation) -> list[CachedScore]:
    """Assess one game and describe every cited row in every language (what the cache keeps).

    The values and rows do not depend on the language (the same log, the same rules); only the
    words do, so the English assessment gives the scores and each language adds its words."""
    facts = {lang: SessionFacts(game, lang) for lang in LANGUAGES}
    assessed = {lang: assess(f) for lang, f in facts.items()}
    out: list[CachedScore] = []
    for k, score in enumerate(assessed["en"].scores):
        rows: dict[str, dict[str, Any]] = {}
        for evidence in score.evidence:
            record = facts["en"].records[evidence.row]
            cited: dict[str, Any] = {"week": int(record.round)}
            cited |= {lang: _row_words(f, evidence.row) for lang, f in facts.items()}
            rows[str(evidence.row)] = cited
        details = {lang: a.scores[k].detail for lang, a in assessed.items()}
        out.append(entry(score, rows, details, game.replay_notice))
    return out
