"""Numbers the forms read and check before the engine does: percent fields and budget pacing.

A percent field takes what people type — ``5``, ``5%``, ``5,5 %`` — as percent; ``0.05`` is
0.05 %, as a calculator would read it. Values outside the field's range are refused with the
range, never clipped. Budget pacing compares the share of the pursuit budget spent with how
far the customer's buying process has come, and warns before the reserve for the close is gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.observation import TeamView
from sim.ui.text import esc, label, money, tr

# The share of the pursuit budget a steady pursuit has spent by the end of each phase, and the
# share to keep for evaluation and the close while the bid is not yet decided. Assumptions
# (docs/sandbox.md, "Budget pacing"); the engine itself only refuses a plan over budget.
SPENT_BY_END_OF: dict[str, float] = {
    "latent": 0.15,
    "requirements": 0.35,
    "tender": 0.65,
    "evaluation": 0.85,
    "negotiation": 1.0,
    "delivery": 1.0,
    "closed": 1.0,
}
CLOSE_RESERVE = 0.15
RESERVED_IN = frozenset({"latent", "requirements", "tender", "evaluation"})


class FormError(ValueError):
    """A field the form cannot use; its message is in the user's language."""


def parse_percent(text: str, limit: float, lang: str) -> float:
    """``"5"`` or ``"5%"`` → 0.05; empty → 0. Raises :class:`FormError` with the reason for
    anything that is not a number, or is below 0 or above ``limit`` (a share, 0.3 = 30%)."""
    cleaned = text.strip().replace("％", "%").removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return 0.0
    try:
        value = float(cleaned)
    except ValueError:
        raise FormError(tr("percent.not_a_number", lang, text=text.strip())) from None
    top = round(limit * 100, 1)
    if not 0.0 <= value <= top + 1e-9:
        raise FormError(tr("percent.out_of_range", lang, value=f"{value:g}", high=f"{top:g}"))
    return value / 100


@dataclass(frozen=True)
class Pacing:
    """The budget against the phase: ``level`` is ok, ahead (spending faster than the phase)
    or reserve (the plan would eat into what the close needs)."""

    level: str
    spent: float  # share of the budget spent once this plan is paid
    expected: float  # share a steady pursuit has spent by the end of this phase
    reserve: float  # money to keep for the close


def pacing(budget: float, left_after_plan: float, phase: str) -> Pacing:
    if budget <= 0:
        return Pacing("ok", 0.0, 0.0, 0.0)
    spent = 1.0 - left_after_plan / budget
    expected = SPENT_BY_END_OF.get(phase, 1.0)
    reserve = CLOSE_RESERVE * budget if phase in RESERVED_IN else 0.0
    if reserve and left_after_plan < reserve:
        level = "reserve"
    elif spent > expected + 1e-9:
        level = "ahead"
    else:
        level = "ok"
    return Pacing(level, spent, expected, reserve)


def pacing_html(view: TeamView, left_after_plan: float, currency: str, lang: str) -> str:
    """Spend against the customer's phase; a warning when spending runs ahead of the phase or
    this plan would eat into the reserve for the close."""
    pace = pacing(view.budget, left_after_plan, view.phase)
    if view.budget <= 0 or view.phase in ("delivery", "closed"):
        return ""
    line = tr(
        "pacing.line",
        lang,
        spent=f"{pace.spent * 100:.0f}%",
        phase=label("phase", view.phase, lang),
        expected=f"{pace.expected * 100:.0f}%",
    )
    kind = {"ok": "info", "ahead": "warning", "reserve": "error"}[pace.level]
    extra = ""
    if pace.level != "ok":
        extra = " " + tr(f"pacing.{pace.level}", lang, reserve=money(pace.reserve, currency))
    return (
        f'<div class="st-pacing st-pacing-{pace.level} st-message st-message-{kind}">'
        f"{esc(line + extra)}</div>"
    )
