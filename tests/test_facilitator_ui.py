"""The trainer's app, driven in-process like a trainer would, without a browser.

Widgets are set through ``.value`` and buttons pressed with ``.click()``; every assertion is on
the store (through a separate :class:`Facilitator` handle) or on what the screen shows.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from sim.policies import resolve_policy
from sim.ui import FacilitatorApp, facilitator_app
from sim.ui.facilitator.board import AutoRefresh
from sim.workshop import AccessError, Facilitator, Store, TeamSeat, WorkshopError, list_workshops
from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample
from tests.widget_helpers import (
    facilitator_fixture,  # noqa: F401  (a fixture: ``app``)
    no_user_folders,  # noqa: F401  (a fixture: used by every test here)
    store_path_fixture,  # noqa: F401  (a fixture: ``path``)
)

XSS = "<img src=x onerror=alert(1)>"


def fill(
    app: FacilitatorApp, name: str = "Shanghai 11-25", teams: str = "Blue\nRed", **more: object
) -> None:
    form = app.create_form
    assert form is not None
    form.name.value = name
    form.teams.value = teams
    for key, value in more.items():
        getattr(form, key).value = value


def create(app: FacilitatorApp, **values: object) -> Facilitator:
    fill(app, **values)  # type: ignore[arg-type]
    assert app.create_form is not None
    app.create_form.create_button.click()
    assert app.trainer is not None, app.create_form.messages.text
    return app.trainer


def board_row(app: FacilitatorApp, team: str) -> list[str]:
    """The cells of one team's line on the board, as text."""
    assert app.board is not None
    html = app.board.table.value
    match = re.search(
        rf'<tr class="st-board-row[^"]*" data-team="{re.escape(team)}">(.*?)</tr>', html
    )
    assert match, html
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", match.group(1))]


def play_round(path: Path, code: str) -> None:
    with Store(path) as store:
        seat = TeamSeat.join(store, code)
        policy = resolve_policy("expert")
        assert policy is not None
        seat.commit(policy.plan(seat.game.observe(feed=False)))


# --- the lobby and creating a workshop -----------------------------------------------------


def test_showing_the_app_creates_no_store(app: FacilitatorApp, path: Path) -> None:
    assert app.screen == "lobby"
    assert not path.exists()
    assert app.open_form is not None and app.open_form.open_button.disabled


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"name": "  "}, WorkshopError("no_name")),
        ({"teams": "\n \n"}, WorkshopError("no_teams")),
        ({"teams": "Blue\nRed\nblue"}, WorkshopError("duplicate_team", name="blue")),
        ({"codes": "AB3K7Q"}, WorkshopError("bad_codes", teams=2)),
        ({"codes": "AB3K7Q\nab3-k7q"}, WorkshopError("bad_codes", teams=2)),
    ],
)
def test_bad_input_says_why_and_creates_nothing(
    app: FacilitatorApp, path: Path, values: dict[str, object], error: WorkshopError
) -> None:
    fill(app, **values)  # type: ignore[arg-type]
    form = app.create_form
    assert form is not None
    form.create_button.click()
    assert app.screen == "lobby"
    assert form.messages.kind == "error"
    assert error.message("en") in form.messages.text
    with Store(path) as store:
        assert list_workshops(store) == []


def test_a_missing_scenario_file_says_so(app: FacilitatorApp, path: Path) -> None:
    form = app.create_form
    assert form is not None
    form.scenario.value = "__other__"
    form.other_path.value = str(path.parent / "nowhere.yaml")
    fill(app)
    form.create_button.click()
    assert app.screen == "lobby" and form.messages.kind == "error"
    assert "nowhere.yaml" in form.messages.text


def test_a_good_workshop_is_created_and_its_codes_shown(app: FacilitatorApp, path: Path) -> None:
    trainer = create(app, name="Shanghai 11-25", teams="Blue\n  Red  \n\nGreen", seed=7, minutes=20)
    with Store(path) as store:
        (info,) = list_workshops(store)
        teams = Facilitator.open(store, info.id, trainer.trainer_code).teams()
    assert (info.name, info.seed, info.round_minutes, info.self_paced) == (
        "Shanghai 11-25",
        7,
        20,
        False,
    )
    assert [t.name for t in teams] == ["Blue", "Red", "Green"]
    # right after creation the trainer code shows alone; the join codes are a separate view
    assert app.codes is not None and app.codes.trainer_shown and not app.codes.shown
    assert trainer.trainer_code in app.codes.trainer.value
    app.codes.toggle.value = True  # to project: the trainer code goes first
    assert app.codes.shown and not app.codes.trainer_shown
    assert app.codes.trainer.layout.display == "none"
    table = app.codes.table.value
    for team in teams:
        assert re.search(rf"<td>{team.name}</td><td class=\"st-code\">{team.join_code}</td>", table)
    assert trainer.trainer_code not in table  # the projected table never shows it
    assert "created" in app.messages.text


def test_join_codes_typed_by_the_trainer_are_used(app: FacilitatorApp) -> None:
    trainer = create(app, codes="blu-222\nRED333", pacing=True)
    assert [t.join_code for t in trainer.teams()] == ["BLU222", "RED333"]
    assert trainer.info.self_paced


def test_team_names_are_escaped_everywhere(app: FacilitatorApp) -> None:
    create(app, teams=f"{XSS}\nRed")
    assert app.codes is not None and app.board is not None
    for html in (app.codes.table.value, app.board.table.value):
        assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


# --- pacing -----------------------------------------------------------------------------


def test_pacing_buttons_change_the_workshop(app: FacilitatorApp, path: Path) -> None:
    trainer = create(app)
    controls = app.controls
    assert controls is not None
    with Store(path) as store:
        other = Facilitator.open(store, trainer.workshop_id, trainer.trainer_code)
        assert other.info.released_round == 1 and controls.resume_button.disabled
        controls.release_button.click()
        assert other.info.released_round == 2
        assert "Week 1 is released" in controls.status.value
        assert "released up to week 1" in app.header.value
        controls.pause_button.click()
        assert other.info.state == "paused" and "Paused" in controls.status.value
        assert controls.pause_button.disabled and not controls.resume_button.disabled
        controls.resume_button.click()
        assert other.info.state == "running"
        controls.debrief_button.click()
        assert other.info.debrief_open and controls.debrief_button.description.startswith("Close")
        controls.end_button.click()  # the first press only asks
        assert other.info.state == "running" and "Press the button again" in controls.status.value
        controls.end_button.click()
        assert other.info.state == "ended" and other.info.ended_at is not None
        assert "ended" in controls.status.value and "ended" in app.header.value
        assert all(
            b.disabled
            for b in (
                controls.release_button,
                controls.release_all_button,
                controls.pause_button,
                controls.resume_button,
                controls.end_button,
            )
        )
        controls.debrief_button.click()  # the debrief can still be closed after the end
        assert not other.info.debrief_open


def test_another_action_cancels_a_pending_end(app: FacilitatorApp) -> None:
    trainer = create(app)
    controls = app.controls
    assert controls is not None
    controls.end_button.click()
    controls.pause_button.click()
    controls.end_button.click()  # asks again instead of ending
    assert trainer.info.state == "paused"


def test_release_all_makes_the_workshop_self_paced(app: FacilitatorApp) -> None:
    trainer = create(app)
    assert app.controls is not None
    app.controls.release_all_button.click()
    assert trainer.info.self_paced
    assert app.controls.release_button.disabled and app.controls.release_all_button.disabled
    assert "self-paced" in app.header.value


# --- opening a workshop --------------------------------------------------------------------


def test_a_wrong_trainer_code_is_refused_with_a_message(path: Path) -> None:
    ids = make_sample(path)
    app = facilitator_app(path, "en")
    try:
        form = app.open_form
        assert form is not None
        assert form.workshop.value == ids[-1]  # newest first
        form.code.value = "WRONG2"
        form.open_button.click()
        assert app.screen == "lobby"
        assert AccessError("wrong_trainer_code").message("en") in form.messages.text
        form.code.value = "sample"  # codes are read as people type them
        form.open_button.click()
        assert app.screen == "workshop" and app.trainer is not None
        assert app.trainer.workshop_id == ids[-1]
        assert app.codes is not None and not app.codes.shown  # not projected on reopening
    finally:
        app.close()


def test_the_board_shows_a_round_after_a_team_commits(app: FacilitatorApp, path: Path) -> None:
    trainer = create(app)
    blue = trainer.teams()[0]
    assert board_row(app, "Blue")[1:4] == ["no", "0", "0"]
    play_round(path, blue.join_code)
    assert board_row(app, "Blue")[2] == "0"  # nothing changes until a refresh
    assert app.board is not None
    app.board.refresh_button.click()
    cells = board_row(app, "Blue")
    assert cells[1:4] == ["yes", "1", "1"]
    assert cells[7].endswith("%") and cells[8] == "just now" and cells[10] == "playing"
    assert board_row(app, "Red")[1:4] == ["no", "0", "0"]
    assert "2 teams · 1 joined · 0 finished · 0 late" in app.board.table.value


def test_a_finished_sample_board_shows_outcomes(path: Path) -> None:
    ids = make_sample(path)
    app = facilitator_app(path, "en")
    try:
        app.open_workshop(ids[2], SAMPLE_TRAINER_CODE)
        assert board_row(app, "East")[10].startswith("won (margin ")
        assert board_row(app, "West")[10] == "unfinished (workshop ended)"  # not "playing"
        assert board_row(app, "West")[2] == "6"
    finally:
        app.close()


# --- language ------------------------------------------------------------------------------


def test_switching_language_keeps_the_open_workshop(app: FacilitatorApp) -> None:
    trainer = create(app)
    assert app.controls is not None
    app.controls.pause_button.click()
    app.language.value = "zh"
    assert app.screen == "workshop" and app.trainer is trainer
    assert "实时看板" in app.board.box.children[0].value  # type: ignore[union-attr]
    assert "已暂停" in app.header.value
    assert app.codes is not None and app.codes.trainer_shown  # still showing, as before
    assert app.controls.resume_button.description == "继续"
    assert board_row(app, "Blue")[1] == "否"


def test_switching_language_keeps_what_was_typed_in_the_form(app: FacilitatorApp) -> None:
    fill(app, name="Draft", teams="One\nTwo", seed=42)
    app.language.value = "zh"
    form = app.create_form
    assert form is not None
    assert (form.name.value, form.teams.value, form.seed.value) == ("Draft", "One\nTwo", 42)
    assert form.create_button.description == "创建工作坊"


def test_the_comparison_is_rebuilt_in_the_new_language(path: Path, tmp_path: Path) -> None:
    ids = make_sample(path)
    app = facilitator_app(path, "en")
    try:
        app.open_workshop(ids[0], SAMPLE_TRAINER_CODE)
        assert app.debrief is not None
        app.debrief.compare_button.click()
        assert (
            "Leaderboard" in app.debrief.view.value
            and "Compared 4 teams" in app.debrief.messages.text
        )
        app.language.value = "zh"
        assert app.debrief.comparison is not None and app.debrief.comparison.lang == "zh"
        assert "排行榜" in app.debrief.view.value
        app.debrief.path.value = str(tmp_path / "out" / "comparison.html")
        app.debrief.save_button.click()
        page = (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
        assert "<script" not in page and "排行榜" in page
        assert str(tmp_path / "out" / "comparison.html") in app.debrief.messages.text
    finally:
        app.close()


# --- auto-refresh --------------------------------------------------------------------------


def refresh_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sandtable-board-refresh"]


def test_auto_refresh_runs_only_when_asked_and_stops_cleanly(path: Path) -> None:
    app = facilitator_app(path, "en", refresh_seconds=0.05)
    try:
        trainer = create(app)
        assert refresh_threads() == []  # never on by itself
        assert app.board is not None
        app.board.auto.value = True
        assert len(refresh_threads()) == 1
        play_round(path, trainer.teams()[1].join_code)
        deadline = time.monotonic() + 10
        while board_row(app, "Red")[2] != "1" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert board_row(app, "Red")[2] == "1"  # refreshed by the thread, nobody clicked
        app.language.value = "zh"  # a rebuilt screen keeps auto-refresh, with one thread
        assert app.board.auto.value and len(refresh_threads()) == 1
        app.board.auto.value = False
        assert refresh_threads() == []
        app.board.auto.value = True
    finally:
        app.close()
    assert refresh_threads() == []


def test_the_refresh_timer_stops_even_if_a_tick_fails() -> None:
    calls: list[int] = []

    def tick() -> None:
        calls.append(1)
        raise RuntimeError("store gone")

    timer = AutoRefresh(tick, 0.01)
    timer.start()
    deadline = time.monotonic() + 5
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(calls) >= 3 and timer.running
    timer.stop()
    assert not timer.running


def test_strict_mode_raises_instead_of_showing(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ids = make_sample(path)
    app = facilitator_app(path, "en", strict=True)
    try:
        with pytest.raises(AccessError):
            app.open_workshop(ids[0], "WRONG2")
        assert app.open_form is not None
        app.open_form.code.value = "WRONG2"
        app.open_form.open_button.click()  # ipywidgets logs what a click handler raises
        assert app.open_form.messages.text == ""  # nothing swallowed into a polite message
        assert "wrong trainer code" in caplog.text
    finally:
        app.close()
