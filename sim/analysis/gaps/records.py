"""What the team-gaps view is made of: cited rows, team scores, records, notes, and the table.

Holds the frozen records every other gaps module passes around — :class:`CitedRow`,
:class:`TeamScore`, :class:`TeamRecord`, :class:`Note`, :class:`Gaps` (whose :meth:`Gaps.frame`
is the tidy table every figure and export reads) — their column and competency orders, the
``gaps.<key>`` words (:func:`gt`), and :class:`NoScoresError`.

May import: ``sim.analysis.assessment`` (levels, roles, :class:`Score` for explanations),
``sim.engine.notice`` (the replay notice a note carries), ``sim.i18n``, pandas. Nothing that
reads a store, a session file or the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from sim.analysis.assessment import ROLES, Score
from sim.engine.notice import ReplayNotice
from sim.i18n import normalise, translate
from sim.i18n.replay import notice_text

COMPETENCIES = (
    "influence_met",
    "economic_buyer_access",
    "angle_fit",
    "discovery_first",
    "pm_early",
    "pm_briefed",
    "peer_meetings",
    "handoffs",
    "alignment",
    "consistent_messages",
    "pricing",
)
COLUMNS = (
    "source",
    "kind",
    "workshop",
    "date",
    "scenario",
    "team",
    "role",
    "competency",
    "value",
    "level",
    "outcome",
    "evidence",
    "explanation",
    "record",
)


def gt(key: str, lang: str, **params: Any) -> str:
    """The ``gaps.<key>`` message in ``lang``."""
    return translate(f"gaps.{key}", lang, **params)


class NoScoresError(ValueError):
    """No scores to draw or export (empty store, no sessions, or a filter that keeps none)."""

    def __init__(self) -> None:
        super().__init__(gt("empty", "en"))

    def message(self, lang: str) -> str:
        return gt("empty", lang)


@dataclass(frozen=True)
class CitedRow:
    """One event-log row a score cites: its number, week, verdict and words per language."""

    row: int
    week: int
    good: bool | None  # True counts for, False against, None context
    text: dict[str, str]

    def words(self, lang: str) -> str:
        return self.text.get(normalise(lang)) or self.text.get("en", f"#{self.row}")


@dataclass(frozen=True)
class TeamScore:
    """A team's score on one competency, with the rows behind it (from the cache or fresh)."""

    role: str
    competency: str
    value: float | None
    level: str
    variant: str
    cited: tuple[CitedRow, ...]
    detail: dict[str, dict[str, Any]]  # language → the figures its explanation quotes

    def _score(self, lang: str) -> Score:
        lang = normalise(lang)
        detail = self.detail.get(lang) or self.detail.get("en", {})
        return Score(self.role, self.competency, self.value, (), detail, self.variant)

    def explanation(self, lang: str) -> str:
        return self._score(lang).explanation(normalise(lang))

    def coaching(self, lang: str) -> str:
        return self._score(lang).coaching(normalise(lang))

    def against(self) -> list[CitedRow]:
        return [c for c in self.cited if c.good is False]

    def behind(self) -> list[CitedRow]:
        """The rows that explain a weak score: those against it, else the context rows (a
        score of 0 for something that never happened cites only when it should have)."""
        return self.against() or [c for c in self.cited if c.good is None]


@dataclass(frozen=True)
class TeamRecord:
    """One assessed game: a workshop team or a solo session."""

    source: str  # the store file or the session file
    kind: str  # "workshop" | "session"
    workshop: str  # workshop name; "" for a solo session without one
    date: date
    scenario: dict[str, str]  # language → scenario title
    team: str
    outcome: str | None  # won | lost | no_decision; None while unfinished
    event_log_sha256: str
    scores: tuple[TeamScore, ...]
    cached: bool  # read from the cache (no replay)

    def score(self, role: str, competency: str) -> TeamScore | None:
        return next((s for s in self.scores if s.role == role and s.competency == competency), None)


@dataclass(frozen=True)
class Note:
    """Something the view left out, could not read, or read with a caveat (a game whose replay
    may differ from the one played: ``notice``), said in the manager's language."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    notice: ReplayNotice | None = None

    def message(self, lang: str) -> str:
        words = {"text": notice_text(self.notice, lang)} if self.notice is not None else {}
        return gt(f"note.{self.key}", lang, **self.params, **words)


def replay_note(source: str, team: str, notice: ReplayNotice) -> Note:
    """The note for a game that is included although its replay may differ (once per game)."""
    return Note("replay_notice", {"source": source, "team": team}, notice)


@dataclass(frozen=True)
class Gaps:
    """Every assessed game from the sources asked for, and notes on what was left out."""

    records: tuple[TeamRecord, ...]
    notes: tuple[Note, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.records

    def frame(self, lang: str = "en") -> pd.DataFrame:
        """The tidy table: one row per team × role × competency (ids in ``role``,
        ``competency``, ``level``, ``outcome``; words in ``evidence`` and ``explanation``;
        ``record`` indexes :attr:`records`)."""
        lang = normalise(lang)
        rows: list[dict[str, Any]] = []
        for index, record in enumerate(self.records):
            for score in record.scores:
                rows.append(
                    {
                        "source": record.source,
                        "kind": record.kind,
                        "workshop": record.workshop or gt("solo", lang),
                        "date": pd.Timestamp(record.date),
                        "scenario": record.scenario.get(lang) or record.scenario.get("en", ""),
                        "team": record.team,
                        "role": score.role,
                        "competency": score.competency,
                        "value": float("nan") if score.value is None else score.value,
                        "level": score.level,
                        "outcome": record.outcome or "None",
                        "evidence": evidence_summary(score, lang),
                        "explanation": score.explanation(lang),
                        "record": index,
                    }
                )
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["value"] = frame["value"].astype(float)
        frame["date"] = pd.to_datetime(frame["date"])
        frame["record"] = frame["record"].astype(int)
        return frame


def people_played(scores: tuple[TeamScore, ...], roles: Iterable[str]) -> tuple[TeamScore, ...]:
    """The scores of the roles people played: a role the expert policy planned for the table
    is not the people's gap (team-wide scores stay). No roles recorded: every score."""
    played = {r for r in roles if r}
    if not played:
        return scores
    return tuple(s for s in scores if s.role == "team" or s.role not in ROLES or s.role in played)


def evidence_summary(score: TeamScore, lang: str, limit: int = 3) -> str:
    """ "2 against, 5 for: week 9 PM request missed; …" — the first rows against, in words."""
    against = score.against()
    favour = [c for c in score.cited if c.good is True]
    head = gt("evidence_counts", lang, against=len(against), favour=len(favour))
    if not against:
        return head
    shown = "; ".join(
        gt("week_row", lang, week=c.week, text=c.words(lang)) for c in against[:limit]
    )
    more = gt("and_more", lang, count=len(against) - limit) if len(against) > limit else ""
    return f"{head}: {shown}{more}"
