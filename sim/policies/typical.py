"""The typical policy: an untrained but sensible team, and the habits it can add one at a time.

A typical team does the obvious things — meets people, finds some needs, pitches the product
(the technology angle, whatever the audience), brings the project manager in once the bid is
in, staffs the bid — and none of the coordination habits this product trains. Each habit can be
added alone (``typical:+briefings``, ``typical:+pm_early,+escalation``), so an experiment can
measure what one habit is worth to a team that lacks them all; ``expert`` is the team that has
them all (``sim.policies.expert``).
"""

from __future__ import annotations

from dataclasses import replace

from sim.policies.expert import ExpertPolicy, Variation

TYPICAL = Variation(
    angle="technology",
    pm="late",
    pm_briefed=False,
    escalation=False,
    references=False,
    strategy=False,
    briefings=False,
    mapping=False,
)
# Each habit, as the part of the expert's variation it switches on.
HABITS: dict[str, dict[str, object]] = {
    "briefings": {"briefings": True, "pm_briefed": True},
    "pm_early": {"pm": "early"},
    "angle_fit": {"angle": "fit"},
    "escalation": {"escalation": True},
    "references": {"references": True},
    "strategy": {"strategy": True},
    "mapping": {"mapping": True},
}


def parse_habits(options: str) -> tuple[str, ...]:
    """``+briefings,+pm_early`` → the habits, in the given order; ValueError names a bad one."""
    habits: list[str] = []
    for item in filter(None, (part.strip() for part in options.split(","))):
        habit = item.removeprefix("+")
        if not item.startswith("+") or habit not in HABITS:
            raise ValueError(
                f"unknown typical option '{item}' (expected +habit with habit one of: "
                f"{', '.join(HABITS)})"
            )
        if habit not in habits:
            habits.append(habit)
    return tuple(habits)


class TypicalPolicy(ExpertPolicy):
    """The expert's plan with the coordination habits off, except those added."""

    def __init__(self, habits: tuple[str, ...] = ()) -> None:
        variation = TYPICAL
        for habit in habits:
            variation = replace(variation, **HABITS[habit])  # type: ignore[arg-type]
        super().__init__(variation)
        self.habits = habits
        self.name = "typical" + (":" + ",".join(f"+{h}" for h in habits) if habits else "")
