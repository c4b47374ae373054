"""Counterfactuals: the single changes that would have mattered most, found by replay.

From the session itself (its actions, the team's view before every round, the catalogue and the
scenario; never a per-scenario case) a bounded list of candidate changes is made, each one
decision the team made or missed:

- ``brief_pm``: brief the project manager before a customer meeting they attended cold;
- ``pm_early``: bring a briefed PM in with an implementation plan in the first week it fits;
- ``executive``: an executive meeting with the economic buyer at a decision point missed;
- ``buyer``: the rep meets the economic buyer when the need firms (no executive on the team);
- ``angle``: a presentation pitched at the angle that fits its audience instead of a wrong one;
- ``reference``: a reference visit for the stakeholders who worry most about implementation;
- ``meet``: a discovery meeting with an influential stakeholder the team never met;
- ``bid_hours``: a bid that was missed, prepared after all;
- ``price_bid`` / ``final_offer``: a deeper discount in the bid or the best-and-final offer,
  enough to undercut the winner's price (within the tender's limit).

:func:`suggest_change` picks one of them for the weakest competency a single decision can fix
(the debrief's what-if when no replayed change gained).

Each is replayed on the same seed (:func:`sim.analysis.whatif.what_if`: every subsystem draws
from its own stream, so the difference is the decision) and ranked by the gain in the engine's
own chance just before the customer decided, then by the outcome. At most
:data:`MAX_CANDIDATES` replays; the order of generation is fixed, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sim.analysis.assessment import STRONG, Assessment
from sim.analysis.competencies import PITCHES
from sim.analysis.contact_context import reconstruct
from sim.analysis.session_facts import SessionFacts
from sim.analysis.whatif import Change, WhatIf, free_hours, what_if
from sim.model.activities import BID_HOURS_NEEDED, CATALOGUE
from sim.model.buying_centre import FITTING_ANGLE
from sim.model.plans import Assignment

MAX_CANDIDATES = 12
PER_KIND = 2  # at most this many candidates of one kind
PRICE_STEP = 0.01  # undercut the winner's price by this share of the list price
OUTCOME_RANK = {"won": 2, "no_decision": 1}
SELLING_PHASES = ("latent", "requirements", "tender")
# Which role and competency each kind of change speaks to (None: the role as a whole).
OWNERS: dict[str, tuple[str, str | None]] = {
    "brief_pm": ("project_manager", "pm_briefed"),
    "pm_early": ("project_manager", "pm_early"),
    "executive": ("executive", "peer_meetings"),
    "buyer": ("sales_rep", "economic_buyer_access"),
    "angle": ("presales", "angle_fit"),
    "reference": ("sales_rep", None),
    "meet": ("sales_rep", "influence_met"),
    "bid_hours": ("team", None),
    "price_bid": ("sales_rep", "pricing"),
    "final_offer": ("sales_rep", "pricing"),
}


@dataclass(frozen=True)
class Candidate:
    """One change to try: its kind, the role (and competency) it speaks to, the change, and the
    ids and numbers its sentence needs (``who``/``whom`` ids, ``angle``, ``discount``)."""

    kind: str
    role: str
    competency: str | None
    change: Change
    who: tuple[str, ...] = ()
    whom: tuple[str, ...] = ()
    angle: str | None = None
    discount: float | None = None
    deeper: bool = False  # a price change that goes deeper without undercutting the winner

    @property
    def week(self) -> int:
        return self.change.week


@dataclass(frozen=True)
class Counterfactual:
    candidate: Candidate
    whatif: WhatIf

    @property
    def before(self) -> float:
        return self.whatif.original_final or 0.0

    @property
    def after(self) -> float:
        return self.whatif.changed_final or 0.0

    @property
    def gain(self) -> float:
        return self.after - self.before

    @property
    def outcome_after(self) -> str | None:
        return self.whatif.changed.outcome

    @property
    def outcome_gain(self) -> int:
        return OUTCOME_RANK.get(str(self.outcome_after), 0) - OUTCOME_RANK.get(
            str(self.whatif.original.outcome), 0
        )


def ranked(found: list[Counterfactual]) -> list[Counterfactual]:
    """Largest gain in chance first; equal gains: the better outcome, then generation order."""
    order = {id(c): k for k, c in enumerate(found)}
    return sorted(found, key=lambda c: (-round(c.gain, 9), -c.outcome_gain, order[id(c)]))


def counterfactuals(facts: SessionFacts, limit: int = MAX_CANDIDATES) -> list[Counterfactual]:
    """Every candidate replayed, ranked (:func:`ranked`)."""
    return ranked([Counterfactual(c, what_if(facts, c.change)) for c in candidates(facts, limit)])


# --- candidates ------------------------------------------------------------------------------
def candidates(facts: SessionFacts, limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """The candidate changes of this session, at most ``PER_KIND`` per kind and ``limit`` in
    all, without duplicates, in a fixed order (price and missed bids first: they decide)."""
    out: list[Candidate] = []
    seen: set[Change] = set()
    for make in GENERATORS:
        for candidate in _first(make(facts), PER_KIND):
            if candidate.change not in seen and len(out) < limit:
                seen.add(candidate.change)
                out.append(candidate)
    return out


def _first(found: Iterator[Candidate], count: int) -> list[Candidate]:
    out: list[Candidate] = []
    for candidate in found:
        out.append(candidate)
        if len(out) == count:
            break
    return out


def _make(
    kind: str,
    change: Change,
    *,
    role: str | None = None,
    who: tuple[str, ...] = (),
    whom: tuple[str, ...] = (),
    angle: str | None = None,
    discount: float | None = None,
    deeper: bool = False,
) -> Candidate:
    owner, competency = OWNERS[kind]
    return Candidate(kind, role or owner, competency, change, who, whom, angle, discount, deeper)


def _members(facts: SessionFacts, role: str) -> list[str]:
    return [m for m, r in facts.names.roles.items() if r == role]


def _rounds(facts: SessionFacts) -> range:
    return range(min(len(facts.game.decisions), len(facts.views)))


def _fits(facts: SessionFacts, week: int, activity: str, members: tuple[str, ...]) -> bool:
    """The activity is allowed that week, every member has its hours left and the pursuit
    budget what it costs (after that week's own plan)."""
    view = facts.views[week]
    spec = CATALOGUE[activity]
    spent = sum(a.expenses for a in facts.actions if a.round == week)
    return (
        activity in view.allowed_activities
        and view.budget_left - spent >= spec.cost
        and all(free_hours(facts, week, m) >= spec.hours for m in members)
    )


def _reachable(facts: SessionFacts, week: int) -> dict[str, bool]:
    return {p.id: p.reachable for p in facts.views[week].stakeholders}


def _worried(facts: SessionFacts, week: int, count: int) -> tuple[str, ...]:
    """Met, reachable stakeholders who weigh implementation risk most (by influence)."""
    people = sorted(
        (p for p in facts.views[week].stakeholders if p.reachable and p.met),
        key=lambda p: (-facts.implementation_concern[p.id] * facts.influence[p.id], p.id),
    )
    return tuple(p.id for p in people[:count])


def _price(facts: SessionFacts) -> Iterator[Candidate]:
    """Lost to a cheaper offer (or lost at all): the discount that undercuts the winner."""
    if facts.result.outcome != "lost":
        return
    prices: dict[str, float] = {}
    discounts: dict[str, float] = {}
    for record in facts.records:
        if record.kind in ("bid", "final_offer"):
            prices[record.actor] = float(record.value)
            discounts[record.actor] = float(record.note or 0.0)
    if "us" not in prices:
        return
    ours, ours_discount = prices["us"], discounts["us"]
    list_price = ours / max(1.0 - ours_discount, 1e-9)
    limit = facts.scenario.tender.max_discount
    rivals = [p for v, p in prices.items() if v != "us"]
    winner = facts.result.winner or ""
    target = prices.get(winner, min(rivals, default=ours))
    wanted = 1.0 - target / list_price + PRICE_STEP
    deeper = wanted <= ours_discount
    if deeper:  # not beaten on price: try half-way to the tender's limit
        wanted = ours_discount + 0.5 * (limit - ours_discount)
    discount = round(min(limit, wanted), 4)
    if discount <= ours_discount + 1e-9:
        return
    opened = facts.rows("final_round_open")
    if opened:
        week = facts.records[opened[0]].round + 1
        made = [a for a in facts.actions if a.activity == "final_offer"]
        sellers = _members(facts, "sales_rep") + _members(facts, "executive")
        if made:
            action = made[-1]
            offer = Assignment("final_offer", action.members, discount=discount)
            change = Change(action.round, add=(offer,), remove=action.order)
            yield _make("final_offer", change, who=action.members, discount=discount, deeper=deeper)
        elif sellers and week < len(facts.game.decisions) + 1:
            offer = Assignment("final_offer", (sellers[0],), discount=discount)
            yield _make(
                "final_offer",
                Change(week, add=(offer,)),
                who=(sellers[0],),
                discount=discount,
                deeper=deeper,
            )
    bids = [a for a in facts.actions if a.activity == "bid_preparation" and a.time < facts.bid_time]
    if bids:
        action = bids[-1]
        bid = Assignment("bid_preparation", action.members, discount=discount)
        change = Change(action.round, add=(bid,), remove=action.order)
        yield _make("price_bid", change, who=action.members, discount=discount, deeper=deeper)


def _bid_hours(facts: SessionFacts) -> Iterator[Candidate]:
    """A missed bid: the bid prepared by two writers in the last tender week they have hours."""
    if not facts.rows("bid_missed"):
        return
    writers = [
        m for role in ("presales", "sales_rep", "project_manager") for m in _members(facts, role)
    ]
    spec = CATALOGUE["bid_preparation"]
    needed = 2 if spec.hours < BID_HOURS_NEEDED else 1
    for week in reversed(_rounds(facts)):
        free = tuple(m for m in writers if _fits(facts, week, "bid_preparation", (m,)))
        if len(free) >= needed:
            bid = Assignment("bid_preparation", free[:needed])
            yield _make("bid_hours", Change(week, add=(bid,)), who=free[:needed])
            return


def _brief_pm(facts: SessionFacts) -> Iterator[Candidate]:
    """A PM at a customer meeting without enough context: the rep's briefing first that week."""
    reps = _members(facts, "sales_rep")
    if not reps:
        return
    rep = reps[0]
    weeks: set[int] = set()
    for part in reconstruct(facts).participations:
        if facts.names.roles[part.member] != "project_manager" or part.warm:
            continue
        week = part.action.round
        if week in weeks or not _fits(facts, week, "internal_briefing", (rep,)):
            continue
        weeks.add(week)
        briefing = Assignment("internal_briefing", (rep,), (part.member,))
        yield _make(
            "brief_pm",
            Change(week, add=(briefing,)),
            who=(rep,),
            whom=(part.member,),
        )


def _pm_early(facts: SessionFacts) -> Iterator[Candidate]:
    """The PM (briefed) with an implementation plan in the first requirements or tender week
    it fits, if the PM's first customer contact came later than that (or never)."""
    pms, reps = _members(facts, "project_manager"), _members(facts, "sales_rep")
    if not pms or not reps:
        return
    pm, rep = pms[0], reps[0]
    first = min(
        (a.round for a in facts.actions if pm in a.members and a.customer_facing),
        default=None,
    )
    plan = CATALOGUE["implementation_plan"]
    for week in _rounds(facts):
        if first is not None and week >= first - 1:
            return
        if facts.views[week].phase not in ("requirements", "tender"):
            continue
        if not _fits(facts, week, "implementation_plan", (pm,)):
            continue
        if not _fits(facts, week, "internal_briefing", (rep,)):
            continue
        worried = _worried(facts, week, plan.max_targets)
        if worried:
            change = Change(
                week,
                add=(
                    Assignment("internal_briefing", (rep,), (pm,)),
                    Assignment("implementation_plan", (pm,), worried),
                ),
            )
            yield _make("pm_early", change, who=(pm,), whom=worried)
            return


def _decision_weeks(facts: SessionFacts) -> list[int]:
    """The weeks the customer's need firmed, the tender was issued and bids were opened."""
    weeks = []
    for phase in ("requirements", "tender", "evaluation"):
        row = facts.phase_start_row(phase)
        if row is not None:
            weeks.append(facts.records[row].round + 1)
    return weeks


def _executive(facts: SessionFacts) -> Iterator[Candidate]:
    """An executive meeting with the economic buyer at a decision point that had none within
    a week before to two weeks after."""
    executives = _members(facts, "executive")
    if not executives:
        return
    executive, buyer = executives[0], facts.economic_buyer
    meetings = [a.round for a in facts.actions if a.activity == "executive_meeting"]
    for week in _decision_weeks(facts):
        if week >= len(facts.game.decisions) or any(-2 <= m - week <= 1 for m in meetings):
            continue
        if not _fits(facts, week, "executive_meeting", (executive,)):
            continue
        meeting = Assignment("executive_meeting", (executive,), (buyer,))
        yield _make("executive", Change(week, add=(meeting,)), who=(executive,), whom=(buyer,))


def _buyer(facts: SessionFacts) -> Iterator[Candidate]:
    """No executive on the team and the economic buyer met late or never: the rep visits them
    in the first week the need is firm and they can be reached."""
    reps = _members(facts, "sales_rep")
    if _members(facts, "executive") or not reps:
        return
    rep, buyer = reps[0], facts.economic_buyer
    weeks = _decision_weeks(facts)
    if not weeks:
        return
    met = min(
        (a.round for a in facts.actions if buyer in a.targets and a.customer_facing),
        default=None,
    )
    for week in range(weeks[0], len(_rounds(facts))):
        if met is not None and met <= week + 1:
            return
        if _reachable(facts, week).get(buyer) and _fits(facts, week, "relationship_visit", (rep,)):
            visit = Assignment("relationship_visit", (rep,), (buyer,))
            yield _make("buyer", Change(week, add=(visit,)), who=(rep,), whom=(buyer,))
            return


def _angle(facts: SessionFacts) -> Iterator[Candidate]:
    """A presentation or demo pitched at an angle that did not fit: at the fitting one."""
    for action in facts.actions:
        if action.activity not in PITCHES:
            continue
        misfit = [
            r for r in facts.effects.get(action.row, []) if facts.records[r].kind == "angle_misfit"
        ]
        if not misfit:
            continue
        fitting = [FITTING_ANGLE[facts.departments[t]] for t in action.targets]
        angle = max(sorted(set(fitting)), key=fitting.count)
        if angle == action.angle:
            continue
        fixed = Assignment(action.activity, action.members, action.targets, angle=angle)
        yield _make(
            "angle",
            Change(action.round, add=(fixed,), remove=action.order),
            role=facts.names.roles[action.lead],  # whoever pitched it
            who=action.members,
            whom=action.targets,
            angle=angle,
        )


def _reference(facts: SessionFacts) -> Iterator[Candidate]:
    """No reference visit before the bid: one for the most worried stakeholders, led by the
    rep, in the first requirements or tender week it fits."""
    reps = _members(facts, "sales_rep")
    if facts.scenario.solution.references == 0 or not reps:
        return
    if any(a.activity == "reference_visit" and a.time < facts.bid_time for a in facts.actions):
        return
    rep = reps[0]
    spec = CATALOGUE["reference_visit"]
    for week in _rounds(facts):
        if facts.views[week].phase not in ("requirements", "tender"):
            continue
        if not _fits(facts, week, "reference_visit", (rep,)):
            continue
        worried = _worried(facts, week, spec.max_targets)
        if worried:
            visit = Assignment("reference_visit", (rep,), worried)
            yield _make("reference", Change(week, add=(visit,)), who=(rep,), whom=worried)
            return


def _meet(facts: SessionFacts) -> Iterator[Candidate]:
    """Influential stakeholders the team never met before bids were opened: a discovery
    meeting with each, in the first selling week they can be reached."""
    met = {
        t for a in facts.actions if a.customer_facing and a.time < facts.bid_time for t in a.targets
    }
    unmet = sorted(
        (s for s in facts.influence if s not in met), key=lambda s: (-facts.influence[s], s)
    )
    leads = _members(facts, "sales_rep") + _members(facts, "presales")
    if not leads:
        return
    for person in unmet:
        for week in _rounds(facts):
            if facts.views[week].phase not in SELLING_PHASES:
                continue
            if not _reachable(facts, week).get(person):
                continue
            lead = next((m for m in leads if _fits(facts, week, "discovery_meeting", (m,))), None)
            if lead is None:
                continue
            meeting = Assignment("discovery_meeting", (lead,), (person,))
            yield _make("meet", Change(week, add=(meeting,)), who=(lead,), whom=(person,))
            break


GENERATORS: tuple[Callable[[SessionFacts], Iterator[Candidate]], ...] = (
    _price,
    _bid_hours,
    _brief_pm,
    _pm_early,
    _executive,
    _buyer,
    _angle,
    _reference,
    _meet,
)


# Which candidates answer a weak competency (the suggested what-if).
FIXES: dict[str, Callable[[SessionFacts], Iterator[Candidate]]] = {
    "angle_fit": _angle,
    "pm_early": _pm_early,
    "pm_briefed": _pm_early,
    "peer_meetings": _executive,
}


def suggest_change(facts: SessionFacts, assessment: Assessment) -> Change | None:
    """A one-decision change worth trying, aimed at the session's weakest competency (below
    strong) among those a single decision can fix: the first wrong-angle pitch at the fitting
    angle, a briefed PM brought in with an implementation plan, an executive meeting with the
    economic buyer at a decision point missed."""
    weak = sorted(
        (s for s in assessment.scores if s.value is not None and s.value < STRONG),
        key=lambda s: s.value if s.value is not None else 1.0,
    )
    for score in weak:
        fix = FIXES.get(score.competency)
        found = next(fix(facts), None) if fix is not None else None
        if found is not None:
            return found.change
    return None
