"""What each member knows: facts seen in meetings they attended, or told by a colleague.

The team's view stays the union (one-screen tables, the debrief); ``observe(member=ID)`` is one
member's. A briefing passes on what the briefer knows, keeping each fact's age, and carries the
players' note; a strategy session leaves everyone with the newest of what anyone knew.
"""

from __future__ import annotations

import json

import pytest

from sim.engine import Simulation
from sim.model.knowledge import FACTS, NOTE_LIMIT
from sim.model.observation import TeamView
from sim.model.plans import Assignment, PlanError
from sim.scenario import load_scenario

CROSS_SELL = "scenarios/cross_sell_mes_erp.yaml"


def role(view: TeamView, name: str) -> str:
    return view.members_with_role(name)[0].id


def fresh(seed: int = 1) -> tuple[Simulation, str, str, str]:
    game = Simulation(CROSS_SELL, seed, None)
    view = game.observe()
    target = next(s.id for s in view.stakeholders if s.reachable and s.concerns is None)
    return game, role(view, "sales_rep"), role(view, "project_manager"), target


def test_a_colleague_does_not_know_what_the_rep_discovered_until_briefed() -> None:
    game, rep, pm, target = fresh()
    game.plan([Assignment("discovery_meeting", (rep,), (target,))])
    game.advance()
    team = game.observe().stakeholder(target)
    assert team.concerns is not None and team.met
    assert game.observe(member=rep).stakeholder(target).concerns == team.concerns
    cold = game.observe(member=pm).stakeholder(target)
    assert cold.concerns is None and not cold.needs_known and not cold.met
    assert cold.disposition is None and cold.agenda is None

    note = "Zhou worries about the rollout; she wants the PM"
    game.plan([Assignment("internal_briefing", (rep,), (pm,), note=note)])
    game.advance()
    told = game.observe(member=pm)
    person = told.stakeholder(target)
    assert person.concerns == team.concerns and person.met
    needs = next(x for x in person.learned if x.fact == "needs")
    assert (needs.week, needs.via, needs.told) == (0, rep, 1)  # seen in week 0, told in week 1
    (handoff,) = told.handoffs
    assert handoff.note == note and handoff.source == rep and handoff.recipients == (pm,)
    assert (target, "needs") in handoff.facts
    # the presales consultant was not there: neither the fact nor the note reached them
    presales = game.observe(member=role(told, "presales"))
    assert presales.stakeholder(target).concerns is None and presales.handoffs == ()
    assert game.observe().handoffs == (handoff,) == game.handoffs


def test_a_strategy_session_leaves_everyone_with_what_anyone_knew() -> None:
    game, rep, pm, target = fresh(2)
    presales = role(game.observe(), "presales")
    game.plan([Assignment("discovery_meeting", (rep,), (target,))])
    game.advance()
    game.plan([Assignment("team_strategy_session", (presales, rep, pm), note="win themes")])
    game.advance()
    for member in (presales, pm):
        held = game.observe(member=member).stakeholder(target)
        assert held.concerns == game.observe().stakeholder(target).concerns
        assert {x.via for x in held.learned if x.fact == "needs"} == {rep}
    (handoff,) = game.handoffs
    assert handoff.activity == "team_strategy_session" and handoff.note == "win themes"


@pytest.mark.parametrize("seed", range(6))
def test_the_team_view_is_the_union_of_what_members_know(seed: int) -> None:
    """Over expert games: whatever a member holds, the team holds; whatever the team holds,
    some member holds (nothing is known by nobody)."""
    game = Simulation(CROSS_SELL, seed, "expert")
    while not game.done:
        game.advance()
        team = game.observe()
        views = [game.observe(member=m.id) for m in team.members]
        for person in team.stakeholders:
            held = [v.stakeholder(person.id) for v in views]
            assert (person.concerns is not None) == any(h.concerns is not None for h in held)
            assert person.met == any(h.met for h in held)
            assert (person.agenda is not None) == any(h.agenda is not None for h in held)
            assert all(x.fact in FACTS for h in held for x in h.learned)


def test_watching_members_changes_nothing_in_the_game() -> None:
    played = Simulation(CROSS_SELL, 3, "expert")
    played.play()
    watched = Simulation(CROSS_SELL, 3, "expert")
    while not watched.done:
        for member in watched.observe().members:
            watched.observe(member=member.id)
        watched.advance()
    assert watched.log.sha256() == played.log.sha256()


def test_a_slip_is_noticed_by_its_maker_only() -> None:
    """Over many seeded expert games, every slip in a member's feed is their own."""
    seen = 0
    for seed in range(12):
        game = Simulation(CROSS_SELL, seed, "typical")
        while not game.done:
            game.advance()
            for member in game.observe().members:
                for item in game.observe(member=member.id).feed:
                    if item.kind == "slip_noticed":
                        assert item.actor == member.id
                        seen += 1
    assert seen > 0


def test_a_note_only_rides_on_a_hand_off_and_has_a_limit() -> None:
    game, rep, pm, target = fresh()
    with pytest.raises(PlanError) as refused:
        game.plan([Assignment("discovery_meeting", (rep,), (target,), note="hello")])
    assert [r.key for r in refused.value.reasons] == ["note_not_used"]
    with pytest.raises(PlanError) as refused:
        game.plan([Assignment("internal_briefing", (rep,), (pm,), note="x" * (NOTE_LIMIT + 1))])
    assert [r.key for r in refused.value.reasons] == ["note_too_long"]
    assert game.decisions == []


def test_a_note_survives_save_and_reopen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    game, rep, pm, _ = fresh()
    note = "周女士担心上线风险，请项目经理准备实施计划"
    game.plan([Assignment("internal_briefing", (rep,), (pm,), note=note)])
    game.advance()
    path = tmp_path / "game.json"
    game.save(path)
    assert (
        json.loads(path.read_text(encoding="utf-8"))["rounds"][0]["assignments"][0]["note"] == note
    )
    again = Simulation.load(path, warn=False)
    assert again.observe(member=pm).handoffs[0].note == note
    assert again.log.sha256() == game.log.sha256()


def test_an_unknown_member_is_refused_with_the_team_named() -> None:
    game = Simulation(load_scenario(CROSS_SELL), 0, None)
    with pytest.raises(KeyError, match="rep"):
        game.observe(member="nobody")
