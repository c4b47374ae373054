"""Will a scenario play? Advice that ``sandtable validate`` prints beside its problems.

A scenario can be valid and still unplayable in part: a project manager with 10 hours a week
can never hold a 12-hour implementation plan, so every strategy that needs one fails without a
word. These checks name such traps (ids and reason codes; the command line makes the words).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.activities import CATALOGUE
from sim.scenario.schema import Scenario

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Advice:
    """One trap in a valid scenario: where (a path into the file), a reason key and its values."""

    loc: Loc
    key: str
    params: dict[str, object]


def advise(scenario: Scenario) -> list[Advice]:
    """Every activity some member's role may lead but no such member has the hours for."""
    out: list[Advice] = []
    for spec in CATALOGUE.values():
        leaders = [(i, m) for i, m in enumerate(scenario.team) if m.role in spec.lead_roles]
        if not leaders or any(m.weekly_hours >= spec.hours for _, m in leaders):
            continue
        index, best = max(leaders, key=lambda item: item[1].weekly_hours)
        out.append(
            Advice(
                ("team", index, "weekly_hours"),
                "activity_never_fits",
                {
                    "member": best.id,
                    "hours": f"{best.weekly_hours:g}",
                    "activity": spec.id,
                    "needed": f"{spec.hours:g}",
                },
            )
        )
    return out
