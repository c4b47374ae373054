"""Who knew what at each customer contact: context, alignment and discovered needs.

The team's view before each round gives every member's context and alignment and what the
team knew of each stakeholder; within the round, the log says what changed it, in order
(a hand-off, a strategy session, a discovery meeting, an earlier contact). Replaying those
steps with the engine's own constants gives the state at each contact exactly.

May import: the session facts and the model's team constants (``sim.model.team``); no words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.analysis.session_facts import Action, SessionFacts
from sim.model.team import CONTACT_LEARNING, WARM_CONTEXT


@dataclass(frozen=True)
class Participation:
    """One member at one customer contact, and whether they came with enough context."""

    action: Action
    member: str
    context: float

    @property
    def warm(self) -> bool:
        return self.context >= WARM_CONTEXT


@dataclass(frozen=True)
class Contact:
    """One customer-facing activity and the team's state when it happened."""

    action: Action
    lead_aligned: bool
    voices: int  # members who have spoken to the customer, including this contact's
    conflict_row: int | None
    needs_known: dict[str, bool]  # per target, at the moment of the contact


@dataclass
class Reconstruction:
    participations: list[Participation] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    briefings: dict[str, list[int]] = field(default_factory=dict)  # member → briefing rows


def reconstruct(facts: SessionFacts) -> Reconstruction:
    out = Reconstruction()
    by_round: dict[int, list[Action]] = {}
    for action in facts.actions:
        by_round.setdefault(action.round, []).append(action)
    conflicts = {facts.cause[i]: i for i in facts.rows("message_conflict") if i in facts.cause}
    for number, actions in sorted(by_round.items()):
        view = facts.views[number]
        context = {m.id: m.context for m in view.members}
        aligned = {m.id: m.aligned for m in view.members}
        voices = {m.id for m in view.members if m.customer_contacts > 0}
        known = {s.id: s.needs_known for s in view.stakeholders}
        replaced = [
            (r.time, r.target)
            for r in facts.records
            if r.kind == "decision_maker_replaced" and r.round == number
        ]
        for action in actions:
            while replaced and replaced[0][0] < action.time:  # a new person: what we knew is gone
                known[replaced.pop(0)[1]] = False
            _step(facts, out, action, context, aligned, voices, known, conflicts)
    return out


def _step(
    facts: SessionFacts,
    out: Reconstruction,
    action: Action,
    context: dict[str, float],
    aligned: dict[str, bool],
    voices: set[str],
    known: dict[str, bool],
    conflicts: dict[int, int],
) -> None:
    caused = facts.effects.get(action.row, [])
    if action.activity == "internal_briefing":
        for row in caused:
            record = facts.records[row]
            if record.kind == "briefing":
                context[record.target] = record.value
                out.briefings.setdefault(record.target, []).append(row)
        return
    if action.activity == "team_strategy_session":
        for member in action.members:
            aligned[member] = True
        return
    if not action.customer_facing:
        return
    before = {t: known.get(t, False) for t in action.targets}
    for member in action.members:
        out.participations.append(Participation(action, member, context[member]))
    voices.update(action.members)
    out.contacts.append(
        Contact(
            action=action,
            lead_aligned=aligned[action.lead],
            voices=len(voices),
            conflict_row=conflicts.get(action.row),
            needs_known=before,
        )
    )
    for member in action.members:
        context[member] = min(1.0, context[member] + CONTACT_LEARNING)
    for row in caused:
        if facts.records[row].kind == "needs_discovered":
            known[facts.records[row].target] = True
    if action.activity == "needs_workshop":
        for target in action.targets:
            known[target] = True
