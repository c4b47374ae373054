"""What got in a trainee's way (issue 15), played through the widgets without a browser.

The cross-sell scenario, seed 7: the discount is typed in percent, activities that can never
fit a member's week say so before Add, a refused Add leaves no ticks behind, refusals name
activities in words, the end screen shows the last week, the budget pacing warns, and
"Advance until something happens" skips quiet weeks and stops where there is news.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.ui import SandboxApp, sandbox_app
from sim.ui.pacing import FormError, pacing, pacing_html, parse_percent
from sim.ui.round_screen import SKIP_LIMIT, STOP_KINDS
from tests.widget_helpers import add, advance, markup, rep, start, texts


@pytest.fixture(autouse=True)
def _no_sessions_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SANDTABLE_SESSIONS", raising=False)


@pytest.fixture
def app(tmp_path: Path) -> SandboxApp:
    return sandbox_app(sessions_dir=tmp_path / "sessions")


# --- percent fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "share"), [("5", 0.05), ("5%", 0.05), (" 7,5 ％", 0.075), ("", 0)]
)
def test_a_percent_field_takes_percent(typed: str, share: float) -> None:
    assert parse_percent(typed, 0.3, "en") == pytest.approx(share)


@pytest.mark.parametrize("typed", ["31", "-1", "five"])
def test_a_percent_out_of_range_or_not_a_number_is_refused_with_the_reason(typed: str) -> None:
    with pytest.raises(FormError) as refused:
        parse_percent(typed, 0.3, "en")
    assert "0 to 30%" in str(refused.value) or "not a percentage" in str(refused.value)
    with pytest.raises(FormError) as refused_zh:
        parse_percent(typed, 0.3, "zh")
    assert re.search(r"[\u4e00-\u9fff]", str(refused_zh.value))


def test_the_discount_box_shows_the_amount_in_money(app: SandboxApp) -> None:
    start(app, roles=("sales_rep", "presales"))
    assert app.round_screen is not None
    planner = app.round_screen.planners["sales_rep"]
    planner.discount.value = "5"
    assert planner.discount_note.value == (
        "5% off: 160,000 CNY given away, bid price 3,040,000 CNY"
    )
    planner.discount.value = "45%"
    assert "outside the allowed range 0 to 30%" in planner.discount_note.value


# --- activities that never fit ----------------------------------------------------------------


def test_an_activity_longer_than_the_leads_week_is_marked_and_cannot_be_added(
    app: SandboxApp,
) -> None:
    start(app, roles=("sales_rep", "project_manager", "executive"))
    assert app.round_screen is not None and app.game is not None
    pm = app.round_screen.planners["project_manager"]
    labels = {value: text for text, value in pm.activity.options}
    assert labels["bid_preparation"].endswith("(not possible: needs 16 h)")
    pm.activity.value = "bid_preparation"
    assert pm.add_button.disabled
    assert "takes 16 h and" in pm.info.value and "has 12 h a week" in pm.info.value
    gm = app.round_screen.planners["executive"]
    assert (
        "(not possible: needs 5 h)" in {v: t for t, v in gm.activity.options}["relationship_visit"]
    )
    # what can never fit is listed after what can
    values = [v for _, v in pm.activity.options]
    assert values[-1] == "bid_preparation"


# --- ticks after a refusal and at a new week ----------------------------------------------------


def test_a_refused_add_leaves_no_ticks_and_names_the_activity_in_words(app: SandboxApp) -> None:
    start(app)
    assert app.round_screen is not None and app.game is not None
    planner = rep(app)
    add(planner, "discovery_meeting", ("chen",))  # the executive peer: not reachable by a rep
    lines = app.round_screen.messages.text
    assert "executive_meeting" not in lines and "executive meeting" in lines
    assert not any(box.value for box in planner.stakeholder_boxes.values())
    assert app.game.drafts == []


def test_a_tick_of_last_week_is_gone_in_the_next(app: SandboxApp) -> None:
    start(app)
    assert app.round_screen is not None
    planner = rep(app)
    planner.activity.value = "discovery_meeting"
    planner.stakeholder_boxes["zhou"].value = True  # ticked, never added
    advance(app)
    assert not any(box.value for box in rep(app).stakeholder_boxes.values())


# --- budget pacing --------------------------------------------------------------------------------


def test_pacing_warns_before_the_reserve_for_the_close_is_gone() -> None:
    assert pacing(100_000, 60_000, "requirements").level == "ahead"
    assert pacing(100_000, 10_000, "tender").level == "reserve"
    assert pacing(100_000, 80_000, "requirements").level == "ok"
    assert pacing(100_000, 5_000, "negotiation").level == "ok"


def test_the_plan_column_shows_spend_against_the_phase(app: SandboxApp) -> None:
    start(app)
    assert app.game is not None and app.round_screen is not None
    view = app.game.view()
    assert "Spent 0% of the pursuit budget" in app.round_screen.capacity.value
    warning = pacing_html(view, view.budget * 0.05, "CNY", "en")
    assert "st-pacing-reserve" in warning and "Keep about" in warning


# --- advance until something happens ------------------------------------------------------------


def test_advance_until_something_happens_stops_at_news_and_saves_every_week(
    app: SandboxApp,
) -> None:
    start(app, roles=())
    assert app.round_screen is not None and app.game is not None
    clicks = 0
    while app.screen == "round" and clicks < 60:
        before = app.game.sim.round
        app.round_screen.skip_button.click()
        clicks += 1
        assert not app.round_screen or app.round_screen.messages.kind != "error"
        if app.screen != "round":
            break
        played = app.game.sim.round - before
        assert 1 <= played <= SKIP_LIMIT
        kinds = {item.kind for item in app.game.view().feed}
        assert played == SKIP_LIMIT or kinds & STOP_KINDS
        assert "reaction" not in STOP_KINDS and "pm_requested" in STOP_KINDS
    assert app.screen == "end"
    assert clicks < app.game.sim.round  # fewer clicks than weeks
    # the same game as week-by-week play: every week was an ordinary advance
    assert len(app.game.sim.decisions) == app.game.sim.round


# --- the end screen -------------------------------------------------------------------------------


def test_the_end_screen_shows_the_final_weeks_events(app: SandboxApp) -> None:
    start(app, roles=())
    assert app.round_screen is not None
    while app.screen == "round":
        app.round_screen.skip_button.click()
    assert app.end_screen is not None
    summary = app.end_screen.summary.value
    assert "st-end-feed" in summary and "What happened in week" in summary
    words = " ".join(texts(app.end_screen.box))
    assert "Weeks to the decision" in words
    assert all("st-end-feed" in m for m in markup(app.end_screen.summary))
