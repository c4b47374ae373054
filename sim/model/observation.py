"""What the team can see: built from beliefs and public facts, never from hidden truth.

The view holds ids, codes, numbers and the scenario's own bilingual texts (:class:`Text`: names,
titles, agendas); it takes no language. The ui and analysis pick the language and make the
words (``text.get(lang)``, :mod:`sim.i18n`). Imports: the model and the scenario schema only.
"""

from __future__ import annotations

from typing import NamedTuple, cast

from sim.model import numerics as nx
from sim.model.activities import CATALOGUE, PHASES
from sim.model.deal import Deal
from sim.model.knowledge import Handoff, Item
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
    # in one member's view: how they know each fact they hold (empty in the team's view)
    learned: tuple[Learned, ...] = ()


class Learned(NamedTuple):
    """How one member came to know one fact about a stakeholder."""

    fact: str  # met | needs | structure | leaning | agenda (sim.model.knowledge.FACTS)
    week: int  # seen first-hand that week (-1: before the deal); the fact's age
    via: str  # "" first-hand, else the colleague who passed it on
    told: int  # the week it reached this member


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
    viewer: str | None = None  # whose view this is; None: the whole team's (the union)
    handoffs: tuple[Handoff, ...] = ()  # briefings and strategy sessions as information

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


class _Static(NamedTuple):
    """What a deal's views share from the scenario, worked out once per deal."""

    names: dict[str, Text]  # member id → name
    people: tuple[tuple[Stakeholder, str, str, str, str, Text | None], ...]
    horizon_weeks: int
    budget: float
    references: int
    max_discount: float
    award_middle: int  # the mid-range award week before the dates are published


def _static(deal: Deal) -> _Static:
    cached = deal.view_static
    if isinstance(cached, _Static):
        return cached
    scenario = deal.scenario
    timeline = scenario.timeline
    middle = nx.total(
        (r.low + r.high) / 2
        for r in (timeline.tender_issued, timeline.bid_window, timeline.evaluation)
    )
    made = _Static(
        names={m.id: m.name for m in scenario.team},
        people=tuple(
            (p, p.id, p.department, p.reach, p.name.en, p.agenda) for p in scenario.stakeholders
        ),
        horizon_weeks=timeline.horizon_weeks,
        budget=scenario.account.pursuit_budget,
        references=scenario.solution.references,
        max_discount=scenario.tender.max_discount,
        award_middle=round(middle),
    )
    deal.view_static = made
    return made


_new = tuple.__new__  # NamedTuples built from their fields in order (no keyword parsing)


def team_view(
    deal: Deal,
    feed: tuple[FeedItem, ...],
    forecasts: tuple[Forecast, ...],
    done: bool,
    member: str | None = None,
) -> TeamView:
    """What the team knows (``member=None``: the union of what its members know), or what one
    member knows: facts they saw or were told, with how they came to know them."""
    static = _static(deal)
    requested = {r.stakeholder for r in deal.pm_requests}
    by_id = deal.beliefs.by_id
    holders = deal.centre.names
    people: list[StakeholderView] = []
    for s, (person, pid, department, reach, name_en, agenda) in enumerate(static.people):
        belief = by_id[pid]
        people.append(
            _new(
                StakeholderView,
                (
                    pid,
                    person.name if holders[s] == name_en else _holder(deal, s).name,
                    person.title,
                    department,
                    reach,
                    belief.reachable,
                    belief.met,
                    belief.needs_known,
                    belief.role,
                    belief.influence,
                    belief.response_mode,
                    belief.concerns,
                    belief.disposition,
                    belief.links,
                    agenda if (belief.agenda_known and agenda) else None,
                    belief.contacts,
                    belief.last_seen_week,
                    s in requested,
                    (),
                ),
            )
        )
    knowledge = deal.beliefs.knowledge
    if member is not None:
        held = knowledge.of(member)
        people = [_as_known(view, held) for view in people]
    handoffs = tuple(knowledge.handoffs) if member is None else knowledge.handoffs_of(member)
    names = static.names
    week = deal.week
    members = tuple(
        [
            _new(
                MemberView,
                (
                    m.id,
                    names[m.id],
                    m.role,
                    m.weekly_hours,
                    m.hourly_cost,
                    round(m.context, 3),
                    m.is_warm(),
                    m.is_aligned(week),
                    m.customer_contacts,
                ),
            )
            for m in deal.team.members.values()
        ]
    )
    met = deal.criteria
    criteria: dict[str, int | None] = {c: met.get(c) for c in CRITERIA}
    phase = deal.phase
    allowed = ALLOWED_IN_PHASE[phase]
    published = phase in ("tender", "evaluation")
    bids_due = deal.clock.bids_due if published else None
    return _new(
        TeamView,
        (
            week,
            static.horizon_weeks,
            phase,
            current_stage(deal),
            criteria,
            tuple(people),
            members,
            deal.vendors,
            static.budget,
            deal.budget_left(),
            deal.deal_value,
            bids_due,
            _expected_award(deal) if published else max(week + 1, static.award_middle),
            deal.bid_hours,
            deal.our_bid is not None,
            deal.bid_discount,
            deal.final_round == "open",
            deal.price_gap,
            static.references,
            static.max_discount,
            allowed if not done else (),
            feed,
            forecasts,
            deal.outcome,
            done,
            member,
            handoffs,
        ),
    )


def _as_known(view: StakeholderView, held: dict[tuple[str, str], Item]) -> StakeholderView:
    """``view`` as one member holds it: facts they do not hold are unknown; the ones they
    hold read as they were when they learned them."""
    facts = {fact: item for (who, fact), item in held.items() if who == view.id}
    changes: dict[str, object] = {
        "learned": tuple(
            Learned(fact, item.week, item.via, item.told) for fact, item in sorted(facts.items())
        )
    }
    met = facts.get("met")
    if met is None:
        changes.update(met=False, contacts=0, last_seen_week=-1)
    else:
        contacts, last_seen = cast(tuple[int, int], met.value)
        changes.update(met=True, contacts=contacts, last_seen_week=last_seen)
    needs = facts.get("needs")
    if needs is None:
        changes.update(concerns=None, response_mode=None, needs_known=False)
    else:
        concerns, mode = cast(tuple[tuple[float, ...], str | None], needs.value)
        changes.update(concerns=concerns, response_mode=mode, needs_known=view.needs_known)
    structure = facts.get("structure")
    if structure is None:
        changes.update(role=None, influence=None, links=None)
    else:
        role, influence, links = cast(
            tuple[tuple[str, ...] | None, float | None, tuple[str, ...] | None], structure.value
        )
        changes.update(role=role, influence=influence, links=links)
    leaning = facts.get("leaning")
    changes["disposition"] = None if leaning is None else leaning.value
    if "agenda" not in facts:
        changes["agenda"] = None
    return view._replace(**changes)  # type: ignore[arg-type]


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
