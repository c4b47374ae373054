"""The debrief's session table says who played in words (issue 15): no "app: sandbox/1", no
"roles: sales_rep,presales", and not "Played by: expert policy" for a game people played."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sim
from sim.analysis.report import build_report
from sim.ui.game import Game

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory) -> Game:
    scenario = sim.load_scenario(SCENARIO)
    game = Game.start(
        scenario,
        team="East",
        seed=7,
        played=("sales_rep", "presales"),
        lang="en",
        folder=tmp_path_factory.mktemp("sessions"),
    )
    while not game.done:
        game.advance()
    return game


def session_table(report: str) -> str:
    found = re.search(r'<table class="meta">.*?</table>', report, flags=re.S)
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_session_table_names_the_people_and_their_roles(game: Game, lang: str) -> None:
    table = session_table(build_report(game.sim, lang))
    for raw in ("sandbox/1", "sales_rep", "presales,", ">app<", ">roles<"):
        assert raw not in table
    if lang == "en":
        assert "People at the table (Sales rep, Presales consultant)" in table
        assert "the expert policy for the other roles" in table
    else:
        assert "本桌学员（销售代表、售前顾问）" in table
