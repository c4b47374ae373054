"""Rule stories for the team's activities: discovery, mapping, workshops, pitches, references,
executive meetings, hand-offs, strategy sessions, the bid, clarifications, the final offer and
negotiation (docs/model.md, "Activities").

As in tests/test_rule_stories.py: set the scene on a fresh game's deal, perform a few
activities through ``rules.perform`` (the engine's entry point), then check the hidden change
and the ordered records left in the game's log. Customer reactions (``reaction``,
``slip_noticed``) are drawn from their own random stream and left out of the record order.

Where a rule is deterministic the test compares shares of the gap closed (``share``): the
rules close a share of the distance between perception and what we can really show, so the
ratio of two shares is the ratio of the two gains, whatever the constants.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.model import rules
from sim.model.activities import CATALOGUE
from sim.model.buying_centre import BV, IR, REL, TF, US
from sim.model.deal import Deal
from sim.model.plans import Assignment
from sim.model.team import ALIGNMENT_WEEKS, BRIEFING_RETENTION
from sim.scenario import Scenario
from tests.test_rule_stories import GAMES, fresh, records

SIGNALS = ("reaction", "slip_noticed")  # the customer's noisy reactions: their own stream


def scene(
    cross_sell: Scenario, phase: str = "requirements", seed: int = 3, **contexts: float
) -> Deal:
    """A fresh deal in ``phase``; ``contexts``: members' context on the account."""
    deal = fresh(cross_sell, seed=seed, phase=phase)
    for member, context in contexts.items():
        deal.team[member].context = context
    return deal


def story(deal: Deal, start: int) -> list[tuple[str, str]]:
    """(kind, target) of the records since ``start``, in order, reactions left out."""
    return [(r.kind, r.target) for r in log(deal)[start:] if r.kind not in SIGNALS]


def log(deal: Deal) -> list[Any]:
    return GAMES[id(deal)].log.records


def last(deal: Deal, kind: str) -> Any:
    return next(r for r in reversed(log(deal)) if r.kind == kind)


def perform(deal: Deal, activity: str, members: str, targets: str = "", **kw: Any) -> int:
    """Perform ``activity`` led by the first of ``members`` ("rep+gm") for ``targets``
    ("zhou+wu"); returns where its records start."""
    start = records(deal)
    split = tuple(targets.split("+")) if targets else ()
    rules.perform(deal, Assignment(activity, tuple(members.split("+")), split, **kw))
    return start


def perception(deal: Deal, who: str, dim: int) -> float:
    return float(deal.centre.perception[deal.index(who), US, dim])


def share(deal: Deal, who: str, dim: int, act: Callable[[], object]) -> float:
    """The share of the gap to our real strength on ``dim`` that ``act`` closes for ``who``."""
    before = perception(deal, who, dim)
    gap = float(deal.strengths[US, dim]) - before
    assert gap > 0.0, "a scene with room to move"
    act()
    return (perception(deal, who, dim) - before) / gap


# --- discovery, mapping, workshop --------------------------------------------------------


def test_discovery_tells_us_their_needs_and_opens_the_door_they_hold(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell)
    zhou = deal.beliefs["zhou"]
    assert not zhou.needs_known and zhou.concerns is None and zhou.disposition is None
    assert not deal.reachable(deal.index("liu")), "Liu needs an introduction by Wu or Zhou"
    start = perform(deal, "discovery_meeting", "rep", "zhou")
    assert story(deal, start) == [
        ("activity", "zhou"),
        ("needs_discovered", "zhou"),
        ("access_granted", "liu"),  # Zhou leans our way: he introduces us to Liu
    ]
    assert zhou.needs_known and zhou.met
    assert zhou.concerns is not None and sum(zhou.concerns) == pytest.approx(1.0, abs=0.03)
    assert zhou.response_mode == deal.centre.modes[deal.index("zhou")], "the mode, as it is"
    assert zhou.disposition is not None, "and a reading of how he leans"
    assert last(deal, "needs_discovered").value == max(zhou.concerns)
    held = deal.beliefs.knowledge.of
    assert ("zhou", "needs") in held("rep"), "the rep was there"
    assert ("zhou", "needs") not in held("presales"), "the presales consultant was not"


def test_a_second_discovery_of_the_same_person_yields_nothing_new(cross_sell: Scenario) -> None:
    deal = scene(cross_sell)
    perform(deal, "discovery_meeting", "rep", "zhou")
    known = {k for k, v in vars(deal.beliefs["zhou"]).items() if v not in (None, False)}
    reachable = [deal.reachable(s) for s in range(len(deal.centre.ids))]
    start = perform(deal, "discovery_meeting", "rep", "zhou")
    assert story(deal, start) == [("activity", "zhou"), ("needs_discovered", "zhou")]
    again = {k for k, v in vars(deal.beliefs["zhou"]).items() if v not in (None, False)}
    assert again == known, "the same facts, read again"
    assert [deal.reachable(s) for s in range(len(deal.centre.ids))] == reachable, "no new door"


def test_mapping_shows_the_roles_of_those_we_met_and_a_backing_coach_shows_all(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell)
    sun = deal.beliefs["sun"]
    assert sun.role is None, "nobody told us Sun's role"
    start = perform(deal, "stakeholder_mapping", "rep")
    assert story(deal, start) == [("activity", ""), ("buying_centre_mapped", "")]
    assert last(deal, "buying_centre_mapped").value == 0.0, "we have met nobody yet"
    perform(deal, "discovery_meeting", "rep", "zhou")
    perform(deal, "stakeholder_mapping", "rep")
    assert last(deal, "buying_centre_mapped").value == 1.0, "only Zhou, whom we met"
    assert deal.beliefs["zhou"].mapped and deal.beliefs["zhou"].links is not None
    assert sun.role is None
    perform(deal, "stakeholder_mapping", "rep", "wu")  # the coach, who leans our way
    mapped = last(deal, "buying_centre_mapped")
    assert (mapped.value, mapped.note) == (len(deal.centre.ids), "with coach")
    assert sun.role == deal.centre.roles[deal.index("sun")]
    assert all(deal.beliefs[p].mapped for p in deal.centre.ids)
    assert not deal.beliefs["wu"].met, (
        "mapping is desk work (not customer-facing): no meeting with Wu"
    )


def test_a_coach_who_does_not_back_us_maps_nothing_for_us(cross_sell: Scenario) -> None:
    deal = scene(cross_sell)
    deal.centre.perception[deal.index("wu"), US, :] = 0.0  # Wu has turned against us
    assert not deal.centre.leans_to_us(deal.index("wu"))
    perform(deal, "stakeholder_mapping", "rep", "wu")
    mapped = last(deal, "buying_centre_mapped")
    assert (mapped.value, mapped.note) == (0.0, "")
    assert deal.beliefs["sun"].role is None


def _consensus_after(cross_sell: Scenario, activity: str, targets: str) -> float:
    deal = scene(cross_sell)
    perform(deal, activity, "presales", targets)
    return deal.centre.consensus


def test_a_workshop_meets_several_people_at_once_and_moves_the_group(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell)
    people = ("zhou", "wu", "sun")
    value = {p: perception(deal, p, BV) for p in people}
    start = perform(deal, "needs_workshop", "presales", "+".join(people))
    assert story(deal, start) == [("activity", "zhou+wu+sun")], "a workshop records only itself"
    for p in people:
        assert deal.beliefs[p].needs_known and deal.beliefs[p].met
        assert perception(deal, p, BV) > value[p], "each sees more business value"
        assert (p, "needs") in deal.beliefs.knowledge.of("presales")
    # consensus starts at 0.5; one voice, so no contradiction can pull it down
    one = _consensus_after(cross_sell, "discovery_meeting", "zhou")
    two = _consensus_after(cross_sell, "discovery_meeting", "zhou+wu")
    group = _consensus_after(cross_sell, "needs_workshop", "zhou+wu")
    assert one == 0.5, "a one-on-one meeting leaves the group as it was"
    assert 0.5 < two < group, "meeting two together helps; working with them as a group more"


# --- pitches: presentation and demo ------------------------------------------------------


def _pitch(cross_sell: Scenario, known: bool = True) -> Deal:
    """A fresh deal where we know everyone's needs (or nobody's)."""
    deal = scene(cross_sell)
    for p in deal.centre.ids:
        deal.beliefs[p].needs_known = known
    return deal


def test_the_fitting_angle_moves_the_main_dimension_more_than_a_misfit(
    cross_sell: Scenario,
) -> None:
    """Zhou (IT) and Wu (production) in one technology presentation: the same gain, the same
    gap on technical fit (both start at our reputation), both growth mode."""
    deal = _pitch(cross_sell)
    before = {p: perception(deal, p, TF) for p in ("zhou", "wu")}
    assert before["zhou"] == before["wu"]
    start = perform(deal, "solution_presentation", "presales", "zhou+wu", angle="technology")
    assert story(deal, start) == [
        ("activity", "zhou+wu"),
        ("angle_fit", "zhou"),
        ("angle_misfit", "wu"),
    ]
    fit, misfit = (perception(deal, p, TF) - before[p] for p in ("zhou", "wu"))
    assert misfit / fit == pytest.approx(deal.params.off_angle_effect)
    assert misfit < fit


def test_a_technology_pitch_sets_a_business_person_back_less_the_second_time(
    cross_sell: Scenario,
) -> None:
    deal = _pitch(cross_sell)
    wu = deal.index("wu")
    losses, pulls = [], []
    for _ in range(2):
        deal.team["presales"].context = 0.5  # the same presenter (meetings teach them too)
        value, doing_nothing = perception(deal, "wu", BV), float(deal.centre.status_quo[wu])
        start = perform(deal, "solution_presentation", "presales", "wu", angle="technology")
        assert story(deal, start) == [("activity", "wu"), ("angle_misfit", "wu")]
        assert last(deal, "angle_misfit").note == "technology"
        losses.append(value - perception(deal, "wu", BV))
        pulls.append(float(deal.centre.status_quo[wu]) - doing_nothing)
    assert losses[0] > losses[1] > 0.0, "lost in detail; the second time only confirms it"
    assert pulls[0] > pulls[1] > 0.0, "and doing nothing looks a little better each time"
    assert deal.misfits[wu] == 2


def test_a_business_pitch_to_the_it_director_is_weaker_but_no_setback(
    cross_sell: Scenario,
) -> None:
    deal = _pitch(cross_sell)
    moved = share(
        deal,
        "zhou",
        BV,
        lambda: perform(deal, "solution_presentation", "presales", "zhou", angle="business"),
    )
    assert moved > 0.0, "off the angle, but still a little more business value"
    assert deal.misfits[deal.index("zhou")] == 0, "only technology talk loses a business ear"
    assert last(deal, "angle_misfit").note == "business"


def _pitch_share(cross_sell: Scenario, activity: str, known: bool = True) -> tuple[float, Deal]:
    deal = _pitch(cross_sell, known)
    moved = share(
        deal,
        "zhou",
        TF,
        lambda: perform(deal, activity, "presales", "zhou", angle="technology"),
    )
    return moved, deal


def test_a_demo_moves_more_than_a_presentation_and_costs_more(cross_sell: Scenario) -> None:
    (shown, demo), (presented, talk) = (
        _pitch_share(cross_sell, activity) for activity in ("demo_poc", "solution_presentation")
    )
    assert shown > presented > 0.0, "the same scene: seeing it work beats slides"
    for deal in (demo, talk):
        activity = last(deal, "activity").activity
        assert deal.spend == CATALOGUE[activity].cost
        assert last(deal, "angle_fit").activity == activity
    assert demo.spend > talk.spend


def test_pitching_before_discovery_yields_less(cross_sell: Scenario) -> None:
    known, _ = _pitch_share(cross_sell, "solution_presentation", known=True)
    blind, _ = _pitch_share(cross_sell, "solution_presentation", known=False)
    assert blind / known == pytest.approx(rules.UNDISCOVERED_FACTOR)


# --- references, relationship, executives ------------------------------------------------


def test_references_build_implementation_confidence_and_proof_each_less_than_before(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell)
    zhou = deal.index("zhou")
    confidence, proof = [], []
    for _ in range(3):
        deal.centre.perception[zhou, US, IR] = 0.3  # the same gap every time
        deal.team["rep"].context = 0.8  # and the same rep
        before = float(deal.centre.proof[zhou])
        start = perform(deal, "reference_visit", "rep", "zhou")
        assert story(deal, start) == [("activity", "zhou")]
        confidence.append(perception(deal, "zhou", IR) - 0.3)
        proof.append(float(deal.centre.proof[zhou]) - before)
    assert proof[0] == pytest.approx(rules.PROOF_REFERENCE), "no PM along: the reference alone"
    assert confidence[0] > confidence[1] > confidence[2] > 0.0, "each reference adds less"
    assert proof[0] > proof[1] > proof[2] > 0.0
    assert deal.references_used == 3


def _visit_share(cross_sell: Scenario, members: str) -> float:
    deal = scene(cross_sell)
    return share(deal, "zhou", REL, lambda: perform(deal, "relationship_visit", members, "zhou"))


def test_a_relationship_visit_warms_them_and_reads_their_leaning(cross_sell: Scenario) -> None:
    deal = scene(cross_sell)
    assert deal.beliefs["zhou"].disposition is None
    start = records(deal)
    moved = share(deal, "zhou", REL, lambda: perform(deal, "relationship_visit", "rep", "zhou"))
    assert moved > 0.0
    assert deal.beliefs["zhou"].disposition is not None, "we see how he leans now"
    assert story(deal, start) == [("activity", "zhou"), ("access_granted", "liu")]
    # our executive joining raises the visit's weight and adds their own skill
    assert _visit_share(cross_sell, "rep+gm") > rules.EXECUTIVE_RANK * _visit_share(
        cross_sell, "rep"
    )


def _meet(deal: Deal, target: str) -> dict[int, float]:
    """Our executive meets ``target``: the share of the gap closed on each dimension."""
    s = deal.index(target)
    before = deal.centre.perception[s, US].copy()
    gap = deal.strengths[US] - before
    perform(deal, "executive_meeting", "gm", target)
    moved = deal.centre.perception[s, US] - before
    return {dim: float(moved[dim] / gap[dim]) for dim in (REL, BV, IR)}


def test_an_executive_meeting_opens_the_door_and_vouches_for_the_delivery(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell)
    chen = deal.index("chen")
    assert not deal.reachable(chen), "an executive peer: only our executive gets in"
    doing_nothing = float(deal.centre.status_quo[chen])
    start = records(deal)
    moved = _meet(deal, "chen")
    assert story(deal, start) == [
        ("activity", "chen"),
        ("access_granted", "chen"),
        ("executive_escalation", "chen"),
    ]
    assert last(deal, "executive_escalation").note == "opportunity", "the need is forming"
    assert deal.reachable(chen)
    assert all(x > 0.0 for x in moved.values()), "closer to us on all three"
    assert moved[IR] / moved[REL] == pytest.approx(rules.EXECUTIVE_COMMITMENT)
    assert float(deal.centre.status_quo[chen]) < doing_nothing, "even keel: shown a gap"
    assert deal.beliefs["chen"].disposition is not None


def test_an_executive_meeting_counts_most_with_a_peer_and_while_the_need_forms(
    cross_sell: Scenario,
) -> None:
    """Chen (GM) and He (procurement) are both even keel: the same receptivity."""
    peer = _meet(scene(cross_sell), "chen")[REL]
    other = _meet(scene(cross_sell), "he")[REL]
    early = _meet(scene(cross_sell, phase="latent"), "chen")[REL]
    assert other / peer == pytest.approx(rules.PEER_FACTOR)
    assert peer / early == pytest.approx(cross_sell.parameters.opportunity_multiplier)


# --- hand-offs and alignment -------------------------------------------------------------


def test_a_briefing_hands_on_most_of_the_briefers_context_and_what_they_saw(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell)
    perform(deal, "discovery_meeting", "rep", "zhou")
    rep = deal.team["rep"].context
    start = perform(deal, "internal_briefing", "rep", "pm+presales")
    assert story(deal, start) == [
        ("activity", "pm+presales"),
        ("briefing", "pm"),
        ("briefing", "presales"),
    ]
    for member in ("pm", "presales"):
        context = deal.team[member].context
        assert context == pytest.approx(rep * BRIEFING_RETENTION) and context < rep
        assert deal.beliefs.knowledge.of(member)[("zhou", "needs")].via == "rep"
    assert [r.value for r in log(deal)[start:] if r.kind == "briefing"] == [
        deal.team["pm"].context,
        deal.team["presales"].context,
    ]
    assert deal.team.voices == 1, "a briefing is no customer contact"
    perform(deal, "internal_briefing", "pm", "rep")
    assert deal.team["rep"].context == rep, "being briefed by someone who knows less costs nothing"


def test_a_strategy_session_aligns_those_present_for_some_weeks(cross_sell: Scenario) -> None:
    deal = scene(cross_sell)
    perform(deal, "discovery_meeting", "rep", "zhou")
    start = perform(deal, "team_strategy_session", "rep+presales+pm")
    assert story(deal, start) == [("activity", ""), ("team_aligned", "rep+presales+pm")]
    assert ("zhou", "needs") in deal.beliefs.knowledge.of("pm"), "everyone leaves knowing it"
    team = deal.team
    assert all(team[m].is_aligned(deal.week) for m in ("rep", "presales", "pm"))
    assert not team["gm"].is_aligned(deal.week), "not there, not aligned"
    assert team["pm"].is_aligned(deal.week + ALIGNMENT_WEEKS)
    assert not team["pm"].is_aligned(deal.week + ALIGNMENT_WEEKS + 1)


def _discovery_share(cross_sell: Scenario, aligned: bool) -> float:
    deal = scene(cross_sell)
    if aligned:
        perform(deal, "team_strategy_session", "rep+presales")
    return share(deal, "zhou", REL, lambda: perform(deal, "discovery_meeting", "rep", "zhou"))


def test_an_aligned_lead_tells_the_agreed_story(cross_sell: Scenario) -> None:
    ratio = _discovery_share(cross_sell, True) / _discovery_share(cross_sell, False)
    assert ratio == pytest.approx(1.0 + rules.ALIGNED_STORY)


def _second_voice(
    cross_sell: Scenario, seed: int, aligned: bool, briefed: bool = False
) -> tuple[bool, float]:
    """The rep meets Zhou, then presales meets Wu: did we contradict ourselves?"""
    deal = scene(cross_sell, seed=seed)
    if aligned:
        perform(deal, "team_strategy_session", "rep+presales")
    if briefed:
        perform(deal, "internal_briefing", "rep", "presales")
    perform(deal, "discovery_meeting", "rep", "zhou")
    start = perform(deal, "discovery_meeting", "presales", "wu")
    return ("message_conflict", "") in story(deal, start), deal.centre.consensus


def test_an_aligned_second_voice_never_contradicts_and_an_unaligned_one_can(
    cross_sell: Scenario,
) -> None:
    """Deterministic per seed; over 20 seeds at a 30 % chance a conflict is all but sure."""
    seeds = range(20)
    aligned = [_second_voice(cross_sell, seed, aligned=True) for seed in seeds]
    assert aligned == [(False, 0.5)] * len(seeds), "one-on-one meetings, one story"
    loose = [_second_voice(cross_sell, seed, aligned=False) for seed in seeds]
    assert any(conflict for conflict, _ in loose) and not all(conflict for conflict, _ in loose)
    for conflict, consensus in loose:
        assert (consensus < 0.5) if conflict else (consensus == 0.5), "two stories split them"


def test_a_hand_off_halves_the_chance_of_contradicting(cross_sell: Scenario) -> None:
    """Same seeds, same draws: a briefed second voice contradicts only where its unbriefed
    twin did (draw < chance × ``handoff_conflict_factor`` implies draw < chance), and less
    often (60 seeds at 30 % against 15 %: about 18 against 9)."""
    seeds = range(60)
    loose = [_second_voice(cross_sell, seed, aligned=False)[0] for seed in seeds]
    briefed = [_second_voice(cross_sell, seed, aligned=False, briefed=True)[0] for seed in seeds]
    assert all(was for was, now in zip(loose, briefed, strict=True) if now)
    assert 0 < sum(briefed) < sum(loose)


def test_a_hand_off_is_remembered_for_some_weeks_by_both_sides(cross_sell: Scenario) -> None:
    deal = scene(cross_sell)
    perform(deal, "internal_briefing", "rep", "presales")
    team, week = deal.team, deal.week
    assert team["rep"].shares_story(week) and team["presales"].shares_story(week)
    assert not team["pm"].shares_story(week), "not briefed, not sharing the story"
    assert team["presales"].shares_story(week + ALIGNMENT_WEEKS)
    assert not team["presales"].shares_story(week + ALIGNMENT_WEEKS + 1)
    assert not team["presales"].is_aligned(week), "a hand-off is not a strategy session"


# --- the bid, clarifications, final offer, negotiation -----------------------------------


def test_bid_preparation_adds_hours_and_points_and_sets_the_discount(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell, phase="tender", pm=0.0)
    team, hours = deal.team, CATALOGUE["bid_preparation"].hours
    start = perform(deal, "bid_preparation", "presales+pm", discount=0.1)
    assert story(deal, start) == [("activity", "")]
    assert last(deal, "activity").note == "pm"
    points = hours * (
        team.effectiveness(team["presales"], "bidding") + team.effectiveness(team["pm"], "bidding")
    )
    assert (deal.bid_hours, deal.bid_discount) == (2 * hours, 0.1)
    assert deal.bid_points == pytest.approx(points), "each member's hours times their skill"
    assert deal.bid_pm_hours == 0.0 and deal.plan_quality == 0.0, "a cold PM: hours, no plan"
    perform(deal, "bid_preparation", "presales+pm")
    assert deal.bid_hours == 4 * hours
    assert deal.bid_points == pytest.approx(2 * points), "desk work: nobody's context changed"
    assert deal.bid_discount == 0.1, "a bid step without a discount keeps the one set"


def test_a_briefed_pm_in_the_bid_makes_a_plan(cross_sell: Scenario) -> None:
    deal = scene(cross_sell, phase="tender", pm=0.6)
    hours = CATALOGUE["bid_preparation"].hours
    perform(deal, "bid_preparation", "pm")
    assert deal.plan_quality > 0.0
    assert 0.0 < deal.bid_pm_hours < hours, "their hours count as far as they are ready"
    without = scene(cross_sell, phase="tender", pm=0.6)
    perform(without, "bid_preparation", "presales")
    assert without.plan_quality == 0.0 and without.bid_pm_hours == 0.0


def _clarify(cross_sell: Scenario, members: str, pm: float = 0.9) -> tuple[Deal, int]:
    deal = scene(cross_sell, phase="evaluation", pm=pm)
    zhou = deal.index("zhou")
    deal.centre.doubt[zhou] = 0.5  # a rival has questioned our record
    start = perform(deal, "clarification_answers", members, "zhou")
    return deal, start


def test_clarifications_from_a_ready_pm_answer_the_doubt(cross_sell: Scenario) -> None:
    before = scene(cross_sell, phase="evaluation")
    deal, start = _clarify(cross_sell, "pm")
    zhou = deal.index("zhou")
    assert story(deal, start) == [("activity", "zhou")], "a ready PM: no cold answers"
    assert float(deal.centre.doubt[zhou]) < 0.5
    assert float(deal.centre.proof[zhou]) > 0.0
    assert perception(deal, "zhou", IR) > perception(before, "zhou", IR)
    cold, _ = _clarify(cross_sell, "pm", pm=0.0)
    assert float(cold.centre.doubt[zhou]) == 0.5, "a PM who knows nothing answers nothing"
    assert float(cold.centre.proof[zhou]) == 0.0


def test_clarifications_without_a_pm_improve_fit_and_confidence_but_leave_the_doubt(
    cross_sell: Scenario,
) -> None:
    before = scene(cross_sell, phase="evaluation")
    deal, start = _clarify(cross_sell, "presales")
    zhou = deal.index("zhou")
    assert story(deal, start) == [("activity", "zhou")]
    assert float(deal.centre.doubt[zhou]) == 0.5 and float(deal.centre.proof[zhou]) == 0.0
    for dim in (IR, TF):
        assert perception(deal, "zhou", dim) > perception(before, "zhou", dim)


def test_a_final_offer_is_recorded_and_kept_for_the_round(cross_sell: Scenario) -> None:
    deal = scene(cross_sell, phase="evaluation")
    start = perform(deal, "final_offer", "rep", discount=0.12)
    assert story(deal, start) == [("activity", ""), ("final_offer_made", "")]
    made = last(deal, "final_offer_made")
    assert (made.actor, made.value, made.note) == ("rep", 0.12, "0.120")
    assert deal.final_discount == 0.12
    assert deal.bid_discount == 0.0, "applied only when the round closes"


def test_negotiation_keeps_the_best_negotiator_skill_and_warms_the_buyer(
    cross_sell: Scenario,
) -> None:
    deal = scene(cross_sell, phase="negotiation")
    team = deal.team
    skill = {m: team.effectiveness(team[m], "negotiation") for m in ("rep", "gm")}
    start = records(deal)
    moved = share(deal, "he", REL, lambda: perform(deal, "negotiation", "rep+gm", "he"))
    assert moved > 0.0
    assert story(deal, start) == [("activity", "he")]
    assert deal.negotiated == max(skill.values())
    perform(deal, "negotiation", "presales", "he")
    assert deal.negotiated == max(skill.values()), "a weaker negotiator later does not undo it"


# --- every rule has a story --------------------------------------------------------------

STORY_FILES = ("test_rule_stories*.py", "test_commercial_stories.py")


def _stories() -> Iterator[Callable[..., object]]:
    """Every story test that takes only the cross-sell scenario (or nothing)."""
    here = Path(__file__).parent
    for path in sorted({p for pattern in STORY_FILES for p in here.glob(pattern)}):
        module = importlib.import_module(f"tests.{path.stem}")
        for name, function in vars(module).items():
            if not name.startswith("test_") or name == _meta_name:
                continue
            if set(inspect.signature(function).parameters) <= {"cross_sell"}:
                yield function


def test_every_rule_has_a_story(cross_sell: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the stories again and watch: a rule counts when a story chose its activity (through
    ``rules.perform`` or ``Simulation.plan``) and its handler then ran. A handler added without
    a story fails here; so does a story whose activity never reaches its handler."""
    ran: set[str] = set()
    chosen: set[str] = set()

    def watch(key: str, handler: rules.Handler) -> rules.Handler:
        def watched(deal: Deal, a: Assignment, spec: Any) -> None:
            ran.add(key)
            handler(deal, a, spec)

        return watched

    for key, handler in list(rules.HANDLERS.items()):
        monkeypatch.setitem(rules.HANDLERS, key, watch(key, handler))
    perform_, plan_ = rules.perform, sim.Simulation.plan

    def performed(deal: Deal, assignment: Assignment) -> None:
        chosen.add(assignment.activity)
        perform_(deal, assignment)

    def planned(game: sim.Simulation, *args: Any, **kwargs: Any) -> Any:
        accepted = plan_(game, *args, **kwargs)
        chosen.update(a.activity for a in accepted.assignments)
        return accepted

    monkeypatch.setattr(rules, "perform", performed)
    monkeypatch.setattr(sim.Simulation, "plan", planned)
    stories = list(_stories())
    assert len(stories) > 20
    for run in stories:
        run(**({"cross_sell": cross_sell} if inspect.signature(run).parameters else {}))
    missing = sorted(set(rules.HANDLERS) - (ran & chosen))
    assert not missing, f"rules without a story: {missing}"


_meta_name = test_every_rule_has_a_story.__name__
