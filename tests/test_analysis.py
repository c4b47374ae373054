"""The debrief's analyses on constructed sessions whose right answers are known.

Each story scripts a team week by week on the cross-sell scenario (Huadong Precision: Wu Lei and
Sun Hao sit in the business department, Zhou Wei in the technical one, Chen Jianguo is the
economic buyer and meets only a peer-level executive) and checks what the debrief concludes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sim import Assignment, Forecast, Plan, Simulation
from sim.analysis.assessment import Assessment
from sim.analysis.competencies import assess
from sim.analysis.contact_context import reconstruct
from sim.analysis.dispositions import believed_dispositions, options, true_dispositions
from sim.analysis.forecast import forecast_score
from sim.analysis.moments import key_moments
from sim.analysis.session_facts import SessionFacts
from sim.model.observation import TeamView
from sim.scenario import Scenario

SEED = 1
Week = Callable[[TeamView], list[Assignment]]
SELLING = ("requirements", "tender")


def play(scenario: Scenario, week: Week, *, seed: int = SEED, lang: str = "en") -> Simulation:
    """Play the deal to its end with the scripted weeks and a steady 30% forecast."""
    game = Simulation(scenario, seed=seed, policy=None, lang=lang)
    while not game.done:
        view = game.observe(feed=False)
        game.plan(Plan(tuple(week(view)), Forecast(view.stage, 0.3)))
        game.advance()
    return game


def bid(view: TeamView) -> list[Assignment]:
    if view.phase == "tender" and view.bid_hours < 24:
        return [Assignment("bid_preparation", ("presales", "rep"))]
    return []


def pitching(angle: str) -> Week:
    """The rep discovers the business people's needs, then presales pitches to them at ``angle``
    every week of the requirements and tender phases (briefed by the rep each time)."""

    def week(view: TeamView) -> list[Assignment]:
        plan = [Assignment("internal_briefing", ("rep",), ("presales",))]
        if view.week == 0:
            plan.append(Assignment("discovery_meeting", ("rep",), ("wu", "sun")))
        if view.phase in SELLING and view.bid_hours < 24:
            plan.append(
                Assignment("solution_presentation", ("presales",), ("wu", "sun"), angle=angle)
            )
        return plan + bid(view)

    return week


def early_pm(view: TeamView) -> list[Assignment]:
    """The rep briefs the PM every week; the PM joins discovery from week 0 and brings an
    implementation plan to the people who worry about implementation; the GM opens the door to
    the economic buyer when the requirements phase starts."""
    plan = [Assignment("internal_briefing", ("rep",), ("pm",))]
    if view.phase == "latent":
        first = ("zhou", "wu") if view.week == 0 else ("he",)
        plan.append(Assignment("discovery_meeting", ("rep", "pm"), first))
    if view.phase in SELLING:
        plan.append(Assignment("executive_meeting", ("gm",), ("chen",)))
        reachable = [s.id for s in view.stakeholders if s.reachable]
        worried = [s for s in ("chen", "zhou", "wu", "he") if s in reachable]
        plan.append(Assignment("implementation_plan", ("pm",), tuple(worried)))
    return plan + bid(view)


def cold_pm(view: TeamView) -> list[Assignment]:
    """Nobody briefs the PM, who drops in every third week with an implementation plan while
    the rep meets the customer every week (so what the PM picks up fades in between)."""
    plan = [Assignment("relationship_visit", ("rep",), ("zhou",))]
    if view.week == 0:
        plan.append(Assignment("discovery_meeting", ("rep",), ("zhou", "wu")))
    if view.phase in SELLING and view.week % 3 == 0:
        plan.append(Assignment("implementation_plan", ("pm",), ("zhou", "wu")))
    return plan + bid(view)


@pytest.fixture(scope="module")
def technology_to_business(cross_sell: Scenario) -> SessionFacts:
    return SessionFacts(play(cross_sell, pitching("technology")))


@pytest.fixture(scope="module")
def business_to_business(cross_sell: Scenario) -> SessionFacts:
    return SessionFacts(play(cross_sell, pitching("business")))


@pytest.fixture(scope="module")
def briefed_early_pm(cross_sell: Scenario) -> SessionFacts:
    return SessionFacts(play(cross_sell, early_pm))


@pytest.fixture(scope="module")
def unbriefed_pm(cross_sell: Scenario) -> SessionFacts:
    return SessionFacts(play(cross_sell, cold_pm))


def scores(facts: SessionFacts) -> Assessment:
    return assess(facts)


# --- presales: the angle ---------------------------------------------------------------------


def test_presales_always_pitching_technology_to_business_people_scores_a_gap(
    technology_to_business: SessionFacts,
) -> None:
    facts = technology_to_business
    angle = scores(facts).get("presales", "angle_fit")
    misfits = facts.rows("angle_misfit")

    assert len(misfits) >= 6  # several weeks, two business people each
    assert angle.value == 0.0 and angle.level == "gap"
    assert angle.rows(good=False) == misfits  # every wrong-angle record is cited against
    assert angle.rows(good=True) == []
    assert "Wu Lei (business, product technology)" in angle.explanation("en")


def test_the_same_pitches_at_the_business_angle_score_strong(
    business_to_business: SessionFacts,
) -> None:
    angle = scores(business_to_business).get("presales", "angle_fit")

    assert business_to_business.rows("angle_misfit") == []
    assert angle.value == 1.0 and angle.level == "strong"
    assert angle.rows(good=True) == business_to_business.rows("angle_fit")


def test_discovery_came_first_so_discovery_before_solution_is_full(
    technology_to_business: SessionFacts,
) -> None:
    discovery = scores(technology_to_business).get("presales", "discovery_first")
    assert discovery.value == 1.0


def test_pitching_before_any_discovery_scores_zero(cross_sell: Scenario) -> None:
    def blind(view: TeamView) -> list[Assignment]:
        plan = [Assignment("internal_briefing", ("rep",), ("presales",))]
        if view.phase == "requirements":
            plan.append(
                Assignment("solution_presentation", ("presales",), ("zhou",), angle="technology")
            )
        return plan + bid(view)

    discovery = scores(SessionFacts(play(cross_sell, blind))).get("presales", "discovery_first")
    assert discovery.value == 0.0
    assert discovery.rows(good=False)  # each blind pitch is cited


# --- the project manager ----------------------------------------------------------------------


def test_a_pm_briefed_and_involved_early_scores_high(briefed_early_pm: SessionFacts) -> None:
    assessment = scores(briefed_early_pm)
    involvement = assessment.get("project_manager", "pm_early")
    briefed = assessment.get("project_manager", "pm_briefed")

    assert briefed_early_pm.rows("pm_cold") == []
    assert briefed.value == 1.0 and briefed.level == "strong"
    assert involvement.value is not None and involvement.value >= 0.75
    assert involvement.level == "strong"
    briefings = [
        r for r in briefed.rows(good=True) if briefed_early_pm.records[r].kind == "briefing"
    ]
    assert briefings and all(briefed_early_pm.records[r].target == "pm" for r in briefings)


def test_a_pm_sent_in_cold_scores_a_gap_and_the_cold_contacts_are_cited(
    unbriefed_pm: SessionFacts,
) -> None:
    assessment = scores(unbriefed_pm)
    briefed = assessment.get("project_manager", "pm_briefed")
    involvement = assessment.get("project_manager", "pm_early")
    cold = unbriefed_pm.rows("pm_cold")

    assert cold
    assert briefed.value is not None and briefed.value < 0.4 and briefed.level == "gap"
    assert set(cold) <= set(briefed.rows(good=False))
    assert involvement.value is not None and involvement.value < 0.4


@pytest.mark.parametrize("story", ["briefed_early_pm", "unbriefed_pm"])
def test_reconstructed_context_agrees_with_the_engines_cold_pm_records(
    story: str, request: pytest.FixtureRequest
) -> None:
    facts: SessionFacts = request.getfixturevalue(story)
    cold_actions = {facts.cause[r] for r in facts.rows("pm_cold")}
    plans = [
        part
        for part in reconstruct(facts).participations
        if part.member == "pm" and part.action.activity == "implementation_plan"
    ]
    assert plans
    for part in plans:
        # the engine logs a cold PM only below the "briefed" label, and always with no context
        if part.action.row in cold_actions:
            assert not part.warm, part
        if part.context < 0.05:
            assert part.action.row in cold_actions, part


def test_a_pm_who_never_meets_the_customer_is_not_observed_and_briefing_is_not_scored(
    technology_to_business: SessionFacts,
) -> None:
    briefed = scores(technology_to_business).get("project_manager", "pm_briefed")
    assert briefed.value is None and briefed.level == "not_observed"
    assert "never met the customer" in briefed.explanation("en")


# --- the rep and the executive -----------------------------------------------------------------


def test_an_economic_buyer_never_met_scores_zero_and_says_so(
    technology_to_business: SessionFacts,
) -> None:
    access = scores(technology_to_business).get("sales_rep", "economic_buyer_access")
    assert access.value == 0.0
    assert access.explanation("en") == (
        "The economic buyer, Chen Jianguo, was never met before bids were opened."
    )


def test_influence_met_is_the_true_influence_of_the_people_met_before_the_bid(
    technology_to_business: SessionFacts,
) -> None:
    facts = technology_to_business
    met = scores(facts).get("sales_rep", "influence_met")
    assert met.value == pytest.approx(facts.influence["wu"] + facts.influence["sun"])


def test_an_executive_meeting_the_economic_buyer_each_week_of_the_opening_covers_those_points(
    briefed_early_pm: SessionFacts,
) -> None:
    peer = scores(briefed_early_pm).get("executive", "peer_meetings")
    points = [
        p for p in ("requirements", "tender") if briefed_early_pm.phase_start_row(p) is not None
    ]
    assert peer.detail["covered"] >= len(points)
    assert peer.rows(good=False) == []


# --- the team ----------------------------------------------------------------------------------


def test_a_rep_selling_alone_has_no_alignment_at_stake(cross_sell: Scenario) -> None:
    def alone(view: TeamView) -> list[Assignment]:
        return [Assignment("relationship_visit", ("rep",), ("zhou",))]

    assessment = scores(SessionFacts(play(cross_sell, alone)))
    assert assessment.get("team", "alignment").value is None
    assert assessment.get("team", "consistent_messages").value is None
    assert assessment.get("team", "handoffs").value is None


def test_every_cited_row_exists_and_every_score_explains_itself(
    briefed_early_pm: SessionFacts,
) -> None:
    for score in scores(briefed_early_pm).scores:
        assert all(0 <= e.row < len(briefed_early_pm.records) for e in score.evidence)
        for lang in ("en", "zh"):
            assert not score.explanation(lang).startswith("analysis."), score
            assert not score.coaching(lang).startswith("analysis."), score


# --- facts, forecast, dispositions, moments -------------------------------------------------------


def test_the_actions_add_up_to_the_results_cost_of_sale(briefed_early_pm: SessionFacts) -> None:
    facts = briefed_early_pm
    assert len(facts.actions) == len(facts.rows("activity"))
    assert all(facts.records[a.row].activity == a.activity for a in facts.actions)
    assert sum(a.expenses for a in facts.actions) == pytest.approx(facts.result.pursuit_spend)
    assert sum(a.labour for a in facts.actions) == pytest.approx(facts.result.labour_cost)


def test_the_forecast_brier_score_matches_the_engines(briefed_early_pm: SessionFacts) -> None:
    score = forecast_score(briefed_early_pm)
    won = 1.0 if briefed_early_pm.won else 0.0
    assert score.team_brier == pytest.approx((0.3 - won) ** 2)
    assert score.team_brier == pytest.approx(briefed_early_pm.result.forecast_brier, abs=1e-6)
    assert score.engine_brier is not None


def test_true_dispositions_carry_the_last_recorded_value_forward(
    briefed_early_pm: SessionFacts,
) -> None:
    facts = briefed_early_pm
    truth = true_dispositions(facts)
    last: dict[tuple[str, str], float] = {}
    by_week: dict[int, dict[tuple[str, str], float]] = {}
    for record in facts.records:
        if record.kind == "disposition":
            last[(record.target, record.actor)] = record.value
            by_week[record.round] = dict(last)
    for week, state in by_week.items():
        for key, value in state.items():
            assert truth.loc[week, key] == value
    assert list(truth.columns.get_level_values("option").unique()) == list(options(facts))


def test_believed_dispositions_are_the_teams_readings_after_each_week(
    briefed_early_pm: SessionFacts,
) -> None:
    facts = briefed_early_pm
    belief = believed_dispositions(facts)
    zhou = facts.views[1].stakeholder("zhou").disposition  # read in week 0's discovery meeting
    assert zhou is not None
    assert belief.loc[0, ("zhou", "us")] == zhou[0]
    assert belief[("sun", "us")].isna().all()  # never met: never read


def test_key_moments_are_the_largest_weekly_moves_of_the_engines_estimate(
    briefed_early_pm: SessionFacts,
) -> None:
    chance = briefed_early_pm.win_chance()
    moves = chance.diff().abs().dropna().sort_values(ascending=False)
    moments = key_moments(briefed_early_pm)
    assert {m.week for m in moments} == set(moves.index[: len(moments)])
    assert [m.week for m in moments] == sorted(m.week for m in moments)
    for moment in moments:
        assert all(briefed_early_pm.records[r].round == moment.week for r in moment.rows)
