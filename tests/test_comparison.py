"""The comparative debrief of a workshop, on the seeded sample workshops.

Every number is checked against an independent source: the store's results, a solo expert
game on the same seed, each team's own replayed log.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import datetime, timezone

import pandas as pd
import pytest

from sim import Simulation
from sim.analysis.comparison import OUTCOME_ORDER, Comparison, compare
from sim.analysis.comparison_figures import chance_lines_figure
from sim.analysis.comparison_html import comparison_fragment, render_comparison
from sim.analysis.forecast import forecast_score
from sim.analysis.moments import key_moments
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label
from sim.workshop import Facilitator, Store
from sim.workshop.sample import (
    SAMPLE_TRAINER_CODE,
    SampleTeam,
    SampleWorkshop,
    make_sample,
)

XSS = "<img src=x onerror=alert(1)>"
KEY = re.compile(r"\b(?:comparison|analysis|facilitator|ui)\.[a-z_]+(?:\.[a-z_]+)*")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("workshops") / "workshops.sqlite"
    make_sample(path)
    with Store(path) as opened:
        yield opened


def trainer_of(store: Store, workshop: int) -> Facilitator:
    return Facilitator.open(store, workshop, SAMPLE_TRAINER_CODE)


@pytest.fixture(scope="module")
def comparisons(store: Store) -> dict[tuple[int, str], Comparison]:
    return {
        (workshop, lang): compare(trainer_of(store, workshop), lang)
        for workshop in (1, 2, 3)
        for lang in ("en", "zh")
    }


# --- the leaderboard -----------------------------------------------------------------------


@pytest.mark.parametrize("workshop", [1, 2, 3])
def test_every_team_of_the_store_appears_once(
    store: Store, comparisons: dict[tuple[int, str], Comparison], workshop: int
) -> None:
    board = comparisons[workshop, "en"].leaderboard
    teams = [t.name for t in trainer_of(store, workshop).teams()]
    assert sorted(board["team"]) == sorted(teams)
    assert len(board) == len(set(board["team"]))
    assert list(board["rank"]) == list(range(1, len(teams) + 1))  # no ties in the samples


@pytest.mark.parametrize("workshop", [1, 2, 3])
def test_ranks_follow_outcome_then_margin_then_forecast_accuracy(
    comparisons: dict[tuple[int, str], Comparison], workshop: int
) -> None:
    board = comparisons[workshop, "en"].leaderboard
    keys = [
        (
            OUTCOME_ORDER.index(row.outcome),
            -row.margin,
            math.inf if math.isnan(row.team_brier) else row.team_brier,
        )
        for row in board.itertuples()
    ]
    assert keys == sorted(keys)


def test_the_sample_ranks_are_the_expected_ones(
    comparisons: dict[tuple[int, str], Comparison],
) -> None:
    """Won first, then no decision ahead of lost whatever the margins; the sample is mixed."""
    order = {"won": 0, "no_decision": 1, "lost": 2, "unfinished": 3}
    for number in (1, 2):
        board = comparisons[number, "en"].leaderboard
        classes = [order[o] for o in board["outcome"]]
        assert classes == sorted(classes), list(board["outcome"])
        assert len(set(board["outcome"])) >= 2, "a sample workshop with one outcome teaches little"
    assert set(comparisons[1, "en"].leaderboard["team"]) == {"Blue", "Red", "Green", "Yellow"}
    third = comparisons[3, "en"].leaderboard
    west = third[third["team"] == "West"].iloc[0]
    assert (west["rank"], west["outcome"], bool(west["finished"]), west["rounds"]) == (
        4,
        "unfinished",
        False,
        6,
    )
    assert math.isnan(west["team_brier"]) and west["winner"] is None


@pytest.mark.parametrize("workshop", [1, 2, 3])
def test_results_and_brier_scores_equal_the_stores(
    store: Store, comparisons: dict[tuple[int, str], Comparison], workshop: int
) -> None:
    trainer = trainer_of(store, workshop)
    stored = trainer.results()
    comparison = comparisons[workshop, "en"]
    assert comparison.mismatches == ()
    for row in comparison.leaderboard.itertuples():
        facts = SessionFacts(trainer.simulation(row.team))
        engine = forecast_score(facts).engine_brier
        assert math.isnan(row.engine_brier) if engine is None else row.engine_brier == engine
        if row.team not in stored:
            assert row.outcome == "unfinished"
            continue
        result = stored[row.team]
        assert row.outcome == result.outcome
        assert row.winner == result.winner
        assert row.margin == pytest.approx(result.margin)
        assert row.contract_value == pytest.approx(result.contract_value)
        assert row.pursuit_spend == pytest.approx(result.pursuit_spend)
        assert row.team_brier == pytest.approx(result.forecast_brier, abs=1e-6)
        assert row.weeks == result.weeks


@pytest.mark.parametrize("workshop", [1, 2, 3])
def test_the_reference_row_is_the_expert_alone_on_the_same_seed(
    store: Store, comparisons: dict[tuple[int, str], Comparison], workshop: int
) -> None:
    trainer = trainer_of(store, workshop)
    solo = Simulation(trainer.scenario(), seed=trainer.info.seed, policy="expert").play()
    comparison = comparisons[workshop, "en"]
    reference = comparison.reference.iloc[0]
    assert pd.isna(reference["rank"])
    assert (reference["outcome"], reference["weeks"]) == (solo.outcome, solo.weeks)
    assert reference["margin"] == pytest.approx(solo.margin)
    assert reference["contract_value"] == pytest.approx(solo.contract_value)
    assert reference["team_brier"] == pytest.approx(solo.forecast_brier, abs=1e-6)
    assert comparison.expert.result.event_log_sha256 == solo.event_log_sha256
    assert "expert" not in set(comparison.leaderboard["team"])


def test_a_team_played_by_the_expert_never_differs_from_the_reference(
    comparisons: dict[tuple[int, str], Comparison],
) -> None:
    comparison = comparisons[1, "en"]
    by_team = {g.team: g for g in comparison.teams}
    blue = by_team["Blue"]  # the sample's Blue is the expert policy
    assert blue.result.event_log_sha256 == comparison.expert.result.event_log_sha256
    board = comparison.leaderboard.set_index("team")
    assert pd.isna(board.loc["Blue", "differs_from_week"])
    red = by_team["Red"]  # the expert without a PM: same game until the PM's first week
    week = int(board.loc["Red", "differs_from_week"])
    ours, expert = red.facts.game.decisions, comparison.expert.facts.game.decisions
    assert [d.assignments for d in ours[:week]] == [d.assignments for d in expert[:week]]
    assert ours[week].assignments != expert[week].assignments


# --- key moments ---------------------------------------------------------------------------


@pytest.mark.parametrize("workshop", [1, 3])
def test_moments_come_from_each_teams_own_log(
    store: Store, comparisons: dict[tuple[int, str], Comparison], workshop: int
) -> None:
    trainer = trainer_of(store, workshop)
    comparison = comparisons[workshop, "en"]
    for game in comparison.teams:
        facts = SessionFacts(trainer.simulation(game.team))
        expected = key_moments(facts, 3)
        frame = comparison.moments[comparison.moments["team"] == game.team]
        assert list(frame["week"]) == [m.week for m in expected]
        assert list(frame["before"]) == pytest.approx([m.before for m in expected])
        assert list(frame["after"]) == pytest.approx([m.after for m in expected])
        for moment, text in zip(expected, frame["explanation"], strict=True):
            week = [r for r in facts.records if r.round == moment.week]
            for record in week:
                if record.kind == "activity":
                    assert label("activity", record.activity, "en") in text
            misfit = any(r.kind == "angle_misfit" for r in week)
            assert (label("kind", "angle_misfit", "en") in text) == misfit


def test_the_naive_teams_wrong_angle_is_named_in_its_moment(
    comparisons: dict[tuple[int, str], Comparison],
) -> None:
    yellow = comparisons[1, "en"].moments.query("team == 'Yellow'")
    assert yellow["explanation"].str.contains("wrong angle").any()
    assert set(comparisons[1, "en"].moments["team"]) == {"Blue", "Yellow", "Red", "Green"}


# --- ties, teams that never played, names typed by people ---------------------------------


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Facilitator]:
    spec = SampleWorkshop(
        "Ties & strangers",
        "cross_sell_mes_erp.yaml",
        22,
        datetime(2026, 12, 1, 9, tzinfo=timezone.utc),
        (
            SampleTeam("Twin A", "TWINA2", "expert"),
            SampleTeam("Twin B", "TWINB3", "expert"),
            SampleTeam(XSS, "XSSX45", "naive"),
            SampleTeam("Absent", "ABSNT6", "naive", rounds=0),
        ),
    )
    path = tmp_path_factory.mktemp("odd") / "workshops.sqlite"
    (workshop,) = make_sample(path, [spec])
    with Store(path) as store:
        yield Facilitator.open(store, workshop, SAMPLE_TRAINER_CODE)


def test_identical_teams_share_a_rank_and_a_team_that_never_played_is_last(
    odd: Facilitator,
) -> None:
    comparison = compare(odd, "en")
    board = comparison.leaderboard.set_index("team")
    assert board.loc["Twin A", "rank"] == board.loc["Twin B", "rank"]
    # a tie shares its rank and the next rank is skipped ("1, 1, 3" or "1, 2, 2")
    assert sorted(board["rank"]) in ([1, 1, 3, 4], [1, 2, 2, 4])
    absent = board.loc["Absent"]
    assert (absent["rank"], absent["outcome"], absent["rounds"]) == (4, "unfinished", 0)
    assert comparison.moments.query("team == 'Absent'").empty
    page = render_comparison(comparison)
    assert "Absent" in page and "no week with a noticeable change" in page


def test_names_typed_by_people_are_escaped(odd: Facilitator) -> None:
    page = render_comparison(compare(odd, "en"))
    assert XSS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# --- the figure and the page --------------------------------------------------------------


def test_the_figure_has_one_line_per_team_that_played_and_the_expert(odd: Facilitator) -> None:
    comparison = compare(odd, "en")
    axes = chance_lines_figure(comparison).axes[0]
    labels = [line.get_label() for line in axes.get_lines() if not line.get_label().startswith("_")]
    assert len(labels) == 4  # Twin A, Twin B, the naive team, the expert; Absent has no line
    assert labels[-1].startswith("Expert, same seed")
    assert not any("Absent" in text for text in labels)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_is_self_contained_and_fully_translated(
    comparisons: dict[tuple[int, str], Comparison], lang: str
) -> None:
    comparison = comparisons[3, lang]
    page = render_comparison(comparison)
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "http://" not in page and "https://" not in page
    assert page.count("data:image/png;base64,") == 1
    assert KEY.findall(page) == []
    fragment = comparison_fragment(comparison)
    assert "<script" not in fragment.lower() and KEY.findall(fragment) == []
    if lang == "zh":
        assert '<html lang="zh-CN">' in page
        for word in ("对比复盘", "排行榜", "未完成", "赢单", "丢单", "同一随机种子下的专家"):
            assert word in page
        explanation = " ".join(comparison.moments["explanation"])
        assert "我方：" in explanation and "We:" not in explanation
