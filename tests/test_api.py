"""The stepping API, told as a trainee's first deal: observe → plan → advance, until it is over.

Week 0 of the cross-sell scenario: our team knows Huadong Precision from six years of MES,
but has met nobody about the ERP yet. Zhou Wei (IT director) is known by role and influence
only; Chen Jianguo (GM) only meets a peer-level executive; Liu Fang (CFO) needs an
introduction.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

import sim
from sim import Assignment, Forecast, Plan
from sim.model.observation import FeedItem, MemberView, StakeholderView, TeamView
from sim.scenario import Scenario, Text

HIDDEN_NAMES = {
    "perception",
    "utility",
    "status_quo",
    "proof",
    "receptivity",
    "truth",
    "win_chance",
    "true_disposition",
    "centre",
    "deal",
    "consensus",
}
"""Names of the engine's hidden state; none of them may be a field of what the team sees."""

TRUTH_ONLY_KINDS = {
    "disposition",
    "win_chance",
    "angle_fit",
    "angle_misfit",
    "pm_cold",
    "veto",
    "no_decision_chance",
    "timeline",
    "message_conflict",
}

EVENT_COLUMNS = ["time", "round", "kind", "actor", "target", "activity", "view", "value", "note"]

MEET_ZHOU = Plan((Assignment("discovery_meeting", ("rep",), ("zhou",)),))


def new_game(
    scenario: Scenario, seed: int = 7, policy: str | None = "expert", **kw: object
) -> sim.Simulation:
    return sim.Simulation(scenario, seed=seed, policy=policy, **kw)  # type: ignore[arg-type]


# ---- week 0: what the team sees -----------------------------------------------------------------


def test_a_fresh_game_starts_in_week_0_with_the_need_still_latent_and_nobody_met(
    cross_sell: Scenario,
) -> None:
    view = new_game(cross_sell).observe()

    assert view.week == 0
    assert view.phase == "latent"
    assert not view.done and view.outcome is None
    assert [s.id for s in view.stakeholders] == [p.id for p in cross_sell.stakeholders]
    assert not any(s.met for s in view.stakeholders)
    assert all(s.contacts == 0 for s in view.stakeholders)
    assert "discovery_meeting" in view.allowed_activities
    assert "bid_preparation" not in view.allowed_activities


def test_what_the_scenario_does_not_make_public_is_unknown_none_not_a_guess(
    cross_sell: Scenario,
) -> None:
    view = new_game(cross_sell).observe()
    zhou = view.stakeholder("zhou")  # known: [role, influence]
    sun = view.stakeholder("sun")  # known: nothing

    assert zhou.role == ("technical_buyer",)
    assert zhou.influence is not None
    assert zhou.concerns is None and zhou.disposition is None and zhou.response_mode is None
    assert zhou.links is None and zhou.agenda is None and not zhou.needs_known
    for attribute in (
        "role",
        "influence",
        "response_mode",
        "concerns",
        "disposition",
        "links",
        "agenda",
    ):
        assert getattr(sun, attribute) is None, attribute


def test_reach_is_visible_chen_needs_a_peer_liu_an_introduction(cross_sell: Scenario) -> None:
    view = new_game(cross_sell).observe()

    assert (view.stakeholder("chen").reach, view.stakeholder("chen").reachable) == (
        "executive_peer",
        False,
    )
    assert (view.stakeholder("liu").reach, view.stakeholder("liu").reachable) == (
        "introduction",
        False,
    )
    assert view.stakeholder("zhou").reachable


def test_a_discovery_meeting_reveals_zhous_concerns(cross_sell: Scenario) -> None:
    game = new_game(cross_sell)
    assert game.observe().stakeholder("zhou").concerns is None

    game.plan(MEET_ZHOU)
    game.advance()
    zhou = game.observe().stakeholder("zhou")

    assert zhou.met and zhou.needs_known and zhou.contacts == 1
    assert zhou.concerns is not None and len(zhou.concerns) == 5
    assert math.isclose(sum(zhou.concerns), 1.0, abs_tol=0.03)
    assert zhou.response_mode is not None
    assert zhou.disposition is not None


def test_the_believed_disposition_is_a_reading_not_the_truth(cross_sell: Scenario) -> None:
    """Over a few seeds, what the rep reads off Zhou sometimes differs from how Zhou leans."""
    differs = 0
    for seed in range(8):
        game = new_game(cross_sell, seed=seed)
        game.plan(MEET_ZHOU)
        game.advance()
        believed = game.observe().stakeholder("zhou").disposition
        truth = game.deal.centre.disposition_of(game.deal.index("zhou"))  # the debrief's view

        assert believed is not None and len(believed) == len(truth)
        assert all(float(x).is_integer() and -5 <= x <= 5 for x in believed), believed
        differs += not np.allclose(believed, truth)
    assert differs > 0, "the reading always equals the hidden truth: discovery is not noisy"


def _walk(value: object, path: str = "view") -> list[tuple[str, object]]:
    """Every (path, leaf) in a view, through dataclasses, named tuples, tuples and dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            item
            for f in dataclasses.fields(value)
            for item in _walk(getattr(value, f.name), f"{path}.{f.name}")
        ]
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [
            item for name in value._fields for item in _walk(getattr(value, name), f"{path}.{name}")
        ]
    if isinstance(value, tuple | list):
        return [item for i, v in enumerate(value) for item in _walk(v, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _walk(v, f"{path}[{k!r}]")]
    if isinstance(value, Text):  # the scenario's own bilingual text: two strings
        return [(f"{path}.en", value.en), (f"{path}.zh", value.zh)]
    return [(path, value)]


def _field_names(kind: type) -> set[str]:
    if dataclasses.is_dataclass(kind):
        return {f.name for f in dataclasses.fields(kind)}
    return set(kind._fields)  # type: ignore[attr-defined]


def test_no_field_of_the_team_view_holds_hidden_state() -> None:
    names: set[str] = set()
    for kind in (TeamView, StakeholderView, MemberView, FeedItem):
        names |= _field_names(kind)
    assert "stakeholders" in names and "disposition" in names
    assert not names & HIDDEN_NAMES


def test_a_view_mid_deal_is_plain_data_without_arrays_or_engine_objects(
    cross_sell: Scenario,
) -> None:
    game = new_game(cross_sell, seed=3)
    for _ in range(8):
        game.advance()
    leaves = _walk(game.observe())

    assert leaves
    for path, leaf in leaves:
        assert leaf is None or isinstance(leaf, str | int | float | bool), (path, type(leaf))
        assert not isinstance(leaf, np.ndarray | np.generic), path


def test_the_feed_never_shows_records_labelled_as_hidden_truth(cross_sell: Scenario) -> None:
    game = new_game(cross_sell, seed=5)
    seen: set[str] = set()
    while not game.done:
        seen |= {item.kind for item in game.observe().feed}
        game.advance()
    seen |= {item.kind for item in game.observe().feed}

    assert "activity" in seen
    assert not seen & TRUTH_ONLY_KINDS
    truth_kinds = set(game.events().query("view == 'truth'")["kind"])
    assert truth_kinds, "the log should carry the hidden truth for the debrief"


# ---- a round: plan, advance, see what happened --------------------------------------------------


def test_a_valid_plan_is_accepted_and_the_week_moves_on_by_one(cross_sell: Scenario) -> None:
    game = new_game(cross_sell)
    accepted = game.plan(MEET_ZHOU, forecast=Forecast("prospecting", 0.1))

    assert accepted.assignments == MEET_ZHOU.assignments
    game.advance()

    view = game.observe()
    assert view.week == 1 and game.round == 1
    meetings = [f for f in view.feed if f.kind == "activity"]
    assert [(f.activity, f.actor, f.target) for f in meetings] == [
        ("discovery_meeting", "rep", "zhou")
    ]
    assert view.forecasts == (Forecast("prospecting", 0.1),)
    assert game.decisions[-1].assignments == MEET_ZHOU.assignments


def test_a_plan_may_also_be_given_as_plain_dicts(cross_sell: Scenario) -> None:
    game = new_game(cross_sell)
    accepted = game.plan(
        {
            "assignments": [
                {"activity": "discovery_meeting", "members": ["rep"], "targets": ["zhou"]}
            ]
        }
    )
    assert accepted.assignments == MEET_ZHOU.assignments


def test_our_gm_may_meet_chen_as_a_peer_executive(cross_sell: Scenario) -> None:
    game = new_game(cross_sell)
    game.plan([Assignment("executive_meeting", ("gm",), ("chen",))])
    game.advance()
    assert game.observe().stakeholder("chen").met


def test_without_a_plan_the_policy_plays_the_round(cross_sell: Scenario) -> None:
    game = new_game(cross_sell, seed=11)
    twin = new_game(cross_sell, seed=11)
    expected = twin.policy.plan(twin.observe())  # type: ignore[union-attr]

    game.advance()

    assert expected.assignments, "the expert policy should do something in week 0"
    assert game.decisions == [expected]
    assert {f.activity for f in game.observe().feed if f.kind == "activity"} == {
        a.activity for a in expected.assignments
    }


def test_without_a_policy_an_unplanned_round_is_an_empty_week(cross_sell: Scenario) -> None:
    game = new_game(cross_sell, policy=None)
    game.advance()
    assert game.decisions == [Plan()]
    assert not [f for f in game.observe().feed if f.kind == "activity"]


# ---- the end of the deal ------------------------------------------------------------------------


def test_play_runs_the_deal_to_an_outcome(cross_sell: Scenario) -> None:
    game = new_game(cross_sell, seed=2)
    result = game.play()

    assert game.done and game.observe().done
    assert game.observe().allowed_activities == ()
    assert result.outcome in {"won", "lost", "no_decision"}
    assert result == game.result()
    assert (result.winner == "us") == (result.outcome == "won")
    assert result.events == len(game.log)
    assert len(result.event_log_sha256) == 64


def test_events_are_a_dataframe_with_the_documented_columns(cross_sell: Scenario) -> None:
    game = new_game(cross_sell, seed=2)
    game.play()
    frame = game.events()

    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == EVENT_COLUMNS
    assert len(frame) == game.result().events
    assert frame["round"].is_monotonic_increasing
    assert frame["time"].is_monotonic_increasing
    assert set(frame["view"]) <= {"truth", "team", "public"}


def test_after_the_deal_is_over_plan_and_advance_raise_session_over(cross_sell: Scenario) -> None:
    game = new_game(cross_sell, seed=4)
    game.play()
    decisions = list(game.decisions)

    with pytest.raises(sim.SessionOver):
        game.advance()
    with pytest.raises(sim.SessionOver):
        game.plan(MEET_ZHOU)
    with pytest.raises(sim.SessionOver):
        game.plan(None)
    assert game.decisions == decisions


def test_result_before_the_end_has_no_outcome_yet(cross_sell: Scenario) -> None:
    game = new_game(cross_sell)
    game.advance()
    assert game.result().outcome is None


# ---- detail=False: the batch mode ---------------------------------------------------------------


def test_without_detail_the_same_deals_end_the_same_way_with_a_shorter_log(
    cross_sell: Scenario,
) -> None:
    for seed in range(20):
        full = new_game(cross_sell, seed=seed)
        lean = new_game(cross_sell, seed=seed, detail=False)
        full_result, lean_result = full.play(), lean.play()

        assert lean.decisions == full.decisions, seed
        assert (lean_result.outcome, lean_result.winner, lean_result.weeks) == (
            full_result.outcome,
            full_result.winner,
            full_result.weeks,
        ), seed
        assert lean_result.contract_value == full_result.contract_value, seed
        assert lean_result.events < full_result.events, seed
        lean_kinds = set(lean.events()["kind"])
        assert "win_chance" not in lean_kinds and "disposition" not in lean_kinds
