"""Role assessment: competency scores computed from behaviour, each citing its event rows.

A score is a share between 0 and 1 (or ``None`` when the session gave no chance to observe it);
levels: *strong* ≥ 0.75, *developing* ≥ 0.4, otherwise *gap*. Every score lists the event-log
rows that justify it — rows that count for it and rows that count against it — and a "now
what" coaching suggestion for its level. docs/assessment.md documents each rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.analysis.text import tr

STRONG = 0.75
DEVELOPING = 0.4
ROLES = ("sales_rep", "presales", "project_manager", "executive", "team")


@dataclass(frozen=True)
class Evidence:
    """One cited event row; ``good`` is True (for), False (against) or None (context)."""

    row: int
    good: bool | None


@dataclass(frozen=True)
class Score:
    role: str
    competency: str
    value: float | None
    evidence: tuple[Evidence, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    variant: str = (
        ""  # a different explanation for a special case (``explain.<competency>.<variant>``)
    )

    @property
    def level(self) -> str:
        if self.value is None:
            return "not_observed"
        if self.value >= STRONG:
            return "strong"
        return "developing" if self.value >= DEVELOPING else "gap"

    def rows(self, good: bool | None = False) -> list[int]:
        return [e.row for e in self.evidence if e.good is good]

    def explanation(self, lang: str) -> str:
        if self.value is None:
            return tr(f"explain.{self.competency}.none", lang, **self.detail)
        suffix = f".{self.variant}" if self.variant else ""
        return tr(f"explain.{self.competency}{suffix}", lang, **self.detail)

    def coaching(self, lang: str) -> str:
        return tr(f"coach.{self.competency}.{self.level}", lang, **self.detail)


@dataclass(frozen=True)
class Assessment:
    scores: tuple[Score, ...]

    def of(self, role: str) -> list[Score]:
        return [s for s in self.scores if s.role == role]

    def get(self, role: str, competency: str) -> Score:
        return next(s for s in self.scores if s.role == role and s.competency == competency)

    def role_score(self, role: str) -> float | None:
        values = [s.value for s in self.of(role) if s.value is not None]
        return sum(values) / len(values) if values else None

    def roles(self) -> list[str]:
        return [r for r in ROLES if self.of(r)]

    def weakest(self) -> Score | None:
        observed = [s for s in self.scores if s.value is not None]
        return (
            min(observed, key=lambda s: s.value if s.value is not None else 1.0)
            if observed
            else None
        )
