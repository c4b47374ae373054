"""What our activities do to the buying centre and to the team (docs/model.md, "Activities").

Every effect is "close part of the gap between what a stakeholder perceives and what we can
really show" (``BuyingCentre.move``), scaled by the lead's skill, their context on the account,
the stakeholder's receptivity and, for presentations, whether the angle fits the audience.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.model import numerics as nx
from sim.model.activities import CATALOGUE, ActivitySpec
from sim.model.buying_centre import BV, FITTING_ANGLE, IR, REL, TF, US
from sim.model.deal import Deal
from sim.model.plans import Assignment
from sim.model.reactions import react
from sim.model.team import Member

SHOWN_HALF = 0.35  # technical skill at which a presenter shows (1 + h)/2h of our fit: assumption
TEAM_SUPPORT = 0.25  # each extra participant adds this share of their own effectiveness
ALIGNED_STORY = 0.15  # extra gain when the lead was aligned in a strategy session: assumption
UNDISCOVERED_FACTOR = 0.6  # pitching before the needs are known (discovery before solution)
EXECUTIVE_RANK = 1.5  # an executive joining a visit raises its weight: assumption (docs/model.md)
PEER_FACTOR = 0.4  # an executive meeting with someone who is not a peer
EXECUTIVE_COMMITMENT = 0.4  # implementation-confidence share of an executive meeting
PROOF_REFERENCE = 0.4
PROOF_PLAN = 0.35
PROOF_PM_CONTACT = 0.15
OVERCONFIDENT_PUSHBACK = 0.5  # share of a push that an overconfident buyer turns against us
FATIGUE_WEEKS = 3  # contact fatigue looks back this many weeks: assumption
FATIGUE_FREE = 2  # contacts with one person in that window before returns diminish: assumption
FATIGUE_RATE = 0.35  # each further contact divides the gain by 1 + rate·extra: assumption
ANNOYANCE = 0.01  # relationship lost per contact beyond twice the free ones: assumption
PEER_INTRODUCTION = 0.35  # chance per contact that a backer gets us to an executive: assumption
EARLY_PHASES = ("latent", "requirements")
OPPORTUNITY_PHASES = ("requirements", "tender")

Handler = Callable[[Deal, Assignment, ActivitySpec], None]


def perform(deal: Deal, assignment: Assignment) -> None:
    """Carry out one validated assignment: pay for it, apply its effect, record it."""
    spec = CATALOGUE[assignment.activity]
    team = deal.team
    cost = spec.cost
    deal.spend += cost
    deal.labour_cost += nx.total([spec.hours * team[m].hourly_cost for m in assignment.members])
    for member_id in assignment.members:
        deal.hours_used[member_id] += spec.hours
    deal.record(
        "activity",
        actor=assignment.members[0],
        target="+".join(assignment.targets),
        activity=spec.id,
        value=cost,
        note=assignment.angle or "+".join(assignment.members[1:]),
    )
    knowledge = deal.beliefs.knowledge
    # those in the room (colleagues being briefed included) see what this activity shows
    colleagues = tuple(t for t in assignment.targets if t in team.members)
    knowledge.attend(assignment.members + colleagues, deal.week)
    HANDLERS[spec.id](deal, assignment, spec)
    if spec.customer_facing:
        _after_contact(deal, assignment)
    knowledge.leave()


def _gain(deal: Deal, assignment: Assignment, competency: str, s: int) -> float:
    team = deal.team
    members = assignment.members
    lead = team.members[members[0]]
    effect = team.effectiveness(lead, competency)
    if len(members) > 1:  # alone, the support is a sum of nothing: effect + 0.0 is effect
        effect += TEAM_SUPPORT * nx.total(
            [team.effectiveness(team.members[m], competency) for m in members[1:]]
        )
    # an aligned lead tells the agreed story: the team's win themes, to the right people
    week = deal.week
    story = 1.0 + ALIGNED_STORY if lead.is_aligned(week) else 1.0
    # contact fatigue: beyond ``FATIGUE_FREE`` recent contacts each one yields less
    extra = _recent_contacts(deal, s) - FATIGUE_FREE
    freshness = 1.0 / (1.0 + FATIGUE_RATE * extra) if extra > 0 else 1.0
    return (
        deal.params.activity_gain
        * story
        * (1.0 if effect > 1.0 else effect)  # min(effect, 1.0)
        * deal.centre.receptivity.item(s)
        * freshness
    )


def _recent_contacts(deal: Deal, s: int) -> int:
    """Our customer contacts with stakeholder ``s`` in the last ``FATIGUE_WEEKS`` weeks."""
    first = deal.week - FATIGUE_WEEKS + 1
    count = 0
    for week in reversed(deal.contact_weeks[s]):
        if week < first:
            break
        count += 1
    return count


def _pm_answers(
    deal: Deal,
    pm: Member,
    s: int,
    gain: float,
    ready: float,
    activity: str,
    cold_factor: float = 1.0,
    log_cold: bool = True,
) -> float:
    """A PM answering the customer on implementation, graded by readiness r (0..1).

    Confidence gains g (closing that share of the gap to what we can show; g carries the PM's
    context through their effectiveness) and loses ``cold_pm_setback``·(1 − r)² (vague
    answers): a PM with no context sets the customer back, a little context already helps, a
    well-briefed PM helps most — no step anywhere. A net loss by a PM not yet briefed is logged
    as ``pm_cold`` (value = the net change).
    """
    step = deal.centre.move(s, US, IR, gain, deal.strengths[US, IR])
    miss = 1.0 - ready
    loss = deal.centre.set_back(s, US, IR, cold_factor * deal.params.cold_pm_setback * miss * miss)
    net = step + loss
    if net < 0.0 and log_cold and deal.trace and not pm.is_warm():
        deal.record(
            "pm_cold",
            actor=pm.id,
            target=deal.centre.ids[s],
            activity=activity,
            view="truth",
            value=net,
        )
    react(deal, "pm_cold" if net < 0.0 else "pm_answers", s, pm.id)
    return net


def _targets(deal: Deal, assignment: Assignment) -> list[int]:
    return [deal.index(t) for t in assignment.targets]


def _members(deal: Deal, assignment: Assignment) -> list[Member]:
    return [deal.team[m] for m in assignment.members]


def _lead_accuracy(deal: Deal, assignment: Assignment, competency: str) -> float:
    return deal.team.effectiveness(deal.team[assignment.members[0]], competency)


def _introductions(deal: Deal, s: int) -> None:
    """A stakeholder who leans our way introduces us to those who need an introduction."""
    waiting = [other for other in deal.introduces[s] if not deal.reachable(other)]
    if waiting and deal.centre.leans_to_us(s):
        for other in waiting:
            deal.make_reachable(other, f"introduced by {deal.centre.ids[s]}")
    seniors = [other for other in deal.peer_introducers[s] if not deal.reachable(other)]
    if not seniors:
        return
    # the harder door: graded by how far they back us (their choice probability for us)
    backing = deal.centre.choice_of(s, deal.params.choice_temperature)[US]
    for other in seniors:
        if deal.rng.random() < PEER_INTRODUCTION * backing:
            deal.make_reachable(other, f"introduced by {deal.centre.ids[s]}")


def _discovery(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    accuracy = _lead_accuracy(deal, a, "discovery")
    for s in _targets(deal, a):
        gain = _gain(deal, a, "discovery", s)
        deal.centre.move(s, US, REL, 0.5 * gain, deal.strengths[US, REL])
        deal.centre.move(s, US, BV, 0.3 * gain, deal.strengths[US, BV])
        concerns = deal.beliefs.observe_concerns(deal.centre, s, accuracy)
        reading = deal.beliefs.observe_disposition(deal.centre, s, accuracy)
        stakeholder = deal.centre.ids[s]
        if deal.rng.random() < accuracy:
            deal.beliefs.learn_agenda(stakeholder)
        deal.record(
            "needs_discovered",
            target=stakeholder,
            view="team",
            value=max(concerns),
            note=f"{reading[US]:+.0f}",
        )
        _introductions(deal, s)


def _mapping(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    accuracy = _lead_accuracy(deal, a, "discovery")
    coach = [s for s in _targets(deal, a) if deal.centre.has_role(s, "coach")]
    helped = bool(coach) and deal.centre.leans_to_us(coach[0])
    mapped = 0
    for s, stakeholder in enumerate(deal.centre.ids):
        if helped or deal.beliefs[stakeholder].met:
            deal.beliefs.observe_structure(
                deal.centre, s, min(1.0, accuracy + (0.3 if helped else 0.0))
            )
            mapped += 1
    deal.record(
        "buying_centre_mapped",
        actor=a.members[0],
        view="team",
        value=float(mapped),
        note="with coach" if helped else "",
    )


def _relationship(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    rank = EXECUTIVE_RANK if any(m.role == "executive" for m in _members(deal, a)) else 1.0
    accuracy = _lead_accuracy(deal, a, "relationship")
    for s in _targets(deal, a):
        gain = _gain(deal, a, "relationship", s) * rank
        deal.centre.move(s, US, REL, gain, deal.strengths[US, REL])
        deal.beliefs.observe_disposition(deal.centre, s, accuracy)
        _introductions(deal, s)


def _workshop(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    accuracy = 0.8 * _lead_accuracy(deal, a, "discovery")
    for s in _targets(deal, a):
        gain = _gain(deal, a, "discovery", s)
        deal.centre.move(s, US, BV, 0.6 * gain, deal.strengths[US, BV])
        deal.beliefs.observe_concerns(deal.centre, s, accuracy)
    deal.centre.shift_consensus(deal.params.group_consensus_gain)


def _pitch(deal: Deal, a: Assignment, spec: ActivitySpec, strength: float) -> None:
    """Presentation or demo at an angle; the wrong angle for the audience can set us back."""
    params = deal.params
    angle = a.angle or "technology"
    main, side = (BV, REL) if angle == "business" else (TF, BV)
    # at the technology angle, fit moves only as far as the presenters can show it
    shown = technical_depth(_members(deal, a)) if main == TF else 1.0
    ceiling = shown * deal.strengths[US, main]
    for s in _targets(deal, a):
        stakeholder = deal.centre.ids[s]
        gain = _gain(deal, a, spec.competency, s) * strength
        if not deal.beliefs[stakeholder].needs_known:
            gain *= UNDISCOVERED_FACTOR
        fits = FITTING_ANGLE[deal.centre.departments[s]] == angle
        deal.presented_to.add(s)
        react(deal, "angle_fit" if fits else "angle_misfit", s, a.members[0])
        if fits:
            deal.centre.move(s, US, main, gain, ceiling)
            deal.centre.move(s, US, side, 0.2 * gain, deal.strengths[US, side])
        else:
            deal.centre.move(s, US, main, params.off_angle_effect * gain, ceiling)
        if not fits and angle == "technology":
            skill = _lead_accuracy(deal, a, spec.competency)
            deal.misfits[s] += 1  # the first wrong pitch costs most; later ones confirm it
            loss = params.wrong_angle_setback * (1.0 - 0.5 * skill) / deal.misfits[s]
            deal.centre.set_back(s, US, BV, loss)
            deal.centre.status_quo[s] += 0.25 * loss
        if deal.trace:
            deal.record(
                "angle_fit" if fits else "angle_misfit",
                target=stakeholder,
                activity=spec.id,
                view="truth",
                value=gain,
                note=angle,
            )
        if fits and angle == "business":
            _push(deal, s, 0.3 * gain)
    _pm_in_the_room(deal, a, spec)


def technical_depth(members: list[Member]) -> float:
    """Share of our real technical fit that the people presenting can show, from the best
    technical skill among them: d(k) = k·(1 + h)/(k + h), h = ``SHOWN_HALF`` — d(0.3) ≈ 0.62,
    d(0.4) ≈ 0.72, d(0.8) ≈ 0.94, d(1) = 1. A rep alone brings a technical evaluator part of the
    way; a presales consultant in the room brings them further (smooth, saturating)."""
    return nx.saturating(max([m.skill("technical") for m in members]), SHOWN_HALF)


def _presentation(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    _pitch(deal, a, spec, 1.0)


def _demo(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    _pitch(deal, a, spec, 1.6)


def _push(deal: Deal, s: int, amount: float) -> None:
    """Showing a buyer the gap between where they are and where they could be (Miller Heiman
    response modes): a buyer in growth or trouble mode already feels it; an even-keel buyer
    starts to move; an overconfident one pushes back — doing nothing looks better to them."""
    mode = deal.centre.modes[s]
    if mode == "overconfident":
        deal.centre.status_quo[s] += OVERCONFIDENT_PUSHBACK * amount
        if deal.trace:
            deal.record("pushback", target=deal.centre.ids[s], view="truth", value=amount)
        react(deal, "pushback", s)
    elif mode == "even_keel":
        deal.centre.erode_status_quo(s, amount)
    else:
        deal.centre.erode_status_quo(s, 0.5 * amount)


def _pm_in_the_room(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    """A PM in a customer meeting answers implementation questions, if briefed."""
    for member in _members(deal, a):
        if member.role != "project_manager":
            continue
        ready = member.readiness()
        for s in _targets(deal, a):
            gain = _gain(deal, a, "implementation", s) * 0.5
            _pm_answers(deal, member, s, gain, ready, spec.id)


def _reference(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    deal.references_used += 1
    repeat = 1.0 / (1.0 + 0.5 * (deal.references_used - 1))
    for s in _targets(deal, a):
        gain = _gain(deal, a, "implementation", s) * 1.2 * repeat
        deal.centre.move(s, US, IR, gain, deal.strengths[US, IR])
        deal.centre.move(s, US, BV, 0.3 * gain, deal.strengths[US, BV])
        deal.centre.proof[s] = min(1.0, deal.centre.proof[s] + PROOF_REFERENCE * repeat)
        react(deal, "reference", s, a.members[0])


def _implementation_plan(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    pm = deal.team[a.members[0]]
    early = deal.phase in EARLY_PHASES
    ready = pm.readiness()
    boost = 1.0 + (deal.params.early_pm_gain if early else 0.0)
    for s in _targets(deal, a):
        gain = _gain(deal, a, "implementation", s) * boost
        _pm_answers(deal, pm, s, gain, ready, spec.id)
        deal.centre.proof[s] = min(1.0, deal.centre.proof[s] + PROOF_PLAN * ready)
    quality = (
        deal.team.effectiveness(pm, "implementation")
        * ready
        * (1.0 if deal.phase != "evaluation" else 0.6)
    )
    deal.plan_quality = max(deal.plan_quality, min(1.0, quality * boost))


def _executive(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    params = deal.params
    lead = deal.team[a.members[0]]
    for s in _targets(deal, a):
        peer = deal.centre.departments[s] == "executive" or deal.centre.has_role(
            s, "economic_buyer"
        )
        opening = deal.phase in OPPORTUNITY_PHASES
        gain = (
            params.executive_gain
            * deal.team.effectiveness(lead, "relationship")
            * float(deal.centre.receptivity[s])
            * (params.opportunity_multiplier if opening else 1.0)
            * (1.0 if peer else PEER_FACTOR)
        )
        deal.centre.move(s, US, REL, gain, deal.strengths[US, REL])
        deal.centre.move(s, US, BV, 0.6 * gain, deal.strengths[US, BV])
        # our senior standing behind the delivery makes it look less risky (sponsorship)
        deal.centre.move(s, US, IR, EXECUTIVE_COMMITMENT * gain, deal.strengths[US, IR])
        _push(deal, s, 0.15 * gain)
        deal.make_reachable(s, "executive meeting")
        react(deal, "executive_escalation", s, lead.id)
        deal.beliefs.observe_disposition(
            deal.centre, s, deal.team.effectiveness(lead, "relationship")
        )
        if deal.trace:
            deal.record(
                "executive_escalation",
                actor=lead.id,
                target=deal.centre.ids[s],
                view="truth",
                value=gain,
                note="opportunity" if opening else "",
            )
        _introductions(deal, s)


def _briefing(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    for member_id in a.targets:
        context = deal.team.brief(a.members[0], member_id, deal.week)
        deal.record("briefing", actor=a.members[0], target=member_id, view="team", value=context)
    deal.beliefs.knowledge.brief(a.members[0], a.targets, a.note, _open_requests(deal))


def _strategy(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    deal.team.align(a.members, deal.week)
    deal.beliefs.knowledge.share(a.members, a.note, _open_requests(deal))
    deal.record("team_aligned", actor=a.members[0], target="+".join(a.members), view="team")


def _open_requests(deal: Deal) -> tuple[str, ...]:
    """Stakeholders whose request to meet the PM is still open (a hand-off mentions them)."""
    return tuple(dict.fromkeys(deal.centre.ids[r.stakeholder] for r in deal.pm_requests))


def _bid(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    for member in _members(deal, a):
        deal.bid_hours += spec.hours
        deal.bid_points += spec.hours * deal.team.effectiveness(member, "bidding")
        if member.role == "project_manager":
            ready = member.readiness()
            deal.bid_pm_hours += spec.hours * ready
            deal.plan_quality = max(
                deal.plan_quality, 0.5 * ready * deal.team.effectiveness(member, "implementation")
            )
    if a.discount is not None:
        deal.bid_discount = a.discount


def _final_offer(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    """Our best and final offer: applied when the round closes (``final_offers``)."""
    assert a.discount is not None
    deal.final_discount = a.discount
    deal.record(
        "final_offer_made",
        actor=a.members[0],
        view="team",
        value=a.discount,
        note=f"{a.discount:.3f}",
    )


def _clarification(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    members = _members(deal, a)
    pm = next((m for m in members if m.role == "project_manager"), None)
    for s in _targets(deal, a):
        gain = _gain(deal, a, "implementation", s)
        if pm is not None:
            ready = pm.readiness()
            _pm_answers(deal, pm, s, 1.2 * gain, ready, spec.id)
            deal.centre.doubt[s] *= 1.0 - 0.5 * ready
            deal.centre.proof[s] = min(1.0, deal.centre.proof[s] + 0.2 * ready)
        else:
            deal.centre.move(s, US, IR, 0.5 * gain, deal.strengths[US, IR])
            deal.centre.move(s, US, TF, 0.5 * gain, deal.strengths[US, TF])


def _negotiation(deal: Deal, a: Assignment, spec: ActivitySpec) -> None:
    skill = max(deal.team.effectiveness(m, "negotiation") for m in _members(deal, a))
    deal.negotiated = max(deal.negotiated, skill)
    for s in _targets(deal, a):
        deal.centre.move(
            s, US, REL, 0.5 * _gain(deal, a, "negotiation", s), deal.strengths[US, REL]
        )


def _after_contact(deal: Deal, a: Assignment) -> None:
    """Context, PM involvement, customer requests and message consistency after a contact."""
    team = deal.team
    members = team.members
    pm = None
    for m in a.members:
        if members[m].role == "project_manager":
            pm = members[m]
            break
    # what the PM knew when they walked in (the meeting itself teaches them only afterwards)
    pm_ready = pm.readiness() if pm is not None else 0.0
    team.attended_contact(a.members)
    targets = _targets(deal, a)
    centre, week = deal.centre, deal.week
    moves = deal.our_moves.setdefault(week, []) if targets else []
    met = deal.beliefs.met
    contact_weeks = deal.contact_weeks
    for s in targets:
        crowding = _recent_contacts(deal, s) - 2 * FATIGUE_FREE
        if crowding > 0:  # too much of us: they start to avoid the meetings
            centre.set_back(s, US, REL, ANNOYANCE * crowding)
            if deal.trace:
                deal.record("contact_fatigue", target=centre.ids[s], view="truth", value=crowding)
            react(deal, "contact_fatigue", s, a.members[0])
        centre.get_to_know(s, US)
        met(centre.ids[s], week)
        moves.append((a.activity, s))
        contact_weeks[s].append(week)
    if pm is not None:
        deal.pm_customer_weeks.append(deal.week)
        for s in targets:
            deal.centre.proof[s] = min(1.0, deal.centre.proof[s] + PROOF_PM_CONTACT * pm_ready)
        _answer_pm_requests(deal, pm, targets, pm_ready)
    lead = team[a.members[0]]
    if team.voices > 1 and not lead.is_aligned(deal.week):  # two unaligned voices can contradict
        chance = deal.params.unaligned_conflict_chance
        if lead.shares_story(deal.week):  # a hand-off passed the story on, not the strategy
            chance *= deal.params.handoff_conflict_factor
        if deal.rng.random() < chance:
            deal.centre.shift_consensus(-deal.params.conflict_consensus_loss)
            if deal.trace:
                deal.record("message_conflict", actor=lead.id, activity=a.activity, view="truth")
            for s in targets:
                react(deal, "message_conflict", s, lead.id)
    elif len(targets) >= 2:
        deal.centre.shift_consensus(0.5 * deal.params.group_consensus_gain)


def _answer_pm_requests(deal: Deal, pm: Member, targets: list[int], ready: float) -> None:
    """The customer asked to meet the PM: they listen closely, so readiness counts double."""
    for request in list(deal.pm_requests):
        if request.stakeholder not in targets:
            continue
        deal.pm_requests.remove(request)
        s = request.stakeholder
        stakeholder = deal.centre.ids[s]
        gain = deal.params.activity_gain * deal.team.effectiveness(pm, "implementation")
        net = _pm_answers(deal, pm, s, gain, ready, "", cold_factor=2.0, log_cold=False)
        deal.centre.proof[s] = min(1.0, deal.centre.proof[s] + 0.3 * ready)
        if net >= 0.0:
            deal.record("pm_request_met", actor=pm.id, target=stakeholder, value=net)
        else:
            deal.record("pm_request_met_cold", actor=pm.id, target=stakeholder, view="public")


HANDLERS: dict[str, Handler] = {
    "discovery_meeting": _discovery,
    "stakeholder_mapping": _mapping,
    "relationship_visit": _relationship,
    "needs_workshop": _workshop,
    "solution_presentation": _presentation,
    "demo_poc": _demo,
    "reference_visit": _reference,
    "implementation_plan": _implementation_plan,
    "executive_meeting": _executive,
    "internal_briefing": _briefing,
    "team_strategy_session": _strategy,
    "bid_preparation": _bid,
    "final_offer": _final_offer,
    "clarification_answers": _clarification,
    "negotiation": _negotiation,
}
