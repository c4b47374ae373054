"""What the team can see: built from beliefs and public facts, never from hidden truth.

The view holds ids, codes, numbers and the scenario's own bilingual texts (:class:`Text`: names,
titles, agendas); it takes no language. The ui and analysis pick the language and make the
words (``text.get(lang)``, :mod:`sim.i18n`). Imports: the model and the scenario schema only.
"""

from __future__ import annotations

from typing import NamedTuple

from sim.model import numerics as nx
from sim.model.activities import CATALOGUE, PHASES
from sim.model.deal import Deal
from sim.model.plans import SALES_STAGES, Forecast
from sim.model.stages import EXIT_CRITERIA, current_stage
from sim.scenario.schema import DecisionMakerReplaced, Stakeholder, Successor, Text


class StakeholderView(NamedTuple):
    id: str
    name: Text  # who holds the seat now (a successor may have replaced the scenario's person)
    title: Text
    department: str
    reach: str
    reachable: bool
    met: bool
    needs_known: bool
    role: tuple[str, ...] | None
    influence: float | None
    response_mode: str | None
    concerns: tuple[float, ...] | None
    disposition: tuple[float, ...] | None  # believed, toward each vendor then doing nothing
    links: tuple[str, ...] | None
    agenda: Text | None
    contacts: int
    last_seen_week: int
    pm_requested: bool


class MemberView(NamedTuple):
    id: str
    name: Text
    role: str
    weekly_hours: float
    hourly_cost: float
    context: float
    warm: bool
    aligned: bool
    customer_contacts: int


class FeedItem(NamedTuple):
    round: int
    kind: str
    actor: str
    target: str
    activity: str
    note: str


class TeamView(NamedTuple):
    """Everything our team knows at the start of a round."""

    week: int
    horizon_weeks: int
    phase: str
    stage: str
    criteria: dict[str, int | None]
    stakeholders: tuple[StakeholderView, ...]
    members: tuple[MemberView, ...]
    vendors: tuple[str, ...]
    budget: float
    budget_left: float
    deal_value: float
    bids_due_week: int | None
    expected_award_week: int
    bid_hours: float
    bid_submitted: bool
    bid_discount: float  # the discount our bid (or final offer) stands at
    final_offer_open: bool  # a best-and-final round is open to us this week
    price_gap: float | None  # how far our price is above the lowest, as procurement told us
    references: int
    max_discount: float
    allowed_activities: tuple[str, ...]
    feed: tuple[FeedItem, ...]
    forecasts: tuple[Forecast, ...]
    outcome: str | None
    done: bool

    def stakeholder(self, stakeholder_id: str) -> StakeholderView:
        return next(s for s in self.stakeholders if s.id == stakeholder_id)

    def member(self, member_id: str) -> MemberView:
        return next(m for m in self.members if m.id == member_id)

    def members_with_role(self, role: str) -> list[MemberView]:
        return [m for m in self.members if m.role == role]


CRITERIA: tuple[str, ...] = tuple(c for stage in SALES_STAGES for c in EXIT_CRITERIA[stage])
ALLOWED_IN_PHASE: dict[str, tuple[str, ...]] = {
    phase: tuple(a for a, spec in CATALOGUE.items() if phase in spec.phases) for phase in PHASES
}


def team_view(
    deal: Deal, feed: tuple[FeedItem, ...], forecasts: tuple[Forecast, ...], done: bool
) -> TeamView:
    scenario = deal.scenario
    names = {m.id: m.name for m in scenario.team}
    requested = {r.stakeholder for r in deal.pm_requests}
    people = []
    for s, person in enumerate(scenario.stakeholders):
        belief = deal.beliefs[person.id]
        people.append(
            StakeholderView(
                id=person.id,
                name=_holder(deal, s).name,
                title=person.title,
                department=person.department,
                reach=person.reach,
                reachable=belief.reachable,
                met=belief.met,
                needs_known=belief.needs_known,
                role=belief.role,
                influence=belief.influence,
                response_mode=belief.response_mode,
                concerns=belief.concerns,
                disposition=belief.disposition,
                links=belief.links,
                agenda=person.agenda if (belief.agenda_known and person.agenda) else None,
                contacts=belief.contacts,
                last_seen_week=belief.last_seen_week,
                pm_requested=s in requested,
            )
        )
    members = tuple(
        MemberView(
            id=m.id,
            name=names[m.id],
            role=m.role,
            weekly_hours=m.weekly_hours,
            hourly_cost=m.hourly_cost,
            context=round(m.context, 3),
            warm=m.is_warm(),
            aligned=m.is_aligned(deal.week),
            customer_contacts=m.customer_contacts,
        )
        for m in deal.team.members.values()
    )
    criteria: dict[str, int | None] = {c: deal.criteria.get(c) for c in CRITERIA}
    allowed = ALLOWED_IN_PHASE[deal.phase]
    bids_due = deal.clock.bids_due if deal.phase in ("tender", "evaluation") else None
    return TeamView(
        week=deal.week,
        horizon_weeks=scenario.timeline.horizon_weeks,
        phase=deal.phase,
        stage=current_stage(deal),
        criteria=criteria,
        stakeholders=tuple(people),
        members=members,
        vendors=deal.vendors,
        budget=scenario.account.pursuit_budget,
        budget_left=deal.budget_left(),
        deal_value=deal.deal_value,
        bids_due_week=bids_due,
        expected_award_week=_expected_award(deal),
        bid_hours=deal.bid_hours,
        bid_submitted=deal.our_bid is not None,
        bid_discount=deal.bid_discount,
        final_offer_open=deal.final_round == "open",
        price_gap=deal.price_gap,
        references=scenario.solution.references,
        max_discount=scenario.tender.max_discount,
        allowed_activities=allowed if not done else (),
        feed=feed,
        forecasts=forecasts,
        outcome=deal.outcome,
        done=done,
    )


def _holder(deal: Deal, s: int) -> Stakeholder | Successor:
    """Who holds seat ``s`` now: the scenario's person, or the successor of one of this seat's
    replacement events. The buying centre records only the holder's name key (``names[s]``),
    so the successor is the one of this seat's events with that key."""
    person = deal.scenario.stakeholders[s]
    held_by = deal.centre.names[s]
    if held_by == person.name.en:
        return person
    for event in deal.scenario.events:
        if (
            isinstance(event, DecisionMakerReplaced)
            and event.stakeholder == person.id
            and event.successor.name.en == held_by
        ):
            return event.successor
    return person


def _expected_award(deal: Deal) -> int:
    """The award week as the team can estimate it: published dates, else mid-range."""
    timeline = deal.scenario.timeline
    if deal.phase in ("tender", "evaluation"):
        return deal.clock.bids_due + (timeline.evaluation.low + timeline.evaluation.high) // 2
    middle = nx.total(
        (r.low + r.high) / 2
        for r in (timeline.tender_issued, timeline.bid_window, timeline.evaluation)
    )
    return max(deal.week + 1, round(middle))
