"""The trainer's day (issue 15): codes kept apart, the notebook's second screen follows the
app, the board knows an ended workshop, a team can be looked at up close, and the status line
speaks the chosen language."""

from __future__ import annotations

from pathlib import Path

from sim.ui import FacilitatorApp, facilitator_app
from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample
from tests.test_facilitator_ui import create, play_round
from tests.widget_helpers import (
    facilitator_fixture,  # noqa: F401  (a fixture: ``app``)
    no_user_folders,  # noqa: F401  (a fixture: used by every test here)
    store_path_fixture,  # noqa: F401  (a fixture: ``path``)
)


def test_the_second_screen_follows_the_app_without_running_a_cell_again(
    app: FacilitatorApp,
) -> None:
    board = app.second_screen("board")
    debrief = app.second_screen("debrief")
    assert "No workshop is open yet" in board.children[1].value
    assert "run this cell again" not in board.children[1].value
    trainer = create(app)
    assert 'class="st-board-row' in board.children[1].value  # the open workshop, at once
    assert "No comparison yet" in debrief.children[1].value
    assert app.debrief is not None
    app.debrief.compare_button.click()
    assert trainer.info.name in debrief.children[1].value or "st-" in debrief.children[1].value
    app.language.value = "zh"
    assert "实时看板" in board.children[0].value


def test_the_status_line_is_said_again_in_the_new_language(app: FacilitatorApp) -> None:
    create(app, name="Shanghai")
    assert "created" in app.messages.text
    app.language.value = "zh"
    assert "已创建工作坊“Shanghai”" in app.messages.text
    assert "'" not in app.messages.text


def test_the_trainer_code_is_never_on_the_projected_view(app: FacilitatorApp) -> None:
    trainer = create(app)
    codes = app.codes
    assert codes is not None and codes.trainer_shown and not codes.shown
    codes.toggle.value = True
    assert codes.trainer.layout.display == "none" and codes.table.layout.display == ""
    assert trainer.trainer_code not in codes.table.value
    codes.trainer_toggle.value = True  # looking at it again hides the projected table
    assert codes.table.layout.display == "none"


def test_a_team_up_close_shows_its_decisions_and_chances(app: FacilitatorApp, path: Path) -> None:
    trainer = create(app)
    trainer.release_round()
    play_round(path, trainer.teams()[0].join_code)
    assert app.board is not None
    app.board.refresh()
    detail = app.board.detail
    detail.team.value = "Blue"
    html = detail.view.value
    assert 'data-team="Blue"' in html and "Week 0" in html
    assert "win chance believed" in html and "engine" in html
    assert "No warning sign." in html or "At risk:" in html


def test_an_ended_workshop_shows_unfinished_teams_as_unfinished(path: Path) -> None:
    ids = make_sample(path)
    app = facilitator_app(path, "en")
    try:
        app.open_workshop(ids[2], SAMPLE_TRAINER_CODE)
        assert app.board is not None
        assert "playing" not in app.board.table.value
        assert "unfinished (workshop ended)" in app.board.table.value
    finally:
        app.close()
