"""The debrief says who told whom what, and when, in both languages, from the game itself."""

from __future__ import annotations

import pytest

from sim.analysis.handoffs import handoff_frame, handoff_rows
from sim.engine import Simulation
from sim.model.plans import Assignment

CROSS_SELL = "scenarios/cross_sell_mes_erp.yaml"


def briefed_game() -> tuple[Simulation, str]:
    game = Simulation(CROSS_SELL, 1, None)
    view = game.observe()
    rep = view.members_with_role("sales_rep")[0].id
    pm = view.members_with_role("project_manager")[0].id
    target = next(s.id for s in view.stakeholders if s.reachable and s.concerns is None)
    game.plan([Assignment("discovery_meeting", (rep,), (target,))])
    game.advance()
    game.plan([Assignment("internal_briefing", (rep,), (pm,), note="rollout\x1b[31m worry")])
    game.advance()
    game.plan([Assignment("internal_briefing", (rep,), (pm,))])
    game.advance()
    return game, target


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_hand_off_is_one_row_naming_people_and_facts(lang: str) -> None:
    game, target = briefed_game()
    rows = handoff_rows(game, lang)
    scenario = game.scenario
    person = next(p for p in scenario.stakeholders if p.id == target).name.get(lang)
    members = {m.id: m.name.get(lang) for m in scenario.team}
    rep, pm = (h for h in (game.handoffs[0].source, game.handoffs[0].recipients[0]))
    assert [r.week for r in rows] == [1, 2]
    first, second = rows
    assert first.source == members[rep] and first.recipients == members[pm]
    assert person in first.told
    assert "\x1b" not in first.note and "rollout" in first.note  # escaped, not dropped
    assert person not in second.told  # nothing new the second time
    for row in rows:
        for text in (row.activity, row.told):
            assert "analysis." not in text and "internal_briefing" not in text
    frame = handoff_frame(game, lang)
    assert len(frame) == 2 and len(frame.columns) == 7


def test_a_game_without_hand_offs_gives_an_empty_table_with_headers() -> None:
    game = Simulation(CROSS_SELL, 1, None)
    game.advance()
    frame = handoff_frame(game, "zh")
    assert frame.empty and "周" in frame.columns


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_shows_who_told_whom_with_the_note_escaped(lang: str) -> None:
    from sim.analysis.report import build_report  # noqa: PLC0415

    game = Simulation(CROSS_SELL, 1, None)
    view = game.observe()
    rep = view.members_with_role("sales_rep")[0].id
    pm = view.members_with_role("project_manager")[0].id
    game.plan([Assignment("internal_briefing", (rep,), (pm,), note="<b>Zhou</b> & the rollout")])
    game.advance()
    game.advance()
    page = build_report(game, lang, replications=0, change=None)
    assert 'id="handoffs"' in page
    assert "&lt;b&gt;Zhou&lt;/b&gt; &amp; the rollout" in page and "<b>Zhou</b>" not in page
