"""Bad plans are refused with a reason the trainee can read, and the deal is left as it was.

The cast of the cross-sell scenario: our rep, presales consultant, project manager (pm) and
division GM (gm, four hours a week); at the customer Chen (GM, meets peers only), Liu (CFO,
needs an introduction), Zhou (IT), Wu (production, our coach), Sun (sales VP), He
(procurement).

Each example test makes one mistake and checks that exactly that mistake is named; the
Hypothesis properties then throw random mixtures of good and bad pieces at a running deal.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import sim
from sim import Assignment, Forecast, Plan, PlanError
from sim.i18n.plans import reason_messages
from sim.model.activities import CATALOGUE
from sim.model.plans import SALES_STAGES
from sim.scenario import Scenario

MEMBERS = ("rep", "presales", "pm", "gm")
STAKEHOLDERS = ("chen", "liu", "zhou", "wu", "sun", "he")
CJK = re.compile(r"[\u4e00-\u9fff]")
RAW_KEY = re.compile(r"\bplan\.[a-z_]+")
PLACEHOLDER = re.compile(r"\{[a-z_]+(:[^}]*)?\}")
SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"
SCENARIO_IDS = sorted(path.stem for path in SCENARIO_DIR.glob("*.yaml"))

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@functools.cache
def shipped(scenario_id: str) -> Scenario:
    """A shipped scenario by id, loaded once (a plain cache: Hypothesis tests take no fixtures)."""
    return sim.load_scenario(SCENARIO_DIR / f"{scenario_id}.yaml")


# ---- small helpers ------------------------------------------------------------------------------


def game_at(
    scenario: Scenario,
    phase: str | None = None,
    *,
    seed: int = 1,
    rounds: int = 0,
    policy: str | None = "expert",
) -> sim.Simulation:
    """A deal after ``rounds`` weeks of expert play, or at the first week in ``phase``."""
    game = sim.Simulation(scenario, seed=seed, policy=policy)
    for _ in range(rounds):
        game.advance()
    while phase is not None and game.observe().phase != phase:
        assert not game.done, f"seed {seed} never reached the {phase} phase"
        game.advance()
    return game


def refusal(game: sim.Simulation, plan: object) -> PlanError:
    """Give the plan; it must be refused. The refusal is returned for inspection."""
    with pytest.raises(PlanError) as caught:
        game.plan(plan)  # type: ignore[arg-type]
    return caught.value


def assert_readable(error: PlanError) -> None:
    """Every reason reads as a sentence in English and in Chinese, with no raw keys left."""
    assert error.reasons
    english, chinese = messages(error, "en"), messages(error, "zh")
    assert len(english) == len(chinese) == len(error.reasons)
    for text in (*english, *chinese):
        assert text.strip(), error.reasons
        assert not RAW_KEY.search(text), text
        assert not PLACEHOLDER.search(text), text
    for text in chinese:
        assert CJK.search(text), text
    assert str(error) == "; ".join(reason.code() for reason in error.reasons)  # codes, no words


def messages(error: PlanError, lang: str) -> list[str]:
    """The reasons in words, as the sandbox shows them."""
    return reason_messages(error.reasons, lang)


def keys(error: PlanError) -> set[str]:
    return {reason.key for reason in error.reasons}


def one(
    activity: str, members: tuple[str, ...], targets: tuple[str, ...] = (), **kw: object
) -> Plan:
    return Plan((Assignment(activity, members, targets, **kw),))  # type: ignore[arg-type]


# ---- the cast is the scenario's -----------------------------------------------------------------


def test_the_cast_in_these_stories_is_the_scenarios(cross_sell: Scenario) -> None:
    assert tuple(m.id for m in cross_sell.team) == MEMBERS
    assert tuple(s.id for s in cross_sell.stakeholders) == STAKEHOLDERS


def test_a_good_week_0_plan_is_accepted(cross_sell: Scenario) -> None:
    game = game_at(cross_sell)
    plan = Plan(
        (
            Assignment("discovery_meeting", ("rep",), ("zhou", "wu")),
            Assignment("internal_briefing", ("rep",), ("presales", "pm")),
            Assignment("executive_meeting", ("gm",), ("chen",)),
        ),
        Forecast("prospecting", 0.15),
    )
    assert game.plan(plan) == plan


# ---- one mistake at a time, in week 0 (latent phase) --------------------------------------------

WEEK_0_MISTAKES: dict[str, tuple[Plan | dict[str, object], set[str]]] = {
    "unknown activity": (one("coffee_chat", ("rep",), ("zhou",)), {"unknown_activity"}),
    "unknown member": (one("discovery_meeting", ("intern",), ("zhou",)), {"unknown_member"}),
    "nobody assigned": (one("discovery_meeting", (), ("zhou",)), {"no_members"}),
    "duplicate member": (one("team_strategy_session", ("rep", "rep")), {"duplicate_member"}),
    "strategy session alone": (one("team_strategy_session", ("rep",)), {"too_few_members"}),
    "pm leads discovery": (one("discovery_meeting", ("pm",), ("zhou",)), {"wrong_role"}),
    "bid before the tender": (one("bid_preparation", ("presales",)), {"wrong_phase"}),
    "three at one meeting": (
        one("discovery_meeting", ("rep",), ("zhou", "wu", "sun")),
        {"target_count"},
    ),
    "zhou twice": (one("discovery_meeting", ("rep",), ("zhou", "zhou")), {"duplicate_target"}),
    "unknown stakeholder": (
        one("discovery_meeting", ("rep",), ("ghost",)),
        {"unknown_stakeholder"},
    ),
    "liu without introduction": (
        one("discovery_meeting", ("rep",), ("liu",)),
        {"unreachable_introduction"},
    ),
    "chen without a peer": (
        one("discovery_meeting", ("rep",), ("chen",)),
        {"unreachable_executive_peer"},
    ),
    "rep meets chen as exec": (
        one("executive_meeting", ("rep",), ("chen",)),
        {"wrong_role", "unreachable_executive_peer"},
    ),
    "angle on discovery": (
        one("discovery_meeting", ("rep",), ("zhou",), angle="business"),
        {"angle_not_used"},
    ),
    "discount on a visit": (
        one("relationship_visit", ("rep",), ("zhou",), discount=0.1),
        {"discount_not_used"},
    ),
    "rep briefs himself": (one("internal_briefing", ("rep",), ("rep",)), {"brief_self"}),
    "brief a stranger": (one("internal_briefing", ("rep",), ("zhou",)), {"unknown_member"}),
    "clarify without a bid": (
        one("clarification_answers", ("presales",), ("zhou",)),
        {"wrong_phase", "no_bid"},
    ),
    "gm over his 4 hours": (
        Plan(
            (
                Assignment("executive_meeting", ("gm",), ("chen",)),
                Assignment("relationship_visit", ("gm",), ("zhou",)),
            )
        ),
        {"over_capacity"},
    ),
    "rep over 30 hours": (
        Plan(
            tuple(
                Assignment("discovery_meeting", ("rep",), (who,))
                for who in ("zhou", "wu", "sun", "he", "zhou", "wu")
            )
        ),
        {"over_capacity"},
    ),
    "unknown forecast stage": (Plan(forecast=Forecast("closing", 0.5)), {"bad_stage"}),
    "probability above 1": (Plan(forecast=Forecast("prospecting", 1.5)), {"bad_probability"}),
    "probability below 0": (Plan(forecast=Forecast("prospecting", -0.1)), {"bad_probability"}),
    "probability NaN": (Plan(forecast=Forecast("prospecting", math.nan)), {"bad_probability"}),
    "malformed dict": ({"assignments": [{"members": ["rep"]}]}, {"malformed"}),
    "malformed forecast": (
        {"forecast": {"stage": "bid", "win_probability": "likely"}},
        {"malformed"},
    ),
}


@pytest.mark.parametrize("mistake", list(WEEK_0_MISTAKES))
def test_a_week_0_mistake_is_refused_with_its_reason(cross_sell: Scenario, mistake: str) -> None:
    plan, expected = WEEK_0_MISTAKES[mistake]
    game = game_at(cross_sell)

    error = refusal(game, plan)

    assert keys(error) == expected
    assert_readable(error)


def test_the_reason_says_which_assignment_is_wrong(cross_sell: Scenario) -> None:
    game = game_at(cross_sell)
    plan = Plan(
        (
            Assignment("discovery_meeting", ("rep",), ("zhou",)),
            Assignment("discovery_meeting", ("rep",), ("liu",)),
        )
    )

    error = refusal(game, plan)

    assert [(r.key, r.where) for r in error.reasons] == [("unreachable_introduction", 1)]
    assert messages(error, "en")[0].startswith("assignment 2:")
    assert "liu" in messages(error, "en")[0] and "liu" in messages(error, "zh")[0]


def test_every_mistake_in_a_plan_is_reported_at_once(cross_sell: Scenario) -> None:
    game = game_at(cross_sell)
    plan = Plan(
        (
            Assignment("coffee_chat", ("rep",), ("zhou",)),
            Assignment("discovery_meeting", ("intern",), ("ghost",)),
        ),
        Forecast("closing", 2.0),
    )

    error = refusal(game, plan)

    assert keys(error) == {
        "unknown_activity",
        "unknown_member",
        "unknown_stakeholder",
        "bad_stage",
        "bad_probability",
    }
    assert_readable(error)


# ---- mistakes that need a later phase or another scenario ---------------------------------------


def test_a_presentation_without_an_angle_is_refused(cross_sell: Scenario) -> None:
    game = game_at(cross_sell, "requirements")
    error = refusal(game, one("solution_presentation", ("presales",), ("zhou",)))
    assert keys(error) == {"bad_angle"}
    assert_readable(error)


def test_a_presentation_at_an_unknown_angle_is_refused(cross_sell: Scenario) -> None:
    game = game_at(cross_sell, "requirements")
    error = refusal(game, one("solution_presentation", ("presales",), ("zhou",), angle="sideways"))
    assert keys(error) == {"bad_angle"}
    assert "sideways" in messages(error, "en")[0]


def test_a_presentation_at_a_known_angle_is_accepted(cross_sell: Scenario) -> None:
    game = game_at(cross_sell, "requirements")
    game.plan(one("solution_presentation", ("presales",), ("zhou",), angle="technology"))


@pytest.mark.parametrize("discount", [-0.05, 0.31, 5.0, math.nan, math.inf])
def test_a_bid_discount_outside_the_scenarios_limit_is_refused(
    cross_sell: Scenario, discount: float
) -> None:
    game = game_at(cross_sell, "tender")
    assert game.observe().max_discount == 0.3

    error = refusal(game, one("bid_preparation", ("presales",), discount=discount))

    assert keys(error) == {"bad_discount"}
    assert_readable(error)


def test_a_bid_discount_within_the_limit_is_accepted(cross_sell: Scenario) -> None:
    game = game_at(cross_sell, "tender")
    game.plan(one("bid_preparation", ("presales",), discount=0.3))


def test_a_plan_over_the_pursuit_budget_is_refused(cross_sell: Scenario) -> None:
    shoestring = cross_sell.model_copy(
        update={"account": cross_sell.account.model_copy(update={"pursuit_budget": 100})}
    )
    game = sim.Simulation(shoestring, seed=1, policy="expert")

    error = refusal(game, one("discovery_meeting", ("rep",), ("zhou",)))  # costs 1,500

    assert keys(error) == {"over_budget"}
    assert_readable(error)
    assert "1500" in messages(error, "en")[0] and "100" in messages(error, "en")[0]
    game.plan(one("internal_briefing", ("rep",), ("presales",)))  # free: still fine


def test_a_reference_visit_needs_a_reference_customer(cross_sell: Scenario) -> None:
    no_references = cross_sell.model_copy(
        update={"solution": cross_sell.solution.model_copy(update={"references": 0})}
    )
    game = game_at(no_references, "requirements")

    error = refusal(game, one("reference_visit", ("pm", "rep"), ("zhou",)))

    assert keys(error) == {"no_references"}
    assert_readable(error)


# ---- a refusal changes nothing ------------------------------------------------------------------


def test_a_refused_plan_keeps_the_plan_given_before_it(cross_sell: Scenario) -> None:
    game = game_at(cross_sell)
    good = one("discovery_meeting", ("rep",), ("zhou",))
    game.plan(good)

    refusal(game, one("discovery_meeting", ("rep",), ("liu",)))
    game.advance()

    assert game.decisions == [good]


def test_a_refused_plan_leaves_the_view_as_it_was(cross_sell: Scenario) -> None:
    game = game_at(cross_sell, rounds=3)
    before = game.observe()
    refusal(game, WEEK_0_MISTAKES["gm over his 4 hours"][0])
    assert game.observe() == before


# ---- known defects: malformed input must be a PlanError, not a crash ----------------------------


@pytest.mark.parametrize(
    "plan", [{"assignments": ["discovery_meeting"]}, ["discovery_meeting"]], ids=["dict", "list"]
)
def test_assignments_that_are_not_mappings_are_a_malformed_plan(
    cross_sell: Scenario, plan: object
) -> None:
    game = game_at(cross_sell)
    error = refusal(game, plan)
    assert keys(error) == {"malformed"}


def test_a_single_member_written_as_a_string_is_not_split_into_letters(
    cross_sell: Scenario,
) -> None:
    game = game_at(cross_sell)
    plan = {
        "assignments": [{"activity": "discovery_meeting", "members": "rep", "targets": ["zhou"]}]
    }
    try:
        accepted = game.plan(plan)
    except PlanError as error:
        assert all("'r'" not in text for text in messages(error, "en")), messages(error, "en")
    else:
        assert accepted.assignments[0].members == ("rep",)


# ---- Hypothesis: random plans at random moments -------------------------------------------------

NAN, INF = math.nan, math.inf
activity_ids = st.sampled_from([*CATALOGUE, "coffee_chat", "", "Discovery_Meeting"])
member_ids = st.sampled_from([*MEMBERS, "intern", ""])
target_ids = st.sampled_from([*STAKEHOLDERS, *MEMBERS, "ghost", ""])
angles = st.sampled_from([None, "business", "technology", "sideways", ""])
discounts = st.one_of(
    st.none(),
    st.sampled_from([0.0, 0.1, 0.3, -0.01, 0.31, 1e12, -1e12, NAN, INF, -INF]),
    st.floats(allow_nan=True, allow_infinity=True),
)
probabilities = st.one_of(
    st.floats(0.0, 1.0), st.sampled_from([NAN, -1.0, 2.0, INF, -INF, 0.0, 1.0])
)
forecasts = st.one_of(
    st.none(),
    st.builds(
        Forecast,
        stage=st.sampled_from([*SALES_STAGES, "closing", ""]),
        win_probability=probabilities,
    ),
)
assignments = st.builds(
    Assignment,
    activity=activity_ids,
    members=st.lists(member_ids, max_size=3).map(tuple),
    targets=st.lists(target_ids, max_size=7).map(tuple),
    angle=angles,
    discount=discounts,
)
random_plans = st.builds(
    Plan, assignments=st.lists(assignments, max_size=4).map(tuple), forecast=forecasts
)

FIELD_VALUES: dict[str, st.SearchStrategy[object]] = {
    "activity": activity_ids,
    "members": st.lists(member_ids, max_size=3).map(tuple),
    "targets": st.lists(target_ids, max_size=7).map(tuple),
    "angle": angles,
    "discount": discounts,
}


@st.composite
def tweaked(draw: Callable[[st.SearchStrategy[object]], object], plan: Plan) -> Plan:
    """The expert's own plan with one piece changed (often still valid, often not)."""
    items = list(plan.assignments)
    choice = draw(st.sampled_from(["assignment", "forecast", "extra", "none"]))
    if choice == "assignment" and items:
        index = draw(st.integers(0, len(items) - 1))
        field = draw(st.sampled_from(list(FIELD_VALUES)))
        items[index] = dataclasses.replace(items[index], **{field: draw(FIELD_VALUES[field])})
    elif choice == "forecast":
        return Plan(tuple(items), draw(forecasts))  # type: ignore[arg-type]
    elif choice == "extra":
        items.append(draw(assignments))  # type: ignore[arg-type]
    return Plan(tuple(items), plan.forecast)


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), rounds=st.integers(0, 14), data=st.data())
def test_a_random_plan_is_either_carried_out_or_refused_without_a_trace(
    cross_sell: Scenario, seed: int, rounds: int, data: st.DataObject
) -> None:
    game = game_at(cross_sell, seed=seed, rounds=rounds)
    twin = game_at(cross_sell, seed=seed, rounds=rounds)  # never sees the random plan
    assume(not game.done)
    expert = game.policy.plan(game.observe())  # type: ignore[union-attr]
    candidate = data.draw(st.one_of(random_plans, tweaked(expert)), label="plan")
    before = game.observe()

    try:
        game.plan(candidate)
    except PlanError as error:
        event("refused")
        assert error.reasons
        for lang in ("en", "zh"):
            texts = messages(error, lang)
            assert len(texts) == len(error.reasons)
            assert all(text.strip() and not RAW_KEY.search(text) for text in texts), texts
        assert all(
            r.where is None or 0 <= r.where < len(candidate.assignments) for r in error.reasons
        )
        assert game.observe() == before
        assert game.decisions == twin.decisions
    else:
        event("accepted")
        twin.plan(candidate)  # accepted here, so accepted there; both carry it out

    game.play()
    twin.play()
    assert game.log.sha256() == twin.log.sha256()
    assert game.result() == twin.result()


POLICIES = [
    "expert",
    "naive",
    "expert:pm=never",
    "expert:pm=late,pm_briefed=false",
    "expert:angle=technology,briefings=false",
    "expert:discount=0.3",
    "expert:references=false",
    "expert:escalation=false,strategy=false",
    "expert:strategy=false,mapping=false",
]
"""Policy variations; escalation=false with mapping=false is left to the known-defect test below."""


@PROPERTY
@given(
    seed=st.integers(0, 2**32 - 1),
    scenario=st.sampled_from(SCENARIO_IDS),
    policy=st.sampled_from(POLICIES),
)
def test_the_policies_own_plans_are_always_accepted(seed: int, scenario: str, policy: str) -> None:
    game = sim.Simulation(shipped(scenario), seed=seed, policy=policy)
    while not game.done:
        plan = game.policy.plan(game.observe())  # type: ignore[union-attr]
        try:
            game.plan(plan)
        except PlanError as error:  # pragma: no cover - the report is the point
            pytest.fail(f"week {game.round}, {policy}: {messages(error, 'en')}\n{plan}")
        game.advance()
    assert game.result().outcome in {"won", "lost", "no_decision"}


@pytest.mark.parametrize("seed", [0, 1])
def test_expert_without_escalation_and_mapping_finishes_a_public_tender(seed: int) -> None:
    game = sim.Simulation(
        shipped("new_account_public_tender"),
        seed=seed,
        policy="expert:escalation=false,mapping=false",
    )
    assert game.play().outcome in {"won", "lost", "no_decision"}
