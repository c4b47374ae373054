"""The trainee sandbox, driven like a trainee would, without a browser.

A team called "East" plays the cross-sell scenario (seed 7). Only the sales rep is played by a
person; the expert policy plays presales, the project manager and the executive. Widgets are
set through ``.value`` and buttons pressed with ``.click()``; every assertion is on the engine's
state or on what the screen shows.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import sim
from sim.engine.session import SessionError
from sim.ui import SandboxApp, sandbox_app
from tests.widget_helpers import (
    SCENARIO,
    add,
    advance,
    markup,
    no_user_folders,  # noqa: F401  (a fixture: used by every test here)
    play_to_end,
    rep,
    sandbox_fixture,  # noqa: F401  (a fixture: ``app``)
    start,
    texts,
)

XSS = "<img src=x onerror=alert(1)>"


# --- the rep's plan (also used by the child process of the resume test) ---------------------


def decide(app: SandboxApp) -> None:
    """The rep's plan for the current week (the same decisions in every run)."""
    assert app.game is not None and app.round_screen is not None
    week = app.game.sim.round
    if "sales_rep" not in app.round_screen.planners:
        return
    if week == 0:
        add(rep(app), "discovery_meeting", ("zhou", "sun"))
    elif week == 1:
        add(rep(app), "discovery_meeting", ("wu",))
        add(rep(app), "relationship_visit", ("zhou",))
    elif week == 2:
        add(rep(app), "stakeholder_mapping", ("wu",))


# --- playing ----------------------------------------------------------------------------------


def test_the_start_screen_offers_the_shipped_scenarios_and_another_file(app: SandboxApp) -> None:
    assert app.screen == "start"
    assert app.start_screen is not None
    labels = [label for label, _ in app.start_screen.scenario.options]
    assert "Cross-selling ERP into an MES customer" in labels
    assert labels[-1] == "Another scenario file…"


def test_a_plan_for_the_rep_and_three_advances_play_three_weeks(app: SandboxApp) -> None:
    start(app)
    assert app.screen == "round" and app.game is not None
    game = app.game
    add(rep(app), "discovery_meeting", ("zhou", "sun"))
    assert game.drafts == [sim.Assignment("discovery_meeting", ("rep",), ("zhou", "sun"))]
    screen = app.round_screen
    assert screen is not None
    # 30 − 6 for the discovery meeting − 2 × 2 for briefing presales and the PM, which the
    # expert (playing them) asks of the rep's spare hours
    assert "Zhang Tao (sales rep): 20 of 30 h" in screen.capacity.value

    advance(app)
    feed = screen.feed.value
    assert "Zhang Tao (sales rep): Discovery meeting for Zhou Wei, Sun Hao" in feed
    assert "told us about their needs" in feed
    advance(app)
    advance(app)

    assert game.sim.round == 3
    assert 'data-week="3"' in screen.header.value and "Week 3 of 40" in screen.header.value
    first = game.sim.decisions[0]
    assert first.assignments[0] == sim.Assignment("discovery_meeting", ("rep",), ("zhou", "sun"))
    unplayed = set(game.unplayed())
    for automatic in first.assignments[1:]:  # each for a role the expert plays
        assert automatic.members[0] in unplayed or set(automatic.targets) <= unplayed
        assert game.role_of(automatic.members[0]) != "sales_rep" or (
            automatic.activity == "internal_briefing"
        )
    assert first.forecast == sim.Forecast("prospecting", 0.1)
    assert len(game.sim.decisions) == 3 and game.drafts == []
    assert game.path.exists() and game.path.parent.name == "sessions"
    assert game.path.name == "east-cross_sell_mes_erp-7.local.json"
    assert sim.Simulation.load(game.path).log.sha256() == game.sim.log.sha256()
    assert "What happened in week 2" in screen.feed_title.value


def test_an_over_capacity_activity_is_refused_with_the_reason_and_changes_nothing(
    app: SandboxApp,
) -> None:
    start(app)
    game = app.game
    assert game is not None and app.round_screen is not None
    for _ in range(5):  # 5 × 6 h fill the rep's 30 hours
        add(rep(app), "discovery_meeting", ("zhou",))
    assert len(game.drafts) == 5 and not app.round_screen.messages.lines
    week, events = game.sim.round, len(game.sim.log)

    add(rep(app), "discovery_meeting", ("sun",))

    message = app.round_screen.messages.text
    assert "This plan cannot be carried out" in message
    assert "Zhang Tao (sales rep) would work 36 h but has 30 h this week" in message
    assert len(game.drafts) == 5
    assert (game.sim.round, len(game.sim.log)) == (week, events)


def test_an_invalid_plan_at_advance_is_refused_and_the_week_does_not_move(app: SandboxApp) -> None:
    start(app)
    game = app.game
    assert game is not None and app.round_screen is not None
    game.drafts.append(sim.Assignment("bid_preparation", ("rep",)))  # no tender yet
    week, events = game.sim.round, len(game.sim.log)

    advance(app)

    assert "Bid preparation is not possible while the customer is in the 'latent need' phase" in (
        app.round_screen.messages.text
    )
    assert (game.sim.round, len(game.sim.log), len(game.sim.decisions)) == (week, events, 0)
    assert "Traceback" not in app.round_screen.messages.text


def test_switching_to_chinese_keeps_the_week_and_the_draft(app: SandboxApp) -> None:
    start(app)
    advance(app)
    add(rep(app), "discovery_meeting", ("zhou",))
    game = app.game
    assert game is not None

    app.language.value = "zh"

    assert app.game is game and game.sim.round == 1 and len(game.drafts) == 1
    screen = app.round_screen
    assert screen is not None
    assert "第1周（共40周）" in screen.header.value
    assert "需求调研会谈" in "".join(texts(screen.box))
    assert screen.tabs.titles == ("销售代表",)
    app.language.value = "en"
    assert app.game is game and "Week 1 of 40" in app.round_screen.header.value  # type: ignore[union-attr]


def test_switching_language_on_the_start_screen_keeps_what_was_entered(app: SandboxApp) -> None:
    screen = app.start_screen
    assert screen is not None
    screen.scenario.value = str(SCENARIO)
    screen.team.value = "East"
    screen.seed.value = 42
    screen.roles["executive"].value = False

    app.language.value = "zh"

    screen = app.start_screen
    assert screen is not None
    assert screen.start_button.description == "开始游戏"
    assert (screen.scenario.value, screen.team.value, screen.seed.value) == (
        str(SCENARIO),
        "East",
        42,
    )
    assert [r for r, box in screen.roles.items() if box.value] == [
        "sales_rep",
        "presales",
        "project_manager",
    ]
    assert dict(screen.scenario.options)["向MES老客户交叉销售ERP"] == str(SCENARIO)


def test_every_label_has_a_translation_in_both_languages(app: SandboxApp) -> None:
    start(app, roles=("sales_rep", "presales", "project_manager", "executive"))
    advance(app)
    for lang in ("zh", "en"):
        app.language.value = lang
        shown = "\n".join(texts(app.root))
        assert "ui." not in shown


def test_a_team_name_with_markup_is_shown_as_text_everywhere(app: SandboxApp) -> None:
    start(app, team=XSS, roles=())
    assert app.round_screen is not None
    assert "Team: &lt;img src=x onerror=alert(1)&gt;" in app.round_screen.header.value
    round_markup = list(markup(app.root))
    play_to_end(app, decide)
    assert app.screen == "end"
    end_markup = list(markup(app.root))
    assert any("&lt;img src=x onerror=alert(1)&gt;" in html for html in end_markup)
    assert not [html for html in round_markup + end_markup if "<img" in html]


def test_the_end_screen_shows_the_outcome_key_numbers_and_saves(
    app: SandboxApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(app, roles=())
    play_to_end(app, decide)
    end = app.end_screen
    assert end is not None and app.game is not None
    result = app.game.sim.result()
    assert result.outcome is not None
    assert "Key numbers" in end.summary.value and "Pursuit expenses" in end.summary.value
    assert f"{result.pursuit_spend:,.0f} CNY" in end.summary.value

    end.copy_path.value = str(tmp_path / "copy.json")
    end.save_button.click()
    assert (tmp_path / "copy.json").exists()
    assert sim.Simulation.load(tmp_path / "copy.json").log.sha256() == result.event_log_sha256

    monkeypatch.setitem(sys.modules, "sim.analysis.report", None)  # debrief not installed
    monkeypatch.setitem(sys.modules, "sim.analysis.staged", None)
    end.debrief_button.click()
    assert "not available" in end.messages.text and end.debrief.value == ""


def test_the_debrief_opens_in_a_sandboxed_frame_when_it_exists(
    app: SandboxApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types  # noqa: PLC0415

    def build_report(game: sim.Simulation, lang: str) -> str:
        return '<html><body>Debrief "East"<script>x()</script></body></html>'

    report = types.ModuleType("sim.analysis.report")
    report.build_report = build_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sim.analysis.report", report)
    monkeypatch.setitem(sys.modules, "sim.analysis.staged", None)  # the report in one go
    start(app, roles=())
    play_to_end(app, decide)
    assert app.end_screen is not None and app.game is not None
    app.end_screen.debrief_button.click()
    frame = app.end_screen.debrief.value
    assert frame.startswith('<iframe class="st-report" sandbox=""')
    assert "&lt;script&gt;" in frame and "<script>" not in frame
    assert app.game.path.with_suffix(".report.html").exists()


# --- start-screen problems --------------------------------------------------------------------


def test_an_invalid_scenario_file_shows_the_validators_messages(
    app: SandboxApp, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: 3\nsurprise: 1\n", encoding="utf-8")
    screen = app.start_screen
    assert screen is not None
    screen.scenario.value = "__other__"
    screen.other_path.value = str(broken)
    screen.team.value = "East"
    screen.start_button.click()
    assert app.screen == "start"
    assert f"{broken}:2: surprise: unknown key 'surprise'" in screen.messages.text
    assert "Traceback" not in screen.messages.text


def test_a_broken_session_file_cannot_be_resumed_and_says_why(
    app: SandboxApp, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    screen = app.start_screen
    assert screen is not None
    screen.session_path.value = str(broken)
    screen.resume_button.click()
    assert app.screen == "start"
    assert "The session cannot be opened" in screen.messages.text
    assert f"{broken}:1: not a session file" in screen.messages.text
    with pytest.raises(SessionError):
        sim.Simulation.load(broken)


def test_a_missing_team_name_is_asked_for(app: SandboxApp) -> None:
    start(app, team="  ")
    assert app.screen == "start" and app.start_screen is not None
    assert app.start_screen.messages.text == "Please enter a team name."


# --- Chinese plots ------------------------------------------------------------------------------


def test_the_chinese_map_draws_without_missing_glyph_warnings(
    app: SandboxApp, caplog: pytest.LogCaptureFixture
) -> None:
    from sim.ui.fonts import cjk_family  # noqa: PLC0415
    from sim.ui.map_picture import MapPicture  # noqa: PLC0415

    if cjk_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    start(app)
    advance(app)
    assert app.game is not None
    app.game.lang = "zh"
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = MapPicture().png(app.game.view(), "zh")
    assert png.startswith(b"\x89PNG")
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_without_a_cjk_font_the_app_names_the_package_to_install(
    app: SandboxApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sim.ui import round_screen  # noqa: PLC0415

    monkeypatch.setattr(round_screen, "can_draw", lambda lang: lang != "zh")
    start(app)
    app.language.value = "zh"
    assert app.round_screen is not None
    assert "fonts-noto-cjk" in app.round_screen.font_note.value


# --- save and resume after a killed kernel ------------------------------------------------------

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.test_ui_sandbox import decide
from tests.widget_helpers import advance, start
from sim.ui import sandbox_app

app = sandbox_app(sessions_dir=Path({sessions!r}))
start(app)
for week in range(2):
    decide(app)
    advance(app)
    print("SAVED", app.game.sim.round, app.game.path, flush=True)
decide(app)  # the round in progress is lost with the process
time.sleep(600)
"""


def test_a_killed_kernel_resumes_from_the_autosave_and_finishes_like_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    sessions = tmp_path / "sessions"
    code = CHILD.format(root=str(Path(__file__).parents[1]), sessions=str(sessions))
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.startswith("SAVED 2") or not line:
                break
        assert line.startswith("SAVED 2"), line
        saved = Path(line.split(maxsplit=2)[2].strip())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    resumed = sandbox_app(sessions_dir=sessions)
    assert resumed.start_screen is not None
    assert str(saved) in [value for _, value in resumed.start_screen.session.options]
    resumed.start_screen.session.value = str(saved)
    resumed.start_screen.resume_button.click()
    assert resumed.screen == "round" and resumed.game is not None
    assert resumed.game.sim.round == 2 and resumed.game.team == "East"
    assert tuple(resumed.round_screen.planners) == ("sales_rep",)  # type: ignore[union-attr]
    play_to_end(resumed, decide)

    uninterrupted = sandbox_app(sessions_dir=tmp_path / "other")
    start(uninterrupted)
    play_to_end(uninterrupted, decide)

    assert resumed.game.sim.done and uninterrupted.game is not None
    assert resumed.game.sim.log.sha256() == uninterrupted.game.sim.log.sha256()
    assert sim.Simulation.load(saved).log.sha256() == uninterrupted.game.sim.log.sha256()
