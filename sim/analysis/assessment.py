"""Role assessment: competency scores computed from behaviour, each citing its event rows.

A score is a share between 0 and 1 (or ``None`` when the session gave no chance to observe it);
levels: *strong* ≥ 0.75, *developing* ≥ 0.4, otherwise *gap*. Every score lists the event-log
rows that justify it — rows that count for it and rows that count against it — and a "now
what" coaching suggestion for its level. docs/assessment.md documents each rule.

A game that was not won is also judged by what would have changed it: a single change, replayed
on the same seed, that raises the engine's chance by ``MIN_GAIN`` or more *caps* the score of
the competency (and the role) it belongs to, the more the larger the gain (:func:`cap_limit`),
so that a lost game never rates every role strong (:func:`caps`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sim.analysis.text import percent, tr

STRONG = 0.75
DEVELOPING = 0.4
ROLES = ("sales_rep", "presales", "project_manager", "executive", "team")
MIN_GAIN = 0.02  # a counterfactual gain in chance below two points caps nothing
GAIN_TO_ZERO = 0.4  # a gain of forty points (or more) caps the score at 0
LOST_LIMIT = STRONG - 0.01  # a lost game no single change explains: the team is not strong


def cap_limit(gain: float) -> float:
    """The highest score a competency may keep when one change to it would have raised our
    chance by ``gain``: just below *strong* at ``MIN_GAIN``, falling linearly to 0 at
    ``GAIN_TO_ZERO`` (a 10-point gain caps at 56 %, a 20-point gain at 37 %: a gap)."""
    return max(0.0, LOST_LIMIT * (1.0 - gain / GAIN_TO_ZERO))


@dataclass(frozen=True)
class Cap:
    """A limit on one role's competency (``competency=None``: on the role's overall score),
    from the counterfactual of kind ``kind`` that gained ``gain`` (``kind="lost"``: a lost game
    no tried change explains)."""

    role: str
    competency: str | None
    kind: str
    gain: float
    limit: float
    before: float = 0.0
    after: float = 0.0

    def sentence(self, lang: str) -> str:
        if self.kind == "lost":
            return tr("story.capped_lost", lang, limit=percent(self.limit))
        return tr(
            "story.capped",
            lang,
            limit=percent(self.limit),
            change=tr(f"story.kind.{self.kind}", lang),
            before=percent(self.before),
            after=percent(self.after),
        )


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
    cap: Cap | None = None  # what lowered the value (see :func:`caps`)

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
        text = tr(f"explain.{self.competency}{suffix}", lang, **self.detail)
        return text if self.cap is None else f"{text} {self.cap.sentence(lang)}"

    def coaching(self, lang: str) -> str:
        return tr(f"coach.{self.competency}.{self.level}", lang, **self.detail)


@dataclass(frozen=True)
class Assessment:
    scores: tuple[Score, ...]
    caps: tuple[Cap, ...] = ()  # every cap applied (to a score, or to a role's overall score)

    def of(self, role: str) -> list[Score]:
        return [s for s in self.scores if s.role == role]

    def get(self, role: str, competency: str) -> Score:
        return next(s for s in self.scores if s.role == role and s.competency == competency)

    def role_score(self, role: str) -> float | None:
        """The mean of the role's observed scores, capped by its role-wide caps."""
        values = [s.value for s in self.of(role) if s.value is not None]
        if not values:
            return None
        limits = [c.limit for c in self.caps if c.role == role and c.competency is None]
        return min([sum(values) / len(values), *limits])

    def role_caps(self, role: str) -> list[Cap]:
        return [c for c in self.caps if c.role == role and c.competency is None]

    def capped(self, found: Iterable[Cap]) -> Assessment:
        """This assessment with the caps applied: a score keeps at most its competency's
        lowest limit (an unobserved one stays unobserved); role-wide caps limit
        :meth:`role_score`."""
        applied = tuple(found)
        scores = []
        for score in self.scores:
            mine = [c for c in applied if c.role == score.role and c.competency == score.competency]
            tightest = min(mine, key=lambda c: c.limit, default=None)
            if tightest is None or score.value is None or score.value <= tightest.limit:
                scores.append(score)
            else:
                scores.append(replace(score, value=tightest.limit, cap=tightest))
        return Assessment(tuple(scores), self.caps + applied)

    def roles(self) -> list[str]:
        return [r for r in ROLES if self.of(r)]

    def weakest(self) -> Score | None:
        observed = [s for s in self.scores if s.value is not None]
        return (
            min(observed, key=lambda s: s.value if s.value is not None else 1.0)
            if observed
            else None
        )


@dataclass(frozen=True)
class Gain:
    """What one replayed change would have gained: its kind, the role and competency it
    speaks to, and our chance before the decision as played and with the change."""

    kind: str
    role: str
    competency: str | None
    before: float
    after: float

    @property
    def gain(self) -> float:
        return self.after - self.before


def caps(assessment: Assessment, gains: Iterable[Gain], outcome: str | None) -> list[Cap]:
    """The caps for a game that was not won (none for a win).

    Every change that gained ``MIN_GAIN`` or more caps its competency at :func:`cap_limit` of
    its gain, and its role's overall score at the limit of the role's largest gain. A lost game
    that still rates every role strong (no tried change explains it) caps the team's overall
    score at ``LOST_LIMIT``, just below strong."""
    if outcome == "won":
        return []
    found: list[Cap] = []
    best: dict[str, Gain] = {}
    for item in gains:
        if item.gain < MIN_GAIN:
            continue
        if item.competency is not None:
            found.append(
                Cap(
                    item.role,
                    item.competency,
                    item.kind,
                    item.gain,
                    cap_limit(item.gain),
                    item.before,
                    item.after,
                )
            )
        if item.role not in best or item.gain > best[item.role].gain:
            best[item.role] = item
    for role, item in best.items():
        found.append(
            Cap(role, None, item.kind, item.gain, cap_limit(item.gain), item.before, item.after)
        )
    if outcome == "lost":
        trial = assessment.capped(found)
        heads = {r: trial.role_score(r) for r in trial.roles()}
        rated = [r for r, h in heads.items() if h is not None]
        if rated and all((heads[r] or 0.0) >= STRONG for r in rated):
            role = "team" if "team" in rated else rated[0]
            found.append(Cap(role, None, "lost", 0.0, LOST_LIMIT))
    return found
